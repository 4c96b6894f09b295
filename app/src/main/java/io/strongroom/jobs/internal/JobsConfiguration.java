package io.strongroom.jobs.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.strongroom.jobs.RecurringJob;

/**
 * Runs every {@link RecurringJob} bean on db-scheduler, polling the {@code scheduled_tasks} table
 * with {@code lock-and-fetch} ({@code SELECT ... FOR UPDATE SKIP LOCKED}). The scheduler starts
 * once the application is ready and stops (waiting for running jobs) before the pool closes. A node
 * started with {@code strongroom.jobs.enabled=false} runs none (for example one kept for interactive
 * traffic); at least one node of a deployment must run them.
 */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobsConfiguration.class);

    @Bean
    JobScheduler jobScheduler(DataSource dataSource, ObjectProvider<RecurringJob> jobs, MeterRegistry meters,
            @Value("${strongroom.jobs.polling-interval:2s}") Duration pollingInterval,
            @Value("${strongroom.jobs.threads:4}") int threads,
            @Value("${strongroom.jobs.enabled:true}") boolean enabled) {
        List<RecurringTask<Void>> tasks = jobs.orderedStream().map(job -> task(job, meters)).toList();
        Supplier<Scheduler> schedulers = () -> Scheduler.create(dataSource)
                .startTasks(tasks)
                .threads(threads)
                .pollingInterval(pollingInterval)
                .pollUsingLockAndFetch(0.5, 1.0)
                .shutdownMaxWait(Duration.ofSeconds(10))
                // a run whose node lost the database (or died) mid-run is picked up again within about
                // 30 s, not db-scheduler's default 30 minutes: mail must not stall that long after an outage
                .heartbeatInterval(Duration.ofSeconds(8))
                .missedHeartbeatsLimit(4)
                .build();
        return new JobScheduler(schedulers, enabled);
    }

    /** A recurring job as a db-scheduler task: a failed run is logged and counted, and runs again after its interval. */
    private static RecurringTask<Void> task(RecurringJob job, MeterRegistry meters) {
        // exported from the start (at 0), so a rate over it works before the first failure
        Counter failures = meters.counter("strongroom.jobs.failures", "task", job.name());
        return Tasks.recurring(job.name(), Schedules.fixedDelay(job.interval())).execute((instance, context) -> {
            try {
                job.work().run();
            } catch (RuntimeException e) {
                failures.increment();
                log.error("Job {} failed; it runs again in {}", job.name(), job.interval(), e);
            }
        });
    }

    /**
     * {@code strongroom_jobs_lag_seconds}: how long the most overdue job has been due without a node
     * picking it up (0 when none is overdue), on the scheduler's own (database) clock. It grows when
     * no node runs jobs ({@code strongroom.jobs.enabled} false everywhere) or every node is stuck.
     * Failed runs count in {@code strongroom_jobs_failures_total{task}}.
     */
    @Bean
    MeterBinder jobLag(DataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return registry -> Gauge.builder("strongroom.jobs.lag", jdbc, j -> j.sql("""
                        select coalesce(max(extract(epoch from now() - execution_time)), 0)
                          from scheduled_tasks where execution_time < now() and not picked
                        """).query(Double.class).single())
                .baseUnit("seconds").description("How long the most overdue job has waited").register(registry);
    }

    /**
     * Starts a scheduler when the application is ready; stops it early in shutdown. A stopped
     * context may be started again (a test framework pauses cached contexts): a db-scheduler
     * {@code Scheduler} cannot be restarted, so each start builds a fresh one.
     */
    static final class JobScheduler implements SmartLifecycle {

        private final Supplier<Scheduler> schedulers;
        private final boolean enabled;
        private volatile boolean ready;
        private volatile Scheduler scheduler;

        JobScheduler(Supplier<Scheduler> schedulers, boolean enabled) {
            this.schedulers = schedulers;
            this.enabled = enabled;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void ready() {
            if (!enabled) {
                log.info("This node runs no jobs (strongroom.jobs.enabled=false); other nodes run them");
                return;
            }
            ready = true;
            start();
        }

        /** Nothing before the application is ready (after migrations and the web server); later, a restart. */
        @Override
        public synchronized void start() {
            if (ready && scheduler == null) {
                scheduler = schedulers.get();
                scheduler.start();
            }
        }

        @Override
        public synchronized void stop() {
            if (scheduler != null) {
                scheduler.stop();
                scheduler = null;
            }
        }

        @Override
        public boolean isRunning() {
            return scheduler != null;
        }

        @Override
        public int getPhase() {
            // stop before the web server's graceful shutdown phase ends and before the pool closes
            return Integer.MAX_VALUE - 1000;
        }
    }
}
