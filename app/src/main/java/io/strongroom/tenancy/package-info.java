/**
 * Tenancy: the tenant catalog, workspace resolution and company signup.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tenancy")
package io.strongroom.tenancy;
