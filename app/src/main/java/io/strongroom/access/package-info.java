/**
 * Access control: permissions, roles, enforcement and personal-data masking.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
package io.strongroom.access;
