package io.strongroom.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.HdrHistogram.Recorder;

/**
 * A closed-loop load generator: {@code concurrency} workers each run one operation after another
 * as fast as the system answers (a new call starts only when the previous one has returned).
 * The warm-up runs the same loop but is not counted; then each round's calls are counted and
 * their latencies recorded in an HdrHistogram (microsecond resolution, up to one minute).
 * The workers run through warm-up and every round without stopping, so connections stay open.
 */
final class LoadGenerator {

    /** One client's next call; returns normally on success, throws on an error. */
    @FunctionalInterface
    interface Operation {
        void call() throws Exception;
    }

    record Settings(int concurrency, Duration warmup, Duration round, int rounds) {
    }

    private LoadGenerator() {
    }

    /**
     * Runs the operations and returns one result per round.
     *
     * @param clients creates worker {@code i}'s operation (its own client state: tokens, record, connection)
     */
    static List<RoundResult> run(Settings settings, IntFunction<Operation> clients) throws InterruptedException {
        return run(settings, clients, new CpuMeter().add("client", CpuMeter::harness));
    }

    /** As {@link #run(Settings, IntFunction)}, also recording the CPU each call cost the processes of {@code cpu}. */
    static List<RoundResult> run(Settings settings, IntFunction<Operation> clients, CpuMeter cpu)
            throws InterruptedException {
        Recorder recorder = new Recorder(1, Duration.ofMinutes(1).toNanos() / 1000, 3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(settings.concurrency());
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < settings.concurrency(); i++) {
            operations.add(clients.apply(i));
        }
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (Operation operation : operations) {
            Thread worker = Thread.ofPlatform().daemon().name("bench-client-" + workers.size()).unstarted(() -> {
                ready.countDown();
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        operation.call();
                        recorder.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception | AssertionError e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                }
            });
            workers.add(worker);
        }
        workers.forEach(Thread::start);
        ready.await();
        try {
            Thread.sleep(settings.warmup().toMillis());
            recorder.getIntervalHistogram(); // discard the warm-up
            errors.set(0);
            List<RoundResult> results = new ArrayList<>();
            for (int round = 0; round < settings.rounds(); round++) {
                var cpuBefore = cpu.sample();
                long started = System.nanoTime();
                long errorsBefore = errors.get();
                Thread.sleep(settings.round().toMillis());
                var histogram = recorder.getIntervalHistogram();
                long elapsed = System.nanoTime() - started;
                var cpuPerCall = CpuMeter.perCall(cpuBefore, cpu.sample(), histogram.getTotalCount());
                results.add(RoundResult.of(histogram, errors.get() - errorsBefore, elapsed,
                        firstError.get() == null ? null : describe(firstError.get()), cpuPerCall));
            }
            return results;
        } finally {
            stop.set(true);
            for (Thread worker : workers) {
                worker.join(Duration.ofSeconds(30));
                if (worker.isAlive()) {
                    worker.interrupt();
                }
            }
        }
    }

    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
