package io.strongroom.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * A job that runs every {@code interval}, on one node of the cluster at a time. Declare one as a
 * bean; the scheduler picks it up. The work binds its own tenant context where it needs one.
 *
 * @param name unique, stable name (it is the key of the job's row)
 * @param interval delay between the end of one run and the start of the next
 * @param work what to do; an exception is logged and the job runs again at the next interval
 */
public record RecurringJob(String name, Duration interval, Runnable work) {

    public RecurringJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(work, "work");
    }
}
