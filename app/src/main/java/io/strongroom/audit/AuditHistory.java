package io.strongroom.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The changes the bound tenant's audit trail records, for putting them back after its data was
 * restored from a backup (B6 repair): every successful record with a diff, oldest first, personal
 * values in clear. For the application only: never shown to a caller.
 */
public interface AuditHistory {

    /** The successful records with a diff from {@code from} on, in the trail's order. */
    List<Change> changesSince(Instant from);

    /**
     * @param diff {@code field -> {"from": ..., "to": ...}} as recorded
     * @param personalDiff the same for personal fields (decrypted)
     * @param erased personal values of the change were erased from the trail: it cannot be applied whole
     */
    record Change(long seq, Instant at, String action, String targetType, String targetId,
            Map<String, Map<String, Object>> diff, Map<String, Map<String, Object>> personalDiff, boolean erased) {

        /** Every field's change, personal ones included. */
        public Map<String, Map<String, Object>> allFields() {
            Map<String, Map<String, Object>> all = new java.util.LinkedHashMap<>(diff);
            all.putAll(personalDiff);
            return all;
        }
    }
}
