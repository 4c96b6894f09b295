package io.strongroom.backup.internal;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.crypto.KeyAdministration;
import io.strongroom.crypto.TenantKeysDestroyed;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/**
 * Backups and restores as jobs (a {@code backup_job} row: 202 + state and progress), the daily
 * schedule and the pruning. The worker runs on one node at a time (a recurring job), one job after
 * the other; a job left {@code running} when the worker starts was interrupted (its node stopped),
 * and is failed: a backup it was writing never became an object (the store commits only complete
 * ones) and its catalog row is failed; a restore's transaction was rolled back by the database.
 */
final class BackupJobs {

    private static final Logger log = LoggerFactory.getLogger(BackupJobs.class);
    static final String INTERRUPTED = "Interrupted: the server running it stopped. Nothing was changed.";
    static final String STORE_FAILED = "The backup could not be written to the backup store; the operators were alerted. "
            + "Scheduled backups are tried again later.";
    static final String FAILED = "The job failed; the operators were alerted. Nothing was changed.";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final TransactionTemplate read;
    private final Backups backups;
    private final AuditLog audit;
    private final KeyAdministration keys;
    private final Retention retention;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration keepFailed;

    BackupJobs(JdbcClient jdbc, TransactionTemplate ownTransaction, TransactionTemplate read, Backups backups,
            AuditLog audit, KeyAdministration keys, Retention retention, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.ownTransaction = ownTransaction;
        this.read = read;
        this.backups = backups;
        this.audit = audit;
        this.keys = keys;
        this.retention = retention;
        this.clock = clock;
        this.meters = meters;
        this.keepFailed = Duration.ofDays(7);
        for (String outcome : List.of("passed", "failed")) {
            meters.counter("strongroom.backup.drills", "outcome", outcome);
        }
        for (String kind : List.of("backup", "restore")) {
            for (String outcome : List.of("succeeded", "failed")) {
                meters.counter("strongroom.backup.jobs", "kind", kind, "outcome", outcome);
            }
        }
    }

    /**
     * @param targetWorkspace for a restore into a new workspace: its name (null for a restore in place)
     * @param targetTenant that workspace's id, once the restore made it
     */
    record Job(UUID id, String kind, String trigger, String state, UUID backupId, UUID requestedBy, Instant requestedAt,
            Instant startedAt, Instant finishedAt, long done, Long total, Long rows, String error,
            String targetWorkspace, UUID targetTenant) {
    }

    record BackupEntry(UUID id, String kind, String state, Instant startedAt, Instant finishedAt, Instant verifiedAt,
            Long sizeBytes, Long rows, String schemaVersion, String appVersion, String store, String error) {
    }

    // --- requests (in the caller's transaction, tenant bound) -------------------------------------------------

    /** Queues a backup of the bound tenant (in a transaction of its own); 409 when a job is queued or running. */
    Job requestBackup(UUID requestedBy) {
        return ownTransaction.execute(tx -> {
            Job job = enqueue("backup", "request", null, requestedBy);
            audit.record(AuditEntry.of("backup.requested", "backup_job", job.id()));
            return job;
        });
    }

    /** Queues a restore in place of the bound tenant's {@code backupId}; 404 for a backup it has not, 409 when busy. */
    Job requestRestore(UUID backupId, UUID requestedBy) {
        return ownTransaction.execute(tx -> {
            BackupEntry backup = backup(backupId).orElseThrow(() -> ApiProblem.notFound("The backup"));
            if (!"verified".equals(backup.state())) {
                throw new ApiProblem(ProblemType.CONFLICT, "Only a completed and verified backup can be restored.");
            }
            Job job = enqueue("restore", "request", backupId, requestedBy);
            audit.record(AuditEntry.of("backup.restore_requested", "backup", backupId).details(Map.of("job", job.id())));
            return job;
        });
    }

    /**
     * Queues the restore of the bound tenant's {@code backupId} into a new workspace named
     * {@code workspace} (normalised and checked by the caller); the workspace itself is not touched.
     */
    Job requestCopy(UUID backupId, String workspace, UUID requestedBy) {
        return ownTransaction.execute(tx -> {
            BackupEntry backup = backup(backupId).orElseThrow(() -> ApiProblem.notFound("The backup"));
            if (!"verified".equals(backup.state())) {
                throw new ApiProblem(ProblemType.CONFLICT, "Only a completed and verified backup can be restored.");
            }
            Job queued = enqueue("restore", "request", backupId, requestedBy);
            jdbc.sql("update backup_job set target_workspace = :workspace where id = :id").param("workspace", workspace)
                    .param("id", queued.id()).update();
            audit.record(AuditEntry.of("backup.restore_requested", "backup", backupId)
                    .details(Map.of("job", queued.id(), "mode", "new_workspace", "workspace", workspace)));
            return job(queued.id()).orElseThrow();
        });
    }

