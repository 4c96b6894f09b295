package io.strongroom.it;

import static io.strongroom.it.PackagedApplication.await;
import static io.strongroom.it.PackagedApplication.execute;
import static io.strongroom.it.PackagedApplication.single;
import static io.strongroom.it.PackagedApplication.waitingFor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
 * {@code kill -9} of the packaged application in the middle of a full export (D1) and of the deletion
 * of a workspace (D2): after the restart the export is made again and downloads whole, nothing half
 * written stays in the store, and the deletion is carried to its end by the next sweep. Both are
 * stopped deterministically: a transaction of the test holds a lock on a table the work reaches, and
 * the process is killed while the work waits for it.
 */
@Tag("D1")
@Tag("D2")
class LifecycleKillNineIT {

    static final int ROWS = 5_000;

    @TempDir
    Path home;

    Process app;
    final Path log = Path.of("target", "lifecycle-kill-nine-it.log");

    @AfterEach
    void stop() throws InterruptedException {
        PackagedApplication.stop(app);
    }

    @Test
    void anExportAndADeletionKilledHalfWayAreFinishedAfterTheRestart() throws Exception {
        int port = PackagedApplication.freePort();
        int databasePort = PackagedApplication.freePort();
        app = start(port, databasePort);
        ApiClient api = PackagedApplication.awaitHealthy(app, home, port, log);
        String workspace = Fixtures.uniqueWorkspace("lkill");
        Response created = api.post("/api/v1/signup", Fixtures.signup(workspace));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID tenant = UUID.fromString(created.json().get("tenant_id").asString());
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            execute(db, "insert into employee (tenant_id, id, given_name, family_name, department) select '" + tenant
                    + "', gen_random_uuid(), 'Bulk', 'Row' || g, 'Kept' from generate_series(1, " + ROWS + ") g");
            await("the first daily backup and its drill are done", () -> single(db, "select id from backup_drill"
                    + " where tenant_id = '" + tenant + "'") != null && single(db, "select id from backup_job where"
                    + " tenant_id = '" + tenant + "' and state in ('queued', 'running')") == null);
        }

        // 1. an export killed while it reads: the test holds the employee table
        String export;
        try (Connection db = PackagedApplication.superuser(home, databasePort);
                Connection holder = PackagedApplication.superuser(home, databasePort)) {
            ApiClient ownerApi = owner(api, workspace);
            holder.setAutoCommit(false);
            execute(holder, "lock table employee in access exclusive mode");
            Response accepted = ownerApi.post("/api/v1/exports", Map.of());
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            export = accepted.json().get("id").asString();
            await("the export waits for employee", () -> waitingFor(db, "employee")
                    && "running".equals(single(db, "select state from export_job where id = '" + export + "'")));
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 mid-export
            holder.rollback();
        }
        app = start(port, databasePort);
        api = PackagedApplication.awaitHealthy(app, home, port, log);
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            await("the export is made again after the restart", () -> "succeeded".equals(single(db,
                    "select state from export_job where id = '" + export + "'")));
        }
        ApiClient ownerApi = owner(api, workspace);
        var job = ownerApi.get("/api/v1/exports/" + export).json();
        var download = ownerApi.sendForBytes(ownerApi.request("/api/v1/exports/" + export + "/download").GET());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(download.body()))).isEqualTo(job.get("sha256").asString());
        assertThat(files(".partial")).as("nothing half written stays").isEmpty();

        // 2. a deletion killed while it waits for employee (destroying the keys clears values still in clear
        // there, and deleting the rows deletes from it): the workspace is being deleted, its rows are still there
        String token = Files.readString(home.resolve("secrets").resolve("management-token")).strip();
        ApiClient operator = api.header("Authorization", "Bearer " + token);
        try (Connection db = PackagedApplication.superuser(home, databasePort);
                Connection holder = PackagedApplication.superuser(home, databasePort)) {
            holder.setAutoCommit(false);
            execute(holder, "lock table employee in access exclusive mode");
            Response requested = operator.post("/actuator/workspaces/" + tenant, Map.of("action", "request_deletion",
                    "confirm", tenant.toString()));
            assertThat(requested.status()).as(requested.toString()).isEqualTo(200);
            await("the deletion waits for employee", () -> waitingFor(db, "employee")
                    && "deleting".equals(single(db, "select account_state from tenant where id = '" + tenant + "'")));
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 mid-deletion
            holder.rollback();
            assertThat(Long.parseLong(single(db, "select count(*) from employee where tenant_id = '" + tenant + "'")))
                    .as("what the killed transaction deleted is back").isEqualTo(ROWS);
        }
        app = start(port, databasePort);
        PackagedApplication.awaitHealthy(app, home, port, log);
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            await("the next sweep finishes the deletion", () -> "deleted".equals(single(db,
                    "select account_state from tenant where id = '" + tenant + "'")));
            assertThat(single(db, "select count(*) from employee where tenant_id = '" + tenant + "'")).isEqualTo("0");
            assertThat(single(db, "select count(*) from audit_event where tenant_id = '" + tenant + "'")).isEqualTo("0");
            assertThat(single(db, "select count(*) from deletion_certificate where workspace_id = '" + tenant + "'"))
                    .isEqualTo("1");
        }
        assertThat(files(".srbackup")).as("its backups left the store").noneMatch(p -> p.toString().contains(tenant.toString()));
        assertThat(files(".srexport")).as("so did its export").noneMatch(p -> p.toString().contains(tenant.toString()));
    }

    private static ApiClient owner(ApiClient api, String workspace) {
        return api.header("Authorization", "Bearer "
                + TestUsers.tokens(api, workspace, Fixtures.OWNER_EMAIL, Fixtures.STRONG_PASSWORD).access());
    }

    private List<Path> files(String suffix) throws IOException {
        return PackagedApplication.storeFiles(home, suffix);
    }





    private Process start(int port, int databasePort) throws IOException {
        return PackagedApplication.start(home, port, log, Map.of(
                "STRONGROOM_DATABASE_EMBEDDED_PORT", Integer.toString(databasePort),
                "STRONGROOM_BACKUP_WORKERINTERVAL", "1s",
                "STRONGROOM_LIFECYCLE_SWEEPINTERVAL", "1s",
                "STRONGROOM_JOBS_POLLINGINTERVAL", "200ms"));
    }
}
