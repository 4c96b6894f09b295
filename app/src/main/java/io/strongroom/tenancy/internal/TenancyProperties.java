package io.strongroom.tenancy.internal;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.*} settings of tenancy.
 *
 * @param regions the data regions a company may choose at signup
 * @param defaultRegion the region used when signup names none
 * @param signup signup settings
 */
@ConfigurationProperties("strongroom")
record TenancyProperties(
        @DefaultValue({"eu", "us"}) List<String> regions,
        @DefaultValue("eu") String defaultRegion,
        @DefaultValue Signup signup) {

    TenancyProperties {
        if (!regions.contains(defaultRegion)) {
            throw new IllegalStateException("strongroom.default-region " + defaultRegion
                    + " is not one of strongroom.regions " + regions);
        }
    }

    /** @param rateLimit signups allowed per client IP address */
    record Signup(@DefaultValue RateLimitSettings rateLimit) {
    }

    /** @param capacity requests in a burst; @param period time to refill them all */
    record RateLimitSettings(@DefaultValue("10") long capacity, @DefaultValue("1h") Duration period) {
    }
}
