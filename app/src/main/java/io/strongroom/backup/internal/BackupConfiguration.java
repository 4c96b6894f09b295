package io.strongroom.backup.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.strongroom.access.Owners;
import io.strongroom.audit.AuditHistory;
import io.strongroom.audit.AuditLog;
import io.strongroom.platform.ChangeReplayer;
import io.strongroom.backup.BackupPermission;
import io.strongroom.crypto.FieldEncryption;
import io.strongroom.crypto.FileEncryption;
import io.strongroom.crypto.KeyAdministration;
import io.strongroom.crypto.RetainedFieldKeys;
import io.strongroom.identity.UserDirectory;
import io.strongroom.jobs.RecurringJob;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;
import io.strongroom.platform.AppVersion;
import io.strongroom.platform.MaintenanceConnections;
import io.strongroom.platform.PermissionSet;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.tenancy.TenantDirectory;
import io.strongroom.tenancy.WorkspaceCopies;
import io.strongroom.web.NavigationEntry;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackupProperties.class)
class BackupConfiguration {

    @Bean
    PermissionSet backupPermissions() {
        return PermissionSet.of("backup", BackupPermission.values());
    }

    @Bean
    NavigationEntry backupNavigation() {
        return NavigationEntry.of(450, "nav.backups", "/app/backups", BackupPermission.BACKUPS_READ);
    }

    @Bean
    BackupStores backupStores(BackupProperties properties, @Value("${strongroom.home}") Path home) {
        java.util.Map<String, BackupStore> regional = new java.util.LinkedHashMap<>();
        properties.regions().forEach((region, settings) -> {
            if (!region.matches("[a-z][a-z0-9-]{0,31}")) {
                throw new IllegalStateException("strongroom.backup.regions." + region + ": not a region name");
            }
            regional.put(region, store(settings.store(), settings.directory(), settings.s3(),
                    home.resolve("backups-" + region), "strongroom.backup.regions." + region + ".store"));
        });
        return new BackupStores(store(properties.store(), properties.directory(), properties.s3(), home.resolve("backups"),
                "strongroom.backup.store"), regional);
    }

    private static BackupStore store(String kind, String directory, BackupProperties.S3 s3, Path defaultDirectory,
            String setting) {
        return switch (kind) {
            case "directory" -> new DirectoryBackupStore(directory == null || directory.isBlank() ? defaultDirectory
                    : Path.of(directory));
            case "s3" -> new S3BackupStore(s3);
            default -> throw new IllegalStateException(setting + " must be directory or s3, not " + kind);
        };
    }

    @Bean
    Backups backups(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions,
            TenantDataRegistry registry, FileEncryption files, FieldEncryption fields, WorkspaceCopies copies,
            BackupStores stores, AuditLog audit, KeyAdministration keys, MailOutbox outbox, MailTemplates templates,
            Owners owners, UserDirectory users, TenantDirectory tenants, Clock clock, AppVersion appVersion,
            Flyway flyway, java.util.List<io.strongroom.platform.AfterRestore> afterRestore) {
        TransactionTemplate snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        TransactionTemplate restore = new TransactionTemplate(transactions);
        restore.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        String schemaVersion = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        return new Backups(jdbc, dataSource, snapshot, restore, ownTransaction(transactions), registry, files, fields,
                tenants, copies, stores, audit, keys, new BackupNotices(outbox, templates, owners, users, tenants), clock, appVersion, schemaVersion, afterRestore);
    }

    @Bean
    BackupJobs backupJobs(JdbcClient jdbc, PlatformTransactionManager transactions, Backups backups, AuditLog audit,
            KeyAdministration keys, BackupProperties properties, Clock clock, MeterRegistry meters) {
        TransactionTemplate read = new TransactionTemplate(transactions);
        read.setReadOnly(true);
        return new BackupJobs(jdbc, ownTransaction(transactions), read, backups, audit, keys,
                new Retention(properties.keepDaily(), properties.keepWeekly(), properties.keepMonthly()), clock, meters);
    }

