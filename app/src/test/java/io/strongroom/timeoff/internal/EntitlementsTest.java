package io.strongroom.timeoff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.strongroom.people.EmploymentStatus;
import io.strongroom.people.Workforce;
import io.strongroom.timeoff.internal.TimeOffRepository.Entry;
import io.strongroom.timeoff.internal.TimeOffRepository.Policy;

/** Entitlements over an in-memory ledger: pro rata in leap years, monthly accrual, idempotence, carry-over limits. */
class EntitlementsTest {

    static final UUID TYPE = UUID.randomUUID();
    final Map<Integer, List<Entry>> years = new HashMap<>();
    final Entitlements.Ledger ledger = new Entitlements.Ledger() {
        @Override
        public List<Entry> entries(int year) {
            return years.getOrDefault(year, List.of());
        }

        @Override
        public void post(Entry entry) {
            years.computeIfAbsent(entry.year(), y -> new ArrayList<>()).add(entry);
        }
    };

    static Workforce.Member joiner(LocalDate start, LocalDate end) {
        return new Workforce.Member(UUID.randomUUID(), "Jo", "Iner", null, null, start, end, EmploymentStatus.ACTIVE, null);
    }

    static Policy policy(String accrual, String annual, String carry, MonthDay expires) {
        return new Policy(UUID.randomUUID(), TYPE, null, new BigDecimal(annual), accrual, new BigDecimal(carry), expires,
                BigDecimal.ZERO, 2026, 1);
    }

    BigDecimal balance(int year) {
        return Entitlements.sum(ledger.entries(year));
    }

    void sync(Workforce.Member person, Policy policy, int lastYear, LocalDate today) {
        Entitlements.sync(ledger, person, TYPE, policy, lastYear, today, List.of(), (r, from, to) -> BigDecimal.ZERO,
                Instant.EPOCH);
    }

    @Test
    void proRataCountsTheDaysOfALeapYear() {
        // 2028 has 366 days: 30 x 184 / 366 = 15.08 -> 15.5; in 2027 (365 days) the same start gives 15.12 -> 15.5,
        // and 1 March: 30 x 306/366 = 25.08 -> 25.5 against 30 x 306/365 = 25.15 -> 25.5; 29 February itself counts
        sync(joiner(LocalDate.of(2028, 2, 29), null), policy("yearly", "30", "0", null), 2028, LocalDate.of(2028, 3, 1));
        assertThat(balance(2028)).isEqualByComparingTo("25.5"); // 30 x 307 / 366 = 25.16
        years.clear();
        sync(joiner(LocalDate.of(2028, 12, 31), null), policy("yearly", "366", "0", null), 2028, LocalDate.of(2028, 12, 31));
        assertThat(balance(2028)).as("one day of 366 of a 366-day entitlement").isEqualByComparingTo("1.0");
    }

    @Test
    void monthlyAccrualCreditsEachMonthAndPostsOnlyTheDifference() {
        Workforce.Member person = joiner(LocalDate.of(2020, 1, 1), null);
        Policy monthly = policy("monthly", "24", "0", null);
        sync(person, monthly, 2026, LocalDate.of(2026, 3, 15));
        // through March: 24 x 90 / 365 = 5.92 -> 6
        assertThat(balance(2026)).isEqualByComparingTo("6.0");
        sync(person, monthly, 2026, LocalDate.of(2026, 3, 20));
        assertThat(ledger.entries(2026)).as("nothing new within the month").hasSize(1);
        sync(person, monthly, 2026, LocalDate.of(2026, 12, 1));
        assertThat(balance(2026)).isEqualByComparingTo("24.0");
        assertThat(ledger.entries(2026)).hasSize(2);
    }

    @Test
    void carryOverIsCappedTheRestForfeitedAndADeficitCarriedInFull() {
        Workforce.Member person = joiner(LocalDate.of(2020, 1, 1), null);
        Policy policy = policy("yearly", "30", "5", MonthDay.of(3, 31));
        sync(person, policy, 2027, LocalDate.of(2027, 1, 2));
        assertThat(balance(2026)).isEqualByComparingTo("0");
        assertThat(balance(2027)).isEqualByComparingTo("35");
        assertThat(ledger.entries(2027).stream().filter(e -> e.kind().equals("carry_over")).findFirst().orElseThrow()
                .expiresOn()).isEqualTo(LocalDate.of(2027, 3, 31));
        sync(person, policy, 2027, LocalDate.of(2027, 4, 1));
        assertThat(balance(2027)).as("nothing taken by 31 March: all 5 expire").isEqualByComparingTo("30");
        int entries = ledger.entries(2027).size();
        sync(person, policy, 2027, LocalDate.of(2027, 4, 2));
        assertThat(ledger.entries(2027)).as("idempotent").hasSize(entries);

        years.clear();
        post(2026, "-33"); // 3 days overdrawn
        sync(person, policy, 2027, LocalDate.of(2027, 1, 2));
        assertThat(balance(2027)).isEqualByComparingTo("27");
    }

    void post(int year, String days) {
        ledger.post(new Entry(UUID.randomUUID(), UUID.randomUUID(), TYPE, year, "correction", new BigDecimal(days),
                LocalDate.of(year, 6, 1), null, null, "test", null, Instant.EPOCH));
    }
}
