package io.strongroom.platform;

/**
 * Token-bucket rate limiting (Bucket4j). Over the limit, {@link #consume} throws an
 * {@link ApiProblem} that answers {@code 429 Too Many Requests} with {@code Retry-After}.
 */
public interface RateLimiter {

    /** Takes one token from the bucket of {@code limit} for {@code key}, or throws a 429 problem. */
    void consume(RateLimit limit, String key);

    /** Whether the bucket of {@code limit} for {@code key} has a token left, without taking it. */
    boolean isAvailable(RateLimit limit, String key);
}
