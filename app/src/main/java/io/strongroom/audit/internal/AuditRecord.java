package io.strongroom.audit.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A stored audit record. {@link #hashedFields()} is exactly what its hash covers. */
record AuditRecord(UUID tenantId, long seq, UUID id, Instant occurredAt, String actorType, UUID actorUserId,
        String actorEmail, String clientIp, String userAgent, String requestId, String appVersion, String appCommit,
        String action, String targetType, String targetId, String outcome, String reason, Map<String, Object> diff,
        Map<String, Object> details, Map<String, Object> personalDiff, byte[] prevHash, byte[] hash) {

    Map<String, Object> hashedFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("tenant_id", tenantId.toString());
        fields.put("seq", Long.toString(seq));
        fields.put("id", id.toString());
        fields.put("occurred_at", occurredAt.toString());
        fields.put("actor_type", actorType);
        fields.put("actor_user_id", actorUserId == null ? null : actorUserId.toString());
        fields.put("actor_email", actorEmail);
        fields.put("client_ip", clientIp);
        fields.put("user_agent", userAgent);
        fields.put("request_id", requestId);
        fields.put("app_version", appVersion);
        fields.put("app_commit", appCommit);
        fields.put("action", action);
        fields.put("target_type", targetType);
        fields.put("target_id", targetId);
        fields.put("outcome", outcome);
        fields.put("reason", reason);
        fields.put("diff", diff);
        fields.put("details", details);
        return fields;
    }
}
