package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.MaintenanceConnections;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;

/**
 * The integrity check (B6) against the tests' embedded server: a clean database checks clean; an
 * index whose order no longer matches its data (what a damaged page or a changed collation makes)
 * is found by {@code bt_index_check} and rebuilt; without a maintenance role (an external server) the
 * check says it cannot run. Damaged table pages and their repair from backups need the server
 * stopped: {@code DataCorruptionDetectionIT}.
 */
@Tag("B6")
class DataIntegrityTest extends ApiTest {

    @Autowired
    TenantDataRegistry registry;

    @Autowired
    BackupJobs jobs;

    @Autowired
    ChangeReapplication reapplication;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    @AfterEach
    void dropProbe() {
        superuser.sql("drop table if exists integrity_probe").update();
        superuser.sql("drop function if exists integrity_probe_key(int)").update();
    }

    private DataIntegrity integrity(MaintenanceConnections maintenance, SimpleMeterRegistry meters) {
        return new DataIntegrity(maintenance, registry, jobs, reapplication, clock, meters);
    }

    @Test
    void aCleanDatabaseChecksCleanAndAnIndexThatNoLongerMatchesItsTableIsFoundAndRebuilt() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DataIntegrity integrity = integrity(() -> Optional.of(TestDatabase.get().superuserDataSource().getConnection()),
                meters);
        DataIntegrity.Report clean = integrity.checkAndRepair();
        assertThat(clean.available()).isTrue();
        assertThat(clean.relationsChecked()).as("every table and B-tree index").isGreaterThan(50);
        assertThat(clean.damage()).isEmpty();

        superuser.sql("create function integrity_probe_key(int) returns int language sql immutable as 'select $1'").update();
        superuser.sql("create table integrity_probe (v int)").update();
        superuser.sql("create index integrity_probe_key_idx on integrity_probe (integrity_probe_key(v))").update();
        superuser.sql("insert into integrity_probe select g from generate_series(1, 2000) g").update();
        // the index stops matching what its key function says of the rows: what damage to an index looks like
        superuser.sql("create or replace function integrity_probe_key(int) returns int language sql immutable as 'select -$1'")
                .update();

        DataIntegrity.Report damaged = integrity.checkAndRepair();
        assertThat(damaged.damage()).singleElement().satisfies(d -> {
            assertThat(d.relation()).isEqualTo("integrity_probe_key_idx");
            assertThat(d.table()).isEqualTo("integrity_probe");
            assertThat(d.problem()).contains("lacks matching index tuple");
            assertThat(d.repair()).isEqualTo("reindexed");
        });
        assertThat(damaged.unrepaired()).isZero();
        assertThat(meters.counter("strongroom.database.integrity.damage", "repair", "reindexed").count()).isEqualTo(1);
        assertThat(integrity.checkAndRepair().damage()).as("rebuilt: checks clean again").isEmpty();
        assertThat(integrity.lastReport()).isPresent();
    }

    @Test
    void aWorkspaceWhoseRepairRestoreFailedCountsAsUnrepairedForTheAlert() {
        DataIntegrity.Damage page = new DataIntegrity.Damage("employee", "employee", 7L, "page checksum failed",
                java.util.List.of(java.util.UUID.randomUUID()), "restored", null);
        DataIntegrity.Repaired failed = new DataIntegrity.Repaired(page.tenants().getFirst(), java.util.UUID.randomUUID(),
                java.time.Instant.EPOCH, false, 0, 0, 0, java.util.List.of());
        assertThat(new DataIntegrity.Report(java.time.Instant.EPOCH, true, 1, java.util.List.of(page),
                java.util.List.of(failed)).unrepaired()).isEqualTo(1);
        DataIntegrity.Repaired done = new DataIntegrity.Repaired(failed.tenant(), failed.backup(), failed.backupAt(), true,
                2, 2, 0, java.util.List.of());
        assertThat(new DataIntegrity.Report(java.time.Instant.EPOCH, true, 1, java.util.List.of(page),
                java.util.List.of(done)).unrepaired()).isZero();
    }

    @Test
    void withoutAMaintenanceRoleTheCheckSaysItCannotRun() {
        DataIntegrity.Report report = integrity(Optional::empty, new SimpleMeterRegistry()).checkAndRepair();
        assertThat(report.available()).isFalse();
        assertThat(report.relationsChecked()).isZero();
    }
}
