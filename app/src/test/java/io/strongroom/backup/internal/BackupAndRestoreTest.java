package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * Backups of one tenant and their restore in place (B1, B2, B3, B5), through the API and the job
 * worker, against the real database and the directory store.
 */
class BackupAndRestoreTest extends ApiTest {

    @Autowired
    BackupJobs jobs;

    @Autowired
    Backups backups;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "backup");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String person(String token, String given, String nationalId) {
        Response created = bearer(token).post("/api/v1/people", Map.of("given_name", given, "family_name", "Backup",
                "national_id", nationalId, "iban", "DE89 3704 0044 0532 0130 00", "department", "Vault"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    /** Every stored row of the tenant's restored tables, as text, in a stable order. */
    private List<String> snapshot(UUID tenant) {
        return superuser.sql("""
                select 'employee ' || e::text from employee e where tenant_id = :t
                union all select 'app_user ' || u::text from app_user u where tenant_id = :t
                union all select 'role ' || r::text from role r where tenant_id = :t
                union all select 'user_role ' || x::text from user_role x where tenant_id = :t
                union all select 'settings ' || s::text from security_settings s where tenant_id = :t
                union all select 'workspace ' || w::text from workspace_settings w where tenant_id = :t
                order by 1
                """).param("t", tenant).query(String.class).list();
    }

    private List<String> employees(UUID tenant) {
        return superuser.sql("select e::text from employee e where tenant_id = :t order by id").param("t", tenant)
                .query(String.class).list();
    }

    private Response backupNow(String token) {
        return bearer(token).post("/api/v1/backups", Map.of());
    }

    /** Asks for a backup and runs the worker; answers the backup's id. */
    private UUID takeBackup() {
        Response accepted = backupNow(owner);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.header("Location")).startsWith("/api/v1/backup-jobs/");
        assertThat(jobs.runOpenJobs()).isGreaterThanOrEqualTo(1);
        Response job = bearer(owner).get(accepted.header("Location"));
        assertThat(job.json().get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        return UUID.fromString(job.json().get("backup_id").asString());
    }

    private Response restore(String token, UUID backup) {
        return bearer(token).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "in_place"));
    }

    private Path archive(UUID tenant, UUID backup) {
        return TestDatabase.get().home().resolve("backups").resolve(Backups.objectKey(tenant, backup));
    }

    @Test
    @Tag("B1")
    @Tag("B2")
    @Tag("B3")
    @Tag("B5")
    void aRestoreBringsBackExactlyTheBackedUpStateOfOneWorkspaceAndNothingElse() throws Exception {
        String kept = person(owner, "Ottilie", "BK-1");
        String changed = person(owner, "Bruno", "BK-2");
        Workspace other = TestUsers.signUp(client(), "bystander");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        person(otherOwner, "Nora", "BY-1");
        List<String> before = snapshot(ws.tenantId());
        List<String> bystander = snapshot(other.tenantId());

        UUID backup = takeBackup();
        Response listed = bearer(owner).get("/api/v1/backups");
        assertThat(listed.status()).isEqualTo(200);
        var entry = listed.json().get("items").get(0);
        assertThat(entry.get("id").asString()).isEqualTo(backup.toString());
        assertThat(entry.get("state").asString()).isEqualTo("verified");
        assertThat(entry.get("kind").asString()).isEqualTo("on_demand");
        assertThat(entry.get("rows").asLong()).isGreaterThanOrEqualTo(before.size());
        assertThat(entry.get("size_bytes").asLong()).isPositive();
        assertThat(entry.get("verified_at").isNull()).isFalse();

        // B2: the archive is a file in the backup directory, apart from the database's files
        Path file = archive(ws.tenantId(), backup);
        assertThat(file).exists();
        assertThat(file.startsWith(TestDatabase.get().home().resolve("backups"))).isTrue();
        // B3: encrypted: neither names nor the schema's words are readable in it
        String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain("Ottilie").doesNotContain("Vault").doesNotContain("employee")
                .doesNotContain("manifest").doesNotContain(ws.ownerEmail());

        // the workspace changes after the backup
        Response read = bearer(owner).get("/api/v1/people/" + changed);
        assertThat(bearer(owner).header("If-Match", read.header("ETag"))
                .method("PATCH", "/api/v1/people/" + changed, Map.of("department", "Moved")).status()).isEqualTo(200);
        assertThat(bearer(owner).method("DELETE", "/api/v1/people/" + kept, null).status()).isEqualTo(204);
        person(owner, "Later", "BK-3");
        assertThat(snapshot(ws.tenantId())).isNotEqualTo(before);
        long auditBefore = superuser.sql("select count(*) from audit_event where tenant_id = :t").param("t", ws.tenantId())
                .query(Long.class).single();

        Response accepted = restore(owner, backup);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        assertThat(accepted.json().get("kind").asString()).isEqualTo("restore");
        jobs.runOpenJobs();
        assertThat(snapshot(ws.tenantId())).as("every row as it was, ciphertext included").isEqualTo(before);
        assertThat(snapshot(other.tenantId())).as("another workspace is untouched").isEqualTo(bystander);
        Response job = bearer(owner).get(accepted.header("Location"));
        assertThat(job.status()).as("the restore ended every session, the caller's too").isEqualTo(401);

        String again = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        job = bearer(again).get(accepted.header("Location"));
        assertThat(job.json().get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.json().get("rows").asLong()).isGreaterThanOrEqualTo(before.size());
        assertThat(job.json().get("progress").get("rows_done").asLong()).isEqualTo(job.json().get("rows").asLong());

        var mail = TestMail.get().await(ws.ownerEmail(), "was restored from a backup");
        assertThat(TestMail.body(mail)).contains(ws.workspace()).contains("signed out");
        Response person = bearer(again).get("/api/v1/people/" + kept);
        assertThat(person.status()).isEqualTo(200);
        assertThat(person.json().get("national_id").asString()).as("encrypted fields decrypt").isEqualTo("BK-1");
        assertThat(bearer(again).get("/api/v1/people/" + changed).json().get("department").asString()).isEqualTo("Vault");

        // the audit trail is not rolled back: it gained the restore, and its chain still verifies
        List<String> actions = superuser.sql("select action from audit_event where tenant_id = :t order by seq")
                .param("t", ws.tenantId()).query(String.class).list();
        assertThat(actions).hasSizeGreaterThan((int) auditBefore);
        assertThat(actions).contains("backup.requested", "backup.created", "backup.restore_requested", "backup.restored");
        Response verified = bearer(again).get("/api/v1/audit/verify");
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.json().get("ok").asBoolean()).as(verified.toString()).isTrue();
    }

    @Test
    @Tag("B5")
    void aBackupMadeBeforeASchemaChangeRestoresWhenItFitsAndIsRefusedWithTheReasonWhenItDoesNot() {
        JdbcClient owner = JdbcClient.create(TestDatabase.get().ownerDataSource());
        person(this.owner, "Schema", "BK-SCH");
        UUID before = takeBackup(); // made before the "migration" below
        try {
            // a later version adds a column with a default: the older backup still restores
            owner.sql("alter table security_settings add column backup_test_note text not null default 'added later'").update();
            this.owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
            assertThat(restore(this.owner, before).status()).isEqualTo(202);
            jobs.runOpenJobs();
            assertThat(superuser.sql("select backup_test_note from security_settings where tenant_id = :t")
                    .param("t", ws.tenantId()).query(String.class).single()).isEqualTo("added later");
            this.owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
            assertThat(bearer(this.owner).get("/api/v1/backup-jobs").json().get("items").get(0).get("state").asString())
                    .isEqualTo("succeeded");

            // a backup with that column, and a version that has dropped it: refused, naming it, nothing changes
            UUID with = takeBackup();
            owner.sql("alter table security_settings drop column backup_test_note").update();
            List<String> state = employees(ws.tenantId());
            assertThat(restore(this.owner, with).status()).isEqualTo(202);
            jobs.runOpenJobs();
            var job = bearer(this.owner).get("/api/v1/backup-jobs").json().get("items").get(0);
            assertThat(job.get("state").asString()).isEqualTo("failed");
            assertThat(job.get("error").asString()).contains("security_settings.backup_test_note").contains("no longer has");
            assertThat(employees(ws.tenantId())).isEqualTo(state);
        } finally {
            owner.sql("alter table security_settings drop column if exists backup_test_note").update();
        }
    }

    /** Moves the application clock to a minute after the tenant's daily slot, so the next hour has none. */
    private void justAfterTheDailySlot(UUID tenant) {
        long slot = superuser.sql("select (hashtext(:t)::bigint + 2147483648) % 86400").param("t", tenant.toString())
                .query(Long.class).single();
        long now = clock.instant().getEpochSecond() % 86400;
        clock.advance(java.time.Duration.ofSeconds(((slot - now) % 86400 + 86400) % 86400 + 60));
    }

    @Test
    @Tag("B1")
    void aStoreThatCannotBeWrittenFailsTheJobVisiblyAndTheScheduleTriesAgainLater() throws Exception {
        justAfterTheDailySlot(ws.tenantId());
        Path tenantDirectory = TestDatabase.get().home().resolve("backups").resolve(ws.tenantId().toString());
        Files.createDirectories(tenantDirectory.getParent());
        Files.writeString(tenantDirectory, "in the way"); // the store cannot create the tenant's directory

        assertThat(jobs.scheduleDue(ws.tenantId()::equals)).isEqualTo(1);
        jobs.runOpenJobs();
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        var failedJob = bearer(owner).get("/api/v1/backup-jobs").json().get("items").get(0);
        assertThat(failedJob.get("state").asString()).isEqualTo("failed");
        assertThat(failedJob.get("trigger").asString()).isEqualTo("schedule");
        assertThat(failedJob.get("error").asString()).isEqualTo(BackupJobs.STORE_FAILED);
        var failedBackup = bearer(owner).get("/api/v1/backups").json().get("items").get(0);
        assertThat(failedBackup.get("state").asString()).as("never listed as good").isEqualTo("failed");

        assertThat(jobs.scheduleDue(ws.tenantId()::equals)).as("not again at once").isZero();
        clock.advance(java.time.Duration.ofMinutes(31));
        Files.delete(tenantDirectory);
        assertThat(jobs.scheduleDue(ws.tenantId()::equals)).as("tried again after 30 minutes").isEqualTo(1);
        jobs.runOpenJobs();
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        var backups = bearer(owner).get("/api/v1/backups").json().get("items");
        assertThat(backups.get(0).get("state").asString()).isEqualTo("verified");
        assertThat(backups.get(0).get("kind").asString()).isEqualTo("daily");
        assertThat(jobs.scheduleDue(ws.tenantId()::equals)).as("done for the day").isZero();
    }

    @Test
    @Tag("B3")
    void anAlteredTruncatedOrMisplacedArchiveIsRefusedAndNothingChanges() throws Exception {
        person(owner, "Tamper", "BK-T");
        UUID backup = takeBackup();
        UUID second = takeBackup();
        Path file = archive(ws.tenantId(), backup);
        byte[] original = Files.readAllBytes(file);
        List<String> state = employees(ws.tenantId());

        // one flipped byte in the middle
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(original.length / 2);
            int b = f.read();
            f.seek(original.length / 2);
            f.write(b ^ 0x01);
        }
        assertRestoreRefused(backup, "altered");
        assertThat(employees(ws.tenantId())).isEqualTo(state);

        // truncated
        Files.write(file, java.util.Arrays.copyOf(original, original.length - 100));
        assertRestoreRefused(backup, "truncated");

        // another backup's archive under this backup's name (encrypted for another id)
        Files.copy(archive(ws.tenantId(), second), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRestoreRefused(backup, "another");

        // another workspace's archive
        Workspace other = TestUsers.signUp(client(), "stranger");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        Response theirs = bearer(otherOwner).post("/api/v1/backups", Map.of());
        jobs.runOpenJobs();
        UUID theirBackup = UUID.fromString(bearer(otherOwner).get(theirs.header("Location")).json().get("backup_id").asString());
        Files.copy(archive(other.tenantId(), theirBackup), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRestoreRefused(backup, "another");
        assertThat(employees(ws.tenantId())).isEqualTo(state);

        // missing
        Files.delete(file);
        assertRestoreRefused(backup, "missing");

        var failed = TestMail.get().await(ws.ownerEmail(), "failed");
        assertThat(TestMail.body(failed)).contains("Nothing was changed");

        // the original bytes restore again
        Files.write(file, original);
        Response ok = restore(owner, backup);
        assertThat(ok.status()).isEqualTo(202);
        jobs.runOpenJobs();
        assertThat(employees(ws.tenantId())).isEqualTo(state);
    }

    private void assertRestoreRefused(UUID backup, String why) {
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Response accepted = restore(owner, backup);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        jobs.runOpenJobs();
        Response job = bearer(owner).get(accepted.header("Location"));
        assertThat(job.status()).as("a refused restore ends no session").isEqualTo(200);
        assertThat(job.json().get("state").asString()).as(why + ": " + job).isEqualTo("failed");
        assertThat(job.json().get("error").asString()).as(why).containsIgnoringCase(why);
        TenantContext.runAs(ws.tenantId(), () -> assertThatThrownBy(() -> backups.verify(backup))
                .isInstanceOf(Backups.BackupUnusable.class));
    }

    @Test
    @Tag("B5")
    @Tag("T1")
    void onlyTheOwnerRestoresAndNobodyReachesAnotherWorkspacesBackups() {
        UUID backup = takeBackup();
        UUID adminId = TestUsers.addUser(ws.tenantId(), "admin@backup.example", "Admin-backup-passphrase-1", "administrator");
        String admin = TestUsers.tokens(client(), ws.workspace(), "admin@backup.example", "Admin-backup-passphrase-1").access();
        assertThat(adminId).isNotNull();
        assertThat(bearer(admin).get("/api/v1/backups").status()).isEqualTo(200);
        assertThat(restore(admin, backup).status()).as("restoring is the Owner's").isEqualTo(403);
        UUID employee = TestUsers.addUser(ws.tenantId(), "emp@backup.example", "Employee-backup-passphrase-1", "employee");
        assertThat(employee).isNotNull();
        String emp = TestUsers.tokens(client(), ws.workspace(), "emp@backup.example", "Employee-backup-passphrase-1").access();
        assertThat(bearer(emp).get("/api/v1/backups").status()).isEqualTo(403);
        assertThat(backupNow(emp).status()).isEqualTo(403);

        Workspace other = TestUsers.signUp(client(), "intruder");
        String intruder = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        assertThat(bearer(intruder).get("/api/v1/backups/" + backup).status()).isEqualTo(404);
        assertThat(restore(intruder, backup).status()).as("another workspace's backup is not found").isEqualTo(404);
        assertThat(bearer(intruder).get("/api/v1/backups").json().get("items").size()).isZero();

        // hostile input
        assertThat(bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of()).status()).isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "new_workspace")).status())
                .isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "in_place", "x", 1)).status())
                .isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/backups/not-an-id/restore", Map.of("mode", "in_place")).status())
                .isEqualTo(400);
        assertThat(bearer(owner).get("/api/v1/backup-jobs/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(restore(owner, UUID.randomUUID()).status()).isEqualTo(404);

        // one job at a time
        assertThat(backupNow(owner).status()).isEqualTo(202);
        Response busy = backupNow(owner);
        assertThat(busy.status()).as(busy.toString()).isEqualTo(409);
        assertThat(restore(owner, backup).status()).isEqualTo(409);
        jobs.runOpenJobs();
    }

    @Test
    @Tag("B5")
    void whileARestoreHoldsTheWorkspaceWritesAreRefusedAndReadsGoOn() throws Exception {
        String id = person(owner, "Reader", "BK-R");
        TestUsers.addUser(ws.tenantId(), "reader@backup.example", "Reader-backup-passphrase-1", "employee");
        String employee = TestUsers.tokens(client(), ws.workspace(), "reader@backup.example", "Reader-backup-passphrase-1")
                .access();
        try (Connection restore = TestDatabase.get().superuserDataSource().getConnection()) {
            restore.setAutoCommit(false);
            try (var statement = restore.prepareStatement(
                    "select pg_advisory_xact_lock(hashtext('strongroom.restore'), hashtext(?))")) {
                statement.setString(1, ws.tenantId().toString());
                statement.execute();
            }
            Response directory = bearer(employee).get("/api/v1/people/" + id);
            assertThat(directory.status()).as("a read goes on: " + directory).isEqualTo(200);
            assertThat(directory.json().get("given_name").asString()).isEqualTo("Reader");
            Response personal = bearer(owner).get("/api/v1/people/" + id);
            assertThat(personal.status()).as("a read of personal data must be audited, so it waits too: " + personal)
                    .isEqualTo(503);
            Response read = bearer(employee).get("/api/v1/people/" + id);
            Response write = bearer(owner).header("If-Match", read.header("ETag"))
                    .method("PATCH", "/api/v1/people/" + id, Map.of("department", "Nope"));
            assertThat(write.status()).as(write.toString()).isEqualTo(503);
            assertThat(write.header("Retry-After")).isNotNull();
            assertThat(write.toString()).contains("being restored");
            Response catalog = bearer(owner).get("/api/v1/backups");
            assertThat(catalog.status()).as("the catalog stays readable: " + catalog).isEqualTo(200);
            restore.rollback();
        }
        Response read = bearer(owner).get("/api/v1/people/" + id);
        assertThat(read.json().get("department").asString()).isEqualTo("Vault");
        assertThat(bearer(owner).header("If-Match", read.header("ETag"))
                .method("PATCH", "/api/v1/people/" + id, Map.of("department", "Yes")).status()).isEqualTo(200);
    }

    @Autowired
    io.strongroom.crypto.KeyAdministration keyAdministration;

    /** The crypto module's re-encryption job (run here by hand, like its own tests do). */
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("reencryptionJob")
    io.strongroom.jobs.RecurringJob reencryptionJob;

    private List<Long> fieldKeyIds(UUID tenant) {
        return superuser.sql("select unnest(key_ids) from tenant_keyset where tenant_id = :t and purpose = 'fields'")
                .param("t", tenant).query(Long.class).list();
    }

    @Test
    @Tag("B5")
    @Tag("E3")
    void aBackupStillRestoresAfterAKeyRotationAndItsOldKeyIsRetiredOnlyWhenNoBackupNeedsIt() {
        String id = person(owner, "Rotated", "BK-ROT");
        UUID backup = takeBackup();
        List<Long> before = fieldKeyIds(ws.tenantId());
        keyAdministration.rotate(ws.tenantId());
        clock.advance(java.time.Duration.ofMinutes(30)); // past retire-after
        reencryptionJob.work().run();
        assertThat(fieldKeyIds(ws.tenantId())).as("the backup still needs the replaced key").containsAll(before)
                .hasSize(before.size() + 1);
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(restore(owner, backup).status()).isEqualTo(202);
        jobs.runOpenJobs();
        String again = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(again).get("/api/v1/people/" + id).json().get("national_id").asString())
                .as("values restored under the replaced key decrypt").isEqualTo("BK-ROT");
        reencryptionJob.work().run(); // the restored values go under the current key again
        assertThat(keyAdministration.retireReplacedKeys(ws.tenantId())).as("still in a kept backup").isEmpty();

        // once the backup is gone (here removed by hand; the pruning does it by the retention rule), the key goes
        superuser.sql("delete from backup where tenant_id = :t").param("t", ws.tenantId()).update();
        assertThat(keyAdministration.retireReplacedKeys(ws.tenantId())).containsExactlyElementsOf(before);
        assertThat(fieldKeyIds(ws.tenantId())).doesNotContainAnyElementsOf(before).hasSize(1);
        assertThat(bearer(again).get("/api/v1/people/" + id).json().get("national_id").asString()).isEqualTo("BK-ROT");
    }

    @Test
    @Tag("B3")
    @Tag("E3")
    void afterCryptoShreddingTheBackupsOfTheWorkspaceNoLongerDecrypt() {
        person(owner, "Shred", "BK-S");
        UUID backup = takeBackup();
        TenantContext.runAs(ws.tenantId(), () -> assertThat(backups.verify(backup).rows()).isPositive());
        Response shredded = client().header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN)
                .method("POST", "/actuator/tenantkeys/" + ws.tenantId(),
                        Map.of("action", "destroy", "confirm", ws.tenantId().toString(), "reason", "test"));
        assertThat(shredded.status()).as(shredded.toString()).isEqualTo(200);
        assertThat(archive(ws.tenantId(), backup)).exists();
        TenantContext.runAs(ws.tenantId(), () -> assertThatThrownBy(() -> backups.verify(backup))
                .isInstanceOf(io.strongroom.crypto.TenantKeysDestroyed.class));
    }
}
