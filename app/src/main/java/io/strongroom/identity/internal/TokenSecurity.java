package io.strongroom.identity.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.HttpSecurityContribution;
import io.strongroom.platform.ProblemResponses;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Identity's part of the security chain: access tokens from the {@code Authorization: Bearer}
 * header or the {@code __Host-sr-access} cookie, resolved and verified once, without a database
 * call, into the request's {@link Caller}; transparent refresh of an expired cookie session; CSRF
 * tokens for state-changing cookie-authenticated requests; and the tenant of the token bound for
 * the rest of the request. Spring's resource-server support is not used: it re-parsed the token
 * and rebuilt its claims on every request.
 */
@Component
class TokenSecurity implements HttpSecurityContribution {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final AccessTokens accessTokens;
    private final SessionRevocations revocations;
    private final Sessions sessions;
    private final ProblemResponses problems;
    private final IdentityMetrics metrics;
    private final Clock clock;

    private final NetworkPolicy networks;
    private final ScimTokens scimTokens;

    TokenSecurity(AccessTokens accessTokens, SessionRevocations revocations, Sessions sessions, ProblemResponses problems,
            IdentityMetrics metrics, Clock clock, NetworkPolicy networks, ScimTokens scimTokens) {
        this.scimTokens = scimTokens;
        this.networks = networks;
        this.metrics = metrics;
        this.accessTokens = accessTokens;
        this.revocations = revocations;
        this.sessions = sessions;
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    public void contribute(HttpSecurity http) throws Exception {
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieName(SessionCookies.CSRF);
        csrfTokens.setHeaderName("X-CSRF-TOKEN");
        csrfTokens.setParameterName("_csrf");
        csrfTokens.setCookieCustomizer(cookie -> cookie.secure(true).httpOnly(true).sameSite("Strict").path("/"));

        // Every request authenticates anew from its token; rotating the CSRF token each time would break
        // a form open in a second tab. The __Host- cookie cannot be planted by another (sub)domain.
        http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).requireCsrfProtectionMatcher(cookieAuthenticatedWrite())
                .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()));
        // after CSRF (checked on the request as the browser sent it), before the anonymous fallback
        http.addFilterBefore(new AccessTokenFilter(), AnonymousAuthenticationFilter.class);
        // /scim/ takes SCIM tokens only (and the access token filter leaves it alone)
        http.addFilterBefore(new ScimTokenFilter(scimTokens, networks), AnonymousAuthenticationFilter.class);
    }

    /**
     * A verified access token of a session that has not ended (A10): the signature and claims from
     * memory (verified once per token), then the in-memory set of ended sessions.
     */
    AccessTokens.VerifiedToken authenticate(String token) {
        AccessTokens.VerifiedToken verified = accessTokens.verifiedToken(token);
        if (revocations.isRevoked(verified.tenantId(), verified.sessionId())) {
            throw new AccessTokens.InvalidTokenException(AccessTokens.InvalidTokenException.Reason.SESSION_ENDED,
                    "the session has ended");
        }
        return verified;
    }

    /**
     * The token of an {@code Authorization} header: null when the header is of another scheme (the
     * request stays anonymous); refused when it says Bearer but is not one token of base64url and
     * dots (RFC 6750's b64token). Plain character checks, no regular expression.
     */
    static String bearerToken(String header) {
        if (header.length() < 6 || !header.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        if (header.length() < 8 || header.charAt(6) != ' ') {
            throw malformed();
        }
        int end = header.length();
        while (end > 7 && header.charAt(end - 1) == '=') {
            end--;
        }
        if (end == 7) {
            throw malformed();
        }
        for (int i = 7; i < end; i++) {
            char c = header.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!allowed) {
                throw malformed();
            }
        }
        return header.substring(7);
    }

    private static AccessTokens.InvalidTokenException malformed() {
        return new AccessTokens.InvalidTokenException(AccessTokens.InvalidTokenException.Reason.MALFORMED,
                "malformed bearer token");
    }

    /**
     * CSRF applies to every state-changing request a browser can make on its own: those it
     * authenticates with our cookies, and every form post to a page (sign-in and sign-up included).
     * API and management calls with a bearer header, or without cookies, are not browser-driven.
     */
    private static RequestMatcher cookieAuthenticatedWrite() {
        return request -> !SAFE_METHODS.contains(request.getMethod())
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                // a SAML provider posts its Response cross-site by design; the single-use RelayState, the
                // browser cookie it must come with and InResponseTo stand in for the CSRF token there
                && !SamlSignIn.ACS.equals(request.getRequestURI())
                && (SessionCookies.present(request) || !(request.getRequestURI().startsWith("/api/")
                        || request.getRequestURI().startsWith("/actuator/")));
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\"");
        problems.write(request, response, new ApiProblem(HttpStatus.UNAUTHORIZED, ProblemType.uri("invalid-token"),
                "Invalid access token", "The access token is invalid or expired; refresh it or sign in again.",
                List.of(), java.util.Map.of()));
    }

    /**
     * The one place a request becomes authenticated. The token comes from the {@code Authorization:
     * Bearer} header or, for browsers, the {@code __Host-sr-access} cookie; it is verified once (see
     * {@link AccessTokens#verifiedToken}); the {@link Caller} is built from it and the request's facts;
     * the tenant is bound for the rest of the request. An expired access cookie, or a missing one
     * next to a refresh cookie, is renewed on this very request without the user noticing; a
     * refresh cookie that no longer continues a session is cleared. An invalid bearer token is a 401.
     */
    private final class AccessTokenFilter extends OncePerRequestFilter {

        private final SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getRequestURI().startsWith("/actuator/") || request.getRequestURI().startsWith(ScimTokenFilter.PATH)) {
                chain.doFilter(request, response); // management endpoints take the management token (platform's rule)
                return;
            }
            AccessTokens.VerifiedToken token;
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (header != null) {
                try {
                    String bearer = bearerToken(header);
                    token = bearer == null ? null : authenticate(bearer);
                } catch (AccessTokens.InvalidTokenException e) {
                    metrics.tokenRefused("bearer", e.reason());
                    unauthorized(request, response);
                    return;
                }
            } else {
                token = isStaticAsset(request) ? null : fromCookies(request, response);
            }
            if (token == null) {
                chain.doFilter(request, response);
                return;
            }
            Optional<ClientRequest> facts = ClientRequest.current();
            if (!networks.allows(token.tenantId(), facts.map(ClientRequest::clientIp).orElse(null))) {
                try {
                    networks.require(token.tenantId(), token.userId(), facts.map(ClientRequest::clientIp).orElse(null),
                            request.getMethod() + " " + request.getRequestURI());
                } catch (io.strongroom.platform.ApiProblem refused) {
                    problems.write(request, response, refused);
                    return;
                }
            }
            Caller caller = new Caller(token.userId(), token.tenantId(), token.sessionId(), token.permissions(),
                    facts.map(ClientRequest::clientIp).orElse(null), facts.map(ClientRequest::requestId).orElse(null),
                    facts.map(ClientRequest::userAgent).orElse(null), Caller.Kind.USER);
            request.setAttribute(StepUpInterceptor.TOKEN_ATTRIBUTE, token); // for sensitive actions (step-up)
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new CallerAuthentication(caller, token.authorities()));
            SecurityContextHolder.setContext(context);
            contexts.saveContext(context, request, response);
            MDC.put("tenant_id", caller.tenantId().toString());
            MDC.put("user_id", caller.userId().toString());
            try (TenantContext.Binding ignored = TenantContext.bind(caller.tenantId())) {
                chain.doFilter(request, response);
            } finally {
                MDC.remove("tenant_id");
                MDC.remove("user_id");
            }
        }

        private AccessTokens.VerifiedToken fromCookies(HttpServletRequest request, HttpServletResponse response) {
            Optional<String> accessCookie = SessionCookies.read(request, SessionCookies.ACCESS);
            AccessTokens.VerifiedToken token = accessCookie.map(this::validOrNull).orElse(null);
            if (token != null) {
                return token;
            }
            Optional<String> refresh = SessionCookies.read(request, SessionCookies.REFRESH);
            if (refresh.isPresent() && !isRefreshEndpoint(request)) {
                Optional<Sessions.IssuedTokens> renewed = sessions.refresh(refresh.get());
                if (renewed.isPresent()) {
                    SessionCookies.write(response, renewed.get(), clock.instant());
                    return validOrNull(renewed.get().accessToken());
                }
                SessionCookies.clear(response);
            } else if (accessCookie.isPresent()) {
                SessionCookies.clear(response);
            }
            return null;
        }

        private AccessTokens.VerifiedToken validOrNull(String token) {
            try {
                return authenticate(token);
            } catch (AccessTokens.InvalidTokenException e) {
                metrics.tokenRefused("cookie", e.reason());
                return null;
            }
        }

        private boolean isStaticAsset(HttpServletRequest request) {
            String path = request.getRequestURI();
            return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/")
                    || path.startsWith("/favicon");
        }

        private boolean isRefreshEndpoint(HttpServletRequest request) {
            return "/api/v1/auth/refresh".equals(request.getRequestURI());
        }
    }

    /** An authenticated request: its principal is the {@link Caller}, its authorities the token's permissions. */
    static final class CallerAuthentication extends AbstractAuthenticationToken {

        private final Caller caller;

        CallerAuthentication(Caller caller, List<GrantedAuthority> authorities) {
            super(authorities);
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Object getPrincipal() {
            return caller;
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public String getName() {
            return caller.userId().toString();
        }
    }
}
