package io.strongroom.audit;

/**
 * Records audit entries in the bound tenant's trail, inside the current transaction (a change and
 * its record commit together, or neither does). Called outside a transaction — for a refused or
 * failed attempt — it records in a transaction of its own.
 */
public interface AuditLog {

    void record(AuditEntry entry);
}
