package io.strongroom.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reading the bound tenant's trail, for callers with {@code audit:read}; personal values in diffs
 * only for callers who may also read personal data. Used by the JSON API and the pages.
 */
public interface AuditTrail {

    /**
     * Records newest first.
     *
     * @param filter actor (user id or e-mail), action ({@code prefix.*} allowed), target, outcome, RFC 3339 time range; all optional
     * @param after the {@code seq} of the last record of the previous page
     */
    Page search(Filter filter, Long after, int limit);

    Map<String, Object> get(UUID id);

    Verification verify();

    record Filter(String actor, String action, String targetType, String targetId, String outcome, String from,
            String to) {

        public static Filter none() {
            return new Filter(null, null, null, null, null, null, null);
        }
    }

    record Page(List<Map<String, Object>> items, Long nextAfter) {
    }

    /** @param ok whether the whole chain holds; the other fields name the first broken record */
    record Verification(boolean ok, long recordsChecked, Long firstBrokenSeq, String firstBrokenId, String problem) {
    }
}
