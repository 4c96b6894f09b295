package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
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

    /** A right password (or passkey) in a workspace that signs in through its identity provider only (A7). */
    static final ApiProblem SSO_REQUIRED = new ApiProblem(HttpStatus.FORBIDDEN, ProblemType.uri("sso-required"),
            "Sign in with your company account",
            "This workspace signs in through its identity provider; use the company sign-in on its sign-in page.",
            java.util.List.of(), Map.of());

    static final ApiProblem INVALID_CREDENTIALS = new ApiProblem(HttpStatus.UNAUTHORIZED,
            ProblemType.uri("invalid-credentials"), "Sign-in failed",
            "The workspace, e-mail address or password is not right, or this account cannot sign in now.",
            java.util.List.of(), Map.of());

    /** The company directory that checks this address's password could not be asked (A7): nothing was decided. */
    static final ApiProblem DIRECTORY_UNAVAILABLE = new ApiProblem(ProblemType.SERVICE_UNAVAILABLE,
            "The company directory cannot be reached right now; try again shortly.");

    static final ApiProblem INVALID_CHALLENGE = new ApiProblem(HttpStatus.UNAUTHORIZED,
            ProblemType.uri("invalid-challenge"), "Sign-in step expired",
            "This sign-in step has expired, was used up or belongs to another sign-in; sign in again.",
            java.util.List.of(), Map.of());

    static final ApiProblem INVALID_CODE = new ApiProblem(HttpStatus.UNAUTHORIZED,
            ProblemType.uri("invalid-code"), "Code not accepted",
            "The code is not right, was used before, or has expired; enter the current one.",
            java.util.List.of(), Map.of());

    /** How long the second step of a sign-in may take, and how many wrong codes it allows. */
    static final Duration CHALLENGE_LIFETIME = Duration.ofMinutes(5);
    static final int CHALLENGE_ATTEMPTS = 5;

    /** The {@code amr} of a passkey that verified its user: possession of the key, and the user verified by it. */
    static final String PASSKEY_AMR = Passkeys.AMR + " " + Passkeys.AMR_USER_VERIFIED + " " + Sessions.MFA;

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
    private final MultiFactor multiFactor;
    private final MfaRepository challenges;
    private final NetworkPolicy networks;
    private final Passkeys passkeys;
    private final RememberedDevices remembered;
    private final SecuritySettingsRepository settings;
    private final DirectoryConnections directories;
    private final LdapDirectory ldap;
    private final io.strongroom.identity.ProvidedRoles providedRoles;

    SignIn(TenantDirectory tenants, UserRepository users, PasswordHashing hashing, Sessions sessions,
            SessionRepository sessionRows, Notices notices, IdentityEvents events, RateLimiter rateLimiter,
            DeviceCookies devices, TransactionTemplate transactions, Clock clock, IdentityProperties properties,
            MultiFactor multiFactor, MfaRepository challenges, NetworkPolicy networks, Passkeys passkeys,
            RememberedDevices remembered, SecuritySettingsRepository settings, DirectoryConnections directories,
            LdapDirectory ldap, io.strongroom.identity.ProvidedRoles providedRoles) {
        this.providedRoles = providedRoles;
        this.settings = settings;
        this.directories = directories;
        this.ldap = ldap;
        this.remembered = remembered;
        this.networks = networks;
        this.passkeys = passkeys;
        this.multiFactor = multiFactor;
        this.challenges = challenges;
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
    Outcome signIn(String workspace, String email, String password, Optional<String> deviceCookie) {
        return signIn(workspace, email, password, deviceCookie, Optional.empty());
    }

    /**
     * As {@link #signIn(String, String, String, Optional)}; {@code rememberCookie} is the cookie of a
     * remembered device ({@link RememberedDevices}): on it, a correct password is enough.
     */
    Outcome signIn(String workspace, String email, String password, Optional<String> deviceCookie,
            Optional<String> rememberCookie) {
        String slug = slug(workspace);
        String address = email == null ? "" : email.strip();
        String secret = password == null ? "" : password;
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        if (slug.length() > 100 || address.length() > 254 || secret.length() > 4 * PasswordPolicy.MAX_LENGTH) {
            // no account can match; answer like any other failure
            hashing.matchesDummy(secret.length() > 1024 ? secret.substring(0, 1024) : secret);
            throw INVALID_CREDENTIALS;
        }
        Optional<ResolvedWorkspace> resolved = activeWorkspace(slug);
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
            return TenantContext.callAs(tenant, () -> signInToTenant(tenant, address, secret, rememberCookie));
        } catch (ApiProblem failed) {
            rateLimiter.record(perWorkspace, slug);
            throw failed;
        }
    }

    /** Counts one step of a sign-in (a provider's too) against the client's per-IP limit: 429 beyond it. */
    void countAttempt() {
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
    }

    private static String slug(String workspace) {
        return workspace == null ? "" : workspace.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** The active workspace of a well-formed slug (nothing is looked up for a malformed one). */
    private Optional<ResolvedWorkspace> activeWorkspace(String slug) {
        return WORKSPACE_SYNTAX.matcher(slug).matches() ? tenants.resolve(slug).filter(ResolvedWorkspace::isActive)
                : Optional.empty();
    }

    private Outcome signInToTenant(UUID tenant, String email, String password, Optional<String> rememberCookie) {
        // outside the workspace's networks nothing is checked, not even the password
        networks.require(tenant, null, ClientRequest.current().map(ClientRequest::clientIp).orElse(null), "sign_in");
        Optional<LdapDirectory.Directory> directory = transactions.execute(tx -> directories.covering(email));
        if (directory.isPresent()) {
            Optional<Outcome> throughDirectory = signInThroughDirectory(tenant, directory.get(), email, password,
                    rememberCookie);
            if (throughDirectory.isPresent()) {
                return throughDirectory.get();
            }
            // a break-glass Owner the directory did not accept: their own password, below
        }
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
        Attempt attempt = transactions.execute(tx -> decide(user, password, matches, rememberCookie));
        if (attempt.outcome() == null) {
            events.failure(Type.SIGN_IN_FAILED, tenant, user.id(), user.email(), attempt.failure(), Map.of());
            throw "sso_only".equals(attempt.failure()) ? SSO_REQUIRED : INVALID_CREDENTIALS;
        }
        return attempt.outcome();
    }

    /**
     * A sign-in a workspace's identity provider vouched for (A7): the address it verified names the
     * account; the same gates as a password apply (the workspace's networks, a locked or inactive
     * account, the second factor the workspace requires, unless the connection trusts the provider's
     * own and the provider says it asked for one). Refusals are recorded with {@code sso_<reason>}.
     *
     * @param providerMfa whether the provider says it used more than one factor (its {@code amr})
     * @param details what the sign-in's record names: the connection and the provider
     */
    Outcome signInFederated(UUID tenant, String email, boolean providerMfa, Map<String, Object> details,
            Arrival arrival) {
        networks.require(tenant, null, ClientRequest.current().map(ClientRequest::clientIp).orElse(null), "sign_in");
        return vouched(tenant, email, "sso", providerMfa, Optional.empty(), details, arrival);
    }

    /**
     * What a provider said about who arrives, for what its connection does beyond signing in: the
     * connection, its provisioning, the person's name and groups there.
     */
    record Arrival(String connectionId, SsoProvisioning.Settings provisioning, String displayName, List<String> groups) {
    }

    /**
     * A password checked by the company directory that covers the address's domain (A7): the entry it
     * found and bound as names the account by its address; then the gates of {@link #vouched}. A wrong
     * password counts towards the account's lock-out as here. Only a break-glass Owner whom the directory
     * did not accept goes on to their own password (empty answer); everyone else is refused here, and a
     * directory that cannot be asked is a 503: no local password stands in for it.
     */
    private Optional<Outcome> signInThroughDirectory(UUID tenant, LdapDirectory.Directory directory, String login,
            String password, Optional<String> rememberCookie) {
        Map<String, Object> details = Map.of("connection_id", directory.id().toString(), "provider",
                DirectoryConnections.PROVIDER);
        Optional<UserRepository.UserRecord> typed = transactions.execute(tx -> users.findByEmail(login));
        if (typed.isPresent() && typed.get().lockedAt(clock.instant())) {
            // a locked account does not get to try its password against the directory either
            events.failure(Type.SIGN_IN_FAILED, tenant, typed.get().id(), typed.get().email(), "locked", details);
            throw INVALID_CREDENTIALS;
        }
        String servicePassword = transactions.execute(tx -> directories.servicePassword(directory.id()));
        LdapDirectory.Verdict verdict = ldap.verify(directory, servicePassword, login, password);
        if (verdict.accepted()) {
            Arrival arrival = new Arrival(directory.id().toString(), transactions.execute(tx ->
                    directories.provisioning(directory.id())), verdict.displayName(), verdict.groups());
            return Optional.of(vouched(tenant, verdict.email(), "pwd", false, rememberCookie, details, arrival));
        }
        if (typed.isPresent() && transactions.execute(tx -> settings.ssoPolicy().breakGlass().contains(typed.get().id()))) {
            return Optional.empty();
        }
        if ("ldap_bad_password".equals(verdict.failure()) && typed.isPresent()) {
            transactions.executeWithoutResult(tx -> users.lockById(typed.get().id()).filter(u -> !u.lockedAt(clock.instant()))
                    .ifPresent(user -> {
                        int failures = users.recordFailure(user.id());
                        if (failures % lockout.threshold() == 0) {
                            lock(user, failures, clock.instant());
                        }
                    }));
        }
        events.failure(Type.SIGN_IN_FAILED, tenant, typed.map(UserRepository.UserRecord::id).orElse(null),
                typed.map(UserRepository.UserRecord::email).orElse(login), verdict.failure(), details);
        throw verdict.unavailable() ? DIRECTORY_UNAVAILABLE : INVALID_CREDENTIALS;
    }

    /**
     * The account of an address an identity provider or the company directory vouched for: locked,
     * inactive or unknown accounts are refused ({@code <firstFactor's prefix>_<reason>}); an invited one
     * accepts its invitation; the workspace's second factor is asked for unless the provider says it
     * asked for one itself ({@code providerMfa}) or the device is remembered. A missing account is
     * created when the connection says so; the roles its groups give are applied at every sign-in.
     */
    private Outcome vouched(UUID tenant, String email, String firstFactor, boolean providerMfa,
            Optional<String> rememberCookie, Map<String, Object> details, Arrival arrival) {
        String prefix = "sso".equals(firstFactor) ? "sso_" : "ldap_";
        Attempt attempt = transactions.execute(tx -> {
            Instant now = clock.instant();
            UserRepository.UserRecord user = users.findByEmail(email).flatMap(u -> users.lockById(u.id())).orElse(null);
            if (user == null && arrival.provisioning().createAccounts()) {
                user = provision(tenant, email, arrival, now);
            }
            if (user == null) {
                return Attempt.failed(prefix + "unknown_email");
            }
            if (user.lockedAt(now)) {
                return Attempt.failed(prefix + "locked");
            }
            if ("invited".equals(user.status()) && users.activateThroughProvider(user.id(), now)) {
                // the administrator invited this address and the company's provider vouches for it:
                // the invitation is accepted by this sign-in (no password is set)
                events.success(Type.INVITATION_ACCEPTED, tenant, user.id(), user.id(), user.email(), details);
                user = users.lockById(user.id()).orElseThrow();
            }
            if (!user.active()) {
                return Attempt.failed(prefix + user.status());
            }
            if (!arrival.provisioning().roleMappings().isEmpty()) {
                // the provider's groups decide the roles the connection manages, before any token names them
                providedRoles.apply(user.id(), arrival.provisioning().managedRoles(),
                        arrival.provisioning().grantedRoles(arrival.groups()), arrival.connectionId());
            }
            MultiFactor.Need need = multiFactor.need(user.id());
            Optional<UUID> device = need == MultiFactor.Need.FACTOR && !providerMfa
                    ? remembered.recognise(user.id(), rememberCookie) : Optional.empty();
            if (device.isPresent()) {
                users.recordSuccess(user.id(), now);
                return new Attempt(Outcome.signedIn(startSession(user, firstFactor + " " + RememberedDevices.AMR, now,
                        device.get(), details), user.email(), List.of()), null);
            }
            if (!providerMfa && need != MultiFactor.Need.NONE) {
                return new Attempt(Outcome.challenge(challenge(user.id(), need, now, firstFactor)), null);
            }
            users.recordSuccess(user.id(), now);
            return new Attempt(Outcome.signedIn(startSession(user, providerMfa ? firstFactor + " " + Sessions.MFA
                    : firstFactor, now, null, details), user.email(), List.of()), null);
        });
        if (attempt.outcome() == null) {
            events.failure(Type.SIGN_IN_FAILED, tenant, null, email, attempt.failure(), details);
            throw INVALID_CREDENTIALS;
        }
        return attempt.outcome();
    }

    /**
     * The account of someone the connection vouches for and creates accounts for: active, without a
     * password (they sign in through the provider), with the connection's default roles; recorded as
     * {@code user.provisioned}. Null for an address that is not one.
     */
    private UserRepository.UserRecord provision(UUID tenant, String email, Arrival arrival, Instant now) {
        String address = EmailAddresses.normalize(email);
        if (EmailAddresses.problem(address).isPresent()) {
            return null;
        }
        String given = arrival.displayName() == null ? "" : arrival.displayName().strip();
        String name = given.isEmpty() || given.length() > 200 || given.chars().anyMatch(Character::isISOControl)
                ? address.substring(0, address.indexOf('@')) : given;
        UUID id = io.strongroom.platform.Ids.newId();
        users.insert(id, address, name, "active", null, now);
        java.util.Set<UUID> defaults = java.util.Set.copyOf(arrival.provisioning().defaultRoleIds());
        providedRoles.apply(id, defaults, defaults, arrival.connectionId());
        Map<String, Object> facts = new HashMap<>();
        facts.put("connection_id", arrival.connectionId());
        facts.put("email", IdentityEvents.change(null, address));
        facts.put("display_name", IdentityEvents.change(null, name));
        events.success(Type.USER_PROVISIONED, tenant, id, null, address, facts);
        return users.lockById(id).orElseThrow();
    }

    private Attempt decide(UserRepository.UserRecord seen, String password, boolean matches,
            Optional<String> rememberCookie) {
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
        if (!settings.ssoPolicy().allowsLocalSignIn(user.id())) {
            return Attempt.failed("sso_only"); // (the password was right: it is told only to who knows it)
        }
        if (hashing.needsUpgrade(user.passwordHash())) {
            users.upgradeHash(user.id(), user.passwordHash(), hashing.hash(password));
        }
        MultiFactor.Need need = multiFactor.need(user.id());
        Optional<UUID> device = need == MultiFactor.Need.FACTOR ? remembered.recognise(user.id(), rememberCookie)
                : Optional.empty();
        if (device.isPresent()) {
            users.recordSuccess(user.id(), now);
            return new Attempt(Outcome.signedIn(startSession(user, "pwd " + RememberedDevices.AMR, now, device.get()),
                    user.email(), List.of()), null);
        }
        if (need != MultiFactor.Need.NONE) {
            // the password was right; the failure count stays until the second factor is right too, so
            // that wrong codes add up towards the lock-out even with the password known
            return new Attempt(Outcome.challenge(challenge(user.id(), need, now)), null);
        }
        users.recordSuccess(user.id(), now);
        return new Attempt(Outcome.signedIn(startSession(user, "pwd", now), user.email(), List.of()), null);
    }

    private Challenge challenge(UUID userId, MultiFactor.Need need, Instant now) {
        return challenge(userId, need, now, "pwd");
    }

    private Challenge challenge(UUID userId, MultiFactor.Need need, Instant now, String firstFactor) {
        ClientRequest request = ClientRequest.current().orElse(null);
        String token = OpaqueTokens.generate(OpaqueTokens.MFA_CHALLENGE, TenantContext.require());
        challenges.deleteOldChallenges(now.minus(Duration.ofDays(1)));
        challenges.insertChallenge(io.strongroom.platform.Ids.newId(), userId, OpaqueTokens.hash(token),
                request == null ? null : request.clientIp(), request == null ? null : request.userAgent(), now,
                now.plus(CHALLENGE_LIFETIME), firstFactor);
        List<String> methods = need == MultiFactor.Need.ENROL ? List.of(MultiFactor.ENROL) : multiFactor.methods(userId);
        Map<String, Object> passkey = methods.contains(Passkeys.KIND)
                ? passkeys.requestOptions(Passkeys.SECOND_FACTOR, userId) : null;
        return new Challenge(token, methods, CHALLENGE_LIFETIME.toSeconds(), passkey,
                need == MultiFactor.Need.FACTOR ? remembered.days() : 0);
    }

    private Sessions.IssuedTokens startSession(UserRepository.UserRecord user, String amr, Instant now) {
        return startSession(user, amr, now, null);
    }

    /** The session of a completed sign-in, with its notices and its record. */
    private Sessions.IssuedTokens startSession(UserRepository.UserRecord user, String amr, Instant now,
            UUID rememberedDevice) {
        return startSession(user, amr, now, rememberedDevice, Map.of());
    }

    private Sessions.IssuedTokens startSession(UserRepository.UserRecord user, String amr, Instant now,
            UUID rememberedDevice, Map<String, Object> more) {
        ClientRequest request = ClientRequest.current().orElse(null);
        String ip = request == null ? null : request.clientIp();
        String userAgent = request == null ? null : request.userAgent();
        SessionRepository.History history = sessionRows.history(user.id(), ip, userAgent);
        Sessions.IssuedTokens tokens = sessions.start(user.id(), amr, rememberedDevice);
        if (history.any() && (!history.knownIp() || !history.knownUserAgent())) {
            notices.newSignIn(user.email(), sessions.workspace(), ip, userAgent, now);
        }
        Map<String, Object> details = new HashMap<>();
        details.put("session_id", tokens.sessionId().toString());
        details.put("amr", amr);
        details.put("new_device", history.any() && (!history.knownIp() || !history.knownUserAgent()));
        if (rememberedDevice != null) {
            details.put("remembered_device_id", rememberedDevice.toString());
        }
        details.putAll(more);
        events.success(Type.SIGN_IN, TenantContext.require(), user.id(), user.id(), user.email(), details);
        return tokens;
    }

    /**
     * The second step: a code for the challenge the password step gave. A wrong code counts towards
     * the account's lock-out like a wrong password; a challenge allows {@value #CHALLENGE_ATTEMPTS}
     * codes, lives {@code CHALLENGE_LIFETIME}, serves the client it was given to, and works once.
     */
    Outcome completeChallenge(String token, String method, String code) {
        return completeChallenge(token, method, code, null);
    }

    /** As {@link #completeChallenge(String, String, String)}; {@code credential} is a passkey's answer (JSON). */
    Outcome completeChallenge(String token, String method, String code, String credential) {
        return completeChallenge(token, method, code, credential, false);
    }

    /**
     * As {@link #completeChallenge(String, String, String, String)}; with {@code rememberDevice}, and
     * where the workspace allows it, the outcome also carries the token of a newly remembered device.
     */
    Outcome completeChallenge(String token, String method, String code, String credential, boolean rememberDevice) {
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.MFA_CHALLENGE, token);
        if (tenant.isEmpty()) {
            throw INVALID_CHALLENGE;
        }
        return TenantContext.callAs(tenant.get(), () -> {
            Step step = transactions.execute(tx -> secondStep(token, method, code, credential, rememberDevice));
            if (step.problem() != null) {
                if (step.userId() != null) {
                    events.failure(Type.SIGN_IN_FAILED, tenant.get(), step.userId(), step.email(), step.failure(),
                            Map.of("step", "second_factor", "method", String.valueOf(method)));
                }
                throw step.problem();
            }
            return step.outcome();
        });
    }

    /** The authenticator a user who must enrol at sign-in sets up: only for a live challenge asking for it. */
    MultiFactor.Enrolment enrolmentForChallenge(String token) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.MFA_CHALLENGE, token);
        if (tenant.isEmpty()) {
            throw INVALID_CHALLENGE;
        }
        return TenantContext.callAs(tenant.get(), () -> transactions.execute(tx -> {
            MfaRepository.Challenge challenge = liveChallenge(token).orElseThrow(() -> INVALID_CHALLENGE);
            if (multiFactor.need(challenge.userId()) != MultiFactor.Need.ENROL) {
                throw INVALID_CHALLENGE;
            }
            return multiFactor.startTotp(challenge.userId(), null);
        }));
    }

    /** How many days the workspace of a challenge remembers devices (0: it does not; also for a token that is no challenge). */
    int rememberDeviceDays(String token) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.MFA_CHALLENGE, token);
        return tenant.isEmpty() ? 0 : TenantContext.callAs(tenant.get(), () -> transactions.execute(tx -> remembered.days()));
    }

    /**
     * For a live challenge of a user with a phone for SMS codes: sends a code (the per-number and
     * per-workspace limits apply); answers where it went, masked.
     */
    String sendSmsForChallenge(String token) {
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.MFA_CHALLENGE, token);
        if (tenant.isEmpty()) {
            throw INVALID_CHALLENGE;
        }
        return TenantContext.callAs(tenant.get(), () -> {
            SmsCodes.Outgoing message = transactions.execute(tx -> {
                MfaRepository.Challenge challenge = liveChallenge(token).orElseThrow(() -> INVALID_CHALLENGE);
                if (multiFactor.need(challenge.userId()) != MultiFactor.Need.FACTOR) {
                    throw INVALID_CHALLENGE;
                }
                return multiFactor.smsCode(challenge.userId());
            });
            multiFactor.deliver(message);
            return SmsCodes.masked(message.to());
        });
    }

    /**
     * For a live challenge of a user with a passkey: what {@code navigator.credentials.get()} needs —
     * the ceremony still open for it, or a new one (a passkey's answer, right or wrong, spends one).
     */
    Map<String, Object> passkeyOptionsForChallenge(String token) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.MFA_CHALLENGE, token);
        if (tenant.isEmpty()) {
            throw INVALID_CHALLENGE;
        }
        return TenantContext.callAs(tenant.get(), () -> transactions.execute(tx -> {
            MfaRepository.Challenge challenge = liveChallenge(token).orElseThrow(() -> INVALID_CHALLENGE);
            if (!passkeys.hasPasskey(challenge.userId())) {
                throw ApiProblem.validation("method", "needs a passkey, and this account has none");
            }
            return passkeys.liveRequestOptions(Passkeys.SECOND_FACTOR, challenge.userId())
                    .orElseGet(() -> passkeys.requestOptions(Passkeys.SECOND_FACTOR, challenge.userId()));
        }));
    }

    /**
     * The first step of a password-less sign-in to a workspace: what {@code navigator.credentials.get()}
     * needs (the browser offers the passkeys it holds for this site). A workspace that does not exist
     * gets options of the same shape that lead nowhere, so that this step tells nothing.
     */
    Map<String, Object> passkeyOptions(String workspace) {
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        Optional<ResolvedWorkspace> resolved = activeWorkspace(slug(workspace));
        if (resolved.isEmpty()) {
            return passkeys.decoyRequestOptions();
        }
        UUID tenant = resolved.get().tenantId();
        return TenantContext.callAs(tenant, () -> {
            networks.require(tenant, null, ClientRequest.current().map(ClientRequest::clientIp).orElse(null), "sign_in");
            return transactions.execute(tx -> passkeys.requestOptions(Passkeys.SIGN_IN, null));
        });
    }

    /**
     * A password-less sign-in: a passkey's answer to the workspace's ceremony. The passkey verified its
     * user, so it is a multi-factor sign-in of its own ({@value #PASSKEY_AMR}) and satisfies any MFA
     * policy. The same limits as a password sign-in apply; every refusal is one 401, recorded with why.
     */
    Outcome signInWithPasskey(String workspace, String credential) {
        rateLimiter.consume(perIp, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        String given = slug(workspace);
        String slug = given.length() > 100 ? given.substring(0, 100) : given;
        Optional<ResolvedWorkspace> resolved = activeWorkspace(slug);
        rateLimiter.check(perWorkspace, slug);
        try {
            if (resolved.isEmpty()) {
                events.failure(Type.SIGN_IN_FAILED, null, null, null, "unknown_workspace",
                        Map.of("workspace", slug, "method", Passkeys.KIND));
                throw Passkeys.NOT_ACCEPTED;
            }
            UUID tenant = resolved.get().tenantId();
            return TenantContext.callAs(tenant, () -> {
                networks.require(tenant, null, ClientRequest.current().map(ClientRequest::clientIp).orElse(null),
                        "sign_in");
                Step step = transactions.execute(tx -> passkeyStep(credential));
                if (step.problem() != null) {
                    events.failure(Type.SIGN_IN_FAILED, tenant, step.userId(), step.email(), step.failure(),
                            Map.of("method", Passkeys.KIND));
                    throw step.problem();
                }
                return step.outcome();
            });
        } catch (ApiProblem failed) {
            rateLimiter.record(perWorkspace, slug);
            throw failed;
        }
    }

    private Step passkeyStep(String credential) {
        Instant now = clock.instant();
        Passkeys.Assertion assertion = passkeys.verify(Passkeys.SIGN_IN, null, credential);
        UserRepository.UserRecord user = assertion.userId() == null ? null : users.lockById(assertion.userId()).orElse(null);
        if (!assertion.accepted()) {
            if (user != null && !user.lockedAt(now) && user.active()) {
                // an answer for a real passkey that does not verify counts against that account
                int failures = users.recordFailure(user.id());
                if (failures % lockout.threshold() == 0) {
                    lock(user, failures, now);
                }
            }
            return Step.refused(Passkeys.NOT_ACCEPTED, user == null ? null : user.id(),
                    user == null ? null : user.email(), "passkey_" + assertion.failure());
        }
        if (user == null || user.lockedAt(now) || !user.active()) {
            return Step.refused(Passkeys.NOT_ACCEPTED, user == null ? null : user.id(),
                    user == null ? null : user.email(), user == null ? "unknown_user"
                            : user.lockedAt(now) ? "locked" : user.status());
        }
        if (!settings.ssoPolicy().allowsLocalSignIn(user.id())) {
            return Step.refused(SSO_REQUIRED, user.id(), user.email(), "sso_only");
        }
        users.recordSuccess(user.id(), now);
        return new Step(Outcome.signedIn(startSession(user, PASSKEY_AMR, now), user.email(), List.of()), null, null,
                null, null);
    }

    private Optional<MfaRepository.Challenge> liveChallenge(String token) {
        Instant now = clock.instant();
        ClientRequest request = ClientRequest.current().orElse(null);
        return challenges.lockChallenge(OpaqueTokens.hash(token))
                .filter(c -> c.usedAt() == null && now.isBefore(c.expiresAt()))
                .filter(c -> java.util.Objects.equals(c.clientIp(), request == null ? null : request.clientIp())
                        && java.util.Objects.equals(c.userAgent(), request == null ? null : request.userAgent()));
    }

    private Step secondStep(String token, String method, String code, String credential, boolean rememberDevice) {
        Instant now = clock.instant();
        Optional<MfaRepository.Challenge> live = liveChallenge(token);
        if (live.isEmpty()) {
            return Step.refused(INVALID_CHALLENGE, null, null, "invalid_challenge");
        }
        MfaRepository.Challenge challenge = live.get();
        UserRepository.UserRecord user = users.lockById(challenge.userId()).orElse(null);
        if (user == null || user.lockedAt(now) || !user.active()) {
            challenges.challengeUsed(challenge.id(), now);
            return Step.refused(INVALID_CHALLENGE, user == null ? null : user.id(), user == null ? null : user.email(),
                    user == null ? "unknown_user" : user.lockedAt(now) ? "locked" : user.status());
        }
        MultiFactor.Need need = multiFactor.need(user.id());
        Optional<String> factor;
        List<String> recoveryCodes = List.of();
        String refusal = "bad_code";
        if (need == MultiFactor.Need.FACTOR && Passkeys.KIND.equals(method)) {
            Passkeys.Assertion assertion = passkeys.verify(Passkeys.SECOND_FACTOR, user.id(), credential);
            factor = assertion.accepted() ? Optional.of(Passkeys.AMR) : Optional.empty();
            refusal = assertion.accepted() ? null : "passkey_" + assertion.failure();
        } else if (need == MultiFactor.Need.ENROL) {
            Optional<List<String>> confirmed = MultiFactor.TOTP.equals(method)
                    ? multiFactor.confirmAtSignIn(user.id(), code) : Optional.empty();
            factor = confirmed.map(codes -> MultiFactor.AMR_OTP);
            recoveryCodes = confirmed.orElse(List.of());
        } else {
            factor = multiFactor.verify(user.id(), method, code);
        }
        if (factor.isEmpty()) {
            int failures = users.recordFailure(user.id());
            if (failures % lockout.threshold() == 0) {
                lock(user, failures, now);
            }
            challenges.challengeFailed(challenge.id(), challenge.failures() + 1 >= CHALLENGE_ATTEMPTS, now);
            return Step.refused(refusal.startsWith("passkey_") ? Passkeys.NOT_ACCEPTED : INVALID_CODE, user.id(),
                    user.email(), refusal);
        }
        challenges.challengeUsed(challenge.id(), now);
        users.recordSuccess(user.id(), now);
        Sessions.IssuedTokens tokens = startSession(user, challenge.firstFactor() + " " + factor.get() + " " + Sessions.MFA,
                now);
        Optional<String> device = rememberDevice ? remembered.remember(user.id()) : Optional.empty();
        return new Step(Outcome.signedIn(tokens, user.email(), recoveryCodes).remembering(device.orElse(null)), null,
                null, null, null);
    }

    /** The second step's result: an outcome, or a refusal to record (outside the transaction) and answer. */
    private record Step(Outcome outcome, ApiProblem problem, UUID userId, String email, String failure) {

        static Step refused(ApiProblem problem, UUID userId, String email, String failure) {
            return new Step(null, problem, userId, email, failure);
        }
    }

    /** A sign-in's answer: tokens (with the recovery codes of a factor enrolled on the way), or a challenge. */
    record Outcome(Sessions.IssuedTokens tokens, String email, List<String> recoveryCodes, Challenge challenge,
            String rememberedDeviceToken) {

        static Outcome signedIn(Sessions.IssuedTokens tokens, String email, List<String> recoveryCodes) {
            return new Outcome(tokens, email, List.copyOf(recoveryCodes), null, null);
        }

        static Outcome challenge(Challenge challenge) {
            return new Outcome(null, null, List.of(), challenge, null);
        }

        /** The same, with the cookie token of a device remembered on the way (null: none). */
        Outcome remembering(String deviceToken) {
            return new Outcome(tokens, email, recoveryCodes, challenge, deviceToken);
        }

        @Override
        public String toString() {
            return challenge != null ? "Outcome[challenge]" : "Outcome[" + tokens + "]";
        }
    }

    /**
     * The second step a correct password leads to: its token, the methods it accepts, seconds left,
     * and for a user with a passkey what {@code navigator.credentials.get()} needs.
     */
    record Challenge(String token, List<String> methods, long expiresIn, Map<String, Object> passkey,
            int rememberDeviceDays) {

        @Override
        public String toString() {
            return "Challenge[" + methods + "]";
        }
    }

    /** Locks after every {@code threshold} failures: 1 min, then doubling, at most 15 min by default. */
    void lock(UserRepository.UserRecord user, int failures, Instant now) {
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

    /** @param failure why it failed, or null with an outcome */
    private record Attempt(Outcome outcome, String failure) {

        static Attempt failed(String reason) {
            return new Attempt(null, reason);
        }
    }
}
