package io.strongroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.TestUsers;

/**
 * Corruption is detected (the detection half of B6): the packaged application's embedded server
 * computes data checksums; a page of a table corrupted on disk while it is stopped is refused when
 * read after the restart, and the failure shows in {@code strongroom_database_checksum_failures_total}
 * (which the alert StrongroomDataCorruption watches). The integrity check finds such a page, names
 * the workspaces whose rows are on it, repairs them from their latest verified backups and re-applies
 * the changes made since from the audit trail; other workspaces stay as they were.
 */
@Tag("B6")
class DataCorruptionDetectionIT {

    static final String TOKEN = "corruption-detection-test-management-token-0123456789";

    @TempDir
    Path home;

    Process app;
    final Path log = Path.of("target", "data-corruption-it.log");

    @AfterEach
    void stop() throws InterruptedException {
        PackagedApplication.stop(app);
    }

    @Test
    void aPageCorruptedOnDiskIsRefusedWhenReadAndCounted() throws Exception {
        int port = PackagedApplication.freePort();
        int databasePort = PackagedApplication.freePort();
        app = start(port, databasePort);
        PackagedApplication.awaitHealthy(app, home, port, log);
        String file;
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            execute(db, "create table corrupt_me (id int primary key, filler text)");
            execute(db, "insert into corrupt_me select g, repeat('x', 50) from generate_series(1, 100) g");
            execute(db, "checkpoint");
            file = single(db, "select pg_relation_filepath('corrupt_me')");
            assertThat(single(db, "show data_checksums")).isEqualTo("on");
        }
        PackagedApplication.stop(app); // the embedded server stops with it

        try (RandomAccessFile heap = new RandomAccessFile(home.resolve("postgres").resolve(file).toFile(), "rw")) {
            heap.seek(4000); // inside the first 8 KiB page, among its rows
            int b = heap.read();
            heap.seek(4000);
            heap.write(b ^ 0xff);
        }

