/**
 * Audit: the append-only, tamper-evident trail of every change and security event (L1, L3).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Audit")
package io.strongroom.audit;
