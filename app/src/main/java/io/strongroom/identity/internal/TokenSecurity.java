package io.strongroom.identity.internal;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.HttpSecurityContribution;
import io.strongroom.platform.ProblemResponses;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Identity's part of the security chain: access tokens from the {@code Authorization: Bearer}
 * header or the {@code __Host-sr-access} cookie, verified without a database call; transparent
 * refresh of an expired cookie session; CSRF tokens for state-changing cookie-authenticated
 * requests; and the tenant of the token bound for the rest of the request.
 */
@Component
class TokenSecurity implements HttpSecurityContribution {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final AccessTokens accessTokens;
    private final SessionRevocations revocations;
    private final Sessions sessions;
    private final ProblemResponses problems;
    private final Clock clock;

    TokenSecurity(AccessTokens accessTokens, SessionRevocations revocations, Sessions sessions, ProblemResponses problems,
            Clock clock) {
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
        http.oauth2ResourceServer(resourceServer -> resourceServer
                // management endpoints take the management token, not an access token (platform's rule)
                .bearerTokenResolver(request -> request.getRequestURI().startsWith("/actuator/") ? null
                        : new DefaultBearerTokenResolver().resolve(request))
                .authenticationEntryPoint(this::unauthorized)
                .jwt(jwt -> jwt.decoder(decoder()).jwtAuthenticationConverter(authenticationConverter())));
        http.addFilterBefore(new CookieRefreshFilter(), BearerTokenAuthenticationFilter.class);
        http.addFilterAfter(new TenantBindingFilter(), BearerTokenAuthenticationFilter.class);
    }

    /**
     * A verified access token of a session that has not ended (A10): the signature and claims from
     * memory, then the in-memory set of ended sessions.
     */
    com.nimbusds.jwt.JWTClaimsSet authenticate(String token) {
        var claims = accessTokens.verify(token);
        try {
            if (revocations.isRevoked(UUID.fromString(claims.getStringClaim("tid")),
                    UUID.fromString(claims.getStringClaim("sid")))) {
                throw new AccessTokens.InvalidTokenException("the session has ended");
            }
        } catch (java.text.ParseException e) {
            throw new AccessTokens.InvalidTokenException(e.getMessage());
        }
        return claims;
    }

    JwtDecoder decoder() {
        return token -> {
            try {
                var claims = authenticate(token);
                var jwt = com.nimbusds.jwt.SignedJWT.parse(token);
                return Jwt.withTokenValue(token)
                        .headers(headers -> headers.putAll(jwt.getHeader().toJSONObject()))
                        .claims(map -> map.putAll(AccessTokens.springClaims(claims)))
                        .build();
            } catch (AccessTokens.InvalidTokenException | java.text.ParseException e) {
                throw new BadJwtException("The access token is invalid or expired");
            }
        };
    }

    private static org.springframework.core.convert.converter.Converter<Jwt, AbstractAuthenticationToken> authenticationConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("perms");
        authorities.setAuthorityPrefix("");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        converter.setPrincipalClaimName("sub");
        return converter;
    }

    /**
     * CSRF applies to every state-changing request a browser can make on its own: those it
     * authenticates with our cookies, and every form post to a page (sign-in and sign-up included).
     * API and management calls with a bearer header, or without cookies, are not browser-driven.
     */
    private static RequestMatcher cookieAuthenticatedWrite() {
        return request -> !SAFE_METHODS.contains(request.getMethod())
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && (SessionCookies.present(request) || !(request.getRequestURI().startsWith("/api/")
                        || request.getRequestURI().startsWith("/actuator/")));
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean tokenPresented = e instanceof OAuth2AuthenticationException;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, tokenPresented
                ? "Bearer error=\"invalid_token\", error_description=\"The access token is invalid or expired\""
                : "Bearer");
        problems.write(request, response, tokenPresented
                ? new ApiProblem(HttpStatus.UNAUTHORIZED, ProblemType.uri("invalid-token"), "Invalid access token",
                        "The access token is invalid or expired; refresh it or sign in again.", List.of(), java.util.Map.of())
                : new ApiProblem(ProblemType.UNAUTHORIZED, "Sign in to use this resource."));
    }

    /**
     * Turns the browser's access cookie into the bearer token of the request (after CSRF has been
     * checked on the request as the browser sent it). An access cookie that has expired, or is
     * missing while a refresh cookie is present, is renewed on this very request, without the user
     * noticing; a refresh cookie that no longer continues a session is cleared.
     */
    private final class CookieRefreshFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
                chain.doFilter(request, response);
                return;
            }
            if (isStaticAsset(request)) {
                chain.doFilter(request, response); // assets need no session; renewing here could race the page
                return;
            }
            Optional<String> access = SessionCookies.read(request, SessionCookies.ACCESS).filter(this::isValid);
            Optional<String> refresh = SessionCookies.read(request, SessionCookies.REFRESH);
            if (access.isEmpty() && refresh.isPresent() && !isRefreshEndpoint(request)) {
                Optional<Sessions.IssuedTokens> renewed = sessions.refresh(refresh.get());
                if (renewed.isPresent()) {
                    SessionCookies.write(response, renewed.get(), clock.instant());
                    access = Optional.of(renewed.get().accessToken());
                } else {
                    SessionCookies.clear(response);
                }
            } else if (access.isEmpty() && SessionCookies.read(request, SessionCookies.ACCESS).isPresent()) {
                SessionCookies.clear(response);
            }
            chain.doFilter(access.isPresent() ? new BearerRequest(request, access.get()) : request, response);
        }

        private boolean isValid(String token) {
            try {
                authenticate(token);
                return true;
            } catch (AccessTokens.InvalidTokenException e) {
                return false;
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

    /** The request with the cookie's access token as its {@code Authorization} header. */
    private static final class BearerRequest extends HttpServletRequestWrapper {

        private final String authorization;

        BearerRequest(HttpServletRequest request, String token) {
            super(request);
            this.authorization = "Bearer " + token;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? authorization : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(authorization)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new java.util.ArrayList<>(Collections.list(super.getHeaderNames()));
            names.add(HttpHeaders.AUTHORIZATION);
            return Collections.enumeration(names);
        }
    }

    /** Binds the token's tenant to the request thread, so every transaction runs under it. */
    private static final class TenantBindingFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
                UUID tenant = UUID.fromString(token.getToken().getClaimAsString("tid"));
                MDC.put("tenant_id", tenant.toString());
                MDC.put("user_id", token.getToken().getSubject());
                try (TenantContext.Binding ignored = TenantContext.bind(tenant)) {
                    chain.doFilter(request, response);
                } finally {
                    MDC.remove("tenant_id");
                    MDC.remove("user_id");
                }
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
