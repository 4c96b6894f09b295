package io.strongroom.tenancy;

import java.util.UUID;

/** What sign-in needs to know about a workspace named by a caller before any tenant is bound. */
public record ResolvedWorkspace(UUID tenantId, String status, String region) {

    public boolean isActive() {
        return "active".equals(status);
    }
}
