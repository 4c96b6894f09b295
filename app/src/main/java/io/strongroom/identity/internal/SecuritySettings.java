package io.strongroom.identity.internal;

import java.time.Duration;

/**
 * A tenant's security settings.
 *
 * @param passwordMode {@code enforced} (reject weak passwords with reasons) or {@code recommended} (accept, warn)
 * @param passwordMinLength at least 12
 * @param passwordMinScore the lowest acceptable strength estimate, 0 (any) to 4 (very strong)
 * @param sessionIdle a session unused this long ends
 * @param sessionAbsolute a session ends this long after sign-in, used or not
 */
record SecuritySettings(String passwordMode, int passwordMinLength, int passwordMinScore, Duration sessionIdle,
        Duration sessionAbsolute) {

    static final SecuritySettings DEFAULTS = new SecuritySettings("enforced", 12, 3, Duration.ofMinutes(30),
            Duration.ofHours(12));

    boolean enforced() {
        return "enforced".equals(passwordMode);
    }
}
