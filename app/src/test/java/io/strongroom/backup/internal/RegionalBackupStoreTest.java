package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;

/**
 * The backups of a region stay in that region's store (B2): the tests configure a store of its own
 * for "us" ({@code strongroom.backup.regions.us.directory}); "eu" uses the default one. A backup is
 * read, restored and removed where it was written.
 */
@Tag("B2")
class RegionalBackupStoreTest extends ApiTest {

    @Autowired
    BackupJobs jobs;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    private UUID signUp(String workspace, String region) {
        Map<String, Object> body = Fixtures.signup(workspace);
        body.put("admin_email", "owner." + workspace + "@example.org");
        body.put("region", region);
        Response created = client().post("/api/v1/signup", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return UUID.fromString(created.json().get("tenant_id").asString());
    }

    private UUID backUp(String workspace) {
        String owner = TestUsers.tokens(client(), workspace, "owner." + workspace + "@example.org",
                Fixtures.STRONG_PASSWORD).access();
        Response accepted = bearer(owner).post("/api/v1/backups", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        jobs.runOpenJobs();
        Response job = bearer(owner).get(accepted.header("Location"));
        assertThat(job.json().get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        return UUID.fromString(job.json().get("backup_id").asString());
    }

    private String store(UUID backup) {
        return superuser.sql("select store from backup where id = :id").param("id", backup).query(String.class).single();
    }

    @Test
    void aWorkspaceInARegionWithItsOwnStoreIsBackedUpThereAndRestoredFromThere() {
        Path home = TestDatabase.get().home();
        String us = Fixtures.uniqueWorkspace("region-us");
        String eu = Fixtures.uniqueWorkspace("region-eu");
        UUID usTenant = signUp(us, "us");
        UUID euTenant = signUp(eu, "eu");

        UUID usBackup = backUp(us);
        UUID euBackup = backUp(eu);
        assertThat(store(usBackup)).isEqualTo("directory@us");
        assertThat(store(euBackup)).isEqualTo("directory");
        assertThat(home.resolve("backups-us").resolve(Backups.objectKey(usTenant, usBackup))).exists();
        assertThat(home.resolve("backups").resolve(Backups.objectKey(usTenant, usBackup))).doesNotExist();
        assertThat(home.resolve("backups").resolve(Backups.objectKey(euTenant, euBackup))).exists();
        assertThat(home.resolve("backups-us").resolve(Backups.objectKey(euTenant, euBackup))).doesNotExist();

        // restored from where it was written
        String owner = TestUsers.tokens(client(), us, "owner." + us + "@example.org", Fixtures.STRONG_PASSWORD).access();
        Response restore = bearer(owner).post("/api/v1/backups/" + usBackup + "/restore", Map.of("mode", "in_place"));
        assertThat(restore.status()).as(restore.toString()).isEqualTo(202);
        jobs.runOpenJobs();
        assertThat(TenantContext.callAs(usTenant, () -> jobs.jobs(5))).first()
                .satisfies(j -> assertThat(j.state()).as(j.toString()).isEqualTo("succeeded"));

        // and removed from there when the retention rule lets it go (a failed backup older than a week)
        superuser.sql("update backup set state = 'failed', started_at = now() - interval '30 days' where id = :id")
                .param("id", usBackup).update();
        assertThat(TenantContext.callAs(usTenant, jobs::prune)).isEqualTo(1);
        assertThat(home.resolve("backups-us").resolve(Backups.objectKey(usTenant, usBackup))).doesNotExist();
    }
}
