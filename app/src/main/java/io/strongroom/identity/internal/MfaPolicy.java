package io.strongroom.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A workspace's multi-factor policy (A6).
 *
 * @param mode {@code off}, {@code everyone}, or {@code permissions} (holders of any of {@code permissions})
 * @param permissions the permissions whose holders must use a second factor (mode {@code permissions})
 * @param graceDays how long after the policy began users without a factor may still sign in with a password alone
 * @param requiredSince when the policy began to require a factor (null while off)
 * @param methods the kinds of factor the workspace allows: {@code totp} always (users made to enrol
 *        while signing in set up an authenticator app), {@code passkey} and {@code sms} at its choice.
 *        A factor of a kind no longer allowed is neither offered nor accepted.
 * @param rememberDeviceDays how many days a device may skip the second factor once its user asked (0: never)
 */
record MfaPolicy(String mode, Set<String> permissions, int graceDays, Instant requiredSince, Set<String> methods,
        int rememberDeviceDays) {

    static final Set<String> ALL_METHODS = Set.of("totp", "passkey", "sms");
    static final MfaPolicy OFF = new MfaPolicy("off", Set.of(), 7, null, ALL_METHODS, 0);

    MfaPolicy {
        permissions = Set.copyOf(permissions);
        methods = Set.copyOf(methods);
    }

    /** Whether the workspace allows second factors of this kind. */
    boolean allows(String kind) {
        return methods.contains(kind);
    }

    /** Whether a user holding {@code held} must use a second factor. */
    boolean appliesTo(Set<String> held) {
        return switch (mode) {
            case "everyone" -> true;
            case "permissions" -> held.stream().anyMatch(permissions::contains);
            default -> false;
        };
    }

    /** Until when users without a factor may still sign in with a password alone. */
    Instant enrolmentDeadline() {
        return requiredSince == null ? Instant.MAX : requiredSince.plus(Duration.ofDays(graceDays));
    }
}
