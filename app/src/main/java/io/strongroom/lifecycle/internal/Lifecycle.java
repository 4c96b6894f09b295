package io.strongroom.lifecycle.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.WorkspaceSessions;
import io.strongroom.lifecycle.internal.AccountState.Access;
import io.strongroom.lifecycle.internal.Schedule.Step;
import io.strongroom.lifecycle.internal.Schedule.StepKind;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.FieldChange;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/**
 * Moves workspaces through their account states: by an operator or the billing system
 * ({@link #act}), and by the retention schedule on the application clock ({@link #sweep}). Every
 * change is written to the workspace's audit trail in the transaction that makes it; the Owners are
 * e-mailed before each step and when it happens. A legal hold stops every deletion, nothing else.
 */
final class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    private static final Set<AccountState> ALIVE = EnumSet.complementOf(EnumSet.of(AccountState.DELETING,
            AccountState.DELETED));

    /** What an operator or the billing system may ask, and from which states. */
    enum Action {
        END_TRIAL(EnumSet.of(AccountState.TRIAL)),
        ACTIVATE(ALIVE),
        FREE(ALIVE),
        PAYMENT_FAILED(EnumSet.of(AccountState.ACTIVE)),
        SUSPEND(EnumSet.complementOf(EnumSet.of(AccountState.SUSPENDED, AccountState.CLOSED, AccountState.DELETING,
                AccountState.DELETED))),
        CLOSE(EnumSet.complementOf(EnumSet.of(AccountState.CLOSED, AccountState.DELETING, AccountState.DELETED))),
        CANCEL(EnumSet.of(AccountState.ACTIVE, AccountState.PAYMENT_FAILED, AccountState.SUSPENDED)),
        UNSUBSCRIBE(EnumSet.of(AccountState.TRIAL, AccountState.ACTIVE, AccountState.FREE, AccountState.PAYMENT_FAILED,
                AccountState.SUSPENDED, AccountState.CANCELLED)),
        RESUBSCRIBE(EnumSet.of(AccountState.UNSUBSCRIBED, AccountState.CANCELLED)),
        LICENCE_EXPIRED(EnumSet.complementOf(EnumSet.of(AccountState.LICENCE_EXPIRED, AccountState.DELETING,
                AccountState.DELETED))),
        REQUEST_DELETION(ALIVE),
        HOLD(ALIVE),
        RELEASE(ALIVE),
        SWEEP(EnumSet.allOf(AccountState.class));

        final Set<AccountState> from;

        Action(Set<AccountState> from) {
            this.from = from;
        }

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Action parse(String key) {
            for (Action action : values()) {
                if (action.key().equals(key)) {
                    return action;
                }
            }
            return null;
        }
    }

    /** A workspace's account and the steps ahead of it. */
    record View(Account account, List<Step> upcoming) {
    }

    private final LifecycleRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final LifecycleProperties properties;
    private final LifecycleNotices notices;
    private final AuditLog audit;
    private final WorkspaceSessions sessions;
    private final WorkspaceDeletion deletion;

    Lifecycle(LifecycleRepository repository, TransactionTemplate transactions, Clock clock,
            LifecycleProperties properties, LifecycleNotices notices, AuditLog audit, WorkspaceSessions sessions,
            WorkspaceDeletion deletion) {
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
        this.properties = properties;
        this.notices = notices;
        this.audit = audit;
        this.sessions = sessions;
        this.deletion = deletion;
    }

    View view(UUID tenant) {
        return TenantContext.callAs(tenant, () -> transactions.execute(tx -> view(repository.current()
                .orElseThrow(() -> ApiProblem.notFound("The workspace")))));
    }

    private View view(Account account) {
        return new View(account, Schedule.upcoming(account, properties.periodsOf(account.plan())));
    }

    /** A new workspace starts in the configured state (a trial ends {@code trialLength} later). */
    void signedUp() {
        Account account = repository.lockCurrent().orElseThrow();
        Instant now = now();
        AccountState initial = AccountState.parse(properties.initialState()).orElseThrow();
        Account started = account.moved(initial, Access.ACTIVE, now).withTrialEnd(
                initial == AccountState.TRIAL ? now.plus(properties.trialLength()) : null);
        repository.save(started);
        repository.touch(now);
    }

    /**
     * Applies {@code action} to the workspace {@code tenant}; {@code reason} is recorded (required for
     * a hold and its release), {@code confirm} must repeat the workspace id to request its deletion.
     * An action that does not apply in the current state is a 409 and changes nothing.
     */
    View act(UUID tenant, Action action, String reason, String confirm) {
        if ((action == Action.HOLD || action == Action.RELEASE) && (reason == null || reason.isBlank())) {
            throw ApiProblem.validation("reason", "is required");
        }
        if (reason != null && reason.strip().length() > 500) {
            throw ApiProblem.validation("reason", "must be at most 500 characters");
        }
        if (action == Action.REQUEST_DELETION && !tenant.toString().equals(confirm)) {
            throw ApiProblem.validation("confirm", "must repeat the workspace id");
        }
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (action == Action.SWEEP) {
            view(tenant); // 404 for a workspace that does not exist
            sweep(tenant);
            return view(tenant);
        }
        View after = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
            Account account = repository.lockCurrent().orElseThrow(() -> ApiProblem.notFound("The workspace"));
            if (!action.from.contains(account.state())) {
                throw new ApiProblem(ProblemType.CONFLICT, "The workspace is " + account.state().key() + "; "
                        + action.key() + " does not apply to it.");
            }
            Instant now = now();
            Account next = switch (action) {
                case END_TRIAL -> account.withTrialEnd(account.trialEndsAt() == null || account.trialEndsAt().isAfter(now)
                        ? now : account.trialEndsAt());
                case ACTIVATE, RESUBSCRIBE -> account.moved(AccountState.ACTIVE, Access.ACTIVE, now);
                case FREE -> account.moved(AccountState.FREE, Access.ACTIVE, now);
                case PAYMENT_FAILED -> account.moved(AccountState.PAYMENT_FAILED, Access.ACTIVE, now).withPaymentFailed(now);
                case SUSPEND -> account.moved(AccountState.SUSPENDED, Access.SUSPENDED, now);
                case CLOSE -> account.moved(AccountState.CLOSED, Access.CLOSED, now);
                case CANCEL -> account.moved(AccountState.CANCELLED, Access.SUSPENDED, now);
                case UNSUBSCRIBE -> account.moved(AccountState.UNSUBSCRIBED, Access.SUSPENDED, now);
                case LICENCE_EXPIRED -> account.moved(AccountState.LICENCE_EXPIRED, Access.SUSPENDED, now);
                case REQUEST_DELETION -> {
                    if (account.onLegalHold()) {
                        throw new ApiProblem(ProblemType.CONFLICT,
                                "The workspace is under a legal hold; nothing of it is deleted until the hold is lifted.");
                    }
                    yield account.withDeletionRequested(now);
                }
                case HOLD -> {
                    if (account.onLegalHold()) {
                        throw new ApiProblem(ProblemType.CONFLICT, "The workspace is already under a legal hold.");
                    }
                    yield account.withLegalHold(why, now);
                }
                case RELEASE -> {
                    if (!account.onLegalHold()) {
                        throw new ApiProblem(ProblemType.CONFLICT, "The workspace is not under a legal hold.");
                    }
                    yield account.withLegalHold(null, null);
                }
                case SWEEP -> account;
            };
            repository.save(next);
            record(account, next, action.key(), why, "operator");
            if (next.access() == Access.CLOSED && account.access() != Access.CLOSED) {
                sessions.endAll("workspace closed");
            }
            announce(account, next);
            return view(next);
        }));
        log.info("Workspace {}: {} by an operator, now {} ({})", tenant, action.key(), after.account().state().key(),
                after.account().access().key());
        if (action == Action.END_TRIAL) {
            sweep(tenant); // the trial's end takes effect now, not at the next hourly sweep
            return view(tenant);
        }
        return after;
    }

    /** Runs the schedule of every workspace. */
    void sweepAll() {
        UUID after = null;
        List<UUID> page;
        do {
            UUID from = after;
            page = transactions.execute(tx -> repository.tenants(from, 200));
            for (UUID tenant : page) {
                try {
                    sweep(tenant);
                } catch (RuntimeException e) {
                    log.error("The retention schedule of workspace {} failed; it runs again at the next sweep", tenant, e);
                }
                after = tenant;
            }
        } while (page.size() == 200);
    }

    /**
     * Applies the steps of {@code tenant}'s schedule that are due, mails the notices that are due,
     * and carries out (or resumes) a deletion. Safe to run any number of times, on any node.
     */
    void sweep(UUID tenant) {
        boolean delete = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
            Account account = repository.lockCurrent().orElseThrow();
            if (account.state() == AccountState.DELETED) {
                return false;
            }
            Instant now = now();
            for (int applied = 0; applied < 4 && account.state() != AccountState.DELETING; applied++) {
                Step due = view(account).upcoming().stream().filter(s -> !s.due().isAfter(now)).findFirst().orElse(null);
                if (due == null || (due.kind() == StepKind.DELETE && account.onLegalHold())) {
                    break;
                }
                Account next = switch (due.kind()) {
                    case RESTRICT -> account.withAccess(Access.SUSPENDED);
                    case SUSPEND -> account.moved(AccountState.SUSPENDED, Access.SUSPENDED, now);
                    case CLOSE -> account.moved(AccountState.CLOSED, Access.CLOSED, now);
                    case DELETE -> account.deleting(now);
                };
                repository.save(next);
                record(account, next, "schedule." + due.kind().key(), null, "schedule");
                if (next.access() == Access.CLOSED && account.access() != Access.CLOSED) {
                    sessions.endAll(next.state() == AccountState.DELETING ? "workspace deleted" : "workspace closed");
                }
                announce(account, next);
                account = next;
            }
            if (account.state() == AccountState.DELETING) {
                return true;
            }
            for (Step step : view(account).upcoming()) {
                int lead = Schedule.noticeDue(now, step.due(), properties.noticeDays());
                if (lead > 0 && !(step.kind() == StepKind.DELETE && account.onLegalHold())
                        && repository.noticeSent(step.kind().key(), step.due(), lead, now)) {
                    notices.before(step, account);
                }
            }
            return false;
        }));
        if (delete) {
            deletion.delete(tenant);
        }
    }

    /** A sign-in: a free workspace's inactivity period starts again. */
    void used(UUID tenant) {
        TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> repository.touch(now())));
    }

    /** The application clock at the catalog's precision (milliseconds), so what is answered is what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /** Mails the Owners when the workspace's access changes. */
    private void announce(Account before, Account after) {
        if (after.access() != before.access() && after.state() != AccountState.DELETING) {
            notices.changed(after);
        }
    }

    private void record(Account before, Account after, String cause, String reason, String by) {
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        change(diff, "account_state", before.state().key(), after.state().key());
        change(diff, "access", before.access().key(), after.access().key());
        change(diff, "trial_ends_at", before.trialEndsAt(), after.trialEndsAt());
        change(diff, "deletion_requested_at", before.deletionRequestedAt(), after.deletionRequestedAt());
        change(diff, "legal_hold", before.onLegalHold(), after.onLegalHold());
        String action = before.onLegalHold() != after.onLegalHold()
                ? (after.onLegalHold() ? "workspace.legal_hold.placed" : "workspace.legal_hold.lifted")
                : "workspace.state.changed";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("cause", cause);
        details.put("by", by);
        if (reason != null) {
            details.put("reason", reason);
        }
        audit.record(AuditEntry.of(action, "tenant", after.id()).diff(diff).details(details));
    }

    private static void change(Map<String, FieldChange> diff, String field, Object before, Object after) {
        if (!java.util.Objects.equals(before, after)) {
            diff.put(field, new FieldChange(before == null ? null : before.toString(),
                    after == null ? null : after.toString()));
        }
    }
}
