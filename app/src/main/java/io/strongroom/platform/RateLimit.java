package io.strongroom.platform;

import java.time.Duration;
import java.util.Objects;

/**
 * A token-bucket limit: at most {@code capacity} requests, refilled evenly over {@code period}.
 *
 * @param name the bucket family, e.g. {@code signup-ip}; keys of different families never share a bucket
 * @param capacity requests allowed in a burst
 * @param period time to refill the whole capacity
 */
public record RateLimit(String name, long capacity, Duration period) {

    public RateLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity of rate limit " + name + " must be at least 1");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period of rate limit " + name + " must be positive");
        }
    }
}
