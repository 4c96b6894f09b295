package io.strongroom.identity.internal;

import java.time.Instant;

/**
 * An authenticator app for the load generator: the code of a Base32 secret at a time, computed with
 * the application's own {@link Totp} (RFC 6238 over the same HOTP library). Bench code only, in this
 * package to reach the package-private class.
 */
public final class BenchAuthenticator {

    private BenchAuthenticator() {
    }

    public static String code(String base32Secret, Instant at) {
        return Totp.code(Totp.fromBase32(base32Secret), Totp.step(at));
    }

    /** The 30-second step a time falls in. */
    public static long step(Instant at) {
        return Totp.step(at);
    }
}
