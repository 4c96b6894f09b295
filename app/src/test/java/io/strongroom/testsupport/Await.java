package io.strongroom.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something the application does in the background (a notification, a reconnect, a
 * mail). The bound is generous and nothing is timed: a slow machine only waits longer.
 */
public final class Await {

    private Await() {
    }

    public static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within 60 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
