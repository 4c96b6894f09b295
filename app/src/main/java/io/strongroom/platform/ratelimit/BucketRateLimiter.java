package io.strongroom.platform.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.RateLimit;
import io.strongroom.platform.RateLimiter;

/**
 * Bucket4j token buckets held in a bounded in-memory map (per application node). A key idle for
 * longer than a day is forgotten; by then its bucket is full again for every limit in use.
 * <p>
 * Buckets refill on the application clock, not the wall clock: tests move time to see a bucket
 * refill, and a slow machine never refills a bucket while a test is still filling it.
 */
@Component
class BucketRateLimiter implements RateLimiter {

    private final TimeMeter time;
    private final MeterRegistry meters;

    BucketRateLimiter(Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    private static final int MAX_KEYS = 200_000;

    private final Cache<BucketKey, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(Duration.ofDays(1))
            .build();

    @Override
    public void consume(RateLimit limit, String key) {
        ConsumptionProbe probe = bucket(limit, key).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            refused(limit);
            throw ApiProblem.rateLimited(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    @Override
    public void check(RateLimit limit, String key) {
        Bucket bucket = bucket(limit, key);
        if (bucket.getAvailableTokens() < 1) {
            refused(limit);
            throw ApiProblem.rateLimited(Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
        }
    }

    @Override
    public void record(RateLimit limit, String key) {
        bucket(limit, key).tryConsume(1);
    }

    @Override
    public boolean isAvailable(RateLimit limit, String key) {
        return bucket(limit, key).getAvailableTokens() > 0;
    }

    /** {@code strongroom_rate_limit_refusals_total{limiter}}: a spike is an attack or a misbehaving client. */
    private void refused(RateLimit limit) {
        meters.counter("strongroom.rate_limit.refusals", "limiter", limit.name()).increment();
    }

    private Bucket bucket(RateLimit limit, String key) {
        return buckets.get(new BucketKey(limit, key), k -> Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.period())
                        .build())
                .withCustomTimePrecision(time)
                .build());
    }

    private record BucketKey(RateLimit limit, String key) {
    }
}
