package io.strongroom.timeoff.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.strongroom.identity.UserDirectory;
import io.strongroom.people.Workforce;
import io.strongroom.timeoff.internal.Entitlements.Ledger;
import io.strongroom.timeoff.internal.TimeOffRepository.CompanyHoliday;
import io.strongroom.timeoff.internal.TimeOffRepository.Entry;
import io.strongroom.timeoff.internal.TimeOffRepository.LeaveType;
import io.strongroom.timeoff.internal.TimeOffRepository.Location;
import io.strongroom.timeoff.internal.TimeOffRepository.Member;
import io.strongroom.timeoff.internal.TimeOffRepository.Policy;
import io.strongroom.timeoff.internal.TimeOffRepository.Request;
import io.strongroom.timeoff.internal.WorkCalendar.CompanyDay;
import io.strongroom.timeoff.internal.WorkCalendar.Schedule;

/**
 * Balances over the ledger: which day it is for the workspace (its time zone decides), a person's
 * schedule, bringing a person's entitlements up to date ({@link Entitlements}) and recomputing every
 * balance from scratch to compare it with the ledger. Call inside a transaction bound to the tenant;
 * changes of a person's balances take the person's lock ({@link TimeOffRepository#lockMember}) first.
 */
@Component
class Balances {

    private final TimeOffRepository repository;
    private final WorkCalendar calendar;
    private final Workforce workforce;
    private final UserDirectory users;
    private final Clock clock;

    Balances(TimeOffRepository repository, WorkCalendar calendar, Workforce workforce, UserDirectory users, Clock clock) {
        this.repository = repository;
        this.calendar = calendar;
        this.workforce = workforce;
        this.users = users;
        this.clock = clock;
    }

    /** Today in the workspace's time zone. */
    LocalDate today() {
        return LocalDate.now(clock.withZone(users.workspaceRegional().zone()));
    }

    Instant now() {
        return clock.instant();
    }

    /** Where and how a person works from {@code from} to {@code to}: their location's calendar and work week. */
    Schedule schedule(Member member, LocalDate from, LocalDate to) {
        Location location = member == null || member.locationId() == null ? null
                : repository.location(member.locationId()).orElse(null);
        Map<LocalDate, CompanyDay> company = new HashMap<>();
        for (CompanyHoliday holiday : repository.companyHolidays(location == null ? null : location.id(), from, to)) {
            company.putIfAbsent(holiday.day(), new CompanyDay(holiday.name(), holiday.halfDay()));
        }
        int workWeek = member != null && member.workWeek() != null ? member.workWeek()
                : location != null ? location.workWeek() : WorkCalendar.MONDAY_TO_FRIDAY;
        return new Schedule(location == null ? null : location.country(), location == null ? null : location.region(),
                workWeek, company);
    }

    /** The policy that gives a person days of a type, if any. */
    Optional<Policy> policy(Member member, LeaveType type) {
        return type.usesBalance() ? repository.policyFor(type.id(), member == null ? null : member.locationId())
                : Optional.empty();
    }

    /**
     * Brings the person's ledger of a type up to date through {@code lastYear} (their lock must be held).
     */
    void sync(Workforce.Member person, Member member, LeaveType type, int lastYear) {
        Optional<Policy> policy = policy(member, type);
        if (policy.isEmpty()) {
            return;
        }
        List<Request> requests = repository.activeRequests(person.id(), LocalDate.of(policy.get().firstYear(), 1, 1),
                LocalDate.of(lastYear, 12, 31));
        Entitlements.sync(stored(person.id(), type.id()), person, type.id(), policy.get(), lastYear, today(), requests,
                (request, from, through) -> daysWithin(member, request, from, through), now());
    }

