package io.strongroom.tenancy;

import java.util.UUID;

/** Published inside the signup transaction after the tenant and its owner exist. */
public record TenantSignedUp(UUID tenantId, String workspace, String region, UUID ownerUserId, String ownerEmail) {
}
