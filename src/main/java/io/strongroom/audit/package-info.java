/**
 * Audit: the append-only, tamper-evident trail of every change and security event.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package io.strongroom.audit;
