package io.strongroom.crypto.internal;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;
import org.jspecify.annotations.Nullable;


/**
 * Operators' handling of the tenant keys, reachable only from the management networks with the
 * management token (as every endpoint but health):
 * <ul>
 * <li>{@code GET /actuator/tenantkeys/{tenant}}: key ids per purpose, KEK version, re-encryption progress;</li>
 * <li>{@code POST /actuator/tenantkeys/{tenant}} with {@code {"action": "rotate"}}: a new primary key;</li>
 * <li>{@code POST /actuator/tenantkeys/{tenant}} with {@code {"action": "destroy", "confirm": "<tenant id>",
 * "reason": "..."}}: crypto-shredding, irreversible;</li>
 * <li>{@code POST /actuator/tenantkeys/kek} with {@code {"action": "rotate"}}: a new KEK version.</li>
 * </ul>
 */
@Component
@Endpoint(id = "tenantkeys")
class TenantKeysEndpoint {

    private final TenantKeyService keys;

    TenantKeysEndpoint(TenantKeyService keys) {
        this.keys = keys;
    }

    @ReadOperation
    Object state(@Selector String tenant) {
        return keys.state(tenantId(tenant));
    }

    @WriteOperation
    Object change(@Selector String tenant, String action, @Nullable String confirm, @Nullable String reason) {
        if ("kek".equals(tenant)) {
            if (!"rotate".equals(action)) {
                throw new InvalidEndpointRequestException("The key-encryption key knows one action: rotate", "unknown action");
            }
            return Map.of("key_encryption_key", keys.rotateKeyEncryptionKey());
        }
        UUID id = tenantId(tenant);
        return switch (action == null ? "" : action) {
            case "rotate" -> keys.rotate(id);
            case "destroy" -> {
                if (!tenant.equals(confirm) || reason == null || reason.isBlank()) {
                    throw new InvalidEndpointRequestException("Destroying keys needs confirm (the tenant id again) and a reason",
                            "unconfirmed");
                }
                yield keys.shred(id, reason.strip());
            }
            default -> throw new InvalidEndpointRequestException("Unknown action; use rotate or destroy", "unknown action");
        };
    }

    /** The id of a workspace of the catalog; a typo must not create keys for a workspace that does not exist. */
    private UUID tenantId(String tenant) {
        UUID id;
        try {
            id = UUID.fromString(tenant);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("Not a tenant id", "not a tenant id");
        }
        if (!keys.exists(id)) {
            throw new InvalidEndpointRequestException("No workspace has this id", "unknown tenant");
        }
        return id;
    }
}
