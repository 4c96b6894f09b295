package io.strongroom.timeoff.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.Versions;
import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.Caller;
import io.strongroom.people.Workforce;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.FieldChange;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.timeoff.TimeOffPermission;
import io.strongroom.timeoff.internal.TimeOffRepository.Entry;
import io.strongroom.timeoff.internal.TimeOffRepository.LeaveType;
import io.strongroom.timeoff.internal.TimeOffRepository.Member;
import io.strongroom.timeoff.internal.TimeOffRepository.Policy;
import io.strongroom.timeoff.internal.TimeOffRepository.Request;
import io.strongroom.timeoff.internal.TimeOffRules.Relation;
import io.strongroom.timeoff.internal.WorkCalendar.Count;

/**
 * Requests, decisions, balances and the team calendar, with the rules of {@link TimeOffRules}. A
 * request takes its days from the balance when it is made (pending days are spoken for, so two
 * requests never spend the last day twice: both take the person's lock) and a decline or
 * cancellation returns them; each is a ledger entry with its reason. Each call is one transaction.
 */
@Service
class TimeOffRequests {

    static final int LONGEST_SPAN_DAYS = 365;
    static final int LONGEST_NOTE = 1000;
    static final int LONGEST_CALENDAR_DAYS = 92;

    private final TimeOffRepository repository;
    private final WorkCalendar calendar;
    private final Balances balances;
    private final Workforce workforce;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final TimeOffNotices notices;
    private final RestrictedPeople restricted;

