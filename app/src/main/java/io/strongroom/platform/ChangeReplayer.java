package io.strongroom.platform;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A module that can apply again the changes its audit records describe (after a restore from a
 * backup, B6). Declared as a bean by the module that owns the data; it works on the bound tenant,
 * in the caller's transaction, and applies a change only onto the state it was made from. The
 * changes come from the audit trail ({@code audit.AuditHistory}); this contract lives in the
 * platform so that every module, the audit module's own dependencies included, can implement it.
 */
public interface ChangeReplayer {

    /** Whether this module re-applies records of {@code action}. */
    boolean handles(String action);

    /** Applies the change again; answers what happened. */
    Result replay(Change change);

    /** @param reason why it was not applied (null when it was) */
    record Result(Outcome outcome, String reason) {

        public static Result applied() {
            return new Result(Outcome.APPLIED, null);
        }

        public static Result alreadyApplied() {
            return new Result(Outcome.ALREADY_APPLIED, null);
        }

        public static Result conflict(String reason) {
            return new Result(Outcome.CONFLICT, reason);
        }
    }

    enum Outcome {
        /** Applied now. */
        APPLIED,
        /** The data already is as the change left it (the backup already held it). */
        ALREADY_APPLIED,
        /** The data is not what the change was made from: not applied. */
        CONFLICT
    }

    /**
     * A change as the audit trail recorded it.
     *
     * @param diff {@code field -> {"from": ..., "to": ...}} as recorded
     * @param personalDiff the same for personal fields (decrypted)
     * @param erased personal values of the change were erased from the trail: it cannot be applied whole
     */
    record Change(long seq, Instant at, String action, String targetType, String targetId,
            Map<String, Map<String, Object>> diff, Map<String, Map<String, Object>> personalDiff, boolean erased) {

        /**
         * The first recorded field whose value in {@code current} is not the recorded {@code side}
         * ({@code "from"} or {@code "to"}), or null when every one holds it: values compare by text, lists
         * and sets as sets of texts; a field {@code current} does not know differs.
         */
        public String firstDiffering(Map<String, ?> current, String side) {
            for (Map.Entry<String, Map<String, Object>> field : allFields().entrySet()) {
                if (!current.containsKey(field.getKey())
                        || !java.util.Objects.equals(comparable(current.get(field.getKey())),
                                comparable(field.getValue().get(side)))) {
                    return field.getKey();
                }
            }
            return null;
        }

        /** The recorded {@code side} of {@code field} as text (null when absent or null). */
        public String text(String field, String side) {
            Map<String, Object> change = allFields().get(field);
            Object value = change == null ? null : change.get(side);
            return value == null ? null : value.toString();
        }

        /** The recorded {@code side} of {@code field} as a list of texts (empty when absent). */
        public List<String> texts(String field, String side) {
            Map<String, Object> change = allFields().get(field);
            Object value = change == null ? null : change.get(side);
            return value instanceof java.util.Collection<?> values ? values.stream().map(String::valueOf).toList()
                    : value == null ? List.of() : List.of(value.toString());
        }

        private static Object comparable(Object value) {
            if (value instanceof java.util.Collection<?> values) {
                return new java.util.TreeSet<>(values.stream().map(String::valueOf).toList());
            }
            return value == null ? null : value.toString();
        }

        /** Every field's change, personal ones included. */
        public Map<String, Map<String, Object>> allFields() {
            Map<String, Map<String, Object>> all = new java.util.LinkedHashMap<>(diff);
            all.putAll(personalDiff);
            return all;
        }
    }
}
