package io.strongroom.identity.internal;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashing (Bouncy Castle through Spring Security). Hashes carry their
 * parameters, so a hash made with weaker parameters is recognised and upgraded at the next
 * successful sign-in.
 * <p>
 * At most as many hashes run at once as there are cores ({@link #slots}): each needs 19 MiB of
 * memory worked through at random, and more of them than cores only share the cores and thrash
 * the caches, so every one of them gets slower (measured: 16 concurrent sign-ins on 2 cores cost
 * about 1.6 times the CPU of a hash run alone). Callers wait for a slot, in arrival order; nobody
 * calls this inside a transaction, so waiting holds no database connection.
 */
@Component
class PasswordHashing {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2PasswordEncoder encoder;
    private final java.util.concurrent.Semaphore slots;
    private final java.util.concurrent.atomic.AtomicLong verifications = new java.util.concurrent.atomic.AtomicLong();
    /** A hash of a random secret with the current parameters, checked when there is no account. */
    private final String dummyHash;

    @org.springframework.beans.factory.annotation.Autowired
    PasswordHashing(PasswordProperties properties) {
        this(properties, Runtime.getRuntime().availableProcessors());
    }

    PasswordHashing(PasswordProperties properties, int slots) {
        this.slots = new java.util.concurrent.Semaphore(slots, true);
        var argon2 = properties.argon2();
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, argon2.parallelism(), argon2.memoryKib(),
                argon2.iterations());
        this.dummyHash = encoder.encode(java.util.UUID.randomUUID().toString());
    }

    /** Does the work of a real check against a hash no password matches; always false. */
    boolean matchesDummy(String password) {
        verifications.incrementAndGet();
        limited(() -> encoder.matches(password, dummyHash));
        return false;
    }

    /** How many Argon2id verifications (real or dummy) ran: every sign-in attempt costs exactly one. */
    long verifications() {
        return verifications.get();
    }

    String hash(String password) {
        return limited(() -> encoder.encode(password));
    }

    boolean matches(String password, String hash) {
        if (hash == null) {
            return matchesDummy(password); // the same work as for an account that has a password
        }
        verifications.incrementAndGet();
        return limited(() -> encoder.matches(password, hash));
    }

    /** Callers waiting for a slot. */
    int waiting() {
        return slots.getQueueLength();
    }

    /** Runs {@code work} in a slot, waiting in arrival order for one. */
    <T> T limited(java.util.function.Supplier<T> work) {
        slots.acquireUninterruptibly();
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    boolean needsUpgrade(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}
