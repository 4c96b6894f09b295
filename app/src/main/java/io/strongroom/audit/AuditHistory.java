package io.strongroom.audit;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.strongroom.platform.ChangeReplayer;

/**
 * The changes the bound tenant's audit trail records, for putting them back after its data was
 * restored from a backup (B6 repair): every successful record, oldest first, personal
 * values in clear. For the application only: never shown to a caller.
 */
public interface AuditHistory {

    /**
     * The successful records from {@code from} on, in the trail's order, with their diffs (empty for
     * records of events that change no recorded value, such as a sign-in, or whose values the trail
     * does not keep, such as a new password).
     */
    List<ChangeReplayer.Change> changesSince(Instant from);

    /**
     * What the trail holds about a data subject (GDPR Art. 15), newest first, at most {@code limit}
     * records: the records whose target is one of {@code targets} (target type to ids), with the
     * changed values in clear, personal ones too, but without who did it or from where (the staff's
     * own data; the subject learns when and what, CJEU C-579/21); and the records of what the
     * subject did themselves (actor one of {@code actors}), with their own address and browser but
     * without the personal values of anyone they changed.
     */
    List<Map<String, Object>> about(Map<String, ? extends Collection<String>> targets, Collection<UUID> actors, int limit);
}