    /** The stored ledger of one person and type (each year read once per use; the person's lock is held). */
    Ledger stored(UUID personId, UUID typeId) {
        Map<Integer, List<Entry>> read = new HashMap<>();
        return new Ledger() {
            @Override
            public List<Entry> entries(int year) {
                return read.computeIfAbsent(year, y -> new ArrayList<>(repository.entries(personId, typeId, y)));
            }

            @Override
            public void post(Entry entry) {
                repository.insertEntry(entry);
                entries(entry.year()).add(entry);
            }
        };
    }

    /** The days of a request that fall from {@code from} to {@code through}, halves kept where the request has them. */
    BigDecimal daysWithin(Member member, Request request, LocalDate from, LocalDate through) {
        LocalDate start = request.start().isBefore(from) ? from : request.start();
        LocalDate end = request.end().isAfter(through) ? through : request.end();
        if (start.isAfter(end)) {
            return BigDecimal.ZERO;
        }
        boolean startHalf = request.startHalf() && start.equals(request.start());
        boolean endHalf = request.endHalf() && end.equals(request.end());
        return calendar.count(schedule(member, start, end), start, end, startHalf, endHalf).total();
    }

    /** Whether a person's leave year is closed: its rest has been carried over into the next. */
    boolean closed(UUID personId, UUID typeId, int year) {
        return Entitlements.carriedIn(repository.entries(personId, typeId, year + 1), year + 1);
    }

    /** A difference between a stored balance and the one recomputed from policies, requests and corrections. */
    record Difference(UUID personId, UUID leaveTypeId, int year, BigDecimal stored, BigDecimal recomputed) {
    }

