package io.strongroom.it;

import static io.strongroom.it.PackagedApplication.await;
import static io.strongroom.it.PackagedApplication.execute;
import static io.strongroom.it.PackagedApplication.single;
import static io.strongroom.it.PackagedApplication.waitingFor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.TestUsers;

/**
 * {@code kill -9} of the packaged application in the middle of a backup and of a restore (B1, B5):
 * a half-written backup is never listed as good and leaves no file behind, and a restore killed
 * half-way leaves the workspace exactly as it was before it. Both are stopped deterministically: a
 * transaction of the test holds a lock on a table the job reaches late, and the process is killed
 * while the job waits for it.
 */
@Tag("B1")
@Tag("B5")
class BackupKillNineIT {

    static final int ROWS = 20_000;

    @TempDir
    Path home;

    Process app;
    final Path log = Path.of("target", "backup-kill-nine-it.log");

    @AfterEach
    void stop() throws InterruptedException {
        PackagedApplication.stop(app);
    }

    @Test
    void killedInTheMiddleABackupLeavesNothingCountedAsGoodAndARestoreLeavesTheWorkspaceAsItWas() throws Exception {
        int port = PackagedApplication.freePort();
        int databasePort = PackagedApplication.freePort();
        app = start(port, databasePort);
        ApiClient api = PackagedApplication.awaitHealthy(app, home, port, log);
        String workspace = Fixtures.uniqueWorkspace("bkill");
        Response created = api.post("/api/v1/signup", Fixtures.signup(workspace));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID tenant = UUID.fromString(created.json().get("tenant_id").asString());
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            execute(db, "insert into employee (tenant_id, id, given_name, family_name, department) select '" + tenant
                    + "', gen_random_uuid(), 'Bulk', 'Row' || g, 'Before' from generate_series(1, " + ROWS + ") g");
        }

        // a new workspace is backed up at once (its first daily backup) and drilled: let those finish
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            await("the first daily backup and its drill are done", () -> single(db, "select id from backup_drill where tenant_id = '"
                    + tenant + "'") != null && single(db, "select id from backup_job where tenant_id = '" + tenant
                    + "' and state in ('queued', 'running')") == null);
        }

        // 1. a backup killed while it copies: user_role comes after employee, and the test holds it
        String killedBackup;
        try (Connection db = PackagedApplication.superuser(home, databasePort);
                Connection holder = PackagedApplication.superuser(home, databasePort)) {
            ApiClient ownerApi = owner(api, workspace); // signing in reads user_role: before the lock
            holder.setAutoCommit(false);
            execute(holder, "lock table user_role in access exclusive mode");
            assertThat(ownerApi.post("/api/v1/backups", Map.of()).status()).isEqualTo(202);
            await("the backup waits for user_role", () -> waitingFor(db, "user_role"));
            killedBackup = single(db, "select id from backup where tenant_id = '" + tenant + "' and state = 'running'");
            assertThat(killedBackup).isNotNull();
            assertThat(partials()).as("the archive is being written").hasSize(1);
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 mid-backup
            holder.rollback();
        }
        app = start(port, databasePort);
        api = PackagedApplication.awaitHealthy(app, home, port, log);
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            await("the interrupted job is failed after the restart", () -> "failed".equals(single(db,
                    "select state from backup_job where tenant_id = '" + tenant + "' and trigger = 'request'")));
            assertThat(single(db, "select state from backup where id = '" + killedBackup + "'")).isEqualTo("failed");
            assertThat(single(db, "select error from backup_job where tenant_id = '" + tenant + "' and trigger = 'request'"))
                    .contains("Interrupted");
        }
        assertThat(partials()).as("no half archive left").isEmpty();
        assertThat(archives()).as("nothing of the killed backup").noneMatch(p -> p.toString().contains(killedBackup));

        // a good backup, then the data changes
        Response accepted = owner(api, workspace).post("/api/v1/backups", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        ApiClient finalApi = api;
        await("the backup is verified", () -> "succeeded".equals(owner(finalApi, workspace).get(accepted.header("Location"))
                .json().get("state").asString()));
        String backup = owner(api, workspace).get(accepted.header("Location")).json().get("backup_id").asString();
        List<String> before;
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            execute(db, "update employee set department = 'After' where tenant_id = '" + tenant + "'");
            before = employees(db, tenant);
        }

        // 2. a restore killed half-way: it has deleted the employees when it waits for app_user
        try (Connection db = PackagedApplication.superuser(home, databasePort);
                Connection holder = PackagedApplication.superuser(home, databasePort)) {
            ApiClient ownerApi = owner(api, workspace);
            holder.setAutoCommit(false);
            execute(holder, "lock table app_user in share mode");
            Response restore = ownerApi.post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "in_place"));
            assertThat(restore.status()).as(restore.toString()).isEqualTo(202);
            await("the restore waits for app_user", () -> waitingFor(db, "app_user"));
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 mid-restore
            holder.rollback();
            assertThat(employees(db, tenant)).as("the workspace is as it was before the restore").isEqualTo(before);
        }
        app = start(port, databasePort);
        api = PackagedApplication.awaitHealthy(app, home, port, log);
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            await("the interrupted restore is failed after the restart", () -> "failed".equals(single(db,
                    "select state from backup_job where tenant_id = '" + tenant + "' and kind = 'restore'")));
            assertThat(employees(db, tenant)).isEqualTo(before);
        }
        // and the workspace takes writes again
        Response person = owner(api, workspace).post("/api/v1/people", Map.of("given_name", "After", "family_name", "Kill"));
        assertThat(person.status()).as(person.toString()).isEqualTo(201);
    }

    private static ApiClient owner(ApiClient api, String workspace) {
        return api.header("Authorization", "Bearer "
                + TestUsers.tokens(api, workspace, Fixtures.OWNER_EMAIL, Fixtures.STRONG_PASSWORD).access());
    }

    private List<Path> partials() throws IOException {
        return files(".partial");
    }

    private List<Path> archives() throws IOException {
        return files(".srbackup");
    }

    private List<Path> files(String suffix) throws IOException {
        return PackagedApplication.storeFiles(home, suffix);
    }

    private static List<String> employees(Connection db, UUID tenant) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("select e::text from employee e where tenant_id = ? order by id")) {
            select.setObject(1, tenant);
            try (ResultSet rs = select.executeQuery()) {
                List<String> rows = new java.util.ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
                return rows;
            }
        }
    }





    private Process start(int port, int databasePort) throws IOException {
        return PackagedApplication.start(home, port, log, Map.of(
                "STRONGROOM_DATABASE_EMBEDDED_PORT", Integer.toString(databasePort),
                "STRONGROOM_BACKUP_WORKERINTERVAL", "1s",
                "STRONGROOM_JOBS_POLLINGINTERVAL", "200ms"));
    }
}
