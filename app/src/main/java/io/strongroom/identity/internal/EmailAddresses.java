package io.strongroom.identity.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/** E-mail address checks: a pragmatic form of RFC 5321 addresses, compared case-insensitively. */
final class EmailAddresses {

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]");

    private EmailAddresses() {
    }

    static String normalize(String raw) {
        return raw == null ? null : raw.strip();
    }

    static Optional<String> problem(String email) {
        if (email == null || email.isEmpty()) {
            return Optional.of("is required");
        }
        if (email.length() > 254) {
            return Optional.of("must be at most 254 characters long");
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at != email.indexOf('@')
                || !LOCAL.matcher(email.substring(0, at)).matches()
                || email.startsWith(".") || email.substring(0, at).endsWith(".") || email.contains("..")
                || !DOMAIN.matcher(email.substring(at + 1)).matches()) {
            return Optional.of("must be a valid e-mail address");
        }
        return Optional.empty();
    }
}
