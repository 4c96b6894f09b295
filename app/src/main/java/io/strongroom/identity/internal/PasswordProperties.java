package io.strongroom.identity.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.passwords.*}: Argon2id parameters. The defaults are OWASP's minimum
 * (19 MiB, 2 iterations, 1 lane); lower values are refused.
 */
@ConfigurationProperties("strongroom.passwords")
record PasswordProperties(@DefaultValue Argon2 argon2) {

    record Argon2(@DefaultValue("19456") int memoryKib, @DefaultValue("2") int iterations,
            @DefaultValue("1") int parallelism) {

        Argon2 {
            if (memoryKib < 19456 || iterations < 2 || parallelism < 1) {
                throw new IllegalStateException("Argon2id parameters below OWASP's minimum "
                        + "(memory 19456 KiB, 2 iterations, parallelism 1) are not allowed");
            }
        }
    }
}
