package io.strongroom.identity.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.regex.Pattern;

import com.atlassian.onetime.core.HMACDigest;
import com.atlassian.onetime.core.HOTPGenerator;
import com.atlassian.onetime.core.OTPLength;
import com.atlassian.onetime.model.TOTPSecret;

/**
 * Authenticator-app codes (RFC 6238): 30-second steps counted from the Unix epoch, six digits,
 * HMAC-SHA-1 (what every authenticator app supports), codes computed by Atlassian's {@code onetime}
 * library (RFC 4226's truncation). A code is accepted for the current step and one step either side
 * (clock drift); the caller remembers the step it was accepted for, so that it works only once.
 */
final class Totp {

    static final long STEP_SECONDS = 30;
    private static final int SECRET_BYTES = 20; // 160 bits, RFC 4226's recommendation
    private static final Pattern CODE = Pattern.compile("[0-9]{6}");
    private static final HOTPGenerator GENERATOR = new HOTPGenerator(OTPLength.SIX, HMACDigest.SHA1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Totp() {
    }

    static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The secret as authenticator apps take it when typed in: Base32, no padding. */
    static String base32(byte[] secret) {
        return new TOTPSecret(secret).getBase32Encoded().replace("=", "");
    }

    static byte[] fromBase32(String base32) {
        return TOTPSecret.Companion.fromBase32EncodedString(base32).getValue();
    }

    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    static String code(byte[] secret, long step) {
        return GENERATOR.generate(secret, step).getValue();
    }

    /**
     * The step {@code code} is valid for (the current one or one either side), or empty. Every
     * candidate is compared, in constant time, whatever matched first.
     */
    static OptionalLong verify(byte[] secret, String code, Instant now) {
        if (code == null || !CODE.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        long current = step(now);
        long matched = Long.MIN_VALUE;
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        for (long step = current + 1; step >= current - 1; step--) {
            if (MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), given)) {
                matched = Math.max(matched, step);
            }
        }
        return matched == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(matched);
    }

    /** The {@code otpauth://} URI authenticator apps read from the QR code (Google's key-URI format). */
    static String uri(String issuer, String account, byte[] secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=6&period=" + STEP_SECONDS;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
