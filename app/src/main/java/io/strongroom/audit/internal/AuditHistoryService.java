package io.strongroom.audit.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.strongroom.audit.AuditHistory;
import io.strongroom.platform.ChangeReplayer.Change;

/** The recorded changes of the bound tenant, for re-applying them (see {@link AuditHistory}). */
@Service
class AuditHistoryService implements AuditHistory {

    private final AuditRepository records;

    AuditHistoryService(AuditRepository records) {
        this.records = records;
    }

    @Override
    public List<Change> changesSince(Instant from) {
        return records.successesSince(from).stream().map(AuditHistoryService::change).toList();
    }

    @Override
    public List<Map<String, Object>> about(Map<String, ? extends java.util.Collection<String>> targets,
            java.util.Collection<java.util.UUID> actors, int limit) {
        return records.about(targets, actors, limit).stream().map(r -> {
            boolean aboutThem = targets.containsKey(r.targetType()) && targets.get(r.targetType()).contains(r.targetId());
            Map<String, Object> full = AuditTrailService.view(r, aboutThem);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("occurred_at", full.get("occurred_at"));
            view.put("action", full.get("action"));
            view.put("target_type", full.get("target_type"));
            view.put("target_id", full.get("target_id"));
            view.put("outcome", full.get("outcome"));
            view.put("reason", full.get("reason"));
            view.put("diff", full.get("diff"));
            boolean theirOwn = r.actorUserId() != null && actors.contains(r.actorUserId());
            view.put("by", theirOwn ? "you" : r.actorType());
            if (aboutThem) {
                view.put("details", full.get("details"));
            }
            if (theirOwn) {
                view.put("client_ip", full.get("client_ip"));
                view.put("user_agent", full.get("user_agent"));
            }
            return view;
        }).toList();
    }

    /**
     * A record's change: its diff without the commitments that stand in it for personal values, and
     * the personal values themselves (the {@code fields} of {@code personal_diff}). Once erased, a
     * personal field's change is known only as a commitment: it is left out of both, and the change
     * says so ({@link Change#erased()}).
     */
    @SuppressWarnings("unchecked")
    private static Change change(AuditRecord r) {
        Map<String, Map<String, Object>> personal = r.personalDiff() != null
                && r.personalDiff().get("fields") instanceof Map<?, ?> values ? fields((Map<String, Object>) values)
                : Map.of();
        Map<String, Map<String, Object>> plain = new LinkedHashMap<>();
        boolean erased = false;
        for (Map.Entry<String, Map<String, Object>> field : fields(r.diff()).entrySet()) {
            if (personal.containsKey(field.getKey())) {
                continue;
            }
            if (isCommitment(field.getValue().get("from")) || isCommitment(field.getValue().get("to"))) {
                erased = true;
                continue;
            }
            plain.put(field.getKey(), field.getValue());
        }
        return new Change(r.seq(), r.occurredAt(), r.action(), r.targetType(), r.targetId(), plain, personal, erased);
    }

    private static boolean isCommitment(Object value) {
        return value instanceof String text && text.startsWith(AuditHashing.COMMITMENT_PREFIX);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> fields(Map<String, Object> diff) {
        Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
        diff.forEach((field, change) -> {
            if (change instanceof Map<?, ?> fromTo) {
                fields.put(field, (Map<String, Object>) fromTo);
            }
        });
        return fields;
    }
}
