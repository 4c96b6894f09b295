package io.strongroom.backup.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Grandfather-father-son retention (B4): of the verified backups, keep the newest of each of the
 * last {@code daily} days that have one, the newest of each of the last {@code weekly} ISO weeks
 * and the newest of each of the last {@code monthly} months (UTC); a backup may count for several.
 * The same rule as restic's {@code --keep-daily/--keep-weekly/--keep-monthly}: periods without a
 * backup do not use up a slot, so a gap in backups never makes older ones disappear early.
 */
record Retention(int daily, int weekly, int monthly) {

    Retention {
        if (daily < 1 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("Keep at least one daily backup; weekly and monthly may be 0");
        }
    }

    record Candidate(UUID id, Instant at) {
    }

    /** The ids to keep of {@code backups} (verified ones; any order). */
    Set<UUID> keep(List<Candidate> backups) {
        List<Candidate> newestFirst = backups.stream()
                .sorted(Comparator.comparing(Candidate::at).thenComparing(Candidate::id).reversed()).toList();
        Set<UUID> kept = new HashSet<>();
        keepNewestPer(newestFirst, daily, c -> day(c), kept);
        keepNewestPer(newestFirst, weekly, c -> {
            LocalDate d = day(c);
            return d.get(IsoFields.WEEK_BASED_YEAR) * 100L + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
        }, kept);
        keepNewestPer(newestFirst, monthly, c -> day(c).withDayOfMonth(1), kept);
        return kept;
    }

    private static void keepNewestPer(List<Candidate> newestFirst, int slots, Function<Candidate, Object> period,
            Set<UUID> kept) {
        Object last = null;
        int used = 0;
        for (Candidate candidate : newestFirst) {
            if (used == slots) {
                return;
            }
            Object current = period.apply(candidate);
            if (!current.equals(last)) {
                kept.add(candidate.id());
                last = current;
                used++;
            }
        }
    }

    private static LocalDate day(Candidate candidate) {
        return LocalDate.ofInstant(candidate.at(), ZoneOffset.UTC);
    }
}
