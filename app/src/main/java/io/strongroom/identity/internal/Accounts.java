package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import io.strongroom.platform.Ids;
import io.strongroom.platform.RateLimit;
import io.strongroom.platform.RateLimiter;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.ResolvedWorkspace;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.TenantDirectory;

/**
 * Passwords and account state: change by the user (A4), recovery by e-mail (A5), reset link sent
 * by an administrator who never sees or sets the password (A4), unlock, disable and enable. Every
 * password change ends sessions (A10) and is announced to the user (L2).
 */
@Service
class Accounts {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final OneTimeTokenRepository oneTimeTokens;
    private final SecuritySettingsRepository settings;
    private final PasswordPolicy policy;
    private final PasswordHashing hashing;
    private final Notices notices;
    private final IdentityEvents events;
    private final TenantDirectory tenants;
    private final RateLimiter rateLimiter;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final IdentityProperties.Recovery recovery;
    private final RateLimit recoveryPerIp;
    private final RateLimit recoveryPerWorkspace;
    private final org.springframework.beans.factory.ObjectProvider<io.strongroom.identity.AccountGuard> guards;

    Accounts(UserRepository users, SessionRepository sessions, OneTimeTokenRepository oneTimeTokens,
            SecuritySettingsRepository settings, PasswordPolicy policy, PasswordHashing hashing, Notices notices,
            IdentityEvents events, TenantDirectory tenants, RateLimiter rateLimiter, TransactionTemplate transactions,
            Clock clock, IdentityProperties properties,
            org.springframework.beans.factory.ObjectProvider<io.strongroom.identity.AccountGuard> guards) {
        this.guards = guards;
        this.users = users;
        this.sessions = sessions;
        this.oneTimeTokens = oneTimeTokens;
        this.settings = settings;
        this.policy = policy;
        this.hashing = hashing;
        this.notices = notices;
        this.events = events;
        this.tenants = tenants;
        this.rateLimiter = rateLimiter;
        this.transactions = transactions;
        this.clock = clock;
        this.recovery = properties.recovery();
        this.recoveryPerIp = new RateLimit("recovery-ip", recovery.perIpCapacity(), recovery.perIpPeriod());
        this.recoveryPerWorkspace = new RateLimit("recovery-workspace", recovery.perWorkspaceCapacity(),
                recovery.perWorkspacePeriod());
    }

