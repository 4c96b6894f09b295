package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * The second half of a repair (B6): after a workspace is restored from its backup, the changes made
 * since are put back from the audit trail. People created, changed (personal fields included) and
 * deleted after the backup come back exactly; a change made from a state that no longer holds is
 * refused as a conflict, and a change no module re-applies is reported, both with their sequence
 * numbers.
 */
@Tag("B6")
class ChangeReapplicationTest extends ApiTest {

    @Autowired
    BackupJobs jobs;

    @Autowired
    ChangeReapplication reapplication;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "reapply");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    private String person(String given, String nationalId) {
        Response created = bearer(owner).post("/api/v1/people", Map.of("given_name", given, "family_name", "Reapply",
                "national_id", nationalId, "job_title", "Clerk", "department", "Before"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private Response patch(String id, Map<String, Object> changes) {
        Response current = bearer(owner).get("/api/v1/people/" + id);
        return bearer(owner).header("If-Match", current.header("ETag")).method("PATCH", "/api/v1/people/" + id, changes);
    }

    /** Every person of the workspace as the API shows it to its Owner (personal fields included), by id. */
    private List<String> people() {
        return superuser.sql("select id from employee where tenant_id = :t order by id").param("t", ws.tenantId())
                .query(UUID.class).list().stream().map(id -> {
                    var fields = bearer(owner).get("/api/v1/people/" + id).json();
                    return id + " " + fields.get("given_name").asString() + " " + fields.get("job_title").asString() + " "
                            + fields.get("department").asString() + " " + fields.get("national_id").asString() + " "
                            + fields.get("iban");
                }).toList();
    }

    private UUID backUpAndRecordTime(Instant[] at) {
        Response accepted = bearer(owner).post("/api/v1/backups", Map.of());
        assertThat(accepted.status()).isEqualTo(202);
        jobs.runOpenJobs();
        UUID backup = UUID.fromString(bearer(owner).get(accepted.header("Location")).json().get("backup_id").asString());
        at[0] = superuser.sql("select started_at from backup where id = :id").param("id", backup)
                .query(java.sql.Timestamp.class).single().toInstant();
        return backup;
    }

    private void restore(UUID backup) {
        Response restore = bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "in_place"));
        assertThat(restore.status()).as(restore.toString()).isEqualTo(202);
        jobs.runOpenJobs();
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @Test
    void theChangesSinceTheBackupComeBackAndWhatCannotIsReportedWithItsReason() {
        String changed = person("Clara", "RA-1");
        String deleted = person("Dieter", "RA-2");
        String conflicting = person("Konrad", "RA-3");
        Instant[] at = new Instant[1];
        UUID backup = backUpAndRecordTime(at);

        // after the backup: a new person, changes (one to a personal field), a deletion, a settings change
        String created = person("Nadja", "RA-4");
        assertThat(patch(changed, Map.of("job_title", "Head clerk", "iban", "DE89 3704 0044 0532 0130 00")).status())
                .isEqualTo(200);
        assertThat(patch(conflicting, Map.of("department", "After")).status()).isEqualTo(200);
        assertThat(bearer(owner).delete("/api/v1/people/" + deleted).status()).isEqualTo(204);
        Response settings = bearer(owner).method("PUT", "/api/v1/settings/sessions",
                Map.of("idle_timeout_minutes", 20, "absolute_lifetime_minutes", 600));
        assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
        List<String> before = people();
        assertThat(before).hasSize(3);

        restore(backup);
        assertThat(people()).as("the backup's state").hasSize(3).isNotEqualTo(before);
        // someone changes a person after the restore: the recorded change no longer applies to it
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("update employee set department = 'Elsewhere' where id = :id")
                .param("id", UUID.fromString(conflicting)).update());

        ChangeReapplication.Report report = TenantContext.callAs(ws.tenantId(),
                () -> reapplication.reapplySince(at[0], backup));
        assertThat(report.applied()).as(report.toString()).isEqualTo(3); // created, changed, deleted
        List<String> after = people();
        assertThat(after).filteredOn(p -> !p.startsWith(conflicting)).containsExactlyInAnyOrderElementsOf(
                before.stream().filter(p -> !p.startsWith(conflicting)).toList());
        assertThat(after).anyMatch(p -> p.startsWith(created + " Nadja"));
        assertThat(after).noneMatch(p -> p.startsWith(deleted));
        assertThat(after).anyMatch(p -> p.startsWith(changed) && p.contains("Head clerk") && p.contains("DE89"));
        assertThat(after).anyMatch(p -> p.startsWith(conflicting) && p.contains("Elsewhere"));
        assertThat(report.notReapplied()).anySatisfy(n -> {
            assertThat(n.action()).isEqualTo("employee.updated");
            assertThat(n.target()).contains(conflicting);
            assertThat(n.reason()).contains("changed otherwise");
        });
        assertThat(report.notReapplied()).as("the settings change: no module re-applies it").anySatisfy(n -> {
            assertThat(n.action()).startsWith("settings.");
            assertThat(n.reason()).startsWith("no module re-applies");
        });
        assertThat(superuser.sql("select details ->> 'applied' from audit_event where tenant_id = :t"
                + " and action = 'backup.changes_reapplied'").param("t", ws.tenantId()).query(String.class).single())
                .isEqualTo("3");

        // run again: everything is already there or still conflicts; nothing is applied twice
        ChangeReapplication.Report again = TenantContext.callAs(ws.tenantId(),
                () -> reapplication.reapplySince(at[0], backup));
        assertThat(again.applied()).isZero();
        assertThat(people()).isEqualTo(after);
    }
}
