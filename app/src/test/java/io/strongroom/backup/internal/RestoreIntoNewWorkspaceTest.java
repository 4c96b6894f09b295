package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A backup restored into a new workspace for inspection (B5): the copy holds exactly the backup's
 * data under its own keys, its people sign in with their credentials of the time, and the source
 * workspace is not touched. Owner only; bad names and modes are refused before anything is queued.
 */
@Tag("B5")
class RestoreIntoNewWorkspaceTest extends ApiTest {

    @Autowired
    BackupJobs jobs;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "copysrc");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    private String person(String token, String given, String nationalId) {
        Response created = bearer(token).post("/api/v1/people", Map.of("given_name", given, "family_name", "Copy",
                "national_id", nationalId, "iban", "DE89 3704 0044 0532 0130 00", "department", "Inspection"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private UUID takeBackup() {
        Response accepted = bearer(owner).post("/api/v1/backups", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        jobs.runOpenJobs();
        return UUID.fromString(bearer(owner).get(accepted.header("Location")).json().get("backup_id").asString());
    }

    private Response copy(String token, UUID backup, Object workspace) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("mode", "new_workspace");
        if (workspace != null) {
            body.put("workspace", workspace);
        }
        return bearer(token).post("/api/v1/backups/" + backup + "/restore", body);
    }

    private List<String> rows(String table, UUID tenant) {
        return superuser.sql("select t::text from " + table + " t where tenant_id = :t order by 1").param("t", tenant)
                .query(String.class).list();
    }

    @Test
    void theCopyHoldsTheBackupUnderItsOwnKeysAndTheSourceStaysAsItIs() {
        String kept = person(owner, "Konstanze", "CP-1");
        String removed = person(owner, "Rudolf", "CP-2");
        UUID backup = takeBackup();
        assertThat(bearer(owner).delete("/api/v1/people/" + removed).status()).isEqualTo(204);
        List<String> sourceAfter = rows("employee", ws.tenantId());
        String name = ws.workspace() + "-copy";

        Response accepted = copy(owner, backup, name.toUpperCase());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().get("workspace").asString()).as("normalised").isEqualTo(name);
        jobs.runOpenJobs();
        Response job = bearer(owner).get(accepted.header("Location"));
        assertThat(job.json().get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        UUID copyId = UUID.fromString(job.json().get("workspace_id").asString());

        // the source is untouched: the person deleted after the backup stays deleted there
        assertThat(rows("employee", ws.tenantId())).isEqualTo(sourceAfter);
        // the copy: the backup's people, read through the API of the copy with the owner's password
        String copyOwner = TestUsers.tokens(client(), name, ws.ownerEmail(), ws.ownerPassword()).access();
        Response people = bearer(copyOwner).get("/api/v1/people");
        assertThat(people.status()).as(people.toString()).isEqualTo(200);
        assertThat(people.body()).contains("Konstanze", "Rudolf");
        Response read = bearer(copyOwner).get("/api/v1/people/" + kept);
        assertThat(read.body()).as(read.toString()).contains("CP-1");
        // encrypted under the copy's own keys: the same record's ciphertext differs, blind indexes too
        Map<String, Object> source = superuser.sql("select national_id, national_id_index from employee where tenant_id = :t"
                + " and id = :id").param("t", ws.tenantId()).param("id", UUID.fromString(kept)).query().singleRow();
        Map<String, Object> copied = superuser.sql("select national_id, national_id_index from employee where tenant_id = :t"
                + " and id = :id").param("t", copyId).param("id", UUID.fromString(kept)).query().singleRow();
        assertThat((byte[]) copied.get("national_id")).isNotEqualTo(source.get("national_id"));
        assertThat((byte[]) copied.get("national_id_index")).isNotNull().isNotEqualTo(source.get("national_id_index"));
        // ... and they work: the copy refuses a national id it holds (blind index under its key)
        Response duplicate = bearer(copyOwner).post("/api/v1/people", Map.of("given_name", "Dup", "family_name", "Copy",
                "national_id", "cp 1"));
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(400);
        // no sessions copied; the copy's audit trail begins with the restore, the source's records it
        assertThat(rows("auth_session", copyId)).hasSize(1); // the sign-in above, nothing from the source
        assertThat(superuser.sql("select action from audit_event where tenant_id = :t order by seq limit 1")
                .param("t", copyId).query(String.class).single()).isEqualTo("backup.restored");
        assertThat(superuser.sql("select count(*) from audit_event where tenant_id = :t and action = 'backup.copied'"
                + " and details ->> 'tenant_id' = :copy").param("t", ws.tenantId()).param("copy", copyId.toString())
                .query(Long.class).single()).isEqualTo(1);
        var mail = TestMail.get().await(ws.ownerEmail(), "was made from a backup of " + ws.workspace());
        assertThat(TestMail.body(mail)).contains(name).contains("was not changed");
        // the copy keeps working: a new person there, not in the source
        assertThat(person(copyOwner, "Neu", "CP-9")).isNotBlank();
        assertThat(rows("employee", ws.tenantId())).isEqualTo(sourceAfter);
    }

    @Test
    void aWorkspaceOfThousandsIsCopiedPageByPageAndEveryValueEndsUnderTheCopysKey() {
        int rows = 2_345; // more than two pages of the re-encryption
        superuser.sql("""
                insert into employee (tenant_id, id, given_name, family_name, national_id)
                select :t, gen_random_uuid(), 'Bulk', 'Row' || g, '\\x00'::bytea || convert_to('NID-' || g, 'UTF8')
                  from generate_series(1, :n) g
                """).param("t", ws.tenantId()).param("n", rows).update();
        UUID backup = takeBackup();
        Response accepted = copy(owner, backup, ws.workspace() + "-bulk");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        jobs.runOpenJobs();
        Response job = bearer(owner).get(accepted.header("Location"));
        assertThat(job.json().get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        UUID copyId = UUID.fromString(job.json().get("workspace_id").asString());
        assertThat(superuser.sql("""
                select count(*) filter (where substring(national_id from 1 for 1) = '\\x01'::bytea
                                          and national_id_index is not null)
                  from employee where tenant_id = :t
                """).param("t", copyId).query(Long.class).single()).as("every value encrypted, every index made")
                .isEqualTo(rows);
        // the last person in id order (the last page) reads back through the copy's API
        String last = superuser.sql("select id::text from employee where tenant_id = :t order by id desc limit 1")
                .param("t", copyId).query(String.class).single();
        String copyOwner = TestUsers.tokens(client(), ws.workspace() + "-bulk", ws.ownerEmail(), ws.ownerPassword())
                .access();
        assertThat(bearer(copyOwner).get("/api/v1/people/" + last).body()).contains("NID-");
    }

    @Test
    void badNamesModesAndCallersAreRefusedAndNothingIsQueued() {
        UUID backup = takeBackup();
        assertThat(copy(owner, backup, null).status()).isEqualTo(400);
        assertThat(copy(owner, backup, "x").status()).isEqualTo(400);
        assertThat(copy(owner, backup, "admin").status()).isEqualTo(400);
        assertThat(copy(owner, backup, 42).status()).isEqualTo(400);
        Response taken = copy(owner, backup, ws.workspace());
        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(bearer(owner).post("/api/v1/backups/" + backup + "/restore",
                Map.of("mode", "in_place", "workspace", "elsewhere")).status()).isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "copy")).status())
                .isEqualTo(400);
        assertThat(copy(owner, UUID.randomUUID(), ws.workspace() + "-x").status()).isEqualTo(404);
        // an administrator may back up but not restore, in place or into a new workspace
        TestUsers.addUser(ws.tenantId(), "admin-" + ws.workspace() + "@example.com", Fixtures.STRONG_PASSWORD, "administrator");
        String admin = TestUsers.tokens(client(), ws.workspace(), "admin-" + ws.workspace() + "@example.com",
                Fixtures.STRONG_PASSWORD).access();
        assertThat(copy(admin, backup, ws.workspace() + "-adm").status()).isEqualTo(403);
        // another workspace's owner cannot reach this backup
        Workspace other = TestUsers.signUp(client(), "copyother");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        assertThat(copy(otherOwner, backup, other.workspace() + "-steal").status()).isEqualTo(404);
        assertThat(io.strongroom.platform.TenantContext.callAs(ws.tenantId(), () -> jobs.jobs(50))).as("the backup job only")
                .hasSize(1).noneMatch(j -> j.targetWorkspace() != null);
        assertThat(superuser.sql("select count(*) from tenant where workspace like :w").param("w", ws.workspace() + "-%")
                .query(Long.class).single()).isZero();
    }
}
