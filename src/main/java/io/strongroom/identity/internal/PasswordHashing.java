package io.strongroom.identity.internal;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashing (Bouncy Castle through Spring Security). Hashes carry their
 * parameters, so a hash made with weaker parameters is recognised and upgraded at the next
 * successful sign-in.
 */
@Component
class PasswordHashing {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Argon2PasswordEncoder encoder;

    PasswordHashing(PasswordProperties properties) {
        var argon2 = properties.argon2();
        this.encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, argon2.parallelism(), argon2.memoryKib(),
                argon2.iterations());
    }

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        return hash != null && encoder.matches(password, hash);
    }

    boolean needsUpgrade(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}
