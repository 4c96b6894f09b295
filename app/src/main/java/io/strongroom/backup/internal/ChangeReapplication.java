package io.strongroom.backup.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditHistory;
import io.strongroom.audit.AuditLog;
import io.strongroom.platform.ChangeReplayer;

/**
 * After a workspace was restored from a backup to repair damage (B6), puts back the changes made
 * since that backup, from the audit trail (which records every field change): each recorded change
 * goes to the module that owns its data ({@link ChangeReplayer}) in a savepoint of one transaction,
 * oldest first. What no module re-applies, or what conflicts, is reported with its sequence number,
 * action, target and reason; the whole is recorded in the trail ({@code backup.changes_reapplied}).
 */
final class ChangeReapplication {

    private final AuditHistory history;
    private final List<ChangeReplayer> replayers;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private final AuditLog audit;

    ChangeReapplication(AuditHistory history, List<ChangeReplayer> replayers, TransactionTemplate transaction,
            TransactionTemplate savepoint, AuditLog audit) {
        this.history = history;
        this.replayers = List.copyOf(replayers);
        this.transaction = transaction;
        this.savepoint = savepoint;
        this.audit = audit;
    }

    /** A change that was not put back, and why. */
    record NotReapplied(long seq, String action, String target, String reason) {
    }

    record Report(int changes, int applied, int alreadyApplied, List<NotReapplied> notReapplied) {
    }

    /** Re-applies the bound tenant's changes recorded from {@code from} on, after its restore from {@code backup}. */
    Report reapplySince(Instant from, UUID backup) {
        return transaction.execute(tx -> {
            int changes = 0;
            int applied = 0;
            int already = 0;
            List<NotReapplied> refused = new ArrayList<>();
            for (ChangeReplayer.Change change : history.changesSince(from)) {
                if (change.action().startsWith("backup.")) {
                    continue; // the backups and restores themselves
                }
                String target = change.targetType() + " " + change.targetId();
                Optional<ChangeReplayer> replayer = replayers.stream().filter(r -> r.handles(change.action())).findFirst();
                if (replayer.isEmpty() && change.allFields().isEmpty() && !change.erased()) {
                    continue; // changed no recorded value (a sign-in, a read, an export): nothing to put back
                }
                changes++;
                if (change.erased()) {
                    refused.add(new NotReapplied(change.seq(), change.action(), target,
                            "its personal values were erased from the audit trail"));
                    continue;
                }
                if (replayer.isEmpty()) {
                    refused.add(new NotReapplied(change.seq(), change.action(), target,
                            "no module re-applies " + change.action()));
                    continue;
                }
                ChangeReplayer.Result result;
                try {
                    result = savepoint.execute(s -> replayer.get().replay(change));
                } catch (RuntimeException e) {
                    result = ChangeReplayer.Result.conflict("the database refused it");
                }
                switch (result.outcome()) {
                    case APPLIED -> applied++;
                    case ALREADY_APPLIED -> already++;
                    case CONFLICT -> refused.add(new NotReapplied(change.seq(), change.action(), target, result.reason()));
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("since", from.toString());
            details.put("changes", changes);
            details.put("applied", applied);
            details.put("already_applied", already);
            details.put("not_reapplied", refused.stream().map(n -> Map.of("seq", n.seq(), "action", n.action(),
                    "reason", n.reason())).toList());
            audit.record(AuditEntry.of("backup.changes_reapplied", "backup", backup).details(details));
            return new Report(changes, applied, already, List.copyOf(refused));
        });
    }
}
