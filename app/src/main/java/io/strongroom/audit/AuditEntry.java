package io.strongroom.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.strongroom.platform.FieldChange;

/**
 * One thing to record. Build it with {@link #of}, add the diff, and hand it to {@link AuditLog}.
 *
 * @param action {@code object.verb}, e.g. {@code employee.updated}
 * @param targetType the kind of thing acted on, e.g. {@code employee}
 * @param targetId its id
 * @param outcome success, denied or failed
 * @param reason why it was denied or failed (never a secret)
 * @param diff non-personal changes, {@code field -> {from, to}}; never secrets
 * @param personalDiff changes of personal-data fields; stored apart so erasure can remove them
 * @param details other facts (e.g. a session id); never secrets
 * @param actorUserId who acted, when it is not the signed-in caller (e.g. a user signing in); may be null
 * @param request the request facts, when they are not the current request's (events from elsewhere); may be null
 */
public record AuditEntry(String action, String targetType, String targetId, Outcome outcome, String reason,
        Map<String, FieldChange> diff, Map<String, FieldChange> personalDiff, Map<String, Object> details, UUID actorUserId,
        RequestFacts request) {

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        diff = Map.copyOf(diff);
        personalDiff = Map.copyOf(personalDiff);
        details = Map.copyOf(details);
    }

    public static AuditEntry of(String action, String targetType, Object targetId) {
        return new AuditEntry(action, targetType, targetId == null ? null : targetId.toString(), Outcome.SUCCESS, null,
                Map.of(), Map.of(), Map.of(), null, null);
    }

    public AuditEntry outcome(Outcome value, String why) {
        return new AuditEntry(action, targetType, targetId, value, why, diff, personalDiff, details, actorUserId, request);
    }

    public AuditEntry diff(Map<String, FieldChange> value) {
        return new AuditEntry(action, targetType, targetId, outcome, reason, value, personalDiff, details, actorUserId, request);
    }

    public AuditEntry personalDiff(Map<String, FieldChange> value) {
        return new AuditEntry(action, targetType, targetId, outcome, reason, diff, value, details, actorUserId, request);
    }

    public AuditEntry details(Map<String, Object> value) {
        Map<String, Object> copy = new LinkedHashMap<>();
        value.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return new AuditEntry(action, targetType, targetId, outcome, reason, diff, personalDiff, copy, actorUserId, request);
    }

    public AuditEntry actor(UUID userId) {
        return new AuditEntry(action, targetType, targetId, outcome, reason, diff, personalDiff, details, userId, request);
    }

    public AuditEntry request(RequestFacts value) {
        return new AuditEntry(action, targetType, targetId, outcome, reason, diff, personalDiff, details, actorUserId, value);
    }

    public enum Outcome {
        SUCCESS, DENIED, FAILED;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Client IP, user agent and request id of the request that caused the entry. */
    public record RequestFacts(String clientIp, String userAgent, String requestId) {
    }
}
