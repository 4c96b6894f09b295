package io.strongroom.audit;

import java.time.Instant;
import java.util.List;

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
}