    /**
     * Every balance of the workspace recomputed from scratch: the policies' entitlements, carry-over
     * and expiry replayed over an empty ledger that holds only the people's requests and HR's
     * corrections, compared year by year with the stored ledger's sums.
     */
    List<Difference> recompute() {
        LocalDate today = today();
        Instant now = now();
        List<Workforce.Member> people = workforce.members(null);
        List<LeaveType> types = repository.types().stream().filter(LeaveType::usesBalance).toList();
        List<Policy> policies = repository.policies();
        Map<String, Schedule> schedules = new HashMap<>();
        Map<UUID, Member> members = new HashMap<>();
        Map<UUID, List<Request>> requestsOf = new HashMap<>();
        for (Workforce.Member person : people) {
            Member member = repository.lockMember(person.id());
            members.put(person.id(), member);
            List<Request> requests = repository.activeRequests(person.id(), LocalDate.of(1900, 1, 1),
                    LocalDate.of(2999, 12, 31));
            requestsOf.put(person.id(), requests);
            WorkCalendarDays days = (request, from, through) -> daysWithin(schedules, member, request, from, through);
            for (LeaveType type : types) {
                Optional<Policy> policy = policyAmong(policies, member, type);
                if (policy.isPresent()) {
                    Entitlements.sync(stored(person.id(), type.id()), person, type.id(), policy.get(),
                            lastYear(today, requests, type), today, requests, days::within, now);
                }
            }
        }
        List<Entry> all = repository.allEntries();
        Map<String, BigDecimal> stored = new LinkedHashMap<>();
        for (Entry entry : all) {
            stored.merge(key(entry.employeeId(), entry.leaveTypeId(), entry.year()), entry.days(), BigDecimal::add);
        }
        Map<String, BigDecimal> recomputed = new LinkedHashMap<>();
        Map<UUID, List<Entry>> corrections = all.stream().filter(e -> e.kind().equals("correction"))
                .collect(Collectors.groupingBy(Entry::employeeId));
        for (Workforce.Member person : people) {
            Member member = members.get(person.id());
            List<Request> requests = requestsOf.get(person.id());
            WorkCalendarDays days = (request, from, through) -> daysWithin(schedules, member, request, from, through);
            for (LeaveType type : types) {
                Optional<Policy> policy = policyAmong(policies, member, type);
                if (policy.isEmpty()) {
                    continue;
                }
                Map<Integer, List<Entry>> years = new HashMap<>();
                corrections.getOrDefault(person.id(), List.of()).stream().filter(e -> e.leaveTypeId().equals(type.id()))
                        .forEach(e -> years.computeIfAbsent(e.year(), y -> new ArrayList<>()).add(e));
                for (Request request : requests) {
                    if (!request.leaveTypeId().equals(type.id())) {
                        continue;
                    }
                    for (int year = request.start().getYear(); year <= request.end().getYear(); year++) {
                        BigDecimal taken = days.within(request, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
                        years.computeIfAbsent(year, y -> new ArrayList<>()).add(new Entry(null, person.id(), type.id(),
                                year, "taken", taken.negate(), request.start(), null, request.id(), "request", null, now));
                    }
                }
                Ledger memory = new Ledger() {
                    @Override
                    public List<Entry> entries(int year) {
                        return years.getOrDefault(year, List.of());
                    }

                    @Override
                    public void post(Entry entry) {
                        years.computeIfAbsent(entry.year(), y -> new ArrayList<>()).add(entry);
                    }
                };
                Entitlements.sync(memory, person, type.id(), policy.get(), lastYear(today, requests, type), today, requests,
                        days::within, now);
                years.forEach((year, entries) -> recomputed.put(key(person.id(), type.id(), year),
                        Entitlements.sum(entries)));
            }
        }
        List<Difference> differences = new ArrayList<>();
        Map<String, BigDecimal> keys = new LinkedHashMap<>(stored);
        recomputed.forEach(keys::putIfAbsent);
        for (String key : keys.keySet()) {
            BigDecimal was = stored.getOrDefault(key, BigDecimal.ZERO);
            BigDecimal is = recomputed.getOrDefault(key, BigDecimal.ZERO);
            if (was.compareTo(is) != 0) {
                String[] parts = key.split("/");
                differences.add(new Difference(UUID.fromString(parts[0]), UUID.fromString(parts[1]),
                        Integer.parseInt(parts[2]), was, is));
            }
        }
        return differences;
    }

    /** The days of a request within a span, for one recomputation. */
    private interface WorkCalendarDays {

        BigDecimal within(Request request, LocalDate from, LocalDate through);
    }

    /** {@link #policy}, chosen among policies read once. */
    private static Optional<Policy> policyAmong(List<Policy> policies, Member member, LeaveType type) {
        UUID location = member == null ? null : member.locationId();
        Optional<Policy> own = policies.stream()
                .filter(p -> p.leaveTypeId().equals(type.id()) && location != null && location.equals(p.locationId()))
                .findFirst();
        return own.isPresent() ? own : policies.stream()
                .filter(p -> p.leaveTypeId().equals(type.id()) && p.locationId() == null).findFirst();
    }

    /** {@link #daysWithin} with each location's and work week's schedule read once per recomputation. */
    private BigDecimal daysWithin(Map<String, Schedule> schedules, Member member, Request request, LocalDate from,
            LocalDate through) {
        LocalDate start = request.start().isBefore(from) ? from : request.start();
        LocalDate end = request.end().isAfter(through) ? through : request.end();
        if (start.isAfter(end)) {
            return BigDecimal.ZERO;
        }
        Schedule schedule = schedules.computeIfAbsent((member == null ? null : member.locationId()) + "/"
                + (member == null ? null : member.workWeek()), k -> schedule(member, LocalDate.of(1900, 1, 1),
                        LocalDate.of(2999, 12, 31)));
        return calendar.count(schedule, start, end, request.startHalf() && start.equals(request.start()),
                request.endHalf() && end.equals(request.end())).total();
    }

    /** The last leave year a person's ledger of a type is kept through: this year, or the last their requests reach. */
    static int lastYear(LocalDate today, List<Request> requests, LeaveType type) {
        return Math.max(today.getYear(), requests.stream().filter(r -> r.leaveTypeId().equals(type.id()))
                .mapToInt(r -> r.end().getYear()).max().orElse(today.getYear()));
    }

    private static String key(UUID person, UUID type, int year) {
        return person + "/" + type + "/" + year;
    }
}
