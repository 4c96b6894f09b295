/**
 * Privacy (GDPR): the record of processing (G4), generated from the tenant-data registry and the
 * configuration so it is always what the code does.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Privacy")
package io.strongroom.privacy;
