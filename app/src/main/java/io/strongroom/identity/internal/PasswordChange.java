package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.TenantContext;

/**
 * A user changes their own password (A4): the current one first, the policy, other sessions end
 * (A10), the user is told (L2).
 * <p>
 * Transactions: its own short ones, as every password path ({@link AccountPasswords}).
 */
@Service
class PasswordChange {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHashing hashing;
    private final AccountPasswords passwords;
    private final Notices notices;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PasswordChange(UserRepository users, SessionRepository sessions, PasswordHashing hashing, AccountPasswords passwords,
            Notices notices, IdentityEvents events, TransactionTemplate transactions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.hashing = hashing;
        this.passwords = passwords;
        this.notices = notices;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Changes the caller's password; other sessions end. Returns warnings of a "recommended" policy. */
    List<String> changePassword(UUID userId, UUID currentSession, String currentPassword, String newPassword) {
        UUID tenant = TenantContext.require();
        UserRepository.UserRecord user = transactions.execute(tx -> users.findById(userId))
                .orElseThrow(() -> ApiProblem.notFound("The account"));
        if (currentPassword == null || !hashing.matches(currentPassword, user.passwordHash())) {
            transactions.executeWithoutResult(tx -> users.recordFailure(userId));
            events.failure(Type.PASSWORD_CHANGE_FAILED, tenant, userId, user.email(), "wrong_current_password", Map.of());
            throw ApiProblem.validation("current_password", "is not your current password");
        }
        AccountPasswords.Checked checked = passwords.check(newPassword, user, "new_password");
        if (hashing.matches(newPassword, user.passwordHash())) {
            throw ApiProblem.validation("new_password", "must differ from your current password");
        }
        transactions.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            users.setPasswordHash(userId, checked.hash(), now);
            int ended = sessions.revokeAll(userId, currentSession, "password_changed", now);
            notices.passwordChanged(user.email(), passwords.workspace(), now);
            events.success(Type.PASSWORD_CHANGED, tenant, userId, userId, user.email(), Map.of("sessions_ended", ended));
        });
        return checked.warnings();
    }
}
