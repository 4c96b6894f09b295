package io.strongroom.identity.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import io.strongroom.crypto.SecretSealer;
import jakarta.servlet.http.HttpServletResponse;

/**
 * OWASP's device cookies against lock-out by strangers (A9): after a successful sign-in the
 * browser (or API client with a cookie jar) gets a cookie naming the workspace and account it
 * signed in to, sealed so nobody can make one. When a workspace's sign-in failures exceed their
 * limit — someone is guessing — clients without such a cookie get 429, while a device that signed
 * in to that account before still passes (and still meets the account's own lock-out).
 */
@Component
class DeviceCookies {

    static final String NAME = "__Host-sr-device";
    static final Duration LIFETIME = Duration.ofDays(90);
    private static final String CONTEXT = "device-cookie";

    private final SecretSealer sealer;
    private final Clock clock;

    DeviceCookies(SecretSealer sealer, Clock clock) {
        this.sealer = sealer;
        this.clock = clock;
    }

    /** Sets the device cookie for the account that just signed in. */
    void issue(HttpServletResponse response, UUID tenantId, String email) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String payload = tenantId + "\n" + canonical(email) + "\n" + expires;
        String value = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sealer.seal(payload.getBytes(StandardCharsets.UTF_8), CONTEXT));
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(NAME, value)
                .httpOnly(true).secure(true).sameSite("Strict").path("/").maxAge(LIFETIME).build().toString());
    }

    /** Whether the cookie is a device cookie of this account that has not expired. */
    boolean vouchesFor(Optional<String> cookie, UUID tenantId, String email) {
        if (cookie.isEmpty() || cookie.get().length() > 1024) {
            return false;
        }
        try {
            String[] parts = new String(sealer.open(Base64.getUrlDecoder().decode(cookie.get()), CONTEXT),
                    StandardCharsets.UTF_8).split("\n");
            return parts.length == 3 && parts[0].equals(tenantId.toString()) && parts[1].equals(canonical(email))
                    && Instant.ofEpochSecond(Long.parseLong(parts[2])).isAfter(clock.instant());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return false;
        }
    }

    private static String canonical(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
