package io.strongroom.identity.internal;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.RateLimit;
import io.strongroom.platform.RateLimiter;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.ResolvedWorkspace;
import io.strongroom.tenancy.TenantDirectory;

/**
 * Setting a forgotten password by e-mail (A5) and the reset link an administrator sends, who
 * never sees or sets the password (A4); completing either ends every session (A10).
 * <p>
 * Transactions: its own short ones, as every password path ({@link AccountPasswords}).
 */
@Service
class Recovery {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final AccountPasswords passwords;
    private final Notices notices;
    private final IdentityEvents events;
    private final TenantDirectory tenants;
    private final RateLimiter rateLimiter;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final AccountStatus status;
    private final IdentityProperties.Recovery recovery;
    private final RateLimit recoveryPerIp;
    private final RateLimit recoveryPerWorkspace;

    Recovery(UserRepository users, SessionRepository sessions, AccountPasswords passwords, Notices notices,
            IdentityEvents events, TenantDirectory tenants, RateLimiter rateLimiter, TransactionTemplate transactions, Clock clock, AccountStatus status,
            IdentityProperties properties) {
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.notices = notices;
        this.events = events;
        this.tenants = tenants;
        this.rateLimiter = rateLimiter;
        this.transactions = transactions;
        this.clock = clock;
        this.status = status;
        this.recovery = properties.recovery();
        this.recoveryPerIp = new RateLimit("recovery-ip", recovery.perIpCapacity(), recovery.perIpPeriod());
        this.recoveryPerWorkspace = new RateLimit("recovery-workspace", recovery.perWorkspaceCapacity(),
                recovery.perWorkspacePeriod());
    }

    /** Sends a recovery link if the account exists and may sign in; says nothing either way. */
    void requestRecovery(String workspace, String email) {
        rateLimiter.consume(recoveryPerIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        String slug = workspace == null ? "" : workspace.strip().toLowerCase(Locale.ROOT);
        String address = email == null ? "" : email.strip();
        if (!SignIn.WORKSPACE_SYNTAX.matcher(slug).matches() || address.isEmpty() || address.length() > 254) {
            return;
        }
        rateLimiter.consume(recoveryPerWorkspace, slug);
        Optional<ResolvedWorkspace> resolved = tenants.resolve(slug).filter(ResolvedWorkspace::isActive);
        if (resolved.isEmpty()) {
            events.failure(Type.PASSWORD_RESET_REQUESTED, null, null, address, "unknown_workspace", Map.of("workspace", slug));
            return;
        }
        UUID tenant = resolved.get().tenantId();
        TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> {
            Optional<UserRepository.UserRecord> user = users.findByEmail(address).filter(UserRepository.UserRecord::active);
            if (user.isEmpty()) {
                events.failure(Type.PASSWORD_RESET_REQUESTED, tenant, null, address, "unknown_or_inactive_account", Map.of());
                return;
            }
            String token = passwords.issueToken(user.get().id(), "recovery", recovery.linkLifetime());
            notices.recoveryLink(user.get().email(), slug, token, recovery.linkLifetime().toMinutes());
            events.success(Type.PASSWORD_RESET_REQUESTED, tenant, user.get().id(), null, user.get().email(),
                    Map.of("via", "self_service"));
        }));
    }

    /** An administrator sends a user a link to set a new password; the administrator never sees it. */
    void sendResetLink(UUID userId, UUID administrator) {
        UUID tenant = TenantContext.require();
        transactions.executeWithoutResult(tx -> {
            UserRepository.UserRecord user = users.findById(userId).orElseThrow(() -> ApiProblem.notFound("The user"));
            status.guard(administrator, userId);
            if (!user.active()) {
                throw ApiProblem.validation("user", "is not active; enable the account first");
            }
            String token = passwords.issueToken(userId, "reset", recovery.resetLinkLifetime());
            notices.resetByAdministrator(user.email(), passwords.workspace(), token, recovery.resetLinkLifetime().toHours());
            events.success(Type.PASSWORD_RESET_REQUESTED, tenant, userId, administrator, user.email(),
                    Map.of("via", "administrator"));
        });
    }

    /** Sets a new password with a recovery or reset link; all sessions end. */
    List<String> completeReset(String token, String newPassword) {
        return passwords.redeem(token, purpose -> !"invitation".equals(purpose), UserRepository.UserRecord::active,
                newPassword, "new_password", (tenant, user, purpose, hash, at) -> {
                    users.setPasswordHash(user.id(), hash, at);
                    int ended = sessions.revokeAll(user.id(), null, "password_reset", at);
                    notices.passwordChanged(user.email(), passwords.workspace(), at);
                    events.success(Type.PASSWORD_RESET_COMPLETED, tenant, user.id(), user.id(), user.email(),
                            Map.of("sessions_ended", ended, "via", purpose));
                });
    }
}
