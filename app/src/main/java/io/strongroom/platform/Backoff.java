package io.strongroom.platform;

import java.time.Duration;

/**
 * Exponential back-off: {@code first}, doubling with each further attempt, never more than
 * {@code max}.
 *
 * @param first the wait after the first failure
 * @param max the longest wait
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max");
        }
    }

    /** The wait after failure number {@code attempt} (1 = the first failure). */
    public Duration after(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        Duration wait = first.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 || wait.isNegative() ? max : wait;
    }
}