    // --- change by the user ---------------------------------------------------------------

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
        Checked checked = check(newPassword, user, "new_password");
        if (hashing.matches(newPassword, user.passwordHash())) {
            throw ApiProblem.validation("new_password", "must differ from your current password");
        }
        transactions.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            users.setPasswordHash(userId, checked.hash(), now);
            int ended = sessions.revokeAll(userId, currentSession, "password_changed", now);
            notices.passwordChanged(user.email(), workspace(), now);
            events.success(Type.PASSWORD_CHANGED, tenant, userId, userId, user.email(), Map.of("sessions_ended", ended));
        });
        return checked.warnings();
    }

    // --- recovery by e-mail ---------------------------------------------------------------

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
            String token = issueToken(user.get().id(), "recovery", recovery.linkLifetime());
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
            guard(administrator, userId);
            if (!user.active()) {
                throw ApiProblem.validation("user", "is not active; enable the account first");
            }
            String token = issueToken(userId, "reset", recovery.resetLinkLifetime());
            notices.resetByAdministrator(user.email(), workspace(), token, recovery.resetLinkLifetime().toHours());
            events.success(Type.PASSWORD_RESET_REQUESTED, tenant, userId, administrator, user.email(),
                    Map.of("via", "administrator"));
        });
    }

    /** Sets a new password with a recovery or reset link; all sessions end. */
    List<String> completeReset(String token, String newPassword) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.ONE_TIME, token);
        ApiProblem invalid = ApiProblem.validation("token", "is invalid, expired or already used");
        if (tenant.isEmpty()) {
            throw invalid;
        }
        return TenantContext.callAs(tenant.get(), () -> {
            byte[] hash = OpaqueTokens.hash(token);
            Instant now = clock.instant();
            OneTimeTokenRepository.TokenRow row = transactions.execute(tx -> oneTimeTokens.find(hash))
                    .filter(t -> t.usable(now) && !"invitation".equals(t.purpose()))
                    .orElseThrow(() -> invalid);
            UserRepository.UserRecord user = transactions.execute(tx -> users.findById(row.userId()))
                    .filter(UserRepository.UserRecord::active)
                    .orElseThrow(() -> invalid);
            Checked checked = check(newPassword, user, "new_password");
            transactions.executeWithoutResult(tx -> {
                Instant at = clock.instant();
                if (!oneTimeTokens.consume(row.id(), at)) {
                    throw invalid; // used concurrently
                }
                users.setPasswordHash(user.id(), checked.hash(), at);
                int ended = sessions.revokeAll(user.id(), null, "password_reset", at);
                notices.passwordChanged(user.email(), workspace(), at);
                events.success(Type.PASSWORD_RESET_COMPLETED, tenant.get(), user.id(), user.id(), user.email(),
                        Map.of("sessions_ended", ended, "via", row.purpose()));
            });
            return checked.warnings();
        });
    }

    // --- invitations ----------------------------------------------------------------------

    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);

    /** Creates an invited user (no password yet) and mails the single-use invitation link. */
    UUID invite(String email, String displayName, UUID invitedBy, List<String> roleNames) {
        UUID tenant = TenantContext.require();
        List<ApiProblem.FieldProblem> problems = new ArrayList<>();
        String address = EmailAddresses.normalize(email);
        EmailAddresses.problem(address).ifPresent(p -> problems.add(new ApiProblem.FieldProblem("email", p)));
        String name = displayName == null ? "" : displayName.strip();
        if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(new ApiProblem.FieldProblem("display_name", "is required, at most 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        if (users.findByEmail(address).isPresent()) {
            throw new ApiProblem(org.springframework.http.HttpStatus.CONFLICT, io.strongroom.platform.ProblemType.uri("user-exists"),
                    "User exists", "A user with this e-mail address already belongs to this workspace.",
                    List.of(new ApiProblem.FieldProblem("email", "is already a user of this workspace")), Map.of());
        }
        UUID id = Ids.newId();
        Instant now = clock.instant();
        users.insert(id, address, name, "invited", null, now);
        String token = issueToken(id, "invitation", INVITATION_LIFETIME);
        Tenant current = tenants.current().orElseThrow();
        notices.invitation(address, current.workspace(), current.companyName(), token, INVITATION_LIFETIME.toDays());
        events.success(Type.USER_INVITED, tenant, id, invitedBy, address, Map.of(
                "email", IdentityEvents.change(null, address),
                "display_name", IdentityEvents.change(null, name),
                "roles", IdentityEvents.change(List.of(), roleNames)));
        return id;
    }

    /** The invited user chooses a password; the account becomes active. */
    List<String> acceptInvitation(String token, String password) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.ONE_TIME, token);
        ApiProblem invalid = ApiProblem.validation("token", "is invalid, expired or already used");
        if (tenant.isEmpty()) {
            throw invalid;
        }
        return TenantContext.callAs(tenant.get(), () -> {
            byte[] hash = OpaqueTokens.hash(token);
            Instant now = clock.instant();
            OneTimeTokenRepository.TokenRow row = transactions.execute(tx -> oneTimeTokens.find(hash))
                    .filter(t -> t.usable(now) && "invitation".equals(t.purpose()))
                    .orElseThrow(() -> invalid);
            UserRepository.UserRecord user = transactions.execute(tx -> users.findById(row.userId()))
                    .filter(u -> "invited".equals(u.status()))
                    .orElseThrow(() -> invalid);
            Checked checked = check(password, user, "password");
            transactions.executeWithoutResult(tx -> {
                Instant at = clock.instant();
                if (!oneTimeTokens.consume(row.id(), at)) {
                    throw invalid;
                }
                users.activate(user.id(), checked.hash(), at);
                events.success(Type.INVITATION_ACCEPTED, tenant.get(), user.id(), user.id(), user.email(), Map.of());
            });
            return checked.warnings();
        });
    }

    /** Deletes a user; their sessions and tokens go with them (foreign keys cascade). */
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

    // --- administration -------------------------------------------------------------------

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

    // --- helpers --------------------------------------------------------------------------

    /** The one rule for acting on someone else's account: an Owner's needs owners:manage (R1). */
    private void guard(UUID actor, UUID target) {
        guards.orderedStream().forEach(guard -> guard.checkMayAdminister(actor, target));
    }

    /** Applies the tenant's policy; throws a 400 with every reason when it is enforced. */
    Checked check(String password, UserRepository.UserRecord user, String field) {
        SecuritySettings current = transactions.execute(tx -> settings.current());
        Tenant tenant = transactions.execute(tx -> tenants.current()).orElseThrow();
        List<String> context = new ArrayList<>(List.of(tenant.workspace(), tenant.companyName(), user.email(),
                user.displayName()));
        PasswordPolicy.Evaluation evaluation = policy.evaluate(password, current, context);
        if (!evaluation.acceptable() && (current.enforced() || password == null || password.isEmpty()
                || password.codePointCount(0, password.length()) > PasswordPolicy.MAX_LENGTH)) {
            throw ApiProblem.validation(evaluation.problems().stream()
                    .map(problem -> new ApiProblem.FieldProblem(field, problem)).toList());
        }
        return new Checked(hashing.hash(password), evaluation.problems());
    }

    private String issueToken(UUID userId, String purpose, Duration lifetime) {
        String token = OpaqueTokens.generate(OpaqueTokens.ONE_TIME, TenantContext.require());
        Instant now = clock.instant();
        oneTimeTokens.insert(Ids.newId(), userId, purpose, OpaqueTokens.hash(token), now, now.plus(lifetime));
        return token;
    }

    private String workspace() {
        return transactions.execute(tx -> tenants.current()).map(Tenant::workspace).orElse("");
    }

    /** A password that passed the policy: its hash and, under "recommended", the warnings. */
    record Checked(String hash, List<String> warnings) {

        @Override
        public String toString() {
            return "Checked[warnings=" + warnings + "]";
        }
    }
}
