package io.strongroom.lifecycle.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.strongroom.lifecycle.internal.AccountState.Access;

/**
 * The retention schedule (D3) as a pure function: given a workspace's account and its plan's
 * periods, the steps still ahead of it, in order. The sweep applies those that are due and mails the
 * Owners before the others; a legal hold stops only the deletion.
 */
final class Schedule {

    /** What happens to a workspace at a step. */
    enum StepKind {
        /** A trial ended: read-only (its data can still be exported). */
        RESTRICT,
        /** Read-only after a payment failed. */
        SUSPEND,
        /** Nobody signs in any more. */
        CLOSE,
        /** Everything is deleted. */
        DELETE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Step(StepKind kind, Instant due) {
    }

    private Schedule() {
    }

    static List<Step> upcoming(Account account, LifecycleProperties.Periods periods) {
        List<Step> steps = new ArrayList<>();
        Instant deletion = switch (account.state()) {
            case TRIAL -> {
                if (account.trialEndsAt() == null) {
                    yield null;
                }
                if (account.access() == Access.ACTIVE) {
                    steps.add(new Step(StepKind.RESTRICT, account.trialEndsAt()));
                }
                yield account.trialEndsAt().plus(periods.trialDeletion());
            }
            case ACTIVE -> null;
            case FREE -> latest(account.lastActiveAt(), account.stateSince()).plus(periods.freeInactiveDeletion());
            case PAYMENT_FAILED, SUSPENDED -> {
                if (account.paymentFailedAt() == null) {
                    yield null; // suspended by an operator: it stays so until they decide
                }
                if (account.state() == AccountState.PAYMENT_FAILED) {
                    steps.add(new Step(StepKind.SUSPEND, account.paymentFailedAt().plus(periods.paymentFailedSuspension())));
                }
                Instant closure = account.paymentFailedAt().plus(periods.paymentFailedClosure());
                steps.add(new Step(StepKind.CLOSE, closure));
                yield closure.plus(periods.closedDeletion());
            }
            case CLOSED -> account.closedAt().plus(periods.closedDeletion());
            case CANCELLED -> account.stateSince().plus(periods.cancelledDeletion());
            case UNSUBSCRIBED -> account.stateSince().plus(periods.unsubscribedDeletion());
            case LICENCE_EXPIRED -> account.stateSince().plus(periods.licenceExpiredDeletion());
            case DELETING -> account.stateSince();
            case DELETED -> null;
        };
        if (account.deletionRequestedAt() != null && !account.state().ending()
                && (deletion == null || account.deletionRequestedAt().isBefore(deletion))) {
            deletion = account.deletionRequestedAt();
        }
        if (deletion != null) {
            Instant at = deletion;
            steps.removeIf(s -> !s.due().isBefore(at)); // a requested deletion comes before the rest
            steps.add(new Step(StepKind.DELETE, at));
        }
        return List.copyOf(steps);
    }

    /**
     * The lead time (in days) whose notice is due now for a step due at {@code due}: the smallest of
     * {@code noticeDays} that has begun, or -1 when none has (or the step is already due).
     */
    static int noticeDue(Instant now, Instant due, List<Integer> noticeDays) {
        if (!now.isBefore(due)) {
            return -1;
        }
        return noticeDays.stream().filter(days -> !now.isBefore(due.minus(Duration.ofDays(days))))
                .mapToInt(Integer::intValue).min().orElse(-1);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
