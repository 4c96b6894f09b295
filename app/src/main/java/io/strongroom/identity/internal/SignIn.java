package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.RateLimit;
import io.strongroom.platform.RateLimiter;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.ResolvedWorkspace;
import io.strongroom.tenancy.TenantDirectory;

/**
 * Password sign-in to one workspace (A1, T4) with brute-force defence (A9): rate limits per client
 * IP and per workspace, a progressive lock-out per account, and one answer for every failure —
 * unknown workspace, unknown e-mail, wrong password, locked or disabled account — after the same
 * Argon2id work (a dummy hash is checked when there is no account).
 */
@Service
class SignIn {

    static final ApiProblem INVALID_CREDENTIALS = new ApiProblem(HttpStatus.UNAUTHORIZED,
            ProblemType.uri("invalid-credentials"), "Sign-in failed",
            "The workspace, e-mail address or password is not right, or this account cannot sign in now.",
            java.util.List.of(), Map.of());

    static final java.util.regex.Pattern WORKSPACE_SYNTAX = java.util.regex.Pattern.compile("[a-z0-9-]{1,100}");

    private final TenantDirectory tenants;
    private final UserRepository users;
    private final PasswordHashing hashing;
    private final Sessions sessions;
    private final SessionRepository sessionRows;
    private final Notices notices;
    private final IdentityEvents events;
    private final RateLimiter rateLimiter;
    private final DeviceCookies devices;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final IdentityProperties.Lockout lockout;
    private final RateLimit perIp;
    private final RateLimit perWorkspace;

    SignIn(TenantDirectory tenants, UserRepository users, PasswordHashing hashing, Sessions sessions,
            SessionRepository sessionRows, Notices notices, IdentityEvents events, RateLimiter rateLimiter,
            DeviceCookies devices, TransactionTemplate transactions, Clock clock, IdentityProperties properties) {
        this.devices = devices;
        this.tenants = tenants;
        this.users = users;
        this.hashing = hashing;
        this.sessions = sessions;
        this.sessionRows = sessionRows;
        this.notices = notices;
        this.events = events;
        this.rateLimiter = rateLimiter;
        this.transactions = transactions;
        this.clock = clock;
        this.lockout = properties.lockout();
        var limits = properties.signIn();
        this.perIp = new RateLimit("sign-in-ip", limits.perIpCapacity(), limits.perIpPeriod());
        this.perWorkspace = new RateLimit("sign-in-workspace", limits.perWorkspaceCapacity(), limits.perWorkspacePeriod());
    }

    /**
     * Signs in, or throws the one 401 for every failure. The per-IP limit counts every attempt; the
     * per-workspace limit counts failures only, and a device that signed in to this account before
     * ({@link DeviceCookies}) passes even while strangers have exhausted it.
     */
    Sessions.IssuedTokens signIn(String workspace, String email, String password, Optional<String> deviceCookie) {
        String slug = workspace == null ? "" : workspace.strip().toLowerCase(java.util.Locale.ROOT);
        String address = email == null ? "" : email.strip();
        String secret = password == null ? "" : password;
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        if (slug.length() > 100 || address.length() > 254 || secret.length() > 4 * PasswordPolicy.MAX_LENGTH) {
            // no account can match; answer like any other failure
            hashing.matchesDummy(secret.length() > 1024 ? secret.substring(0, 1024) : secret);
            throw INVALID_CREDENTIALS;
        }
        Optional<ResolvedWorkspace> resolved = WORKSPACE_SYNTAX.matcher(slug).matches()
                ? tenants.resolve(slug).filter(ResolvedWorkspace::isActive)
                : Optional.empty();
        if (resolved.isEmpty() || !devices.vouchesFor(deviceCookie, resolved.get().tenantId(), address)) {
            rateLimiter.check(perWorkspace, slug);
        }
        try {
            if (resolved.isEmpty()) {
                hashing.matchesDummy(secret);
                events.failure(Type.SIGN_IN_FAILED, null, null, address, "unknown_workspace", Map.of("workspace", slug));
                throw INVALID_CREDENTIALS;
            }
            UUID tenant = resolved.get().tenantId();
            return TenantContext.callAs(tenant, () -> signInToTenant(tenant, address, secret));
        } catch (ApiProblem failed) {
            rateLimiter.record(perWorkspace, slug);
            throw failed;
        }
    }

