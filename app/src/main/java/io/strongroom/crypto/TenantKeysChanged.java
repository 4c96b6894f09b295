package io.strongroom.crypto;

import java.util.Map;
import java.util.UUID;

/**
 * A change to a tenant's keys: {@code action} is {@code keys.rotated}, {@code keys.rewrapped},
 * {@code keys.reencrypted} or {@code keys.destroyed}; {@code details} hold key ids and counts,
 * never key material. Published inside the transaction of the change.
 */
public record TenantKeysChanged(UUID tenantId, String action, Map<String, Object> details) {
}
