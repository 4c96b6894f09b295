package io.strongroom.backup.internal;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * The integrity check for operators (B6), reachable only from the management networks with the
 * management token: {@code GET /actuator/integrity} answers the last check's report;
 * {@code POST /actuator/integrity} with {@code {"action": "check"}} checks now, repairs what it can
 * and answers the report (the repair restores have run when it answers).
 */
@Component
@Endpoint(id = "integrity")
class IntegrityEndpoint {

    private final DataIntegrity integrity;

    IntegrityEndpoint(DataIntegrity integrity) {
        this.integrity = integrity;
    }

    @ReadOperation
    Object lastReport() {
        return integrity.lastReport().<Object>map(r -> r).orElse(Map.of("checked", false));
    }

    @WriteOperation
    Object check(String action) {
        if (!"check".equals(action)) {
            throw new InvalidEndpointRequestException("The integrity endpoint knows one action: check", "unknown action");
        }
        return integrity.checkAndRepair();
    }
}
