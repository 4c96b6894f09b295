package io.strongroom.jobs.internal;

import java.time.Duration;
import java.util.List;

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

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;

import io.strongroom.jobs.RecurringJob;

/**
 * Runs every {@link RecurringJob} bean on db-scheduler, polling the {@code scheduled_tasks} table
 * with {@code lock-and-fetch} ({@code SELECT ... FOR UPDATE SKIP LOCKED}). The scheduler starts
 * once the application is ready and stops (waiting for running jobs) before the pool closes.
 */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobsConfiguration.class);

    @Bean
    JobScheduler jobScheduler(DataSource dataSource, ObjectProvider<RecurringJob> jobs,
            @Value("${strongroom.jobs.polling-interval:2s}") Duration pollingInterval,
            @Value("${strongroom.jobs.threads:4}") int threads) {
        List<RecurringTask<Void>> tasks = jobs.orderedStream()
                .map(job -> Tasks.recurring(job.name(), Schedules.fixedDelay(job.interval()))
                        .execute((instance, context) -> {
                            try {
                                job.work().run();
                            } catch (RuntimeException e) {
                                log.error("Job {} failed; it runs again in {}", job.name(), job.interval(), e);
                            }
                        }))
                .toList();
        Scheduler scheduler = Scheduler.create(dataSource)
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
        return new JobScheduler(scheduler);
    }

    /** Starts the scheduler when the application is ready; stops it early in shutdown. */
    static final class JobScheduler implements SmartLifecycle {

        private final Scheduler scheduler;
        private volatile boolean running;

        JobScheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void ready() {
            if (!running) {
                scheduler.start();
                running = true;
            }
        }

        @Override
        public void start() {
            // started on ApplicationReadyEvent, after migrations and the web server
        }

        @Override
        public void stop() {
            if (running) {
                scheduler.stop();
                running = false;
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            // stop before the web server's graceful shutdown phase ends and before the pool closes
            return Integer.MAX_VALUE - 1000;
        }
    }
}
