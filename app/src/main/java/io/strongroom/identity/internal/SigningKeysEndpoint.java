package io.strongroom.identity.internal;

import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * Operators' view of the token signing keys ({@code GET /actuator/signingkeys}) and on-demand
 * rotation ({@code POST /actuator/signingkeys}), reachable only from the management networks.
 */
@Component
@Endpoint(id = "signingkeys")
class SigningKeysEndpoint {

    private final SigningKeys keys;

    SigningKeysEndpoint(SigningKeys keys) {
        this.keys = keys;
    }

    @ReadOperation
    Map<String, List<SigningKeys.KeyInfo>> keys() {
        return Map.of("keys", keys.describe());
    }

    @WriteOperation
    Map<String, String> rotate() {
        return Map.of("kid", keys.rotate("on_demand"));
    }
}
