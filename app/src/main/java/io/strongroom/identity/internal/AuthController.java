package io.strongroom.identity.internal;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.databind.JsonNode;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Problem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.SelfService;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Sign-in, token refresh, sign-out and password recovery: {@code /api/v1/auth/*}. */
@RestController
class AuthController {

    static final ApiProblem INVALID_REFRESH = new ApiProblem(HttpStatus.UNAUTHORIZED,
            ProblemType.uri("invalid-refresh-token"), "Session ended",
            "The refresh token is invalid, was already used, or its session has ended; sign in again.",
            List.of(), Map.of());

    private final SignIn signIn;
    private final DeviceCookies devices;
    private final Sessions sessions;
    private final MyAccount account;
    private final Clock clock;
    private final RememberedDevices remembered;

    AuthController(SignIn signIn, DeviceCookies devices, Sessions sessions, MyAccount account, Clock clock,
            RememberedDevices remembered) {
        this.remembered = remembered;
        this.devices = devices;
        this.signIn = signIn;
        this.sessions = sessions;
        this.account = account;
        this.clock = clock;
    }

    @PermitAll
    @PostMapping(path = "/api/v1/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> login(@RequestBody LoginRequest body, HttpServletRequest request, HttpServletResponse response) {
        boolean cookies = cookieDelivery(body.tokenDelivery());
        SignIn.Outcome outcome = signIn.signIn(body.workspace(), body.email(), body.password(),
                SessionCookies.read(request, DeviceCookies.NAME), SessionCookies.read(request, RememberedDevices.COOKIE));
        if (outcome.challenge() != null) {
            return mfaRequired(outcome.challenge());
        }
        return ResponseEntity.ok(signedIn(outcome, cookies, request, response));
    }

    /**
     * The second step of a sign-in that needs a second factor: the challenge from the first step, the
     * method ({@code totp} or {@code recovery_code}) and the code. A user enrolling at sign-in sends the
     * first code of the authenticator set up through {@code /login/mfa/enrolment}; the answer then also
     * carries their recovery codes, shown this once.
     */
    @PermitAll
    @PostMapping(path = "/api/v1/auth/login/mfa", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse secondFactor(@RequestBody SecondFactorRequest body, HttpServletRequest request,
            HttpServletResponse response) {
        boolean cookies = cookieDelivery(body.tokenDelivery());
        SignIn.Outcome outcome = signIn.completeChallenge(body.challenge(), body.method(), body.code(),
                Passkeys.json(body.credential()), Boolean.TRUE.equals(body.rememberDevice()));
        return signedIn(outcome, cookies, request, response);
    }

    /** For a challenge of a user with a phone for SMS codes: sends a code to it (then {@code /login/mfa} with {@code sms}). */
    @PermitAll
    @PostMapping(path = "/api/v1/auth/login/mfa/sms", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<MfaController.SmsSent> smsForChallenge(@RequestBody ChallengeRequest body) {
        String sentTo = signIn.sendSmsForChallenge(body.challenge());
        return ResponseEntity.accepted().header("Cache-Control", "no-store")
                .body(new MfaController.SmsSent(null, sentTo, SmsCodes.LIFETIME.toSeconds()));
    }

    /**
     * For a challenge of a user with a passkey: what {@code navigator.credentials.get()} needs (a new
     * ceremony when the one from the first step was spent by a failed attempt).
     */
    @PermitAll
    @PostMapping(path = "/api/v1/auth/login/mfa/passkey", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PasskeyOptions> passkeyForChallenge(@RequestBody ChallengeRequest body) {
        return PasskeyOptions.answer(signIn.passkeyOptionsForChallenge(body.challenge()));
    }

    /**
     * The first step of a password-less sign-in: the options for {@code navigator.credentials.get()}.
     * The browser offers the passkeys it holds for this site; the answer goes to {@code /auth/passkey}.
     */
    @PermitAll
    @PostMapping(path = "/api/v1/auth/passkey/options", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PasskeyOptions> passkeyOptions(@RequestBody WorkspaceRequest body) {
        return PasskeyOptions.answer(signIn.passkeyOptions(body.workspace()));
    }

    /** A password-less sign-in: the passkey's answer ({@code PublicKeyCredential.toJSON()}) for the workspace. */
    @PermitAll
    @PostMapping(path = "/api/v1/auth/passkey", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse passkeySignIn(@RequestBody PasskeySignInRequest body, HttpServletRequest request,
            HttpServletResponse response) {
        boolean cookies = cookieDelivery(body.tokenDelivery());
        SignIn.Outcome outcome = signIn.signInWithPasskey(body.workspace(), Passkeys.json(body.credential()));
        return signedIn(outcome, cookies, request, response);
    }

    /** For a challenge that asks the user to enrol: a new authenticator's secret, URI and QR code (shown once). */
    @PermitAll
    @PostMapping(path = "/api/v1/auth/login/mfa/enrolment", consumes = MediaType.APPLICATION_JSON_VALUE)
    MfaController.EnrolmentResponse enrolAtSignIn(@RequestBody ChallengeRequest body) {
        return MfaController.EnrolmentResponse.of(signIn.enrolmentForChallenge(body.challenge()));
    }

    private static boolean cookieDelivery(String tokenDelivery) {
        String delivery = tokenDelivery == null ? "body" : tokenDelivery;
        if (!delivery.equals("body") && !delivery.equals("cookie")) {
            throw ApiProblem.validation("token_delivery", "must be body or cookie");
        }
        return delivery.equals("cookie");
    }

    private TokenResponse signedIn(SignIn.Outcome outcome, boolean cookies, HttpServletRequest request,
            HttpServletResponse response) {
        devices.issue(response, outcome.tokens().tenantId(), outcome.email());
        if (outcome.rememberedDeviceToken() != null) {
            remembered.writeCookie(response, outcome.rememberedDeviceToken());
        }
        TokenResponse tokens = respond(outcome.tokens(), cookies, request, response);
        return outcome.recoveryCodes().isEmpty() ? tokens : tokens.withRecoveryCodes(outcome.recoveryCodes());
    }

    /** 401 with the challenge: the password was right, a second factor (or its enrolment) is needed. */
    private static ResponseEntity<Map<String, Object>> mfaRequired(SignIn.Challenge challenge) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", ProblemType.uri("mfa-required").toString());
        body.put("title", "Second factor required");
        body.put("status", 401);
        body.put("detail", challenge.methods().contains(MultiFactor.ENROL)
                ? "This workspace requires a second factor: set up an authenticator app to finish signing in."
                : "Use your passkey, or enter a code from your authenticator app or a recovery code, to finish signing in.");
        body.put("challenge", challenge.token());
        body.put("methods", challenge.methods());
        body.put("expires_in", challenge.expiresIn());
        if (challenge.passkey() != null) {
            body.put("public_key", challenge.passkey());
        }
        if (challenge.rememberDeviceDays() > 0) {
            body.put("remember_device_days", challenge.rememberDeviceDays());
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
                .header("Cache-Control", "no-store").body(body);
    }

    /** A new token pair for a refresh token (in the body, or the refresh cookie of a browser). */
    @PermitAll
    @PostMapping(path = "/api/v1/auth/refresh")
    TokenResponse refresh(@RequestBody(required = false) RefreshRequest body, HttpServletRequest request,
            HttpServletResponse response) {
        boolean fromCookie = body == null || body.refreshToken() == null;
        Optional<String> token = fromCookie ? SessionCookies.read(request, SessionCookies.REFRESH)
                : Optional.of(body.refreshToken());
        Optional<Sessions.IssuedTokens> renewed = token.flatMap(sessions::refresh);
        if (renewed.isEmpty()) {
            if (fromCookie) {
                SessionCookies.clear(response);
            }
            throw INVALID_REFRESH;
        }
        return respond(renewed.get(), fromCookie, request, response);
    }

    @SelfService("the caller's own session")
    @PostMapping("/api/v1/auth/logout")
    ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
        account.signOut(request, response);
        return ResponseEntity.noContent().build();
    }

    /** Always 202, whether or not the account exists (no enumeration). */
    @PermitAll
    @PostMapping(path = "/api/v1/auth/recovery", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> recovery(@RequestBody RecoveryRequest body) {
        account.requestRecovery(body.workspace(), body.email());
        return Map.of("status", "If the account exists, a link to reset its password is on its way.");
    }

    @PermitAll
    @PostMapping(path = "/api/v1/auth/recovery/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    PasswordResponse completeRecovery(@RequestBody CompleteRecoveryRequest body) {
        return new PasswordResponse(account.completeReset(body.token(), body.newPassword()));
    }

    @PermitAll
    @PostMapping(path = "/api/v1/auth/invitation/accept", consumes = MediaType.APPLICATION_JSON_VALUE)
    PasswordResponse acceptInvitation(@RequestBody AcceptInvitationRequest body) {
        return new PasswordResponse(account.acceptInvitation(body.token(), body.password()));
    }

    private TokenResponse respond(Sessions.IssuedTokens tokens, boolean cookies, HttpServletRequest request,
            HttpServletResponse response) {
        if (cookies) {
            SessionCookies.write(response, tokens, clock.instant());
            CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            return new TokenResponse(null, "cookie", tokens.expiresIn(), null, csrf == null ? null : csrf.getToken());
        }
        return new TokenResponse(tokens.accessToken(), "Bearer", tokens.expiresIn(), tokens.refreshToken(), null);
    }

    record LoginRequest(String workspace, String email, String password, String tokenDelivery) {

        @Override
        public String toString() {
            return "LoginRequest[workspace=" + workspace + ", email=" + email + ", password=<hidden>]";
        }
    }

    record RefreshRequest(String refreshToken) {

        @Override
        public String toString() {
            return "RefreshRequest[<hidden>]";
        }
    }

    record RecoveryRequest(String workspace, String email) {
    }

    record CompleteRecoveryRequest(String token, String newPassword) {

        @Override
        public String toString() {
            return "CompleteRecoveryRequest[<hidden>]";
        }
    }

    record AcceptInvitationRequest(String token, String password) {

        @Override
        public String toString() {
            return "AcceptInvitationRequest[<hidden>]";
        }
    }

    /** {@code credential}: a passkey's answer, the JSON of {@code PublicKeyCredential.toJSON()}. */
    /** {@code rememberDevice}: where the workspace allows it, this device skips the factor for its days (a cookie). */
    record SecondFactorRequest(String challenge, String method, String code, JsonNode credential, String tokenDelivery,
            Boolean rememberDevice) {

        @Override
        public String toString() {
            return "SecondFactorRequest[" + method + ", <hidden>]";
        }
    }

    record WorkspaceRequest(String workspace) {
    }

    record PasskeySignInRequest(String workspace, JsonNode credential, String tokenDelivery) {

        @Override
        public String toString() {
            return "PasskeySignInRequest[" + workspace + ", <hidden>]";
        }
    }

    /** What {@code navigator.credentials.get()} or {@code create()} needs, as {@code publicKey} in JSON form. */
    record PasskeyOptions(Map<String, Object> publicKey) {

        static ResponseEntity<PasskeyOptions> answer(Map<String, Object> options) {
            return ResponseEntity.ok().header("Cache-Control", "no-store").body(new PasskeyOptions(options));
        }
    }

    record ChallengeRequest(String challenge) {

        @Override
        public String toString() {
            return "ChallengeRequest[<hidden>]";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken, String csrfToken,
            List<String> recoveryCodes) {

        TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken, String csrfToken) {
            this(accessToken, tokenType, expiresIn, refreshToken, csrfToken, null);
        }

        TokenResponse withRecoveryCodes(List<String> codes) {
            return new TokenResponse(accessToken, tokenType, expiresIn, refreshToken, csrfToken, List.copyOf(codes));
        }

        @Override
        public String toString() {
            return "TokenResponse[" + tokenType + "]";
        }
    }

    record PasswordResponse(List<String> passwordWarnings) {
    }
}
