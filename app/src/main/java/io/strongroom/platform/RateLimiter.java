package io.strongroom.platform;

/**
 * Token-bucket rate limiting (Bucket4j) on the application clock. Over the limit, {@link #consume}
 * and {@link #check} throw an {@link ApiProblem} that answers {@code 429 Too Many Requests} with
 * {@code Retry-After}.
 */
public interface RateLimiter {

    /** Takes one token from the bucket of {@code limit} for {@code key}, or throws a 429 problem. */
    void consume(RateLimit limit, String key);

    /** Throws the 429 problem when the bucket is empty, without taking a token (for limits that count failures only). */
    void check(RateLimit limit, String key);

    /** Takes one token if there is one; never throws (records a failure against a limit checked with {@link #check}). */
    void record(RateLimit limit, String key);

    /** Whether the bucket of {@code limit} for {@code key} has a token left, without taking it. */
    boolean isAvailable(RateLimit limit, String key);
}
