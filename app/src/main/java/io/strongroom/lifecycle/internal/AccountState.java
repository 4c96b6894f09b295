package io.strongroom.lifecycle.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A workspace's account state, and what its people may do in it. */
enum AccountState {
    TRIAL, ACTIVE, FREE, PAYMENT_FAILED, SUSPENDED, CLOSED, CANCELLED, UNSUBSCRIBED, LICENCE_EXPIRED, DELETING, DELETED;

    /** What the request path enforces: {@code tenant.status}. */
    enum Access {
        /** Full use. */
        ACTIVE,
        /** Sign in, read and export; nothing changes. */
        SUSPENDED,
        /** Nobody signs in; every session has ended. */
        CLOSED,
        /** Only a tombstone is left. */
        DELETED;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AccountState> parse(String key) {
        return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
    }

    /** Whether the workspace is gone or going (no change of state applies to it any more). */
    boolean ending() {
        return this == DELETING || this == DELETED;
    }
}
