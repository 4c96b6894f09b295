package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * Automated restore drills (B7): weekly per tenant, the newest backup is restored into scratch tables
 * and compared; the result is the tenant's to see (API) and a metric the alert rules watch.
 */
class BackupDrillTest extends ApiTest {

    @Autowired
    BackupJobs jobs;

    @Autowired
    MeterRegistry meters;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "drill");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        for (int i = 0; i < 3; i++) {
            assertThat(bearer(owner).post("/api/v1/people", Map.of("given_name", "Drill" + i, "family_name", "Person",
                    "national_id", "DR-" + i)).status()).isEqualTo(201);
        }
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private UUID takeBackup() {
        Response accepted = bearer(owner).post("/api/v1/backups", Map.of());
        assertThat(accepted.status()).isEqualTo(202);
        jobs.runOpenJobs();
        return UUID.fromString(bearer(owner).get(accepted.header("Location")).json().get("backup_id").asString());
    }

    private double drills(String outcome) {
        return meters.counter("strongroom.backup.drills", "outcome", outcome).count();
    }

    private List<JsonNode> drillResults() {
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Response response = bearer(owner).get("/api/v1/backups/drills");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("items").valueStream().toList();
    }

    @Test
    @Tag("B7")
    void everyWeekTheNewestBackupIsRestoredIntoScratchTablesAndTheResultIsReported() {
        takeBackup();
        UUID newest = takeBackup();
        String employeesBefore = superuser.sql("select string_agg(e::text, '|' order by id) from employee e where tenant_id = :t")
                .param("t", ws.tenantId()).query(String.class).single();
        double passed = drills("passed");

        assertThat(jobs.scheduleDrills(ws.tenantId()::equals)).isEqualTo(1);
        jobs.runOpenJobs();
        List<JsonNode> results = drillResults();
        assertThat(results).hasSize(1);
        JsonNode drill = results.getFirst();
        assertThat(drill.get("passed").asBoolean()).as(drill.toString()).isTrue();
        assertThat(drill.get("backup_id").asString()).as("the newest backup").isEqualTo(newest.toString());
        assertThat(drill.get("rows").asLong()).isGreaterThan(3);
        assertThat(drill.get("tables").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(drills("passed")).isEqualTo(passed + 1);
        assertThat(superuser.sql("select string_agg(e::text, '|' order by id) from employee e where tenant_id = :t")
                .param("t", ws.tenantId()).query(String.class).single()).as("a drill touches nothing").isEqualTo(employeesBefore);

        assertThat(jobs.scheduleDrills(ws.tenantId()::equals)).as("once a week").isZero();
        clock.advance(Duration.ofDays(6));
        assertThat(jobs.scheduleDrills(ws.tenantId()::equals)).isZero();
        clock.advance(Duration.ofDays(2));
        assertThat(jobs.scheduleDrills(ws.tenantId()::equals)).as("a week later").isEqualTo(1);
        jobs.runOpenJobs();
        assertThat(drillResults()).hasSize(2).allSatisfy(d -> assertThat(d.get("passed").asBoolean()).isTrue());
    }

    @Test
    @Tag("B7")
    void aDrillOfADamagedBackupFailsVisiblyAndCountsForTheAlert() throws Exception {
        UUID backup = takeBackup();
        Path file = TestDatabase.get().home().resolve("backups").resolve(Backups.objectKey(ws.tenantId(), backup));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = f.length() / 2;
            f.seek(middle);
            int b = f.read();
            f.seek(middle);
            f.write(b ^ 0x40);
        }
        double failed = drills("failed");
        assertThat(jobs.scheduleDrills(ws.tenantId()::equals)).isEqualTo(1);
        jobs.runOpenJobs();
        JsonNode drill = drillResults().getFirst();
        assertThat(drill.get("passed").asBoolean()).isFalse();
        assertThat(drill.get("detail").asString()).contains("altered");
        assertThat(drills("failed")).as("strongroom_backup_drills_total{outcome=failed}").isEqualTo(failed + 1);
        Response jobList = bearer(owner).get("/api/v1/backup-jobs");
        JsonNode job = jobList.json().get("items").get(0);
        assertThat(job.get("kind").asString()).isEqualTo("drill");
        assertThat(job.get("state").asString()).isEqualTo("failed");
        assertThat(superuser.sql("select outcome from audit_event where tenant_id = :t and action = 'backup.drill'")
                .param("t", ws.tenantId()).query(String.class).list()).containsExactly("failed");
    }
}
