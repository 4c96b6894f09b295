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

import io.strongroom.platform.ApiProblem;
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

    AuthController(SignIn signIn, DeviceCookies devices, Sessions sessions, MyAccount account, Clock clock) {
        this.devices = devices;
        this.signIn = signIn;
        this.sessions = sessions;
        this.account = account;
        this.clock = clock;
    }

    @PermitAll
    @PostMapping(path = "/api/v1/auth/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse login(@RequestBody LoginRequest body, HttpServletRequest request, HttpServletResponse response) {
        String delivery = body.tokenDelivery() == null ? "body" : body.tokenDelivery();
        if (!delivery.equals("body") && !delivery.equals("cookie")) {
            throw ApiProblem.validation("token_delivery", "must be body or cookie");
        }
        Sessions.IssuedTokens tokens = signIn.signIn(body.workspace(), body.email(), body.password(),
                SessionCookies.read(request, DeviceCookies.NAME));
        devices.issue(response, tokens.tenantId(), body.email());
        return respond(tokens, delivery.equals("cookie"), request, response);
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

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken, String csrfToken) {

        @Override
        public String toString() {
            return "TokenResponse[" + tokenType + "]";
        }
    }

    record PasswordResponse(List<String> passwordWarnings) {
    }
}
