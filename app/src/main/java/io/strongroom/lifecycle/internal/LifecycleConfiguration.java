package io.strongroom.lifecycle.internal;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.strongroom.access.Owners;
import io.strongroom.audit.AuditLog;
import io.strongroom.backup.WorkspaceBackups;
import io.strongroom.crypto.KeyAdministration;
import io.strongroom.crypto.SecretSealer;
import io.strongroom.identity.IdentityEvent;
import io.strongroom.identity.UserDirectory;
import io.strongroom.identity.WorkspaceSessions;
import io.strongroom.jobs.RecurringJob;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.tenancy.TenantSignedUp;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LifecycleProperties.class)
class LifecycleConfiguration {

    @Bean
    LifecycleRepository lifecycleRepository(JdbcClient jdbc) {
        return new LifecycleRepository(jdbc);
    }

    @Bean
    DeletionCertificates deletionCertificates(JdbcClient jdbc, SecretSealer sealer, Clock clock) {
        return new DeletionCertificates(jdbc, sealer, clock);
    }

    @Bean
    WorkspaceDeletion workspaceDeletion(JdbcClient jdbc, PlatformTransactionManager transactions,
            TenantDataRegistry registry, KeyAdministration keys, WorkspaceBackups backups,
            LifecycleRepository repository, DeletionCertificates certificates, Owners owners, UserDirectory users,
            MailOutbox outbox, MailTemplates templates, Clock clock,
            @Value("${strongroom.public-url:https://localhost:8443}") String publicUrl) {
        return new WorkspaceDeletion(jdbc, new TransactionTemplate(transactions), registry, keys, backups, repository,
                certificates, owners, users, outbox, templates, clock, publicUrl);
    }

    @Bean
    Lifecycle lifecycle(LifecycleRepository repository, PlatformTransactionManager transactions, Clock clock,
            LifecycleProperties properties, MailOutbox outbox, MailTemplates templates, Owners owners,
            UserDirectory users, AuditLog audit, WorkspaceSessions sessions, WorkspaceDeletion deletion,
            @Value("${strongroom.public-url:https://localhost:8443}") String publicUrl) {
        return new Lifecycle(repository, new TransactionTemplate(transactions), clock, properties,
                new LifecycleNotices(outbox, templates, owners, users, publicUrl), audit, sessions, deletion);
    }

    @Bean
    LifecycleEndpoint lifecycleEndpoint(Lifecycle lifecycle, DeletionCertificates certificates,
            PlatformTransactionManager transactions) {
        return new LifecycleEndpoint(lifecycle, certificates, new TransactionTemplate(transactions));
    }

    /** The retention schedule of every workspace, on one node at a time. */
    @Bean
    @ConditionalOnProperty(name = "strongroom.lifecycle.jobs", havingValue = "true", matchIfMissing = true)
    RecurringJob lifecycleSweep(Lifecycle lifecycle, LifecycleProperties properties) {
        return new RecurringJob("lifecycle-sweep", properties.sweepInterval(), lifecycle::sweepAll);
    }

    @Bean
    WebMvcConfigurer readOnlyWorkspaces(JdbcClient jdbc, PlatformTransactionManager transactions) {
        TransactionTemplate read = new TransactionTemplate(transactions);
        read.setReadOnly(true);
        ReadOnlyWorkspaces interceptor = new ReadOnlyWorkspaces(jdbc, read);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }

    @Bean
    LifecycleEvents lifecycleEvents(Lifecycle lifecycle, PlatformTransactionManager transactions) {
        return new LifecycleEvents(lifecycle, new TransactionTemplate(transactions));
    }

    @Bean
    io.strongroom.lifecycle.RetentionSchedule retentionSchedule(LifecycleProperties properties) {
        return plan -> {
            LifecycleProperties.Periods p = properties.periodsOf(plan);
            java.util.Map<String, java.time.Duration> periods = new java.util.LinkedHashMap<>();
            periods.put("trial-length", properties.trialLength());
            periods.put("trial-deletion", p.trialDeletion());
            periods.put("cancelled-deletion", p.cancelledDeletion());
            periods.put("payment-failed-suspension", p.paymentFailedSuspension());
            periods.put("payment-failed-closure", p.paymentFailedClosure());
            periods.put("closed-deletion", p.closedDeletion());
            periods.put("free-inactive-deletion", p.freeInactiveDeletion());
            periods.put("unsubscribed-deletion", p.unsubscribedDeletion());
            periods.put("licence-expired-deletion", p.licenceExpiredDeletion());
            return periods;
        };
    }

    @Bean
    io.strongroom.lifecycle.LegalHold legalHold(LifecycleRepository repository) {
        return () -> repository.current().map(Account::onLegalHold).orElse(false);
    }

    /** Notices already sent: operational state, not data (a restore would send them again). */
    @Bean
    TenantTable lifecycleNoticeTable() {
        return TenantTable.of("lifecycle", "lifecycle_notice").notBackedUp();
    }

    /** A new workspace starts its account; a sign-in marks it used (a free workspace's inactivity restarts). */
    static final class LifecycleEvents {

        private final Lifecycle lifecycle;
        private final TransactionTemplate transactions;

        LifecycleEvents(Lifecycle lifecycle, TransactionTemplate transactions) {
            this.lifecycle = lifecycle;
            this.transactions = transactions;
        }

        @EventListener
        void on(TenantSignedUp signup) {
            TenantContext.runAs(signup.tenantId(), () -> transactions.executeWithoutResult(tx -> lifecycle.signedUp()));
        }

        @EventListener
        void on(IdentityEvent event) {
            if (event.type() == IdentityEvent.Type.SIGN_IN && event.tenantId() != null
                    && event.outcome() == IdentityEvent.Outcome.SUCCESS) {
                lifecycle.used(event.tenantId());
            }
        }
    }
}
