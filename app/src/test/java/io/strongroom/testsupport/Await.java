package io.strongroom.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;

/**
 * Waits for something the application does in the background (a notification, a reconnect, a
 * mail) with Awaitility. The bound is generous and nothing is timed: a slow machine only waits
 * longer; things that depend on time itself move the application clock instead.
 */
public final class Await {

    private Await() {
    }

    public static void until(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
