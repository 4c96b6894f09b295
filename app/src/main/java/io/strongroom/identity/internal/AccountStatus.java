package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.AccountGuard;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.TenantContext;

/**
 * An account's state as administrators change it: unlock, disable (sessions end), enable, delete;
 * every action on an Owner's account passes the {@link AccountGuard}s.
 * <p>
 * Transactions: its own short ones, as every password path ({@link AccountPasswords}).
 */
@Service
class AccountStatus {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ObjectProvider<AccountGuard> guards;
    private final ObjectProvider<MultiFactor> multiFactor;

    AccountStatus(UserRepository users, SessionRepository sessions, IdentityEvents events, TransactionTemplate transactions,
            Clock clock, ObjectProvider<AccountGuard> guards, ObjectProvider<MultiFactor> multiFactor) {
        this.multiFactor = multiFactor;
        this.users = users;
        this.sessions = sessions;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.guards = guards;
    }

    /** Deletes a user; their sessions and tokens go with them (foreign keys cascade); in the caller's transaction. */
    void delete(UUID userId, UUID deletedBy) {
        if (userId.equals(deletedBy)) {
            throw ApiProblem.validation("user", "you cannot delete your own account");
        }
        UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
        guard(deletedBy, userId);
        guards.orderedStream().forEach(guard -> guard.checkCanRemove(userId));
        sessions.revokeAll(userId, null, "user_deleted", clock.instant()); // ends its tokens now, not by cascade
        users.delete(userId);
        events.success(Type.USER_DELETED, TenantContext.require(), userId, deletedBy, user.email(),
                Map.of("email", IdentityEvents.change(user.email(), null)));
    }

    void unlock(UUID userId, UUID administrator) {
        UUID tenant = TenantContext.require();
        transactions.executeWithoutResult(tx -> {
            UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
            guard(administrator, userId);
            users.unlock(userId, clock.instant());
            events.success(Type.ACCOUNT_UNLOCKED, tenant, userId, administrator, user.email(), Map.of());
        });
    }

    /** Disables an account and ends its sessions; its access tokens run out within their lifetime. */
    void setEnabled(UUID userId, boolean enabled, UUID administrator) {
        UUID tenant = TenantContext.require();
        transactions.executeWithoutResult(tx -> {
            UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
            guard(administrator, userId);
            if (!enabled && userId.equals(administrator)) {
                throw ApiProblem.validation("user", "you cannot disable your own account");
            }
            if ("invited".equals(user.status())) {
                throw ApiProblem.validation("user", "has not accepted the invitation yet");
            }
            if (!enabled) {
                guards.orderedStream().forEach(guard -> guard.checkCanRemove(userId));
            }
            Instant now = clock.instant();
            users.setStatus(userId, enabled ? "active" : "disabled", now);
            int ended = enabled ? 0 : sessions.revokeAll(userId, null, "user_disabled", now);
            events.success(enabled ? Type.ACCOUNT_ENABLED : Type.ACCOUNT_DISABLED, tenant, userId, administrator,
                    user.email(), Map.of("sessions_ended", ended));
        });
    }

    /** An administrator removes a user's factors and recovery codes; the user's sessions end (A6). */
    void resetSecondFactors(UUID userId, UUID administrator) {
        transactions.executeWithoutResult(tx -> {
            users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
            guard(administrator, userId);
            multiFactor.getObject().reset(userId, administrator);
            sessions.revokeAll(userId, null, "mfa_reset", clock.instant());
        });
    }

    /** The one rule for acting on someone else's account: an Owner's needs owners:manage (R1). */
    void guard(UUID actor, UUID target) {
        guards.orderedStream().forEach(guard -> guard.checkMayAdminister(actor, target));
    }
}