    private Sessions.IssuedTokens signInToTenant(UUID tenant, String email, String password) {
        Optional<UserRepository.UserRecord> found = transactions.execute(tx -> users.findByEmail(email));
        // The slow part, outside any transaction: the same Argon2id work whether or not the account exists.
        boolean matches = found.isPresent() && found.get().passwordHash() != null
                ? hashing.matches(password, found.get().passwordHash())
                : hashing.matchesDummy(password);
        if (found.isEmpty()) {
            events.failure(Type.SIGN_IN_FAILED, tenant, null, email, "unknown_email", Map.of());
            throw INVALID_CREDENTIALS;
        }
        UserRepository.UserRecord user = found.get();
        Attempt attempt = transactions.execute(tx -> decide(user, password, matches));
        if (attempt.tokens() == null) {
            events.failure(Type.SIGN_IN_FAILED, tenant, user.id(), user.email(), attempt.failure(), Map.of());
            throw INVALID_CREDENTIALS;
        }
        return attempt.tokens();
    }

    private Attempt decide(UserRepository.UserRecord seen, String password, boolean matches) {
        Instant now = clock.instant();
        UserRepository.UserRecord user = users.lockById(seen.id()).orElse(null);
        if (user == null) {
            return Attempt.failed("unknown_email");
        }
        if (user.lockedAt(now)) {
            return Attempt.failed("locked");
        }
        if (!user.active()) {
            return Attempt.failed(user.status());
        }
        if (!matches || user.passwordHash() == null || !user.passwordHash().equals(seen.passwordHash())) {
            int failures = users.recordFailure(user.id());
            if (failures % lockout.threshold() == 0) {
                lock(user, failures, now);
            }
            return Attempt.failed("bad_password");
        }
        users.recordSuccess(user.id(), now);
        if (hashing.needsUpgrade(user.passwordHash())) {
            users.upgradeHash(user.id(), user.passwordHash(), hashing.hash(password));
        }
        ClientRequest request = ClientRequest.current().orElse(null);
        String ip = request == null ? null : request.clientIp();
        String userAgent = request == null ? null : request.userAgent();
        SessionRepository.History history = sessionRows.history(user.id(), ip, userAgent);
        Sessions.IssuedTokens tokens = sessions.start(user.id(), "pwd");
        if (history.any() && (!history.knownIp() || !history.knownUserAgent())) {
            notices.newSignIn(user.email(), sessions.workspace(), ip, userAgent, now);
        }
        events.success(Type.SIGN_IN, TenantContext.require(), user.id(), user.id(), user.email(),
                Map.of("session_id", tokens.sessionId().toString(), "new_device", history.any()
                        && (!history.knownIp() || !history.knownUserAgent())));
        return new Attempt(tokens, null);
    }

    /** Locks after every {@code threshold} failures: 1 min, then doubling, at most 15 min by default. */
    private void lock(UserRepository.UserRecord user, int failures, Instant now) {
        int lockNumber = failures / lockout.threshold();
        Duration length = lockout.firstLock().multipliedBy(1L << Math.min(lockNumber - 1, 20));
        if (length.compareTo(lockout.maxLock()) > 0) {
            length = lockout.maxLock();
        }
        Instant until = now.plus(length);
        boolean notify = user.lastLockNoticeAt() == null || user.lastLockNoticeAt().isBefore(now.minus(Duration.ofHours(1)));
        users.lockUntil(user.id(), until, notify, now);
        if (notify) {
            notices.accountLocked(user.email(), sessions.workspace(), failures, until);
        }
        Map<String, Object> details = new HashMap<>();
        details.put("failures", failures);
        details.put("locked_until", until.toString());
        events.publish(Type.ACCOUNT_LOCKED, TenantContext.require(), user.id(), null, user.email(),
                io.strongroom.identity.IdentityEvent.Outcome.SUCCESS, "too_many_failures", details);
    }

    /** @param failure why it failed, or null with tokens */
    private record Attempt(Sessions.IssuedTokens tokens, String failure) {

        static Attempt failed(String reason) {
            return new Attempt(null, reason);
        }
    }
}
