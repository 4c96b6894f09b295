package io.strongroom.mail.internal;

import java.nio.file.Path;
import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

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

    @Bean
    TenantTable mailOutboxTable() {
        return TenantTable.of("mail", "mail_outbox").subject(SubjectKind.EMAIL, "recipient").secrets("body");
    }
}
