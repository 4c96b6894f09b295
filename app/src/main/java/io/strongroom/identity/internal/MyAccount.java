package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.identity.Regional;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.TenantDirectory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What a person does with their own account, behind both the JSON API ({@code /api/v1/auth},
 * {@code /api/v1/me}) and the pages: sign in and out, their sessions, passwords (change, recovery,
 * invitation) and the live password check. Failures are {@code ApiProblem}s.
 */
@Service
public class MyAccount {

    private final SignIn signIn;
    private final RememberedDevices remembered;
    private final DeviceCookies devices;
    private final PasswordChange passwordChange;
    private final Recovery recovery;
    private final Invitations invitations;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final SecuritySettingsRepository settings;
    private final RegionalRepository regional;
    private final PasswordPolicy policy;
    private final TenantDirectory tenants;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MyAccount(SignIn signIn, DeviceCookies devices, PasswordChange passwordChange, Recovery recovery,
            Invitations invitations, UserRepository users, SessionRepository sessions,
            SecuritySettingsRepository settings, RegionalRepository regional, PasswordPolicy policy,
            TenantDirectory tenants, IdentityEvents events,
            TransactionTemplate transactions, Clock clock, RememberedDevices remembered) {
        this.signIn = signIn;
        this.remembered = remembered;
        this.devices = devices;
        this.passwordChange = passwordChange;
        this.recovery = recovery;
        this.invitations = invitations;
        this.users = users;
        this.sessions = sessions;
        this.settings = settings;
        this.regional = regional;
        this.policy = policy;
        this.tenants = tenants;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Signs in and sets the session cookies on {@code response}; one 401 answer for every failure. A
     * correct password of an account that needs a second factor answers the challenge instead.
     */
    Optional<SignIn.Challenge> signIn(String workspace, String email, String password, HttpServletRequest request,
            HttpServletResponse response) {
        SignIn.Outcome outcome = signIn.signIn(workspace, email, password,
                SessionCookies.read(request, DeviceCookies.NAME), SessionCookies.read(request, RememberedDevices.COOKIE));
        if (outcome.challenge() != null) {
            return Optional.of(outcome.challenge());
        }
        signedIn(outcome, response);
        return Optional.empty();
    }

    /** A password-less sign-in with a passkey's answer; sets the session cookies. */
    void signInWithPasskey(String workspace, String credential, HttpServletResponse response) {
        signedIn(signIn.signInWithPasskey(workspace, credential), response);
    }

    /**
     * The second step of a sign-in; sets the session cookies; answers recovery codes to show once (if
     * any). For the method {@code passkey}, {@code code} is the passkey's answer.
     */
    List<String> completeSignIn(String challenge, String method, String code, boolean rememberDevice,
            HttpServletResponse response) {
        SignIn.Outcome outcome = Passkeys.KIND.equals(method)
                ? signIn.completeChallenge(challenge, method, null, code, rememberDevice)
                : signIn.completeChallenge(challenge, method, code, null, rememberDevice);
        if (outcome.rememberedDeviceToken() != null) {
            remembered.writeCookie(response, outcome.rememberedDeviceToken());
        }
        signedIn(outcome, response);
        return outcome.recoveryCodes();
    }

    /** A sign-in through an identity provider: sets the session cookies unless a second factor is due. */
    Optional<SignIn.Challenge> signedInThroughProvider(SignIn.Outcome outcome, HttpServletResponse response) {
        if (outcome.challenge() != null) {
            return Optional.of(outcome.challenge());
        }
        signedIn(outcome, response);
        return Optional.empty();
    }

    private void signedIn(SignIn.Outcome outcome, HttpServletResponse response) {
        devices.issue(response, outcome.tokens().tenantId(), outcome.email());
        SessionCookies.write(response, outcome.tokens(), clock.instant());
    }

    /** Ends the current session (if any) and clears the cookies. */
    void signOut(HttpServletRequest request, HttpServletResponse response) {
        Caller.current().ifPresent(user -> transactions.executeWithoutResult(tx -> {
            if (sessions.revoke(user.userId(), user.sessionId(), "signed_out", clock.instant())) {
                events.success(Type.SIGNED_OUT, TenantContext.require(), user.userId(), user.userId(), null,
                        Map.of("session_id", user.sessionId().toString()));
            }
        }));
        SessionCookies.clear(response);
    }

    /** The signed-in user. */
    Me me() {
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            var user = users.findById(me.userId()).orElseThrow(() -> ApiProblem.notFound("The account"));
            Tenant tenant = tenants.current().orElseThrow();
            RegionalRepository.Choice choice = regional.choice(me.userId());
            Regional effective = choice.over(regional.workspaceDefaults());
            return new Me(user.id(), user.email(), user.displayName(), user.status(), tenant.id(), tenant.workspace(),
                    tenant.companyName(), me.sessionId(), me.permissions().stream().sorted().toList(),
                    effective.language().tag(), effective.zone().getId(), preferencesOf(choice));
        });
    }

    /** The caller's own choice of language and time zone (null: the workspace's default). */
    Preferences preferences() {
        Caller me = Caller.require();
        return preferencesOf(transactions.execute(tx -> regional.choice(me.userId())));
    }

    /** Sets (or, with null or blank, clears) the caller's language and time zone; a 400 names a wrong one. */
    Preferences updatePreferences(String language, String timeZone) {
        Caller me = Caller.require();
        java.util.List<io.strongroom.platform.ApiProblem.FieldProblem> problems = new java.util.ArrayList<>();
        java.util.Optional<io.strongroom.platform.Language> chosenLanguage = blank(language) ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(AccountAdministrationService.valid(problems, () -> Regional.language("language", language)));
        java.util.Optional<java.time.ZoneId> chosenZone = blank(timeZone) ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(AccountAdministrationService.valid(problems, () -> Regional.zone("time_zone", timeZone)));
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        RegionalRepository.Choice after = new RegionalRepository.Choice(chosenLanguage, chosenZone);
        return transactions.execute(tx -> {
            RegionalRepository.Choice before = regional.choice(me.userId());
            regional.saveChoice(me.userId(), after);
            Preferences was = preferencesOf(before);
            Preferences now = preferencesOf(after);
            events.success(Type.PREFERENCES_CHANGED, TenantContext.require(), me.userId(), me.userId(), null, Map.of(
                    "language", IdentityEvents.change(was.language(), now.language()),
                    "time_zone", IdentityEvents.change(was.timeZone(), now.timeZone())));
            return now;
        });
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static Preferences preferencesOf(RegionalRepository.Choice choice) {
        return new Preferences(choice.language().map(io.strongroom.platform.Language::tag).orElse(null),
                choice.zone().map(java.time.ZoneId::getId).orElse(null));
    }

    /** Returns warnings under a "recommended" policy; ends the user's other sessions. */
    List<String> changePassword(String currentPassword, String newPassword) {
        Caller me = Caller.require();
        if (newPassword == null || newPassword.isEmpty()) {
            throw ApiProblem.validation("new_password", "is required");
        }
        return passwordChange.changePassword(me.userId(), me.sessionId(), currentPassword, newPassword);
    }

    List<SessionInfo> sessions() {
        Caller me = Caller.require();
        Instant now = clock.instant();
        return transactions.execute(tx -> sessions.active(me.userId(), now.minus(settings.current().sessionIdle()), now)
                .stream()
                .map(s -> new SessionInfo(s.id(), s.createdAt(), s.lastUsedAt(), s.ip(), s.userAgent(),
                        s.id().equals(me.sessionId())))
                .toList());
    }

    void endSession(UUID sessionId) {
        Caller me = Caller.require();
        boolean ended = Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean revoked = sessions.revoke(me.userId(), sessionId, "signed_out_by_user", clock.instant());
            if (revoked) {
                events.success(Type.SESSION_REVOKED, TenantContext.require(), me.userId(), me.userId(), null,
                        Map.of("session_id", sessionId.toString()));
            }
            return revoked;
        }));
        if (!ended) {
            throw ApiProblem.notFound("The session");
        }
    }

    /** Sign out everywhere, this session included. */
    void endAllSessions() {
        Caller me = Caller.require();
        transactions.executeWithoutResult(tx -> {
            int ended = sessions.revokeAll(me.userId(), null, "signed_out_everywhere", clock.instant());
            events.success(Type.ALL_SESSIONS_REVOKED, TenantContext.require(), me.userId(), me.userId(), null,
                    Map.of("sessions_ended", ended));
        });
    }

    /** Mails a recovery link if the account exists; says nothing either way. */
    void requestRecovery(String workspace, String email) {
        recovery.requestRecovery(workspace, email);
    }

    List<String> completeReset(String token, String newPassword) {
        if (token == null || token.isBlank()) {
            throw ApiProblem.validation("token", "is required");
        }
        return recovery.completeReset(token, newPassword);
    }

    /** Company and address an open invitation link is for; empty for any other link. */
    java.util.Optional<Invitations.Invited> invitation(String token) {
        return token == null || token.isBlank() ? java.util.Optional.empty() : invitations.describe(token);
    }

    List<String> acceptInvitation(String token, String password) {
        if (token == null || token.isBlank()) {
            throw ApiProblem.validation("token", "is required");
        }
        return invitations.acceptInvitation(token, password);
    }

    /**
     * The policy's verdict on a candidate password, for live feedback while it is typed: the
     * signed-in user's workspace policy, or the default policy of a new workspace.
     */
    PasswordCheck checkPassword(String password, List<String> contextWords) {
        SecuritySettings current = TenantContext.current().isPresent()
                ? transactions.execute(tx -> settings.current()) : SecuritySettings.DEFAULTS;
        PasswordPolicy.Evaluation evaluation = policy.evaluate(password == null ? "" : password, current,
                contextWords == null ? List.of() : contextWords);
        return new PasswordCheck(evaluation.score(), evaluation.problems(), current.enforced());
    }

    /**
     * The signed-in user as the API and the pages show them.
     *
     * @param language the language they read: their own choice, else the workspace's default
     * @param timeZone the time zone times are shown in, chosen the same way
     * @param preferences their own choice alone (null parts: the workspace's default)
     */
    public record Me(UUID id, String email, String displayName, String status, UUID tenantId, String workspace,
            String companyName, UUID sessionId, List<String> permissions, String language, String timeZone,
            Preferences preferences) {
    }

    /** A user's own language and time zone; null where they follow the workspace's default. */
    public record Preferences(String language, String timeZone) {
    }

    public record SessionInfo(UUID id, Instant createdAt, Instant lastUsedAt, String ip, String userAgent, boolean current) {
    }

    /** @param score 0 (trivial) to 4 (very strong); @param problems reasons, empty when acceptable */
    public record PasswordCheck(int score, List<String> problems, boolean enforced) {

        public boolean acceptable() {
            return problems.isEmpty();
        }
    }
}