    TimeOffRequests(TimeOffRepository repository, WorkCalendar calendar, Balances balances, Workforce workforce,
            AuditLog audit, TransactionTemplate transactions, TimeOffNotices notices, RestrictedPeople restricted) {
        this.notices = notices;
        this.restricted = restricted;
        this.repository = repository;
        this.calendar = calendar;
        this.balances = balances;
        this.workforce = workforce;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Today in the workspace's time zone. */
    LocalDate today() {
        return transactions.execute(tx -> balances.today());
    }

    /** The leave year of today in the workspace's time zone. */
    int currentYear() {
        return transactions.execute(tx -> balances.today().getYear());
    }

    record RequestInput(UUID personId, UUID leaveTypeId, LocalDate startDate, LocalDate endDate, Boolean startHalf,
            Boolean endHalf, String note) {
    }

    record DecisionInput(String note) {
    }

    record CorrectionInput(UUID leaveTypeId, Integer year, BigDecimal days, String reason) {
    }

    Map<String, Object> create(RequestInput in) {
        Caller me = Caller.require();
        List<FieldProblem> problems = new ArrayList<>();
        if (in.leaveTypeId() == null) {
            problems.add(new FieldProblem("leave_type_id", "is required"));
        }
        if (in.startDate() == null) {
            problems.add(new FieldProblem("start_date", "is required"));
        }
        if (in.endDate() == null) {
            problems.add(new FieldProblem("end_date", "is required"));
        }
        boolean startHalf = Boolean.TRUE.equals(in.startHalf());
        boolean endHalf = Boolean.TRUE.equals(in.endHalf());
        if (in.startDate() != null && in.endDate() != null) {
            if (in.endDate().isBefore(in.startDate())) {
                problems.add(new FieldProblem("end_date", "must not be before start_date"));
            } else if (ChronoUnit.DAYS.between(in.startDate(), in.endDate()) > LONGEST_SPAN_DAYS) {
                problems.add(new FieldProblem("end_date", "must be at most " + LONGEST_SPAN_DAYS + " days after start_date"));
            } else if (in.startDate().equals(in.endDate()) && startHalf && endHalf) {
                problems.add(new FieldProblem("end_half", "cannot be sent with start_half for one day (that is no time)"));
            }
            if (in.startDate().getYear() < 2000 || in.endDate().getYear() > 2100) {
                problems.add(new FieldProblem("start_date", "must be between 2000 and 2100"));
            }
        }
        String note = in.note() == null || in.note().isBlank() ? null : in.note().strip();
        if (note != null && note.length() > LONGEST_NOTE) {
            problems.add(new FieldProblem("note", "must be at most " + LONGEST_NOTE + " characters"));
        }
        TimeOffSettings.refuse(problems);
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            Workforce.Member person = in.personId() == null ? self(me)
                    : workforce.find(in.personId()).orElseThrow(() -> ApiProblem.validation("person_id",
                            "is not a person of this workspace"));
            Relation relation = relation(me, person);
            LeaveType type = repository.type(in.leaveTypeId()).filter(LeaveType::active)
                    .orElseThrow(() -> ApiProblem.validation("leave_type_id", "is not an active leave type of this workspace"));
            if (!TimeOffRules.mayRecord(me, relation, type.sensitive())) {
                throw forbidden(relation == Relation.SELF ? "Requesting time off needs timeoff:request."
                        : "Recording time off for others needs timeoff:manage (and timeoff.health:read for sensitive leave).");
            }
            restricted.requireUnrestricted(person.id());
            if (!type.halfDays() && (startHalf || endHalf)) {
                throw ApiProblem.validation("start_half", "is not possible: this leave type is taken in whole days");
            }
            if (!person.employedOn(in.startDate()) || !person.employedOn(in.endDate())) {
                throw ApiProblem.validation("start_date", "must be within the person's employment");
            }
            Member member = repository.lockMember(person.id());
            long[] slots = WorkCalendar.slots(in.startDate(), in.endDate(), startHalf, endHalf);
            for (Request other : repository.activeRequests(person.id(), in.startDate(), in.endDate())) {
                long[] theirs = WorkCalendar.slots(other.start(), other.end(), other.startHalf(), other.endHalf());
                if (theirs[0] <= slots[1] && slots[0] <= theirs[1]) {
                    throw conflict("overlapping-request", "Overlapping request",
                            "This overlaps another request from " + other.start() + " to " + other.end() + ".");
                }
            }
            Count count = calendar.count(balances.schedule(member, in.startDate(), in.endDate()), in.startDate(),
                    in.endDate(), startHalf, endHalf);
            if (count.total().signum() == 0) {
                throw ApiProblem.validation("start_date", "must include a working day (these days are all weekends or holidays)");
            }
            if (type.usesBalance()) {
                Policy policy = balances.policy(member, type).orElseThrow(() -> conflict("no-policy", "No policy",
                        "No time-off policy gives this person days of " + type.name() + "; HR sets one up first."));
                // brought up to date first: a year the sync closes now (its rest carried over) takes nothing more
                balances.sync(person, member, type, in.endDate().getYear());
                for (var year : count.byYear().entrySet()) {
                    if (year.getValue().signum() > 0 && balances.closed(person.id(), type.id(), year.getKey())) {
                        throw yearClosed(year.getKey());
                    }
                }
                for (var year : count.byYear().entrySet()) {
                    BigDecimal balance = Entitlements.sum(repository.entries(person.id(), type.id(), year.getKey()));
                    if (balance.subtract(year.getValue()).compareTo(policy.negativeAllowed().negate()) < 0) {
                        throw conflict("insufficient-balance", "Not enough days left", "Only "
                                + balance.stripTrailingZeros().toPlainString() + " days of " + type.name() + " are left in "
                                + year.getKey() + "; this request needs " + year.getValue().stripTrailingZeros().toPlainString() + ".");
                    }
                }
            }
            boolean approved = !type.needsApproval() || relation != Relation.SELF;
            Request request = new Request(Ids.newId(), person.id(), type.id(), in.startDate(), in.endDate(), startHalf, endHalf,
                    count.total(), approved ? "approved" : "pending", note, me.userId(), approved ? me.userId() : null,
                    approved ? balances.now() : null, null, 1, balances.now());
            repository.insertRequest(request);
            if (type.usesBalance()) {
                post(request, count.byYear(), "taken", me, "Requested: " + span(request));
            }
            audit.record(audited(AuditEntry.of("timeoff.request.created", "leave_request", request.id()), type, null, request));
            if (approved) {
                notices.recorded(request, type, person);
            } else {
                List<UUID> standIns = workforce.managerChain(person.id()).stream().filter(m -> m.userId() != null)
                        .findFirst().map(m -> repository.substitutesOf(m.id(), balances.today())).orElse(List.of());
                notices.pending(request, type, person, standIns);
            }
            return view(me, request, relation, type, person);
        });
    }

    Map<String, Object> get(UUID id) {
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            Request request = repository.request(id).orElseThrow(() -> ApiProblem.notFound("The request"));
            Workforce.Member person = workforce.find(request.employeeId()).orElseThrow();
            Relation relation = relation(me, person);
            if (!TimeOffRules.maySeeAbsences(me) && relation != Relation.SELF) {
                throw ApiProblem.notFound("The request");
            }
            return view(me, request, relation, repository.type(request.leaveTypeId()).orElseThrow(), person);
        });
    }

    Map<String, Object> approve(UUID id, DecisionInput in) {
        return decide(id, in, "approved");
    }

    Map<String, Object> decline(UUID id, DecisionInput in) {
        return decide(id, in, "declined");
    }

    private Map<String, Object> decide(UUID id, DecisionInput in, String status) {
        Caller me = Caller.require();
        String note = decisionNote(in);
        return transactions.execute(tx -> {
            Request before = repository.lockRequest(id).orElseThrow(() -> ApiProblem.notFound("The request"));
            Workforce.Member person = workforce.find(before.employeeId()).orElseThrow();
            Relation relation = relation(me, person);
            LeaveType type = repository.type(before.leaveTypeId()).orElseThrow();
            if (!TimeOffRules.mayDecide(me, relation, chainHasApprover(person))) {
                if (relation == Relation.OTHER && !me.has(TimeOffPermission.MANAGE)) {
                    throw ApiProblem.notFound("The request");
                }
                throw forbidden(relation == Relation.SELF ? "Nobody approves or declines their own request."
                        : "Only a manager in the person's chain decides this request.");
            }
            restricted.requireUnrestricted(person.id());
            if (!before.status().equals("pending")) {
                throw conflict("not-pending", "Not pending", "This request is " + before.status() + ", not pending.");
            }
            Member member = repository.lockMember(person.id());
            if (!repository.decide(id, before.version(), status, me.userId(), balances.now(), note)) {
                throw Versions.stale();
            }
            Request after = repository.request(id).orElseThrow();
            if (status.equals("declined") && type.usesBalance()) {
                returnDays(member, after, me, "Declined: " + span(after));
            }
            audit.record(audited(AuditEntry.of(status.equals("approved") ? "timeoff.request.approved" : "timeoff.request.declined",
                    "leave_request", id), type, before, after));
            notices.decided(after, type, person);
            return view(me, after, relation, type, person);
        });
    }

    Map<String, Object> cancel(UUID id, DecisionInput in) {
        Caller me = Caller.require();
        String note = decisionNote(in);
        return transactions.execute(tx -> {
            Request before = repository.lockRequest(id).orElseThrow(() -> ApiProblem.notFound("The request"));
            Workforce.Member person = workforce.find(before.employeeId()).orElseThrow();
            Relation relation = relation(me, person);
            LeaveType type = repository.type(before.leaveTypeId()).orElseThrow();
            boolean started = !before.start().isAfter(balances.today());
            if (!TimeOffRules.mayCancel(me, relation, before.status().equals("pending"), started)) {
                if (relation == Relation.OTHER && !TimeOffRules.maySeeAbsences(me)) {
                    throw ApiProblem.notFound("The request");
                }
                throw forbidden(relation == Relation.SELF ? "Leave that has begun is cancelled by HR."
                        : "Cancelling another person's request needs timeoff:manage.");
            }
            if (!before.active()) {
                throw conflict("not-active", "Not active", "This request is " + before.status() + " already.");
            }
            restricted.requireUnrestricted(person.id());
            Member member = repository.lockMember(person.id());
            if (type.usesBalance()) {
                for (int year = before.start().getYear(); year <= before.end().getYear(); year++) {
                    if (balances.closed(person.id(), type.id(), year)) {
                        throw yearClosed(year);
                    }
                }
            }
            if (!repository.decide(id, before.version(), "cancelled", me.userId(), balances.now(), note)) {
                throw Versions.stale();
            }
            Request after = repository.request(id).orElseThrow();
            if (type.usesBalance()) {
                returnDays(member, after, me, "Cancelled: " + span(after));
            }
            audit.record(audited(AuditEntry.of("timeoff.request.cancelled", "leave_request", id), type, before, after));
            notices.cancelled(after, type, person, me.userId(), before.status().equals("approved") ? before.decidedBy() : null);
            return view(me, after, relation, type, person);
        });
    }

    /** A person's requests touching {@code from}..{@code to} (default: the person is the caller). */
    List<Map<String, Object>> list(UUID personId, LocalDate from, LocalDate to, String status) {
        Caller me = Caller.require();
        LocalDate first = from == null ? LocalDate.of(2000, 1, 1) : inRange("from", from);
        LocalDate last = to == null ? LocalDate.of(2100, 12, 31) : inRange("to", to);
        if (last.isBefore(first)) {
            throw ApiProblem.validation("to", "must not be before from");
        }
        Set<String> statuses = status == null ? Set.of("pending", "approved", "declined", "cancelled") : Set.of(status);
        if (!Set.of("pending", "approved", "declined", "cancelled").containsAll(statuses)) {
            throw ApiProblem.validation("status", "must be one of pending, approved, declined, cancelled");
        }
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            Visible visible = personWithRecordsFor(me, personId,
                    "Seeing another person's requests needs timeoff:manage or a place in their manager chain.");
            Workforce.Member person = visible.person();
            Relation relation = visible.relation();
            Map<UUID, LeaveType> types = types();
            return repository.requests(List.of(person.id()), statuses, first, last, 1000).stream()
                    .map(r -> view(me, r, relation, types.get(r.leaveTypeId()), person)).toList();
        });
    }

    /** The pending requests the caller may decide. */
    List<Map<String, Object>> awaitingMe() {
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            Map<UUID, LeaveType> types = types();
            Chains chains = new Chains(workforce.members(null), standingInFor(me));
            List<Map<String, Object>> mine = new ArrayList<>();
            for (Request request : repository.requests(null, Set.of("pending"), LocalDate.of(2000, 1, 1),
                    LocalDate.of(2100, 12, 31), 2000)) {
                Workforce.Member person = chains.person(request.employeeId());
                Relation relation = chains.relation(me, person);
                if (TimeOffRules.mayDecide(me, relation, chains.hasApprover(person))) {
                    mine.add(view(me, request, relation, types.get(request.leaveTypeId()), person));
                }
            }
            return mine;
        });
    }

    /**
     * Everyone's manager chain from one read of the people (for pages of many requests, where asking
     * {@link Workforce#managerChain} per request would be a query each).
     */
    static final class Chains {

        private final Map<UUID, Workforce.Member> people = new java.util.HashMap<>();
        private final Set<UUID> standingInFor;

        /** @param standingInFor the people the caller stands in for today */
        Chains(List<Workforce.Member> members, Set<UUID> standingInFor) {
            members.forEach(m -> people.put(m.id(), m));
            this.standingInFor = standingInFor;
        }

        Workforce.Member person(UUID id) {
            return people.get(id);
        }

        List<Workforce.Member> all() {
            return List.copyOf(people.values());
        }

        Relation relation(Caller me, Workforce.Member person) {
            if (me.userId().equals(person.userId())) {
                return Relation.SELF;
            }
            List<Workforce.Member> chain = managers(person);
            if (chain.stream().anyMatch(m -> me.userId().equals(m.userId()))) {
                return Relation.MANAGER;
            }
            return chain.stream().anyMatch(m -> standingInFor.contains(m.id())) ? Relation.SUBSTITUTE : Relation.OTHER;
        }

        boolean hasApprover(Workforce.Member person) {
            return managers(person).stream().anyMatch(m -> m.userId() != null);
        }

        private List<Workforce.Member> managers(Workforce.Member person) {
            List<Workforce.Member> chain = new ArrayList<>();
            java.util.Set<UUID> seen = new java.util.HashSet<>(Set.of(person.id()));
            UUID next = person.managerId();
            while (next != null && seen.add(next) && people.containsKey(next)) {
                Workforce.Member manager = people.get(next);
                chain.add(manager);
                next = manager.managerId();
            }
            return chain;
        }
    }

    /**
     * Who is absent from {@code from} to {@code to} (at most {@value #LONGEST_CALENDAR_DAYS} days), of a
     * department or everyone: pending and approved requests, each with its type only where the caller
     * may see it ("absent" otherwise).
     */
    Map<String, Object> calendar(LocalDate from, LocalDate to, String department) {
        Caller me = Caller.require();
        if (from == null || to == null) {
            throw ApiProblem.validation(from == null ? "from" : "to", "is required");
        }
        inRange("from", from);
        inRange("to", to);
        if (to.isBefore(from)) {
            throw ApiProblem.validation("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) > LONGEST_CALENDAR_DAYS) {
            throw ApiProblem.validation("to", "must be at most " + LONGEST_CALENDAR_DAYS + " days after from");
        }
        if (department != null && department.length() > 100) {
            throw ApiProblem.validation("department", "must be at most 100 characters");
        }
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            Map<UUID, LeaveType> types = types();
            List<Workforce.Member> everyone = workforce.members(null);
            Chains chains = new Chains(everyone, standingInFor(me));
            String wanted = department == null || department.isBlank() ? null : department.strip();
            List<Workforce.Member> people = everyone.stream()
                    .filter(p -> wanted == null || wanted.equalsIgnoreCase(p.department())).toList();
            Map<UUID, Workforce.Member> byId = people.stream().collect(Collectors.toMap(Workforce.Member::id, Function.identity()));
            List<Map<String, Object>> absences = new ArrayList<>();
            for (Request request : repository.requests(wanted == null ? null : byId.keySet(), Set.of("pending", "approved"),
                    from, to, 20_000)) {
                Workforce.Member person = byId.get(request.employeeId());
                absences.add(view(me, request, chains.relation(me, person), types.get(request.leaveTypeId()), person));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("from", from);
            body.put("to", to);
            body.put("department", department);
            body.put("people", people.stream().map(p -> Map.of("id", p.id(), "name", p.name(),
                    "department", p.department() == null ? "" : p.department())).toList());
            body.put("absences", absences);
            body.put("departments", everyone.stream().map(Workforce.Member::department)
                    .filter(d -> d != null && !d.isBlank()).distinct().sorted(String.CASE_INSENSITIVE_ORDER).toList());
            return body;
        });
    }

    /** A person's balances in a year with every entry that explains them. */
    Map<String, Object> balances(UUID personId, int year) {
        Caller me = Caller.require();
        if (year < 2000 || year > 2100) {
            throw ApiProblem.validation("year", "must be between 2000 and 2100");
        }
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            Workforce.Member person = personWithRecordsFor(me, personId,
                    "Seeing another person's balances needs timeoff:manage or a place in their manager chain.").person();
            Member member = repository.lockMember(person.id());
            List<Map<String, Object>> items = new ArrayList<>();
            for (LeaveType type : repository.types()) {
                Optional<Policy> policy = balances.policy(member, type);
                if (policy.isEmpty() || !type.active()) {
                    continue;
                }
                balances.sync(person, member, type, Math.max(year, balances.today().getYear()));
                List<Entry> entries = repository.entries(person.id(), type.id(), year);
                Map<UUID, String> statuses = new LinkedHashMap<>();
                entries.stream().map(Entry::requestId).filter(java.util.Objects::nonNull).distinct()
                        .forEach(r -> statuses.put(r, repository.request(r).map(Request::status).orElse(null)));
                BigDecimal balance = Entitlements.sum(entries);
                BigDecimal pending = entries.stream().filter(e -> e.kind().equals("taken")
                        && "pending".equals(statuses.get(e.requestId()))).map(Entry::days)
                        .reduce(BigDecimal.ZERO, BigDecimal::add).negate();
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("leave_type_id", type.id());
                item.put("leave_type", type.name());
                item.put("year", year);
                item.put("balance", balance);
                item.put("pending", pending);
                item.put("negative_allowed", policy.get().negativeAllowed());
                item.put("available", balance.add(policy.get().negativeAllowed()));
                item.put("closed", balances.closed(person.id(), type.id(), year));
                item.put("entries", entries.stream().map(e -> entryFields(e, statuses.get(e.requestId()))).toList());
                items.add(item);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("person_id", person.id());
            body.put("year", year);
            body.put("today", balances.today());
            body.put("balances", items);
            return body;
        });
    }

    Map<String, Object> correct(UUID personId, CorrectionInput in) {
        Caller me = Caller.require();
        TimeOffSettings.require(TimeOffPermission.MANAGE);
        List<FieldProblem> problems = new ArrayList<>();
        if (in.leaveTypeId() == null) {
            problems.add(new FieldProblem("leave_type_id", "is required"));
        }
        if (in.year() == null || in.year() < 2000 || in.year() > 2100) {
            problems.add(new FieldProblem("year", "must be between 2000 and 2100"));
        }
        if (in.days() == null || in.days().signum() == 0 || in.days().abs().compareTo(BigDecimal.valueOf(365)) > 0
                || in.days().multiply(BigDecimal.TWO).stripTrailingZeros().scale() > 0) {
            problems.add(new FieldProblem("days", "must be whole or half days from -365 to 365, not 0"));
        }
        String reason = TimeOffSettings.name(problems, "reason", in.reason(), 500, true);
        TimeOffSettings.refuse(problems);
        return transactions.execute(tx -> {
            Workforce.Member person = workforce.find(personId).orElseThrow(() -> ApiProblem.notFound("The person"));
            if (me.userId().equals(person.userId())) {
                throw forbidden("Nobody corrects their own balance.");
            }
            LeaveType type = repository.type(in.leaveTypeId()).filter(LeaveType::usesBalance)
                    .orElseThrow(() -> ApiProblem.validation("leave_type_id", "must be a leave type that uses a balance"));
            restricted.requireUnrestricted(person.id());
            Member member = repository.lockMember(person.id());
            if (balances.policy(member, type).isEmpty()) {
                throw conflict("no-policy", "No policy", "No time-off policy gives this person days of " + type.name() + ".");
            }
            balances.sync(person, member, type, Math.max(in.year(), balances.today().getYear()));
            if (balances.closed(person.id(), type.id(), in.year())) {
                throw yearClosed(in.year());
            }
            LocalDate today = balances.today();
            LocalDate effective = today.getYear() == in.year() ? today : LocalDate.of(in.year(), 1, 1);
            Entry entry = new Entry(Ids.newId(), person.id(), type.id(), in.year(), "correction", in.days().setScale(1),
                    effective, null, null, reason, me.userId(), balances.now());
            repository.insertEntry(entry);
            Map<String, FieldChange> diff = new LinkedHashMap<>();
            diff.put("leave_type_id", new FieldChange(null, type.id().toString()));
            diff.put("year", new FieldChange(null, in.year()));
            diff.put("days", new FieldChange(null, entry.days().stripTrailingZeros().toPlainString()));
            diff.put("reason", new FieldChange(null, reason));
            audit.record(AuditEntry.of("timeoff.balance.corrected", "employee", person.id()).diff(diff));
            return entryFields(entry, null);
        });
    }

    /**
     * Every person's balances in a year as CSV (person, department, type, balance, pending,
     * available), each brought up to date first; recorded as {@code timeoff.balances.exported}.
     */
    void exportBalances(int year, java.io.Writer out) {
        TimeOffSettings.require(TimeOffPermission.MANAGE);
        if (year < 2000 || year > 2100) {
            throw ApiProblem.validation("year", "must be between 2000 and 2100");
        }
        transactions.executeWithoutResult(tx -> {
            repository.addBuiltInTypes();
            List<LeaveType> types = repository.types().stream().filter(LeaveType::usesBalance).toList();
            int rows = 0;
            try (org.apache.commons.csv.CSVPrinter csv = org.apache.commons.csv.CSVFormat.RFC4180.builder()
                    .setHeader("person_id", "name", "department", "leave_type", "year", "balance", "pending", "available")
                    .get().print(out)) {
                for (Workforce.Member person : workforce.members(null)) {
                    Member member = repository.lockMember(person.id());
                    for (LeaveType type : types) {
                        Optional<Policy> policy = balances.policy(member, type);
                        if (policy.isEmpty()) {
                            continue;
                        }
                        balances.sync(person, member, type, Math.max(year, balances.today().getYear()));
                        List<Entry> entries = repository.entries(person.id(), type.id(), year);
                        BigDecimal balance = Entitlements.sum(entries);
                        BigDecimal pending = entries.stream().filter(e -> e.kind().equals("taken") && e.requestId() != null
                                && repository.request(e.requestId()).map(r -> r.status().equals("pending")).orElse(false))
                                .map(Entry::days).reduce(BigDecimal.ZERO, BigDecimal::add).negate();
                        csv.printRecord(person.id(), cell(person.name()), cell(person.department()), cell(type.name()), year,
                                balance.toPlainString(), pending.setScale(1).toPlainString(),
                                balance.add(policy.get().negativeAllowed()).toPlainString());
                        rows++;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            audit.record(AuditEntry.of("timeoff.balances.exported", "leave_ledger", null)
                    .details(Map.of("rows", rows, "year", year)));
        });
    }

    /** A date a query may name (the database's dates end long before Java's). */
    private static LocalDate inRange(String field, LocalDate day) {
        if (day.getYear() < 2000 || day.getYear() > 2100) {
            throw ApiProblem.validation(field, "must be between 2000 and 2100");
        }
        return day;
    }

    /** A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection). */
    private static String cell(String value) {
        return value == null ? "" : io.strongroom.platform.SpreadsheetCells.neutralised(value);
    }

    /** Recomputes every balance from scratch and reports where the ledger differs. */
    Map<String, Object> recompute() {
        TimeOffSettings.require(TimeOffPermission.MANAGE);
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            List<Balances.Difference> differences = balances.recompute();
            audit.record(AuditEntry.of("timeoff.balances.recomputed", "leave_ledger", null)
                    .details(Map.of("differences", differences.size())));
            return Map.of("differences", differences.stream().map(d -> Map.of("person_id", d.personId(),
                    "leave_type_id", d.leaveTypeId(), "year", d.year(), "stored", d.stored(), "recomputed", d.recomputed()))
                    .toList());
        });
    }

    // ---- helpers

    private void post(Request request, Map<Integer, BigDecimal> byYear, String kind, Caller me, String reason) {
        for (var year : byYear.entrySet()) {
            if (year.getValue().signum() == 0) {
                continue;
            }
            LocalDate effective = request.start().getYear() == year.getKey() ? request.start() : LocalDate.of(year.getKey(), 1, 1);
            BigDecimal days = kind.equals("taken") ? year.getValue().negate() : year.getValue();
            repository.insertEntry(new Entry(Ids.newId(), request.employeeId(), request.leaveTypeId(), year.getKey(), kind,
                    days, effective, null, request.id(), reason, me.userId(), balances.now()));
        }
    }

    /** Returns what the request's entries took, year by year (the entries, not a recount: holidays may have changed). */
    private void returnDays(Member member, Request request, Caller me, String reason) {
        Map<Integer, BigDecimal> taken = new LinkedHashMap<>();
        for (int year = request.start().getYear(); year <= request.end().getYear(); year++) {
            BigDecimal sum = repository.entries(request.employeeId(), request.leaveTypeId(), year).stream()
                    .filter(e -> request.id().equals(e.requestId())).map(Entry::days).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (sum.signum() < 0) {
                taken.put(year, sum.negate());
            }
        }
        post(request, taken, "returned", me, reason);
    }

    /**
     * The person whose requests or balances the caller asks for (null: the caller's own record),
     * when the caller may see them; a 403 with {@code refusal} otherwise.
     */
    private Visible personWithRecordsFor(Caller me, UUID personId, String refusal) {
        Workforce.Member person = personId == null ? self(me)
                : workforce.find(personId).orElseThrow(() -> ApiProblem.notFound("The person"));
        Relation relation = relation(me, person);
        if (!TimeOffRules.maySeeBalances(me, relation)) {
            throw forbidden(refusal);
        }
        return new Visible(person, relation);
    }

    /** A person whose records the caller may see, and how the caller stands to them. */
    private record Visible(Workforce.Member person, Relation relation) {
    }

    private Workforce.Member self(Caller me) {
        return workforce.ofUser(me.userId()).orElseThrow(() -> conflict("no-person-record", "No person record",
                "Your account is not linked to a person record; HR links it first."));
    }

    private Relation relation(Caller me, Workforce.Member person) {
        if (me.userId().equals(person.userId())) {
            return Relation.SELF;
        }
        List<Workforce.Member> chain = workforce.managerChain(person.id());
        if (chain.stream().anyMatch(m -> me.userId().equals(m.userId()))) {
            return Relation.MANAGER;
        }
        Set<UUID> standingInFor = standingInFor(me);
        return chain.stream().anyMatch(m -> standingInFor.contains(m.id())) ? Relation.SUBSTITUTE : Relation.OTHER;
    }

    /** Whether the caller stands in for someone today (and so may have requests to decide). */
    boolean standsInToday() {
        Caller me = Caller.require();
        return Boolean.TRUE.equals(transactions.execute(tx -> !standingInFor(me).isEmpty()));
    }

    /** The people the caller stands in for today (as their substitute while they are away). */
    private Set<UUID> standingInFor(Caller me) {
        return workforce.ofUser(me.userId()).map(self -> Set.copyOf(repository.standingInFor(self.id(), balances.today())))
                .orElse(Set.of());
    }

    private boolean chainHasApprover(Workforce.Member person) {
        return workforce.managerChain(person.id()).stream().anyMatch(m -> m.userId() != null);
    }

    private Map<UUID, LeaveType> types() {
        return repository.types().stream().collect(Collectors.toMap(LeaveType::id, Function.identity()));
    }

    private static String decisionNote(DecisionInput in) {
        String note = in == null || in.note() == null || in.note().isBlank() ? null : in.note().strip();
        if (note != null && note.length() > 500) {
            throw ApiProblem.validation("note", "must be at most 500 characters");
        }
        return note;
    }

    /** A request as the caller may see it: in full, or as an absence (no type, note or decision). */
    private static Map<String, Object> view(Caller me, Request r, Relation relation, LeaveType type, Workforce.Member person) {
        boolean details = TimeOffRules.maySeeDetails(me, relation, type.sensitive());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", r.id());
        body.put("person_id", r.employeeId());
        body.put("person_name", person.name());
        body.put("department", person.department());
        body.put("start_date", r.start());
        body.put("end_date", r.end());
        body.put("start_half", r.startHalf());
        body.put("end_half", r.endHalf());
        body.put("status", r.status());
        body.put("absent", true);
        if (details) {
            body.put("leave_type_id", r.leaveTypeId());
            body.put("leave_type", type.name());
            body.put("colour", type.colour());
            body.put("days", r.days());
            body.put("note", r.note());
            body.put("requested_by", r.requestedBy());
            body.put("decided_by", r.decidedBy());
            body.put("decided_at", r.decidedAt());
            body.put("decision_note", r.decisionNote());
            body.put("created_at", r.createdAt());
        }
        body.put("version", r.version());
        return body;
    }

    private static Map<String, Object> entryFields(Entry e, String requestStatus) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", e.kind());
        fields.put("days", e.days());
        fields.put("effective_on", e.effectiveOn());
        fields.put("expires_on", e.expiresOn());
        fields.put("request_id", e.requestId());
        fields.put("request_status", requestStatus);
        fields.put("reason", e.reason());
        return fields;
    }

    /** The audit entry of a request's change: its type and note kept personal when the type is sensitive (health data). */
    private static AuditEntry audited(AuditEntry entry, LeaveType type, Request before, Request after) {
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        Map<String, FieldChange> personal = new LinkedHashMap<>();
        field(diff, "person_id", before, after, Request::employeeId);
        field(type.sensitive() ? personal : diff, "leave_type_id", before, after, Request::leaveTypeId);
        field(diff, "start_date", before, after, Request::start);
        field(diff, "end_date", before, after, Request::end);
        field(diff, "start_half", before, after, Request::startHalf);
        field(diff, "end_half", before, after, Request::endHalf);
        field(diff, "days", before, after, r -> r.days().stripTrailingZeros().toPlainString());
        field(diff, "status", before, after, Request::status);
        field(diff, "decision_note", before, after, Request::decisionNote);
        field(personal, "note", before, after, Request::note);
        return entry.diff(diff).personalDiff(personal);
    }

    private static void field(Map<String, FieldChange> diff, String name, Request before, Request after,
            Function<Request, Object> value) {
        Object from = before == null ? null : text(value.apply(before));
        Object to = after == null ? null : text(value.apply(after));
        if (!java.util.Objects.equals(from, to)) {
            diff.put(name, new FieldChange(from, to));
        }
    }

    private static Object text(Object value) {
        return value instanceof UUID || value instanceof LocalDate ? value.toString() : value;
    }

    private static String span(Request r) {
        return r.start() + (r.start().equals(r.end()) ? "" : " to " + r.end()) + " ("
                + r.days().stripTrailingZeros().toPlainString() + " days)";
    }

    private static ApiProblem forbidden(String detail) {
        return new ApiProblem(ProblemType.FORBIDDEN, detail);
    }

    private static ApiProblem conflict(String slug, String title, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri(slug), title, detail, List.of(), Map.of());
    }

    private static ApiProblem yearClosed(int year) {
        return conflict("leave-year-closed", "Leave year closed", "The leave year " + year
                + " is closed (its rest was carried over); HR corrects the balance of an open year instead.");
    }
}
