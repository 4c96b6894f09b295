package io.strongroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.awaitility.Awaitility;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The re-encryption job of the packaged application survives {@code kill -9} in the middle (E1, E3):
 * rows as a version before encryption left them (personal values in clear) are being encrypted
 * when the process is killed; after a restart the job finishes, and every value reads back as it was.
 */
@Tag("E1")
@Tag("E3")
class ReencryptionKillNineIT {

    static final int ROWS = 20_000;
    /** The job's batch size (Reencryption.BATCH): rows per transaction. */
    static final int BATCH = 200;
    /** The position (in the job's order) of the row another transaction holds: in the sixth batch. */
    static final int HELD_ROW = 5 * BATCH + 50;

    @TempDir
    Path home;

    Process app;
    final Path log = Path.of("target", "reencryption-kill-nine-it.log");

    @AfterEach
    void stop() throws InterruptedException {
        PackagedApplication.stop(app);
    }

    @Test
    void theJobKilledInTheMiddleFinishesAfterARestartAndLosesNothing() throws Exception {
        int port = freePort();
        int databasePort = freePort();
        app = start(port, databasePort);
        ApiClient api = awaitHealthy(port);
        String workspace = Fixtures.uniqueWorkspace("rekill");
        Response created = api.post("/api/v1/signup", Fixtures.signup(workspace));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        UUID tenant = UUID.fromString(created.json().get("tenant_id").asString());

        try (Connection db = superuser(databasePort)) {
            // as an older version left them: values in clear (0x00 + text), no blind index, tenant not yet done
            try (PreparedStatement insert = db.prepareStatement("""
                    insert into employee (tenant_id, id, given_name, family_name, national_id, iban, home_address)
                    select ?, gen_random_uuid(), 'Old', 'Row' || g, '\\x00'::bytea || convert_to('NID-' || g, 'UTF8'),
                           '\\x00'::bytea || convert_to('DE89370400440532013000', 'UTF8'),
                           '\\x00'::bytea || convert_to('Street ' || g, 'UTF8')
                      from generate_series(1, ?) g
                    """)) {
                insert.setObject(1, tenant);
                insert.setInt(2, ROWS);
                insert.executeUpdate();
            }
            // the job is stopped in the middle of a batch, deterministically: another transaction holds a
            // row of the sixth batch, so the first five batches commit and the sixth waits for it, its
            // transaction open, when the process is killed
            UUID held = selectId(db, tenant, HELD_ROW);
            try (Connection holder = superuser(databasePort)) {
                holder.setAutoCommit(false);
                execute(holder, "select 1 from employee where id = '" + held + "' for update");
                execute(db, "update tenant_keyset set sealed_key_id = null where tenant_id = '" + tenant + "'");
                await("the job waits for the held row", () -> jobWaitsForALock(db));
                assertThat(inClear(db, tenant)).as("the batches before the held row are committed")
                        .isEqualTo(ROWS - HELD_ROW / BATCH * BATCH);
                app.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 with a batch in flight
                holder.rollback();
            }
            assertThat(inClear(db, tenant)).as("nothing of the batch in flight was written")
                    .isEqualTo(ROWS - HELD_ROW / BATCH * BATCH);
        }

        app = start(port, databasePort);
        api = awaitHealthy(port);
        try (Connection db = superuser(databasePort)) {
            await("the job finished after the restart", () -> inClear(db, tenant) == 0);
            try (PreparedStatement check = db.prepareStatement("""
                    select count(*) filter (where get_byte(national_id, 0) = 1 and get_byte(iban, 0) = 1
                                              and get_byte(home_address, 0) = 1 and national_id_index is not null)
                      from employee where tenant_id = ? and given_name = 'Old'
                    """)) {
                check.setObject(1, tenant);
                try (ResultSet rs = check.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("every row encrypted, with its blind index").isEqualTo(ROWS);
                }
            }
        }

        // every value reads back as it was
        Map<String, String> seen = new HashMap<>();
        String after = null;
        int pages = 0;
        ApiClient owner = null;
        do {
            if (pages++ % 50 == 0) { // a fresh 60-second access token now and then
                owner = api.header("Authorization", "Bearer "
                        + TestUsers.tokens(api, workspace, Fixtures.OWNER_EMAIL, Fixtures.STRONG_PASSWORD).access());
            }
            JsonNode page = owner.get("/api/v1/people?limit=200" + (after == null ? "" : "&after=" + after)).json();
            for (JsonNode person : page.get("items")) {
                if (person.get("given_name").asString().equals("Old")) {
                    String n = person.get("family_name").asString().substring("Row".length());
                    assertThat(person.get("national_id").asString()).isEqualTo("NID-" + n);
                    assertThat(person.get("iban").asString()).isEqualTo("DE89370400440532013000");
                    assertThat(person.get("home_address").asString()).isEqualTo("Street " + n);
                    seen.put(n, person.get("id").asString());
                }
            }
            after = page.get("next_after").isNull() ? null : page.get("next_after").asString();
        } while (after != null);
        assertThat(seen).hasSize(ROWS);
    }

    /**
     * Waits for something the other process does; bounded, never timed (a slow machine only waits
     * longer). A restart waits for db-scheduler to see the killed run's missed heartbeats (~30 s).
     */
    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    private static boolean jobWaitsForALock(Connection db) throws SQLException {
        try (var statement = db.createStatement(); ResultSet rs = statement.executeQuery(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '%from employee%'")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static UUID selectId(Connection db, UUID tenant, int position) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(
                "select id from employee where tenant_id = ? and given_name = 'Old' order by id offset ? limit 1")) {
            select.setObject(1, tenant);
            select.setInt(2, position);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private static long inClear(Connection db, UUID tenant) throws SQLException {
        try (PreparedStatement count = db.prepareStatement(
                "select count(*) from employee where tenant_id = ? and get_byte(national_id, 0) = 0")) {
            count.setObject(1, tenant);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private Connection superuser(int databasePort) throws IOException, SQLException {
        return PackagedApplication.superuser(home, databasePort);
    }

    private Process start(int port, int databasePort) throws IOException {
        return PackagedApplication.start(home, port, log, Map.of(
                "STRONGROOM_DATABASE_EMBEDDED_PORT", Integer.toString(databasePort),
                "STRONGROOM_CRYPTO_REENCRYPTIONINTERVAL", "1s",
                "STRONGROOM_JOBS_POLLINGINTERVAL", "200ms"));
    }

    private ApiClient awaitHealthy(int port) throws InterruptedException {
        return PackagedApplication.awaitHealthy(app, home, port, log);
    }

    private static int freePort() throws IOException {
        return PackagedApplication.freePort();
    }
}
