package io.strongroom.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * Daily backups and grandfather-father-son retention (B1, B4) over 400 days of the application
 * clock: the schedule takes one backup a day, and after each pruning exactly the newest of the last
 * 7 days, 8 ISO weeks and 12 months are kept, in the catalog and in the store.
 */
class BackupRetentionTest extends ApiTest {

    @Autowired
    BackupJobs jobs;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    @Tag("B4")
    void theRuleKeepsTheNewestOfEachPeriodAndAGapNeverShortensIt() {
        Retention rule = new Retention(7, 8, 12);
        LocalDate start = LocalDate.of(2027, 1, 1);
        // daily for 30 days, then nothing for 100 days, then daily again for 3 days
        List<Retention.Candidate> backups = new java.util.ArrayList<>();
        for (int d = 0; d < 30; d++) {
            backups.add(candidate(start.plusDays(d)));
        }
        for (int d = 130; d < 133; d++) {
            backups.add(candidate(start.plusDays(d)));
        }
        Set<LocalDate> kept = dates(rule.keep(backups), backups);
        // 7 daily slots: the 3 recent days and the last 4 before the gap
        assertThat(kept).contains(start.plusDays(130), start.plusDays(131), start.plusDays(132),
                start.plusDays(26), start.plusDays(27), start.plusDays(28), start.plusDays(29));
        // monthly: January's newest (the 30th) stays however long the gap
        assertThat(kept).contains(LocalDate.of(2027, 1, 30));
        assertThat(kept).doesNotContain(start, start.plusDays(1));
        // two backups on one day: the newer counts
        Retention.Candidate morning = new Retention.Candidate(UUID.randomUUID(), Instant.parse("2027-06-01T06:00:00Z"));
        Retention.Candidate evening = new Retention.Candidate(UUID.randomUUID(), Instant.parse("2027-06-01T18:00:00Z"));
        assertThat(new Retention(1, 0, 0).keep(List.of(morning, evening))).containsExactly(evening.id());
    }

    private static Retention.Candidate candidate(LocalDate day) {
        return new Retention.Candidate(UUID.randomUUID(), day.atTime(3, 0).toInstant(ZoneOffset.UTC));
    }

    private static Set<LocalDate> dates(Set<UUID> ids, List<Retention.Candidate> all) {
        Set<LocalDate> dates = new TreeSet<>();
        all.stream().filter(c -> ids.contains(c.id())).forEach(c -> dates.add(LocalDate.ofInstant(c.at(), ZoneOffset.UTC)));
        return dates;
    }

    @Test
    @Tag("B1")
    @Tag("B4")
    void overFourHundredDaysTheScheduleBacksUpDailyAndThePruningKeepsExactlyTheRightSet() throws IOException {
        Workspace ws = TestUsers.signUp(client(), "retention");
        UUID tenant = ws.tenantId();
        Instant first = null;
        for (int day = 0; day < 400; day++) {
            if (day > 0) {
                clock.advance(Duration.ofDays(1));
            }
            first = first == null ? clock.instant() : first;
            assertThat(jobs.scheduleDue(tenant::equals)).as("day %d: one scheduled backup", day).isEqualTo(1);
            assertThat(jobs.scheduleDue(tenant::equals)).as("day %d: not twice", day).isZero();
            jobs.runOpenJobs();
            TenantContext.callAs(tenant, jobs::prune);
            if (day == 45 || day == 399) {
                assertKept(tenant, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC),
                        LocalDate.ofInstant(first, ZoneOffset.UTC));
            }
        }
        assertThat(superuser.sql("select count(*) from backup_job where tenant_id = :t and trigger = 'schedule'")
                .param("t", tenant).query(Long.class).single()).as("one scheduled backup a day").isEqualTo(400);
        assertThat(superuser.sql("select count(*) from backup_job where tenant_id = :t and state <> 'succeeded'")
                .param("t", tenant).query(Long.class).single()).isZero();
    }

    /** The catalog and the store hold exactly the backups of the expected days. */
    private void assertKept(UUID tenant, LocalDate today, LocalDate firstDay) throws IOException {
        Set<LocalDate> expected = new TreeSet<>();
        for (int d = 0; d < 7; d++) {
            expected.add(today.minusDays(d));
        }
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        expected.add(today);
        for (int w = 1; w < 8; w++) {
            expected.add(monday.minusWeeks(w).plusDays(6)); // that week's Sunday
        }
        for (int m = 1; m < 12; m++) {
            expected.add(YearMonth.from(today).minusMonths(m).atEndOfMonth());
        }
        expected.removeIf(d -> d.isBefore(firstDay)); // no backups before the first day
        List<Instant> kept = superuser.sql("select started_at from backup where tenant_id = :t and state = 'verified'")
                .param("t", tenant).query(java.sql.Timestamp.class).list().stream().map(java.sql.Timestamp::toInstant).toList();
        Set<LocalDate> keptDays = new TreeSet<>();
        kept.forEach(at -> keptDays.add(LocalDate.ofInstant(at, ZoneOffset.UTC)));
        assertThat(kept).as("one backup per kept day").hasSameSizeAs(keptDays);
        assertThat(keptDays).as("kept on %s", today).isEqualTo(expected);
        assertThat(superuser.sql("select count(*) from backup where tenant_id = :t and state <> 'verified'")
                .param("t", tenant).query(Long.class).single()).isZero();
        Path directory = TestDatabase.get().home().resolve("backups").resolve(tenant.toString());
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.count()).as("the store holds the kept archives and nothing else").isEqualTo(kept.size());
        }
    }
}
