package io.strongroom.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The browser form of the tokens: {@code __Host-} cookies (Secure, Path=/, no Domain), HttpOnly so
 * page scripts cannot read them, SameSite=Strict so other sites cannot send them.
 */
final class SessionCookies {

    static final String ACCESS = "__Host-sr-access";
    static final String REFRESH = "__Host-sr-refresh";
    static final String CSRF = "__Host-sr-csrf";

    private SessionCookies() {
    }

    /** Sets both cookies; the refresh cookie lasts as long as the session can. */
    static void write(HttpServletResponse response, Sessions.IssuedTokens tokens, Instant now) {
        Duration remaining = Duration.between(now, tokens.sessionExpiresAt());
        add(response, ACCESS, tokens.accessToken(), null);
        add(response, REFRESH, tokens.refreshToken(), remaining.isNegative() ? Duration.ZERO : remaining);
    }

    /** Replaces the access cookie only (a step-up renews the access token, not the session). */
    static void writeAccess(HttpServletResponse response, String accessToken) {
        add(response, ACCESS, accessToken, null);
    }

    static void clear(HttpServletResponse response) {
        add(response, ACCESS, "", Duration.ZERO);
        add(response, REFRESH, "", Duration.ZERO);
    }

    static Optional<String> read(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    static boolean present(HttpServletRequest request) {
        return read(request, ACCESS).isPresent() || read(request, REFRESH).isPresent();
    }

    private static void add(HttpServletResponse response, String name, String value, Duration maxAge) {
        ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name, value)
                .httpOnly(true).secure(true).sameSite("Strict").path("/");
        if (maxAge != null) {
            cookie.maxAge(maxAge);
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.build().toString());
    }
}
