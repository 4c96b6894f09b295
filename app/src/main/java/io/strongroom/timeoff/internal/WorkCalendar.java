package io.strongroom.timeoff.internal;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;

/**
 * Which half days a person works: their work week, minus the public holidays of their location's
 * country and region (jollyday's maintained calendars; only {@link HolidayType#PUBLIC_HOLIDAY}s
 * close a day, observances do not) and the company's own holidays (a half-day holiday closes the
 * afternoon). Time off is counted in these half days, so a morning and an afternoon off on the same
 * day are two requests that do not overlap, and an afternoon off on 24 December counts nothing when
 * the company closes that afternoon anyway.
 */
@Component
class WorkCalendar {

    static final BigDecimal HALF = new BigDecimal("0.5");

    /** Monday to Friday as a work week bit set (Monday = 1 ... Sunday = 64). */
    static final int MONDAY_TO_FRIDAY = 31;

    private final Map<String, HolidayManager> managers = new ConcurrentHashMap<>();

    /** The ISO 3166 codes jollyday has calendars for, lower case. */
    static Set<String> countries() {
        Set<String> codes = new TreeSet<>();
        for (String code : HolidayManager.getSupportedCalendarCodes()) {
            if (code.matches("[A-Z]{2}")) {
                codes.add(code.toLowerCase(Locale.ROOT));
            }
        }
        return Collections.unmodifiableSet(codes);
    }

    /** The regions (states, provinces, ...) of a country's calendar, by code, with their names. */
    Map<String, String> regions(String country) {
        Map<String, String> regions = new TreeMap<>();
        manager(country).getCalendarHierarchy().getChildren()
                .forEach((code, child) -> regions.put(code.toLowerCase(Locale.ROOT), child.getDescription(Locale.ENGLISH)));
        return regions;
    }

    /**
     * The public holidays of a country (and region, may be null) in a year, by day, with their English
     * names; none without a country (a person placed at no location).
     */
    Map<LocalDate, String> publicHolidays(String country, String region, int year) {
        Map<LocalDate, String> days = new TreeMap<>();
        if (country == null) {
            return days;
        }
        String[] args = region == null ? new String[0] : new String[] {region};
        for (Holiday holiday : manager(country).getHolidays(Year.of(year), HolidayType.PUBLIC_HOLIDAY, args)) {
            days.merge(holiday.getDate(), holiday.getDescription(Locale.ENGLISH), (a, b) -> a + ", " + b);
        }
        return days;
    }

    private HolidayManager manager(String country) {
        return managers.computeIfAbsent(country, c -> HolidayManager.getInstance(ManagerParameters.create(c)));
    }

    /** Whether {@code workWeek} (bit set, Monday = 1) includes {@code day}'s weekday. */
    static boolean works(int workWeek, DayOfWeek day) {
        return (workWeek & (1 << (day.getValue() - 1))) != 0;
    }

    /** A work week bit set from ISO weekday names ({@code monday} ...); a 400 is the caller's. */
    static int workWeek(List<String> days) {
        int bits = 0;
        for (String day : days) {
            bits |= 1 << (DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)).getValue() - 1);
        }
        return bits;
    }

    /** The weekday names of a work week bit set, Monday first. */
    static List<String> workWeekDays(int workWeek) {
        List<String> days = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (works(workWeek, day)) {
                days.add(day.name().toLowerCase(Locale.ROOT));
            }
        }
        return days;
    }

    /**
     * Where and how a person works.
     *
     * @param companyHolidays the company's holidays for the person's location and for everyone, by day
     */
    record Schedule(String country, String region, int workWeek, Map<LocalDate, CompanyDay> companyHolidays) {
    }

    /** A company holiday: its name and whether only the afternoon is off. */
    record CompanyDay(String name, boolean halfDay) {
    }

    /** One day of a span: how much of it is a working day the span takes, and why not all of it. */
    record Day(LocalDate date, BigDecimal counted, String why) {
    }

    /** A span counted: the days it takes by leave year, and each day with its reason. */
    record Count(Map<Integer, BigDecimal> byYear, List<Day> days) {

        BigDecimal total() {
            return byYear.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /**
     * The working days from {@code start} to {@code end}: from noon on the first day when
     * {@code startHalf}, until noon on the last when {@code endHalf}.
     */
    Count count(Schedule schedule, LocalDate start, LocalDate end, boolean startHalf, boolean endHalf) {
        Map<Integer, BigDecimal> byYear = new TreeMap<>();
        List<Day> days = new ArrayList<>();
        Map<Integer, Map<LocalDate, String>> holidays = new TreeMap<>();
        for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
            boolean morning = !(day.equals(start) && startHalf);
            boolean afternoon = !(day.equals(end) && endHalf);
            String why = null;
            if (!works(schedule.workWeek(), day.getDayOfWeek())) {
                morning = afternoon = false;
                why = "not a working day";
            } else {
                String publicHoliday = holidays.computeIfAbsent(day.getYear(),
                        y -> publicHolidays(schedule.country(), schedule.region(), y)).get(day);
                CompanyDay company = schedule.companyHolidays().get(day);
                if (publicHoliday != null) {
                    morning = afternoon = false;
                    why = "public holiday: " + publicHoliday;
                } else if (company != null && !company.halfDay()) {
                    morning = afternoon = false;
                    why = "company holiday: " + company.name();
                } else if (company != null && afternoon) {
                    afternoon = false;
                    why = "afternoon off: " + company.name();
                }
            }
            BigDecimal counted = HALF.multiply(BigDecimal.valueOf((morning ? 1 : 0) + (afternoon ? 1 : 0)));
            byYear.merge(day.getYear(), counted, BigDecimal::add);
            days.add(new Day(day, counted, why));
        }
        return new Count(byYear, days);
    }

    /** The half-day slots a span covers, as [first, last] (slot = epoch day * 2, + 1 for the afternoon). */
    static long[] slots(LocalDate start, LocalDate end, boolean startHalf, boolean endHalf) {
        return new long[] {start.toEpochDay() * 2 + (startHalf ? 1 : 0), end.toEpochDay() * 2 + (endHalf ? 0 : 1)};
    }
}
