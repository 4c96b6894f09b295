package io.strongroom.mail.internal;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.strongroom.jobs.RecurringJob;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
class MailConfiguration {

    @Bean
    MailTransport mailTransport(MailProperties properties, @Value("${strongroom.home}") Path home) {
        return properties.smtp().configured()
                ? new SmtpMailTransport(properties.smtp(), properties.from())
                : new FileMailTransport(home.resolve("mail"), properties.from());
    }

    @Bean
    MailDelivery mailDelivery(MailOutboxRepository outbox, MailTransport transport, TransactionTemplate transactions,
            Clock clock) {
        return new MailDelivery(outbox, transport, transactions, clock);
    }

    @Bean
    RecurringJob mailDeliveryJob(MailDelivery delivery, MailProperties properties) {
        return new RecurringJob("mail-delivery", properties.deliveryInterval(), delivery::deliverDue);
    }

    /**
     * {@code strongroom_mail_outbox_pending} and {@code strongroom_mail_outbox_oldest_age_seconds}
     * (0 when nothing waits): a growing age means delivery is stuck (relay down, job not running).
     */
    @Bean
    MeterBinder mailOutboxMetrics(MailOutboxRepository outbox, Clock clock) {
        return registry -> {
            Gauge.builder("strongroom.mail.outbox.pending", outbox, o -> o.backlog().pending())
                    .description("Messages waiting for delivery, all workspaces").register(registry);
            Gauge.builder("strongroom.mail.outbox.oldest.age", outbox, o -> {
                java.time.Instant oldest = o.backlog().oldest();
                return oldest == null ? 0 : Math.max(0, java.time.Duration.between(oldest, clock.instant()).toSeconds());
            }).baseUnit("seconds").description("Age of the oldest message waiting for delivery").register(registry);
        };
    }

    @Bean
    TenantTable mailOutboxTable() {
        return TenantTable.of("mail", "mail_outbox").subject(SubjectKind.EMAIL, "recipient").sealedSecrets("body")
                .notBackedUp();
    }
}
