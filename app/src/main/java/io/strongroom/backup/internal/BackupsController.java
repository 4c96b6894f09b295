package io.strongroom.backup.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.tenancy.WorkspaceCopies;

/**
 * {@code /api/v1/backups}: the workspace's backups (list, one), a backup now (202 + job), a restore
 * in place or into a new workspace (202 + job, Owner only); {@code /api/v1/backup-jobs}: the jobs with state and progress.
 */
@RestController
class BackupsController {

    static final int LIST_LIMIT = 200;
    private final BackupJobs jobs;
    private final WorkspaceCopies copies;

    BackupsController(BackupJobs jobs, WorkspaceCopies copies) {
        this.jobs = jobs;
        this.copies = copies;
    }

    @PreAuthorize("hasAuthority('backups:read')")
    @GetMapping("/api/v1/backups")
    public Map<String, Object> list() {
        return Map.of("items", jobs.backups(LIST_LIMIT).stream().map(BackupsController::view).toList());
    }

    /** The backups as CSV, as the list shows them. */
    @PreAuthorize("hasAuthority('backups:read')")
    @GetMapping("/api/v1/backups.csv")
    public org.springframework.http.ResponseEntity<String> exportList() {
        return io.strongroom.platform.CsvDownload.of("backups.csv", List.of("id", "kind", "state", "started_at",
                "finished_at", "verified_at", "size_bytes", "rows", "schema_version", "app_version", "store", "error"),
                jobs.backups(LIST_LIMIT).stream().map(BackupsController::view).toList());
    }

    /** The restore drills (B7): every week the newest backup is restored into scratch tables and compared. */
    @PreAuthorize("hasAuthority('backups:read')")
    @GetMapping("/api/v1/backups/drills")
    public Map<String, Object> drills() {
        return Map.of("items", jobs.drills(LIST_LIMIT).stream().map(d -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", d.id());
            view.put("backup_id", d.backupId());
            view.put("started_at", d.startedAt());
            view.put("duration_ms", d.durationMs());
            view.put("passed", d.passed());
            view.put("tables", d.tables());
            view.put("rows", d.rows());
            view.put("detail", d.detail());
            return view;
        }).toList());
    }

    @PreAuthorize("hasAuthority('backups:read')")
    @GetMapping("/api/v1/backups/{id}")
    public Map<String, Object> get(@PathVariable UUID id) {
        return view(jobs.backup(id).orElseThrow(() -> ApiProblem.notFound("The backup")));
    }

    @PreAuthorize("hasAuthority('backups:create')")
    @PostMapping("/api/v1/backups")
    public ResponseEntity<Map<String, Object>> create() {
        return accepted(jobs.requestBackup(Caller.require().userId()));
    }

    /**
     * Body {@code {"mode": "in_place"}} (the workspace's data is replaced) or {@code {"mode":
     * "new_workspace", "workspace": "<name>"}} (a new workspace for inspection; this one is untouched).
     * The mode is required, so a restore is never asked for by accident.
     */
    @PreAuthorize("hasAuthority('backups:restore')")
    @io.strongroom.platform.StepUp("replaces the workspace's data or copies it into a new workspace")
    @PostMapping(path = "/api/v1/backups/{id}/restore", consumes = "application/json")
    public ResponseEntity<Map<String, Object>> restore(@PathVariable UUID id, @RequestBody Map<String, Object> body) {
        Object mode = body.get("mode");
        if (!"in_place".equals(mode) && !"new_workspace".equals(mode)) {
            throw ApiProblem.validation("mode",
                    "must be in_place (the data of the workspace is replaced) or new_workspace (a new workspace is made)");
        }
        boolean copy = "new_workspace".equals(mode);
        for (String field : body.keySet()) {
            if (!field.equals("mode") && !(copy && field.equals("workspace"))) {
                throw ApiProblem.validation(field, "is not a field of this request");
            }
        }
        if (!copy) {
            return accepted(jobs.requestRestore(id, Caller.require().userId()));
        }
        if (!(body.get("workspace") instanceof String workspace)) {
            throw ApiProblem.validation("workspace", "is required");
        }
        return accepted(jobs.requestCopy(id, copies.checkNewName(workspace), Caller.require().userId()));
    }

    @PreAuthorize("hasAuthority('backups:read')")
    @GetMapping("/api/v1/backup-jobs")
    public Map<String, Object> jobs() {
        return Map.of("items", jobs.jobs(LIST_LIMIT).stream().map(BackupsController::view).toList());
    }

    @PreAuthorize("hasAuthority('backups:read')")
    @GetMapping("/api/v1/backup-jobs/{id}")
    public Map<String, Object> job(@PathVariable UUID id) {
        return view(jobs.job(id).orElseThrow(() -> ApiProblem.notFound("The job")));
    }

    private static ResponseEntity<Map<String, Object>> accepted(BackupJobs.Job job) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/backup-jobs/" + job.id())).body(view(job));
    }

    static Map<String, Object> view(BackupJobs.BackupEntry backup) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", backup.id());
        view.put("kind", backup.kind());
        view.put("state", backup.state());
        view.put("started_at", backup.startedAt());
        view.put("finished_at", backup.finishedAt());
        view.put("verified_at", backup.verifiedAt());
        view.put("size_bytes", backup.sizeBytes());
        view.put("rows", backup.rows());
        view.put("schema_version", backup.schemaVersion());
        view.put("app_version", backup.appVersion());
        view.put("store", backup.store());
        view.put("error", backup.error());
        return view;
    }

    static Map<String, Object> view(BackupJobs.Job job) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("kind", job.kind());
        view.put("trigger", job.trigger());
        view.put("state", job.state());
        view.put("backup_id", job.backupId());
        view.put("requested_at", job.requestedAt());
        view.put("started_at", job.startedAt());
        view.put("finished_at", job.finishedAt());
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("rows_done", job.done());
        progress.put("rows_total", job.total());
        view.put("progress", progress);
        view.put("rows", job.rows());
        view.put("error", job.error());
        if (job.targetWorkspace() != null) {
            view.put("workspace", job.targetWorkspace());
            view.put("workspace_id", job.targetTenant());
        }
        return view;
    }
}
