package io.strongroom.privacy.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.lifecycle.LegalHold;
import io.strongroom.platform.AfterRestore;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;

/**
 * The right to erasure (G1), carried out across every module through the tenant-data registry: the
 * person's rows in every table whose subject is a person (the record itself last), their disabled
 * user account with everything hanging off it, mail waiting for their addresses, and the personal
 * values of the audit records about them (blanked: the hash chain does not cover them, so it stays
 * valid). The work fields of those audit records (names, job titles) stay: the trail is the company's
 * record of what happened (GDPR Art. 17(3)(b), (e)). Every erasure is logged by id only, and a restore
 * erases the logged people again ({@link AfterRestore}). Call inside a transaction with the tenant bound.
 */
final class Erasure implements AfterRestore {

    private final JdbcClient jdbc;
    private final TenantDataRegistry registry;
    private final LegalHold hold;
    private final AuditLog audit;
    private final Clock clock;

    Erasure(JdbcClient jdbc, TenantDataRegistry registry, LegalHold hold, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.hold = hold;
        this.audit = audit;
        this.clock = clock;
    }

    /** Erases the person of erasure request {@code requestId}; answers the rows removed per table. */
    Map<String, Long> erase(UUID requestId, UUID personId, UUID actor) {
        if (hold.active()) {
            throw new ApiProblem(ProblemType.CONFLICT,
                    "The workspace is under a legal hold; nothing of it is deleted until the hold is lifted.");
        }
        Map<String, Object> person = jdbc.sql("select user_id, work_email from employee where id = :id for update")
                .param("id", personId).query().listOfRows().stream().findFirst()
                .orElseThrow(() -> ApiProblem.notFound("The person"));
        long reports = jdbc.sql("select count(*) from employee where manager_id = :id").param("id", personId)
                .query(Long.class).single();
        if (reports > 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "The person manages " + reports
                    + " people; give them another manager first.");
        }
        UUID user = (UUID) person.get("user_id");
        if (user != null && "active".equals(jdbc.sql("select status from app_user where id = :id").param("id", user)
                .query(String.class).optional().orElse(null))) {
            throw new ApiProblem(ProblemType.CONFLICT,
                    "The person still has an active user account; disable it first, so nobody is signed out unawares.");
        }
        Map<String, Long> removed = remove(personId, user);
        jdbc.sql("""
                insert into erasure_log (tenant_id, person_id, user_id, request_id, erased_at, erased_by)
                values (current_setting('app.tenant_id')::uuid, :person, :user, :request, :now, :actor)
                """).param("person", personId).param("user", user).param("request", requestId)
                .param("now", Timestamp.from(clock.instant())).param("actor", actor).update();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("person_id", personId.toString());
        facts.put("rows", removed);
        audit.record(AuditEntry.of("privacy.subject_erased", SubjectRequests.TABLE, requestId).details(facts));
        return removed;
    }

    /** A restore brought back rows of people erased after the backup: they go again. */
    @Override
    public void restored() {
        List<Map<String, Object>> erased = jdbc.sql("select person_id, user_id from erasure_log").query().listOfRows();
        long rows = 0;
        for (Map<String, Object> entry : erased) {
            rows += remove((UUID) entry.get("person_id"), (UUID) entry.get("user_id")).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
        if (!erased.isEmpty()) {
            audit.record(AuditEntry.of("privacy.erasures_reapplied", "workspace", null)
                    .details(Map.of("people", erased.size(), "rows", rows)));
        }
    }

    /** A copy of an older backup must not bring the erased back: the log goes with it, and is applied there. */
    @Override
    public Runnable forCopy() {
        List<Map<String, Object>> log = jdbc.sql("select person_id, user_id, request_id, erased_at, erased_by from erasure_log")
                .query().listOfRows();
        return () -> {
            for (Map<String, Object> entry : log) {
                jdbc.sql("""
                        insert into erasure_log (tenant_id, person_id, user_id, request_id, erased_at, erased_by)
                        values (current_setting('app.tenant_id')::uuid, :person, :user, :request, :at, :by)
                        """).param("person", entry.get("person_id")).param("user", entry.get("user_id"))
                        .param("request", entry.get("request_id")).param("at", entry.get("erased_at"))
                        .param("by", entry.get("erased_by")).update();
            }
            restored();
        };
    }

    private Map<String, Long> remove(UUID personId, UUID user) {
        Map<String, Long> removed = new LinkedHashMap<>();
        List<String> emails = new ArrayList<>();
        jdbc.sql("select work_email from employee where id = :id and work_email is not null").param("id", personId)
                .query(String.class).optional().ifPresent(emails::add);
        if (user != null) {
            jdbc.sql("select email from app_user where id = :id").param("id", user).query(String.class).optional()
                    .ifPresent(emails::add);
        }
        List<TenantTable> reverse = new ArrayList<>(registry.tables());
        java.util.Collections.reverse(reverse);
        for (TenantTable table : reverse) {
            if (table.subject() == null || table.module().equals("privacy") || table.keyMaterial()
                    || table.inBackup() == TenantTable.InBackup.APPEND_ONLY) {
                continue; // the requests themselves are the company's proof of handling them
            }
            SubjectKind kind = table.subject().kind();
            long rows = 0;
            if (kind == SubjectKind.PERSON) {
                rows = jdbc.sql("delete from " + table.name() + " where " + table.subject().column() + " = :id")
                        .param("id", personId).update();
            } else if (kind == SubjectKind.USER && user != null) {
                rows = jdbc.sql("delete from " + table.name() + " where " + table.subject().column() + " = :id")
                        .param("id", user).update();
            } else if (kind == SubjectKind.EMAIL && !emails.isEmpty()) {
                rows = jdbc.sql("delete from " + table.name() + " where " + table.subject().column()
                        + " = any(cast(:emails as text[]))").param("emails", emails.toArray(String[]::new)).update();
            }
            if (rows > 0) {
                removed.put(table.name(), rows);
            }
        }
        // the privacy module's own rows about the person: a restriction ends with the person (the requests stay)
        long lifted = jdbc.sql("delete from processing_restriction where person_id = :id").param("id", personId).update();
        if (lifted > 0) {
            removed.put("processing_restriction", lifted);
        }
        long blanked = jdbc.sql("""
                update audit_event set personal_diff = null
                 where personal_diff is not null
                   and ((target_type = 'employee' and target_id = :person) or (target_type = 'user' and target_id = :user))
                """).param("person", personId.toString()).param("user", user == null ? "" : user.toString()).update();
        if (blanked > 0) {
            removed.put("audit_event.personal_diff", blanked);
        }
        return removed;
    }
}
