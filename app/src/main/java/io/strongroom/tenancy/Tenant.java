package io.strongroom.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A company workspace as recorded in the tenant catalog. */
public record Tenant(UUID id, String workspace, String companyName, String region, String plan, String status,
        Instant createdAt) {
}
