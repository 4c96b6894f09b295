package io.strongroom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;

/**
 * Corruption is detected (the detection half of B6): the packaged application's embedded server
 * computes data checksums; a page of a table corrupted on disk while it is stopped is refused when
 * read after the restart, and the failure shows in {@code strongroom_database_checksum_failures_total}
 * (which the alert StrongroomDataCorruption watches). Repair is not built.
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
