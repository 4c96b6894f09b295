package io.strongroom.tenancy;

import java.util.Optional;

/** Reads the tenant catalog. */
public interface TenantDirectory {

    /** Resolves a workspace slug without a bound tenant (through a narrow database function). */
    Optional<ResolvedWorkspace> resolve(String workspace);

    /** The catalog row of the tenant bound to the current transaction. */
    Optional<Tenant> current();
}