    /**
     * Queues the repair of the bound tenant from its {@code backupId} (B6): a restore in place asked
     * by the integrity check, not by a user; 409 when a job of the tenant is queued or running.
     */
    Job requestRepair(UUID backupId, Map<String, Object> damage) {
        return ownTransaction.execute(tx -> {
            Job job = enqueue("restore", "repair", backupId, null);
            Map<String, Object> details = new LinkedHashMap<>(damage);
            details.put("job", job.id());
            details.put("trigger", "repair");
            audit.record(AuditEntry.of("backup.restore_requested", "backup", backupId).details(details));
            return job;
        });
    }

    private Job enqueue(String kind, String trigger, UUID backupId, UUID requestedBy) {
        UUID tenant = TenantContext.require();
        UUID id = Ids.newId();
        if (jdbc.sql("select exists (select 1 from backup_job where state in ('queued', 'running'))").query(Boolean.class)
                .single()) {
            throw busy(); // checked first, so the transaction stays usable; the unique index settles races
        }
        try {
            jdbc.sql("""
                    insert into backup_job (tenant_id, id, kind, trigger, state, backup_id, requested_by, requested_at)
                    values (:tenant, :id, :kind, :trigger, 'queued', :backup, :by, :at)
                    """).param("tenant", tenant).param("id", id).param("kind", kind).param("trigger", trigger)
                    .param("backup", backupId).param("by", requestedBy).param("at", Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw busy();
        }
        return job(id).orElseThrow();
    }

    private static ApiProblem busy() {
        return new ApiProblem(ProblemType.CONFLICT,
                "A backup or restore of this workspace is already queued or running; wait until it ends.");
    }

    // --- reads (each in the caller's transaction, or a read-only one of its own) ------------------------------

    Optional<Job> job(UUID id) {
        return read.execute(tx -> jdbc.sql("select * from backup_job where id = :id").param("id", id)
                .query(BackupJobs::mapJob).optional());
    }

    List<Job> jobs(int limit) {
        return read.execute(tx -> jdbc.sql("select * from backup_job order by requested_at desc, id desc limit :limit")
                .param("limit", limit).query(BackupJobs::mapJob).list());
    }

    Optional<BackupEntry> backup(UUID id) {
        return read.execute(tx -> jdbc.sql("select * from backup where id = :id").param("id", id)
                .query(BackupJobs::mapBackup).optional());
    }

    List<BackupEntry> backups(int limit) {
        return read.execute(tx -> jdbc.sql("select * from backup order by started_at desc, id desc limit :limit")
                .param("limit", limit).query(BackupJobs::mapBackup).list());
    }

    // --- the worker -----------------------------------------------------------------------------------------

    /** Queues the tenants whose daily backup is due, then runs every open job; answers how many ran. */
    int runOnce() {
        scheduleDue(tenant -> true);
        scheduleDrills(tenant -> true);
        return runOpenJobs();
    }

    /** Runs every queued job (and fails the interrupted ones), oldest first; answers how many ran. */
    synchronized int runOpenJobs() {
        for (BackupStore store : backups.stores().all()) {
            try {
                store.removeUnfinished(".srbackup");
            } catch (IOException e) {
                log.warn("Cannot clean unfinished uploads in the backup store {}: {}", store.name(), e.getMessage());
            }
        }
        int ran = 0;
        List<Map<String, Object>> open;
        do {
            open = jdbc.sql("select tenant_id, id, state from backup_jobs_open(100)").query().listOfRows();
            for (Map<String, Object> row : open) {
                UUID tenant = (UUID) row.get("tenant_id");
                UUID id = (UUID) row.get("id");
                if ("running".equals(row.get("state"))) {
                    TenantContext.runAs(tenant, () -> interrupted(id));
                } else {
                    TenantContext.runAs(tenant, () -> run(id));
                    ran++;
                }
            }
        } while (!open.isEmpty() && ran < 10_000);
        return ran;
    }

    /** Queues a scheduled backup for every tenant whose slot of the day has passed (see {@code backup_tenants_due}). */
    int scheduleDue(Predicate<UUID> which) {
        return queueScheduled("backup_tenants_due", which, () -> enqueueScheduled("backup", null));
    }

    /** Queues a drill of the newest verified backup for every tenant without one in the last 7 days. */
    int scheduleDrills(Predicate<UUID> which) {
        return queueScheduled("backup_tenants_drill_due", which, () -> {
            UUID newest = jdbc.sql("select id from backup where state = 'verified' order by started_at desc limit 1")
                    .query(UUID.class).optional().orElse(null);
            return newest != null && enqueueScheduled("drill", newest);
        });
    }

    /**
     * Pages through the tenants the definer function {@code function(now, after, limit)} names and,
     * for each that {@code which} accepts, runs {@code enqueue} with the tenant bound in a transaction
     * of its own; answers how many were queued.
     */
    private int queueScheduled(String function, Predicate<UUID> which, Supplier<Boolean> enqueue) {
        int queued = 0;
        UUID after = new UUID(0, 0);
        List<UUID> due;
        do {
            due = jdbc.sql("select tenant_id from " + function + "(:now, :after, 1000)")
                    .param("now", Timestamp.from(clock.instant())).param("after", after).query(UUID.class).list();
            for (UUID tenant : due) {
                after = tenant;
                if (which.test(tenant)
                        && Boolean.TRUE.equals(TenantContext.callAs(tenant, () -> ownTransaction.execute(tx -> enqueue.get())))) {
                    queued++;
                }
            }
        } while (due.size() == 1000);
        return queued;
    }

    /** A scheduled job of the bound tenant, unless one is queued or running (the schedule asks again next time). */
    private boolean enqueueScheduled(String kind, UUID backupId) {
        try {
            enqueue(kind, "schedule", backupId, null);
            return true;
        } catch (ApiProblem busy) {
            return false;
        }
    }

    private void interrupted(UUID id) {
        Job job = ownTransaction.execute(tx -> job(id).orElseThrow());
        log.warn("Backup job {} ({}) of workspace {} was interrupted; marking it failed", id, job.kind(),
                TenantContext.require());
        finish(job, "failed", null, INTERRUPTED);
        if ("backup".equals(job.kind()) && job.backupId() != null) {
            failBackup(job.backupId(), INTERRUPTED);
        } else if ("restore".equals(job.kind())) {
            tellOwnersTheRestoreFailed(job);
        }
    }

    private void run(UUID id) {
        UUID tenant = TenantContext.require();
        Instant now = clock.instant();
        UUID backupId = Ids.newId();
        Job job = ownTransaction.execute(tx -> {
            int claimed = jdbc.sql("""
                    update backup_job set state = 'running', started_at = :at,
                           backup_id = case when kind = 'backup' then :backup else backup_id end,
                           total = (select b.row_count from backup b
                                     where b.tenant_id = backup_job.tenant_id and b.id = backup_job.backup_id)
                     where tenant_id = :tenant and id = :id and state = 'queued'
                    """).param("at", Timestamp.from(now)).param("backup", backupId).param("tenant", tenant)
                    .param("id", id).update();
            if (claimed == 0) {
                return null;
            }
            Job claimedJob = job(id).orElseThrow();
            if ("backup".equals(claimedJob.kind())) {
                jdbc.sql("""
                        insert into backup (tenant_id, id, kind, state, store, object_key, started_at)
                        values (:tenant, :id, :kind, 'running', :store, '', :at)
                        """).param("tenant", tenant).param("id", claimedJob.backupId())
                        .param("kind", "schedule".equals(claimedJob.trigger()) ? "daily" : "on_demand")
                        .param("store", backups.storeOfBoundTenant().name()).param("at", Timestamp.from(now)).update();
            }
            return claimedJob;
        });
        if (job == null) {
            return;
        }
        if ("drill".equals(job.kind())) {
            runDrill(job);
            return;
        }
        try {
            Backups.Outcome outcome;
            if ("backup".equals(job.kind())) {
                outcome = backups.take(job.backupId(), done -> progress(job.id(), done));
            } else if (job.targetWorkspace() != null) {
                Backups.Copy copy = backups.restoreIntoNewWorkspace(job.backupId(), job.targetWorkspace(),
                        job.requestedBy(), done -> progress(job.id(), done));
                ownTransaction.executeWithoutResult(tx -> jdbc.sql(
                        "update backup_job set target_tenant = :target where id = :id")
                        .param("target", copy.tenant()).param("id", job.id()).update());
                outcome = copy.outcome();
            } else {
                outcome = backups.restore(job.backupId(), job.requestedBy(), done -> progress(job.id(), done));
            }
            finish(job, "succeeded", outcome.rows(), null);
            meters.counter("strongroom.backup.jobs", "kind", job.kind(), "outcome", "succeeded").increment();
            if ("backup".equals(job.kind())) {
                ownTransaction.executeWithoutResult(tx -> audit.record(AuditEntry.of("backup.created", "backup",
                        job.backupId()).details(Map.of("rows", outcome.rows(), "bytes", outcome.bytes(),
                                "trigger", job.trigger()))));
            }
        } catch (RuntimeException e) {
            String reason = reason(e);
            if (e instanceof Backups.BackupUnusable || e instanceof TenantKeysDestroyed) {
                log.warn("Backup job {} ({}) of workspace {} failed: {}", job.id(), job.kind(), tenant, e.getMessage());
            } else {
                log.error("Backup job {} ({}) of workspace {} failed", job.id(), job.kind(), tenant, e);
            }
            meters.counter("strongroom.backup.jobs", "kind", job.kind(), "outcome", "failed").increment();
            finish(job, "failed", null, reason);
            if ("backup".equals(job.kind())) {
                failBackup(job.backupId(), reason);
            } else {
                tellOwnersTheRestoreFailed(job);
            }
            try {
                boolean backup = "backup".equals(job.kind());
                ownTransaction.executeWithoutResult(tx -> audit.record(AuditEntry.of(backup ? "backup.created" : "backup.restored", "backup", job.backupId())
                        .actor(job.requestedBy()).outcome(AuditEntry.Outcome.FAILED, reason)));
            } catch (RuntimeException auditFailure) {
                log.warn("Cannot record the failed job {} in the audit trail: {}", job.id(), auditFailure.getMessage());
            }
        }
    }

    /** Runs a restore drill, records its result for the tenant, counts it, and alerts (log and metric) when it fails. */
    private void runDrill(Job job) {
        UUID tenant = TenantContext.require();
        Backups.Drill drill;
        try {
            drill = backups.drill(job.backupId());
        } catch (TenantKeysDestroyed e) {
            finish(job, "failed", null, reason(e));
            return;
        } catch (RuntimeException e) {
            log.error("Restore drill {} of workspace {} could not run", job.id(), tenant, e);
            drill = new Backups.Drill(false, 0, 0, Duration.ZERO, "The drill could not run: " + e.getMessage());
        }
        Backups.Drill result = drill;
        UUID id = Ids.newId();
        Instant started = job.startedAt() == null ? clock.instant() : job.startedAt();
        ownTransaction.executeWithoutResult(tx -> {
            jdbc.sql("""
                    insert into backup_drill (tenant_id, id, backup_id, started_at, duration_ms, passed, tables, row_count, detail)
                    values (:tenant, :id, :backup, :at, :ms, :passed, :tables, :rows, :detail)
                    """).param("tenant", tenant).param("id", id).param("backup", job.backupId())
                    .param("at", Timestamp.from(started)).param("ms", result.duration().toMillis())
                    .param("passed", result.passed()).param("tables", result.tables()).param("rows", result.rows())
                    .param("detail", result.detail()).update();
            audit.record(AuditEntry.of("backup.drill", "backup", job.backupId())
                    .outcome(result.passed() ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.FAILED, result.detail())
                    .details(Map.of("rows", result.rows(), "tables", result.tables(),
                            "duration_ms", result.duration().toMillis())));
        });
        meters.counter("strongroom.backup.drills", "outcome", result.passed() ? "passed" : "failed").increment();
        if (result.passed()) {
            log.info("Restore drill of backup {} of workspace {} passed: {} tables, {} rows in {} ms", job.backupId(),
                    tenant, result.tables(), result.rows(), result.duration().toMillis());
            finish(job, "succeeded", result.rows(), null);
        } else {
            log.error("Restore drill of backup {} of workspace {} FAILED: {}", job.backupId(), tenant, result.detail());
            finish(job, "failed", result.rows(), "The restore drill failed: " + result.detail());
        }
    }

    record DrillEntry(UUID id, UUID backupId, Instant startedAt, long durationMs, boolean passed, int tables, long rows,
            String detail) {
    }

    List<DrillEntry> drills(int limit) {
        return read.execute(tx -> jdbc.sql("select * from backup_drill order by started_at desc, id desc limit :limit")
                .param("limit", limit)
                .query((rs, n) -> new DrillEntry(rs.getObject("id", UUID.class), rs.getObject("backup_id", UUID.class),
                        rs.getTimestamp("started_at").toInstant(), rs.getLong("duration_ms"), rs.getBoolean("passed"),
                        rs.getInt("tables"), rs.getLong("row_count"), rs.getString("detail"))).list());
    }

    private void tellOwnersTheRestoreFailed(Job job) {
        try {
            ownTransaction.executeWithoutResult(tx -> backup(job.backupId()).ifPresent(
                    b -> backups.notices().restoreFailed(b.startedAt(), clock.instant())));
        } catch (RuntimeException e) {
            log.warn("Cannot tell the owners that restore job {} failed: {}", job.id(), e.getMessage());
        }
    }

    private static String reason(RuntimeException e) {
        if (e instanceof Backups.BackupUnusable) {
            return e.getMessage().length() > 900 ? e.getMessage().substring(0, 900) : e.getMessage();
        }
        if (e instanceof TenantKeysDestroyed) {
            return "The encryption keys of this workspace were destroyed; its backups can no longer be read.";
        }
        if (e instanceof Backups.StoreFailed) {
            return STORE_FAILED;
        }
        return FAILED;
    }

    private void progress(UUID jobId, long done) {
        ownTransaction.executeWithoutResult(tx -> jdbc.sql("update backup_job set done = :done where id = :id")
                .param("done", done).param("id", jobId).update());
    }

    private void finish(Job job, String state, Long rows, String error) {
        ownTransaction.executeWithoutResult(tx -> jdbc.sql("""
                update backup_job set state = :state, finished_at = :at, row_count = :rows, error = :error
                 where id = :id
                """).param("state", state).param("at", Timestamp.from(clock.instant())).param("rows", rows)
                .param("error", error).param("id", job.id()).update());
    }

    /** The name of the store the bound tenant's backup {@code id} was written to. */
    private String storeOf(UUID id) {
        return read.execute(tx -> jdbc.sql("select store from backup where id = :id").param("id", id).query(String.class)
                .single());
    }

    /** Marks a backup failed and removes whatever of it reached the store. */
    private void failBackup(UUID backupId, String reason) {
        UUID tenant = TenantContext.require();
        ownTransaction.executeWithoutResult(tx -> jdbc.sql("""
                update backup set state = 'failed', finished_at = coalesce(finished_at, :at), error = :error
                 where id = :id and state <> 'verified'
                """).param("at", Timestamp.from(clock.instant())).param("error", reason).param("id", backupId).update());
        try {
            backups.stores().named(storeOf(backupId)).delete(Backups.objectKey(tenant, backupId));
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot remove the failed backup {} from the store: {}", backupId, e.getMessage());
        }
    }

    // --- deletion of the workspace --------------------------------------------------------------------------

    /** {@link io.strongroom.backup.WorkspaceBackups#eraseAll()}. */
    List<io.strongroom.backup.WorkspaceBackups.ErasedBackup> eraseAll() {
        UUID tenant = TenantContext.require();
        List<io.strongroom.backup.WorkspaceBackups.ErasedBackup> catalog = read.execute(tx -> {
            if (jdbc.sql("select count(*) from backup_job where state = 'running'").query(Long.class).single() > 0
                    || jdbc.sql("select count(*) from export_job where state = 'running'").query(Long.class).single() > 0) {
                throw new IllegalStateException("A backup, restore or export of workspace " + tenant
                        + " is still running; its copies are erased once it has ended");
            }
            return jdbc.sql("""
                    select 'backup' as kind, id, started_at as made, store, state from backup
                    union all
                    select 'export', id, requested_at, store, state from export_job where store is not null
                    order by made
                    """)
                    .query((rs, n) -> new io.strongroom.backup.WorkspaceBackups.ErasedBackup(rs.getString("kind"),
                            rs.getObject("id", UUID.class), rs.getTimestamp("made").toInstant(), rs.getString("store"),
                            rs.getString("state")))
                    .list();
        });
        for (io.strongroom.backup.WorkspaceBackups.ErasedBackup backup : catalog) {
            try {
                backups.stores().named(backup.store()).delete(backup.kind().equals("export")
                        ? Exports.objectKey(tenant, backup.id()) : Backups.objectKey(tenant, backup.id()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot remove backup " + backup.id() + " of workspace " + tenant
                        + " from its store; the deletion tries again", e);
            }
        }
        return catalog;
    }

    // --- retention ------------------------------------------------------------------------------------------

    /** Prunes every tenant's backups by the retention rule; answers how many backups were removed. */
    int pruneAll() {
        int removed = 0;
        UUID after = new UUID(0, 0);
        List<UUID> tenants;
        do {
            tenants = jdbc.sql("select tenant_id from backup_tenants(:after, 1000)").param("after", after)
                    .query(UUID.class).list();
            for (UUID tenant : tenants) {
                after = tenant;
                try {
                    removed += TenantContext.callAs(tenant, this::prune);
                } catch (RuntimeException e) {
                    log.warn("Pruning the backups of workspace {} failed and is tried again: {}", tenant, e.getMessage());
                }
            }
        } while (tenants.size() == 1000);
        return removed;
    }

    /**
     * Removes the bound tenant's verified backups the retention rule does not keep, and failed ones
     * older than a week; never one a queued or running restore needs. Then retires the field keys
     * only the removed backups needed.
     */
    int prune() {
        UUID tenant = TenantContext.require();
        List<UUID> doomed = ownTransaction.execute(tx -> {
            List<Retention.Candidate> verified = jdbc.sql("select id, started_at from backup where state = 'verified'")
                    .query((rs, n) -> new Retention.Candidate(rs.getObject("id", UUID.class),
                            rs.getTimestamp("started_at").toInstant())).list();
            Set<UUID> keep = retention.keep(verified);
            List<UUID> inUse = jdbc.sql("select backup_id from backup_job where kind = 'restore' and state in ('queued', 'running')")
                    .query(UUID.class).list();
            List<UUID> remove = new ArrayList<>();
            verified.stream().map(Retention.Candidate::id).filter(id -> !keep.contains(id) && !inUse.contains(id))
                    .forEach(remove::add);
            remove.addAll(jdbc.sql("select id from backup where state = 'failed' and started_at < :before")
                    .param("before", Timestamp.from(clock.instant().minus(keepFailed))).query(UUID.class).list());
            return remove;
        });
        if (doomed.isEmpty()) {
            return 0;
        }
        List<UUID> removed = new ArrayList<>();
        for (UUID id : doomed) {
            try {
                backups.stores().named(storeOf(id)).delete(Backups.objectKey(tenant, id));
                ownTransaction.executeWithoutResult(tx -> jdbc.sql("delete from backup where id = :id").param("id", id).update());
                removed.add(id);
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot remove backup {} of workspace {}; tried again at the next pruning: {}", id, tenant,
                        e.getMessage());
            }
        }
        if (!removed.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("backups", removed.stream().map(UUID::toString).toList());
            details.put("rule", retention.daily() + " daily, " + retention.weekly() + " weekly, " + retention.monthly()
                    + " monthly");
            ownTransaction.executeWithoutResult(tx -> audit.record(AuditEntry.of("backup.pruned", "workspace", tenant)
                    .details(details)));
            keys.retireReplacedKeys(tenant);
        }
        return removed.size();
    }

    // --- mapping --------------------------------------------------------------------------------------------

    private static Job mapJob(ResultSet rs, int n) throws SQLException {
        return new Job(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("trigger"),
                rs.getString("state"), rs.getObject("backup_id", UUID.class), rs.getObject("requested_by", UUID.class),
                instant(rs, "requested_at"), instant(rs, "started_at"), instant(rs, "finished_at"), rs.getLong("done"),
                (Long) rs.getObject("total"), (Long) rs.getObject("row_count"), rs.getString("error"),
                rs.getString("target_workspace"), rs.getObject("target_tenant", UUID.class));
    }

    private static BackupEntry mapBackup(ResultSet rs, int n) throws SQLException {
        return new BackupEntry(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("state"),
                instant(rs, "started_at"), instant(rs, "finished_at"), instant(rs, "verified_at"),
                (Long) rs.getObject("size_bytes"), (Long) rs.getObject("row_count"), rs.getString("schema_version"),
                rs.getString("app_version"), rs.getString("store"), rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