        app = start(port, databasePort);
        ApiClient api = PackagedApplication.awaitHealthy(app, home, port, log);
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            assertThatThrownBy(() -> single(db, "select count(*) from corrupt_me where filler is not null"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("invalid page in block 0");
        }
        Response metrics = api.header("Authorization", "Bearer " + TOKEN).get("/actuator/prometheus");
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.body()).contains("strongroom_database_data_checksums 1.0");
        assertThat(metrics.body()).containsPattern("strongroom_database_checksum_failures_total [1-9]");
    }

    @Test
    void theIntegrityCheckRepairsTheWorkspacesOfADamagedPageFromTheirBackupsAndTheAuditTrail() throws Exception {
        int port = PackagedApplication.freePort();
        int databasePort = PackagedApplication.freePort();
        app = start(port, databasePort);
        ApiClient api = PackagedApplication.awaitHealthy(app, home, port, log);
        String damaged = Fixtures.uniqueWorkspace("dmg");
        String bystander = Fixtures.uniqueWorkspace("ok");
        String damagedTenant = signUp(api, damaged);
        String bystanderTenant = signUp(api, bystander);
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            for (String tenant : List.of(damagedTenant, bystanderTenant)) {
                execute(db, "insert into employee (tenant_id, id, given_name, family_name, department) select '" + tenant
                        + "', gen_random_uuid(), 'Bulk', 'Row' || g, 'Kept' from generate_series(1, 400) g");
            }
        }
        String backup = backUp(api, damaged);
        Response later = owner(api, damaged).post("/api/v1/people", Map.of("given_name", "Late", "family_name", "Change"));
        assertThat(later.status()).as(later.toString()).isEqualTo(201);

        String file;
        long block;
        long offset;
        String bystanderRows;
        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            execute(db, "checkpoint");
            file = single(db, "select pg_relation_filepath('employee')");
            // a block holding rows of the damaged workspace only
            block = Long.parseLong(single(db, "select b from (select (ctid::text::point)[0]::bigint b, bool_and(tenant_id = '"
                    + damagedTenant + "') only_damaged, count(*) n from employee group by 1) x where only_damaged and n > 10"
                    + " order by b limit 1"));
            execute(db, "create extension if not exists pageinspect");
            offset = Long.parseLong(single(db, "select lp_off + lp_len - 1 from heap_page_items(get_raw_page('employee', "
                    + block + ")) where lp_len > 0 order by lp limit 1"));
            bystanderRows = single(db, "select string_agg(e::text, ',' order by id) from employee e where tenant_id = '"
                    + bystanderTenant + "'");
        }
        PackagedApplication.stop(app);
        try (RandomAccessFile heap = new RandomAccessFile(home.resolve("postgres").resolve(file).toFile(), "rw")) {
            heap.seek(block * 8192 + offset); // the last byte of a row's data: its header and tenant stay intact
            int b = heap.read();
            heap.seek(block * 8192 + offset);
            heap.write(b ^ 0xff);
        }

        app = start(port, databasePort);
        api = PackagedApplication.awaitHealthy(app, home, port, log);
        ApiClient operator = new ApiClient(port, ApiClient.randomClientIp(), home.resolve("tls/certificate.pem"))
                .header("Authorization", "Bearer " + TOKEN);
        Response report = operator.post("/actuator/integrity", Map.of("action", "check"));
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat(report.body()).contains("\"table\":\"employee\"", "\"block\":" + block, "page checksum failed",
                "\"repair\":\"restored\"", damagedTenant, backup, "\"restored\":true", "\"reapplied\":1")
                .doesNotContain(bystanderTenant);

        try (Connection db = PackagedApplication.superuser(home, databasePort)) {
            assertThat(single(db, "select count(*) from employee where department = 'Kept' and tenant_id = '"
                    + damagedTenant + "'")).as("every row of the backup is back").isEqualTo("400");
            assertThat(single(db, "select count(*) from employee where tenant_id = '" + damagedTenant + "'"))
                    .as("and the person created after the backup, re-applied from the audit trail").isEqualTo("401");
            assertThat(single(db, "select string_agg(e::text, ',' order by id) from employee e where tenant_id = '"
                    + bystanderTenant + "'")).as("the other workspace is untouched").isEqualTo(bystanderRows);
            assertThat(single(db, "select state from backup_job where tenant_id = '" + damagedTenant
                    + "' and trigger = 'repair'")).isEqualTo("succeeded");
        }
        Response metrics = operator.get("/actuator/prometheus");
        assertThat(metrics.body()).contains("strongroom_database_integrity_damage_total{repair=\"restored\"} 1.0")
                .contains("strongroom_database_integrity_unrepaired 0.0");
        Response again = operator.post("/actuator/integrity", Map.of("action", "check"));
        assertThat(again.json().get("damage").size()).as(again.toString()).isZero();
        assertThat(owner(api, damaged).get("/api/v1/people?limit=5").status()).isEqualTo(200);
    }

    private static String signUp(ApiClient api, String workspace) {
        Response created = api.post("/api/v1/signup", Fixtures.signup(workspace));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("tenant_id").asString();
    }

    /** Asks for a backup of the workspace (once earlier jobs have ended) and waits until it is verified; answers its id. */
    private static String backUp(ApiClient api, String workspace) throws Exception {
        java.util.concurrent.atomic.AtomicReference<ApiClient> owner = new java.util.concurrent.atomic.AtomicReference<>(
                owner(api, workspace));
        java.util.concurrent.atomic.AtomicReference<Response> last = new java.util.concurrent.atomic.AtomicReference<>();
        Callable<Response> poll = () -> last.get() == null ? null : owner.get().get(last.get().header("Location"));
        Awaitility.await("earlier backup jobs end").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Response accepted = owner.get().post("/api/v1/backups", Map.of());
                    if (accepted.status() == 401) {
                        owner.set(owner(api, workspace)); // the access token lives 60 s
                    }
                    last.set(accepted);
                    return accepted.status() == 202;
                });
        Awaitility.await("the backup is verified").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Response job = poll.call();
                    if (job.status() == 401) {
                        owner.set(owner(api, workspace));
                        return false;
                    }
                    return "succeeded".equals(job.json().get("state").asString());
                });
        return poll.call().json().get("backup_id").asString();
    }

    private static ApiClient owner(ApiClient api, String workspace) {
        return api.header("Authorization", "Bearer "
                + TestUsers.tokens(api, workspace, Fixtures.OWNER_EMAIL, Fixtures.STRONG_PASSWORD).access());
    }

    private static String single(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private Process start(int port, int databasePort) throws java.io.IOException {
        return PackagedApplication.start(home, port, log, Map.of(
                "STRONGROOM_DATABASE_EMBEDDED_PORT", Integer.toString(databasePort),
                "STRONGROOM_HTTP_MANAGEMENTTOKEN", TOKEN));
    }
}
