package io.strongroom.privacy.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditLog;
import io.strongroom.crypto.FieldEncryption;
import io.strongroom.identity.UserDirectory;
import io.strongroom.jobs.RecurringJob;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;
import io.strongroom.platform.DataCategory;
import io.strongroom.platform.PermissionSet;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;
import io.strongroom.privacy.PrivacyPermission;

@Configuration(proxyBeanMethods = false)
class PrivacyConfiguration {

    @Bean
    PermissionSet privacyPermissions() {
        return PermissionSet.of("privacy", PrivacyPermission.values());
    }

    @Bean
    ProcessingRecord processingRecord(TenantDataRegistry registry, io.strongroom.lifecycle.RetentionSchedule retention,
            org.springframework.core.env.Environment environment, Clock clock) {
        return new ProcessingRecord(registry, retention, environment, clock);
    }

    /** The record of processing in the navigation, for every member. */
    @Bean
    io.strongroom.web.NavigationEntry privacyNavigation() {
        return io.strongroom.web.NavigationEntry.of(900, "nav.privacy", "/app/privacy");
    }

    /** The register of data-subject requests, for those who handle them. */
    @Bean
    io.strongroom.web.NavigationEntry privacyRequestsNavigation() {
        return io.strongroom.web.NavigationEntry.of(910, "nav.privacy-requests", "/app/privacy/requests",
                PrivacyPermission.MANAGE);
    }

    @Bean
    SubjectRequests subjectRequests(JdbcClient jdbc, PlatformTransactionManager transactions, FieldEncryption fields,
            AuditLog audit, UserDirectory users, MailOutbox outbox, MailTemplates templates, Clock clock,
            @Value("${strongroom.public-url:https://localhost:8443}") String publicUrl) {
        return new SubjectRequests(jdbc, new TransactionTemplate(transactions), fields, audit, users, outbox, templates,
                clock, publicUrl);
    }

    @Bean
    Erasure erasure(JdbcClient jdbc, TenantDataRegistry registry, io.strongroom.lifecycle.LegalHold hold, AuditLog audit,
            Clock clock) {
        return new Erasure(jdbc, registry, hold, audit, clock);
    }

    @Bean
    SubjectRights subjectRights(SubjectRequests requests, SubjectData data, Erasure erasure, Restrictions restrictions,
            PlatformTransactionManager transactions, AuditLog audit) {
        return new SubjectRights(requests, data, erasure, restrictions, new TransactionTemplate(transactions), audit);
    }

    @Bean
    Restrictions restrictions(JdbcClient jdbc, AuditLog audit, Clock clock) {
        return new Restrictions(jdbc, audit, clock);
    }

    /**
     * People whose processing is restricted, by id: a restore neither copies nor touches it, so a
     * restriction made after a backup outlives the restore of that backup.
     */
    @Bean
    TenantTable processingRestrictionTable() {
        return TenantTable.of("privacy", "processing_restriction").subject(SubjectKind.PERSON, "person_id").notBackedUp();
    }

    /** Who was erased, by id only: a restore neither copies nor touches it, and erases them again. */
    @Bean
    TenantTable erasureLogTable() {
        return TenantTable.of("privacy", "erasure_log").notBackedUp();
    }

    @Bean
    SubjectData subjectData(JdbcClient jdbc, TenantDataRegistry registry, FieldEncryption fields,
            io.strongroom.audit.AuditHistory trail) {
        return new SubjectData(jdbc, registry, fields, trail);
    }

    /** Reminders of the deadlines of data-subject requests, hourly, on one node (tests remind themselves). */
    @Bean
    @ConditionalOnProperty(name = "strongroom.privacy.jobs", havingValue = "true", matchIfMissing = true)
    RecurringJob subjectRequestReminders(SubjectRequests requests) {
        return new RecurringJob("subject-request-reminders", java.time.Duration.ofHours(1), requests::remind);
    }

    /** The requests: who asked (personal), what and how it was answered (personal), and the deadline. */
    @Bean
    TenantTable subjectRequestTable() {
        Map<String, DataCategory> personal = new LinkedHashMap<>();
        personal.put("subject_email", DataCategory.REQUESTER);
        personal.put("subject_name", DataCategory.REQUESTER);
        personal.put("identity_check", DataCategory.REQUEST_CORRESPONDENCE);
        personal.put("details", DataCategory.REQUEST_CORRESPONDENCE);
        personal.put("answer", DataCategory.REQUEST_CORRESPONDENCE);
        return TenantTable.of("privacy", "subject_request").references("employee").personal(personal)
                .subject(SubjectKind.PERSON, "person_id");
    }
}