    @Bean
    Exports exports(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions,
            TenantDataRegistry registry, FieldEncryption fields, FileEncryption files, Backups backups,
            TenantDirectory tenants, AuditLog audit, Clock clock, BackupProperties properties) {
        TransactionTemplate snapshot = new TransactionTemplate(transactions);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        org.springframework.jdbc.core.JdbcTemplate streaming = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        streaming.setFetchSize(1000); // inside the snapshot's transaction: a cursor, not the whole table in memory
        return new Exports(jdbc, ownTransaction(transactions), snapshot, new ExportArchive(streaming, registry, fields,
                backups), backups, files, fields, tenants, audit, clock, properties.exportLifetime());
    }

    @Bean
    @ConditionalOnProperty(name = "strongroom.backup.jobs", havingValue = "true", matchIfMissing = true)
    RecurringJob exportWorker(Exports exports, BackupProperties properties) {
        return new RecurringJob("export-worker", properties.workerInterval(), exports::runDue);
    }

    @Bean
    TenantTable exportJobTable() {
        return TenantTable.of("backup", "export_job").sealedSecrets("passphrase").notBackedUp();
    }

    /** For the deletion of a workspace: its backups and exports leave their store. */
    @Bean
    io.strongroom.backup.WorkspaceBackups workspaceBackups(BackupJobs jobs) {
        return jobs::eraseAll;
    }

    @Bean
    @ConditionalOnProperty(name = "strongroom.backup.jobs", havingValue = "true", matchIfMissing = true)
    RecurringJob backupWorker(BackupJobs jobs, BackupProperties properties) {
        return new RecurringJob("backup-worker", properties.workerInterval(), jobs::runOnce);
    }

    @Bean
    @ConditionalOnProperty(name = "strongroom.backup.jobs", havingValue = "true", matchIfMissing = true)
    RecurringJob backupPruning(BackupJobs jobs, BackupProperties properties) {
        return new RecurringJob("backup-pruning", properties.pruneInterval(), jobs::pruneAll);
    }

    @Bean
    DataIntegrity dataIntegrity(MaintenanceConnections maintenance, TenantDataRegistry registry, BackupJobs jobs,
            ChangeReapplication reapplication, Clock clock, MeterRegistry meters) {
        return new DataIntegrity(maintenance, registry, jobs, reapplication, clock, meters);
    }

    @Bean
    ChangeReapplication changeReapplication(AuditHistory history, List<ChangeReplayer> replayers,
            PlatformTransactionManager transactions, AuditLog audit) {
        TransactionTemplate savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return new ChangeReapplication(history, replayers, ownTransaction(transactions), savepoint, audit);
    }

    @Bean
    @ConditionalOnProperty(name = "strongroom.backup.jobs", havingValue = "true", matchIfMissing = true)
    RecurringJob dataIntegrityCheck(DataIntegrity integrity, BackupProperties properties) {
        return new RecurringJob("data-integrity", properties.integrityInterval(), integrity::checkAndRepair);
    }

    /** The field keys kept backups may need stay in the tenant's keyset past a rotation. */
    @Bean
    RetainedFieldKeys backupFieldKeys(JdbcClient jdbc) {
        return tenant -> new HashSet<>(jdbc.sql("""
                select distinct unnest(field_key_ids) from backup
                 where tenant_id = :tenant and state in ('running', 'verified')
                """).param("tenant", tenant).query(Long.class).list());
    }

    /** The catalog of backups: operational state of the backup module, never in a backup or touched by a restore. */
    @Bean
    TenantTable backupTable() {
        return TenantTable.of("backup", "backup").notBackedUp();
    }

    /** The results of restore drills, shown to the tenant. */
    @Bean
    TenantTable backupDrillTable() {
        return TenantTable.of("backup", "backup_drill").notBackedUp();
    }

    /** The backup and restore jobs (a restore reports its progress here while it runs). */
    @Bean
    TenantTable backupJobTable() {
        return TenantTable.of("backup", "backup_job").notBackedUp();
    }

    private static TransactionTemplate ownTransaction(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return template;
    }
}
