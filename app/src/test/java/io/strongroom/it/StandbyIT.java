package io.strongroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

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
 * The streaming standby (B8), as an operator runs it with the packaged jar: {@code strongroom standby
 * create} copies the running primary through the low-level backup API, {@code standby run} streams
 * from it, a change committed on the primary appears on the standby, the primary reports the standby
 * in its metrics; the standby refuses writes and Strongroom refuses to start on it; then the primary
 * dies, {@code standby promote} makes the standby the primary and Strongroom started on it serves the
 * same workspace (its keys came along), reads and writes.
 */
@Tag("B8")
class StandbyIT {

    static final String TOKEN = "standby-test-management-token-0123456789abcdef";

    @TempDir
    Path primaryHome;

    @TempDir
    Path standbyHome;

    Process app;
    Process standby;
    final Path log = Path.of("target", "standby-it.log");

    @AfterEach
    void stop() throws InterruptedException {
        PackagedApplication.stop(app);
        PackagedApplication.stop(standby);
    }

    @Test
    void aStandbyStreamsThePrimarysChangesAndServesStrongroomOncePromoted() throws Exception {
        int port = PackagedApplication.freePort();
        int databasePort = PackagedApplication.freePort();
        int standbyPort = PackagedApplication.freePort();
        app = start(primaryHome, port, databasePort);
        ApiClient api = PackagedApplication.awaitHealthy(app, primaryHome, port, log);
        String workspace = Fixtures.uniqueWorkspace("standby");
        Response created = api.post("/api/v1/signup", Fixtures.signup(workspace));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID tenant = UUID.fromString(created.json().get("tenant_id").asString());
        Response before = owner(api, workspace).post("/api/v1/people",
                Map.of("given_name", "Bettina", "family_name", "Before", "job_title", "Made before the standby"));
        assertThat(before.status()).as(before.toString()).isEqualTo(201);

        // a standby already there is refused; so is a standby of a home whose server does not run
        assertThat(run("standby", "create", "--primary-home", standbyHome.toString(), "--home",
                standbyHome.resolve("x").toString())).isEqualTo(1);
        assertThat(run("standby", "create", "--primary-home", primaryHome.toString(), "--home", standbyHome.toString()))
                .as("see " + log.toAbsolutePath()).isZero();
        assertThat(standbyHome.resolve("postgres/standby.signal")).exists();
        assertThat(standbyHome.resolve("postgres/backup_label")).exists();
        assertThat(standbyHome.resolve("postgres/postmaster.pid")).doesNotExist();
        assertThat(standbyHome.resolve("postgres.partial")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(standbyHome.resolve("secrets"))).hasSize(3); // rwx------

        // Strongroom does not start on a standby: it would take writes the primary never sees
        Process refused = PackagedApplication.start(standbyHome, PackagedApplication.freePort(), log,
                Map.of("STRONGROOM_DATABASE_EMBEDDED_PORT", Integer.toString(standbyPort)));
        assertThat(refused.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(refused.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("is a standby", "strongroom standby promote --home");

        standby = PackagedApplication.command(log, "standby", "run", "--home", standbyHome.toString(), "--port",
                Integer.toString(standbyPort));
        try (Connection replica = await("the standby accepts connections", () -> {
            assertThat(standby.isAlive()).as("standby exited; see " + log.toAbsolutePath()).isTrue();
            try {
                return PackagedApplication.superuser(standbyHome, standbyPort);
            } catch (SQLException notYet) {
                return null;
            }
        })) {
            assertThat(single(replica, "select pg_is_in_recovery()")).isEqualTo("t");
            assertThat(single(replica, "select job_title from employee where tenant_id = '" + tenant + "'"))
                    .isEqualTo("Made before the standby");

            Response after = owner(api, workspace).post("/api/v1/people",
                    Map.of("given_name", "Anton", "family_name", "After", "job_title", "Made while it streams"));
            assertThat(after.status()).as(after.toString()).isEqualTo(201);
            await("the change reaches the standby", () -> "1".equals(single(replica,
                    "select count(*) from employee where job_title = 'Made while it streams'")) ? true : null);
            assertThat(run("standby", "create", "--primary-home", primaryHome.toString(), "--home",
                    standbyHome.resolve("second").toString())).as("one standby per primary").isEqualTo(1);
            assertThat(Files.readString(log)).contains("A standby streams from this primary already");
            assertThatThrownBy(() -> single(replica, "insert into employee (tenant_id, id, given_name, family_name)"
                    + " values ('" + tenant + "', gen_random_uuid(), 'x', 'y') returning id"))
                    .hasMessageContaining("read-only");
        }
        Response metrics = api.header("Authorization", "Bearer " + TOKEN).get("/actuator/prometheus");
        assertThat(metrics.body()).contains("strongroom_database_standby_streaming 1.0")
                .containsPattern("strongroom_database_standby_lag_bytes [0-9]");
        assertThat(run("standby", "status", "--home", standbyHome.toString())).isZero();
        assertThat(Files.readString(log)).contains("standby; receiver streaming");

        // the primary is lost; the standby takes over
        PackagedApplication.stop(app);
        assertThat(run("standby", "promote", "--home", standbyHome.toString())).isZero();
        assertThat(Files.readString(log)).contains("Promoted");
        PackagedApplication.stop(standby);
        assertThat(standby.exitValue()).as("SIGTERM's status: the JVM ran its shutdown hooks").isEqualTo(143);
        assertThat(standbyHome.resolve("postgres/postmaster.pid")).as("PostgreSQL stopped with it").doesNotExist();

        int newPort = PackagedApplication.freePort();
        app = start(standbyHome, newPort, standbyPort);
        ApiClient promoted = PackagedApplication.awaitHealthy(app, standbyHome, newPort, log);
        Response people = owner(promoted, workspace).get("/api/v1/people");
        assertThat(people.status()).as(people.toString()).isEqualTo(200);
        assertThat(people.body()).contains("Bettina", "Anton"); // decrypted: the tenant keys came with the standby
        Response third = owner(promoted, workspace).post("/api/v1/people",
                Map.of("given_name", "Petra", "family_name", "Promoted"));
        assertThat(third.status()).as(third.toString()).isEqualTo(201);
    }

    private Process start(Path home, int port, int databasePort) throws java.io.IOException {
        return PackagedApplication.start(home, port, log, Map.of(
                "STRONGROOM_DATABASE_EMBEDDED_PORT", Integer.toString(databasePort),
                "STRONGROOM_HTTP_MANAGEMENTTOKEN", TOKEN));
    }

    private int run(String... args) throws Exception {
        Process command = PackagedApplication.command(log, args);
        assertThat(command.waitFor(5, TimeUnit.MINUTES)).as("command finished: " + String.join(" ", args)).isTrue();
        return command.exitValue();
    }

    private static ApiClient owner(ApiClient api, String workspace) {
        return api.header("Authorization", "Bearer "
                + TestUsers.tokens(api, workspace, Fixtures.OWNER_EMAIL, Fixtures.STRONG_PASSWORD).access());
    }

    private static String single(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Waits for what another process does; bounded, never timed (a slow machine only waits longer). */
    private static <T> T await(String what, Callable<T> value) {
        return Awaitility.await(what).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(value, v -> v != null);
    }
}
