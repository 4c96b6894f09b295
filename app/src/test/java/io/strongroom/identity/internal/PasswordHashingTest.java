package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.Await;

/**
 * Hashes wait for a free slot, one per core, in arrival order (the reasons are on
 * {@link PasswordHashing}). Nothing here is timed: the test holds the only slot, sees the next
 * hashes queue behind it, and releases it.
 */
class PasswordHashingTest {

    private static final PasswordProperties DEFAULTS =
            new PasswordProperties(new PasswordProperties.Argon2(19456, 2, 1));

    @Test
    void aHashWaitsWhileEverySlotIsTakenAndRunsWhenOneFrees() throws Exception {
        PasswordHashing hashing = new PasswordHashing(DEFAULTS, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor(); Opened gate = release::countDown) {
            CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> hashing.limited(() -> hold(held, release)),
                    threads);
            assertThat(held.await(5, TimeUnit.MINUTES)).as("the holder has the slot").isTrue();
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> hashing.hash("first password"), threads);
            Await.until(() -> hashing.waiting() == 1, "the first hash to wait for the slot");
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(
                    () -> hashing.matches("second password", hashing.hash("second password")), threads);
            Await.until(() -> hashing.waiting() == 2, "the second to queue behind it");

            assertThat(first).as("no hash runs while the only slot is taken").isNotDone();
            assertThat(second).isNotDone();

            release.countDown();
            holder.get(5, TimeUnit.MINUTES);
            assertThat(first.get(5, TimeUnit.MINUTES)).startsWith("$argon2id$");
            assertThat(second.get(5, TimeUnit.MINUTES)).isTrue();
            assertThat(hashing.waiting()).isZero();
        }
    }

    @Test
    void theApplicationGetsOneSlotPerCore() throws InterruptedException {
        PasswordHashing hashing = new PasswordHashing(DEFAULTS);
        int cores = Runtime.getRuntime().availableProcessors();
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor(); Opened gate = release::countDown) {
            CountDownLatch held = new CountDownLatch(cores);
            for (int i = 0; i < cores; i++) {
                threads.submit(() -> hashing.limited(() -> hold(held, release)));
            }
            assertThat(held.await(5, TimeUnit.MINUTES)).as("every slot is taken").isTrue();
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> hashing.hash("one more"), threads);
            Await.until(() -> hashing.waiting() == 1, "the hash beyond one per core to wait");
            assertThat(next).isNotDone();
            release.countDown();
            assertThat(next.join()).startsWith("$argon2id$");
        }
    }

    /** Runs inside a slot: says it holds it, then keeps it until released. */
    private static boolean hold(CountDownLatch held, CountDownLatch release) {
        held.countDown();
        try {
            return release.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens the held slots however the test ends, so a failure does not wait for them. */
    private interface Opened extends AutoCloseable {

        @Override
        void close();
    }
}
