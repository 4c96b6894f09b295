package io.strongroom.bench;

import java.util.concurrent.atomic.AtomicLong;

/** Samples the memory of Strongroom and its database every 250 ms while a scenario runs, keeping the peaks. */
final class MemorySampler implements AutoCloseable {

    private final AtomicLong applicationRss = new AtomicLong(-1);
    private final AtomicLong databasePss = new AtomicLong(-1);
    private final Thread thread;

    MemorySampler(StrongroomServer server) {
        thread = Thread.ofPlatform().daemon().name("bench-memory").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                applicationRss.accumulateAndGet(server.applicationRss(), Math::max);
                databasePss.accumulateAndGet(server.databasePss(), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    long peakApplicationRss() {
        return applicationRss.get();
    }

    long peakDatabasePss() {
        return databasePss.get();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
