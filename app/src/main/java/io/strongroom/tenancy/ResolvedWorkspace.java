package io.strongroom.tenancy;

import java.util.UUID;

/**
 * What sign-in needs to know about a workspace named by a caller before any tenant is bound.
 *
 * @param status {@code active}, {@code suspended} (read-only: its people still sign in, read and
 *        export), {@code closed} or {@code deleted}
 */
public record ResolvedWorkspace(UUID tenantId, String status, String region) {

    /** Whether its people may sign in (and recover their password): active or read-only. */
    public boolean isActive() {
        return "active".equals(status) || "suspended".equals(status);
    }
}
