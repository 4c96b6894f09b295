package io.strongroom.timeoff.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.strongroom.people.Workforce;
import io.strongroom.platform.Ids;
import io.strongroom.timeoff.internal.TimeOffRepository.Entry;
import io.strongroom.timeoff.internal.TimeOffRepository.Policy;
import io.strongroom.timeoff.internal.TimeOffRepository.Request;

/**
 * The entries a policy owes a person: the year's entitlement (pro rata for the days employed in the
 * year, rounded up to a half day; monthly accrual credits each month's share on its first day),
 * carry-over into the next year when it begins (at most the policy's limit; the rest is forfeited,
 * a deficit is carried in full) and the expiry of carried-over days not taken by the policy's date.
 * Each step posts only the difference to what the ledger already holds, so running it again posts
 * nothing, and a changed start date or policy posts its correction with the reason. The same steps
 * run over an empty ledger recompute every balance from scratch ({@link BalanceAudit}).
 */
final class Entitlements {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH);

    /** One person's entries of one leave type, by year: the stored ledger, or one being recomputed. */
    interface Ledger {

        List<Entry> entries(int year);

        void post(Entry entry);
    }

    /**
     * The days a request takes in each leave year before {@code through} (inclusive); used for the
     * carried-over days taken before they expire.
     */
    interface DaysTaken {

        BigDecimal before(Request request, LocalDate yearStart, LocalDate through);
    }

    private Entitlements() {
    }

    /**
     * Brings the ledger up to date for every year from the policy's first year (or the person's
     * start) to {@code lastYear}, as of {@code today} in the workspace's time zone.
     */
    static void sync(Ledger ledger, Workforce.Member person, UUID leaveTypeId, Policy policy, int lastYear,
            LocalDate today, List<Request> requests, DaysTaken taken, Instant now) {
        int first = Math.max(policy.firstYear(), person.startDate() == null ? policy.firstYear() : person.startDate().getYear());
        int last = Math.min(lastYear, person.endDate() == null ? lastYear : person.endDate().getYear());
        for (int year = first; year <= last; year++) {
            entitlement(ledger, person, leaveTypeId, policy, year, today, now);
            if (year > first) {
                carryOver(ledger, person, leaveTypeId, policy, year, today, requests, now);
            }
            expiry(ledger, person, leaveTypeId, year, today, requests, taken, now);
        }
    }

    static BigDecimal sum(List<Entry> entries) {
        return entries.stream().map(Entry::days).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static void entitlement(Ledger ledger, Workforce.Member person, UUID type, Policy policy, int year,
            LocalDate today, Instant now) {
        LocalDate yearStart = LocalDate.of(year, 1, 1);
        LocalDate yearEnd = LocalDate.of(year, 12, 31);
        LocalDate from = later(yearStart, person.startDate());
        LocalDate to = earlier(yearEnd, person.endDate());
        String kind = policy.monthly() ? "accrual" : "entitlement";
        if (policy.monthly()) {
            if (year > today.getYear()) {
                return;
            }
            if (year == today.getYear()) {
                to = earlier(to, today.withDayOfMonth(today.lengthOfMonth()));
            }
        } else if (year > today.getYear() + 1) {
            return;
        }
        long employed = from.isAfter(to) ? 0 : ChronoUnit.DAYS.between(from, to) + 1;
        int length = yearStart.lengthOfYear();
        BigDecimal exact = policy.annualDays().multiply(BigDecimal.valueOf(employed))
                .divide(BigDecimal.valueOf(length), 4, RoundingMode.HALF_UP);
        BigDecimal expected = halfDaysUp(exact);
        BigDecimal posted = sum(ledger.entries(year).stream()
                .filter(e -> e.kind().equals("entitlement") || e.kind().equals("accrual")).toList());
        BigDecimal change = expected.subtract(posted);
        if (change.signum() == 0) {
            return;
        }
        String how;
        if (employed == length) {
            how = policy.annualDays().stripTrailingZeros().toPlainString() + " days a year";
        } else {
            how = policy.annualDays().stripTrailingZeros().toPlainString() + " days × " + employed + " of " + length
                    + " days " + (policy.monthly() ? "accrued" : "employed") + " = "
                    + exact.setScale(2, RoundingMode.HALF_UP).toPlainString() + ", rounded up to a half day";
        }
        String reason;
        LocalDate effective;
        if (policy.monthly()) {
            LocalDate month = year == today.getYear() ? today.withDayOfMonth(1) : yearEnd.withDayOfMonth(1);
            effective = later(month, person.startDate());
            reason = "Accrued through " + MONTH.format(year == today.getYear() ? today : yearEnd) + ": " + how;
        } else {
            effective = from.isAfter(to) ? yearStart : from;
            reason = "Entitlement " + year + ": " + how;
        }
        if (posted.signum() != 0) {
            reason += " (" + posted.stripTrailingZeros().toPlainString() + " before)";
        }
        ledger.post(new Entry(Ids.newId(), person.id(), type, year, kind, change, effective, null, null, reason, null, now));
    }

    private static void carryOver(Ledger ledger, Workforce.Member person, UUID type, Policy policy, int year,
            LocalDate today, List<Request> requests, Instant now) {
        LocalDate yearStart = LocalDate.of(year, 1, 1);
        if (today.isBefore(yearStart) || carriedIn(ledger.entries(year), year)) {
            return;
        }
        // a year closes only when nothing in it waits for a decision: a decline returns days into an open year
        if (requests.stream().anyMatch(r -> r.status().equals("pending") && r.leaveTypeId().equals(type)
                && r.start().getYear() <= year - 1 && r.end().getYear() >= year - 1)) {
            return;
        }
        BigDecimal remaining = sum(ledger.entries(year - 1));
        BigDecimal carry = remaining.signum() < 0 ? remaining : remaining.min(policy.carryOverMax());
        BigDecimal forfeited = remaining.subtract(carry);
        LocalDate lastDay = LocalDate.of(year - 1, 12, 31);
        if (carry.signum() != 0) {
            ledger.post(new Entry(Ids.newId(), person.id(), type, year - 1, "carry_over", carry.negate(), lastDay, null,
                    null, "Carried over into " + year, null, now));
        }
        if (forfeited.signum() > 0) {
            ledger.post(new Entry(Ids.newId(), person.id(), type, year - 1, "expiry", forfeited.negate(), lastDay, null,
                    null, "Not carried over: at most " + policy.carryOverMax().stripTrailingZeros().toPlainString()
                            + " days carry over into " + year, null, now));
        }
        LocalDate expires = carry.signum() > 0 && policy.carryOverExpires() != null
                ? policy.carryOverExpires().atYear(year) : null;
        String reason = carry.signum() == 0 ? "Nothing to carry over from " + (year - 1)
                : carry.signum() < 0 ? "Days overdrawn in " + (year - 1)
                : "Carried over from " + (year - 1) + (expires == null ? "" : "; expires after " + DAY.format(expires));
        ledger.post(new Entry(Ids.newId(), person.id(), type, year, "carry_over", carry, yearStart, expires, null, reason,
                null, now));
    }

    /** Whether the carry-over into {@code year} is posted: from then on the year before is closed. */
    static boolean carriedIn(List<Entry> entriesOfYear, int year) {
        LocalDate yearStart = LocalDate.of(year, 1, 1);
        return entriesOfYear.stream().anyMatch(e -> e.kind().equals("carry_over") && e.effectiveOn().equals(yearStart));
    }

    private static void expiry(Ledger ledger, Workforce.Member person, UUID type, int year, LocalDate today,
            List<Request> requests, DaysTaken taken, Instant now) {
        List<Entry> entries = ledger.entries(year);
        Entry carried = entries.stream().filter(e -> e.kind().equals("carry_over") && e.expiresOn() != null)
                .findFirst().orElse(null);
        if (carried == null || !today.isAfter(carried.expiresOn())) {
            return;
        }
        LocalDate expires = carried.expiresOn();
        if (entries.stream().anyMatch(e -> e.kind().equals("expiry") && e.effectiveOn().equals(expires))) {
            return;
        }
        LocalDate yearStart = LocalDate.of(year, 1, 1);
        BigDecimal used = requests.stream().filter(r -> r.active() && r.leaveTypeId().equals(type))
                .map(r -> taken.before(r, yearStart, expires)).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal expired = carried.days().subtract(used).max(BigDecimal.ZERO);
        ledger.post(new Entry(Ids.newId(), person.id(), type, year, "expiry", expired.negate(), expires, null, null,
                "Carried-over days not taken by " + DAY.format(expires) + " expire ("
                        + carried.days().stripTrailingZeros().toPlainString() + " carried over, "
                        + used.stripTrailingZeros().toPlainString() + " taken by then)", null, now));
    }

    static BigDecimal halfDaysUp(BigDecimal days) {
        return days.multiply(BigDecimal.TWO).setScale(0, RoundingMode.CEILING).divide(BigDecimal.TWO).setScale(1);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        return b == null || a.isBefore(b) ? a : b;
    }
}
