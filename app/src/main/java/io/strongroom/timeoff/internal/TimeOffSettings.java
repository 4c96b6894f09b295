package io.strongroom.timeoff.internal;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

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
import io.strongroom.timeoff.internal.TimeOffRepository.CompanyHoliday;
import io.strongroom.timeoff.internal.TimeOffRepository.LeaveType;
import io.strongroom.timeoff.internal.TimeOffRepository.Location;
import io.strongroom.timeoff.internal.TimeOffRepository.Policy;

/**
 * What HR configures: leave types, work locations (country, region, work week), policies, company
 * holidays and each person's location and work week. Each call is one transaction; every change is
 * audited with its diff. Reading the configuration is open to every member who may request time off.
 */
@Service
class TimeOffSettings {

    static final int LONGEST_NAME = 100;

    private final TimeOffRepository repository;
    private final WorkCalendar calendar;
    private final Workforce workforce;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Balances balances;

    private final RestrictedPeople restricted;

    TimeOffSettings(TimeOffRepository repository, WorkCalendar calendar, Workforce workforce, AuditLog audit,
            TransactionTemplate transactions, Balances balances, RestrictedPeople restricted) {
        this.restricted = restricted;
        this.repository = repository;
        this.calendar = calendar;
        this.workforce = workforce;
        this.audit = audit;
        this.transactions = transactions;
        this.balances = balances;
    }

    // ---- leave types

    record TypeInput(String name, Boolean paid, Boolean needsApproval, Boolean halfDays, Boolean usesBalance,
            Boolean sensitive, String colour, Boolean active) {
    }

    List<LeaveType> types() {
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            return repository.types();
        });
    }

    LeaveType createType(TypeInput in) {
        require(TimeOffPermission.MANAGE);
        List<FieldProblem> problems = new ArrayList<>();
        String name = name(problems, "name", in.name(), 60, true);
        String colour = colour(problems, in.colour() == null ? "#1565c0" : in.colour());
        refuse(problems);
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            if (repository.typeNameTaken(name, null)) {
                throw ApiProblem.validation("name", "is already taken");
            }
            LeaveType type = new LeaveType(Ids.newId(), null, name, or(in.paid(), true), or(in.needsApproval(), true),
                    or(in.halfDays(), true), or(in.usesBalance(), false), or(in.sensitive(), false), colour,
                    or(in.active(), true), 1);
            unique(() -> repository.insertType(type), "name", "is already taken");
            audit.record(AuditEntry.of("timeoff.type.created", "leave_type", type.id()).diff(diff(null, typeFields(type))));
            return type;
        });
    }

    LeaveType updateType(UUID id, String ifMatch, TypeInput in) {
        require(TimeOffPermission.MANAGE);
        List<FieldProblem> problems = new ArrayList<>();
        String name = in.name() == null ? null : name(problems, "name", in.name(), 60, true);
        String colour = in.colour() == null ? null : colour(problems, in.colour());
        refuse(problems);
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            LeaveType before = repository.type(id).orElseThrow(() -> ApiProblem.notFound("The leave type"));
            int version = Versions.expected(ifMatch, before.version());
            if (name != null && repository.typeNameTaken(name, id)) {
                throw ApiProblem.validation("name", "is already taken");
            }
            LeaveType after = new LeaveType(id, before.builtinKey(), or(name, before.name()), or(in.paid(), before.paid()),
                    or(in.needsApproval(), before.needsApproval()), or(in.halfDays(), before.halfDays()),
                    or(in.usesBalance(), before.usesBalance()), or(in.sensitive(), before.sensitive()),
                    or(colour, before.colour()), or(in.active(), before.active()), before.version() + 1);
            Map<String, FieldChange> diff = diff(typeFields(before), typeFields(after));
            if (diff.isEmpty()) {
                return before;
            }
            if (!unique(() -> repository.updateType(after, version), "name", "is already taken")) {
                throw Versions.stale();
            }
            audit.record(AuditEntry.of("timeoff.type.updated", "leave_type", id).diff(diff));
            return after;
        });
    }

    static Map<String, Object> typeFields(LeaveType t) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", t.name());
        fields.put("paid", t.paid());
        fields.put("needs_approval", t.needsApproval());
        fields.put("half_days", t.halfDays());
        fields.put("uses_balance", t.usesBalance());
        fields.put("sensitive", t.sensitive());
        fields.put("colour", t.colour());
        fields.put("active", t.active());
        return fields;
    }

    // ---- locations

    record LocationInput(String name, String country, String region, List<String> workWeek) {
    }

    List<Location> locations() {
        return transactions.execute(tx -> repository.locations());
    }

    Map<String, Object> countries(String country) {
        if (country == null) {
            return Map.of("countries", WorkCalendar.countries());
        }
        String code = country.strip().toLowerCase(java.util.Locale.ROOT);
        if (!WorkCalendar.countries().contains(code)) {
            throw ApiProblem.validation("country", "is not a country with a holiday calendar (ISO 3166 code such as de)");
        }
        return Map.of("country", code, "regions", calendar.regions(code));
    }

    Location createLocation(LocationInput in) {
        require(TimeOffPermission.MANAGE);
        Location checked = location(Ids.newId(), in, null);
        return transactions.execute(tx -> {
            if (repository.locationNameTaken(checked.name(), null)) {
                throw ApiProblem.validation("name", "is already taken");
            }
            unique(() -> repository.insertLocation(checked), "name", "is already taken");
            audit.record(AuditEntry.of("timeoff.location.created", "work_location", checked.id())
                    .diff(diff(null, locationFields(checked))));
            return checked;
        });
    }

    Location updateLocation(UUID id, String ifMatch, LocationInput in) {
        require(TimeOffPermission.MANAGE);
        return transactions.execute(tx -> {
            Location before = repository.location(id).orElseThrow(() -> ApiProblem.notFound("The location"));
            int version = Versions.expected(ifMatch, before.version());
            Location after = location(id, in, before);
            if (repository.locationNameTaken(after.name(), id)) {
                throw ApiProblem.validation("name", "is already taken");
            }
            Map<String, FieldChange> diff = diff(locationFields(before), locationFields(after));
            if (diff.isEmpty()) {
                return before;
            }
            if (!unique(() -> repository.updateLocation(after, version), "name", "is already taken")) {
                throw Versions.stale();
            }
            audit.record(AuditEntry.of("timeoff.location.updated", "work_location", id).diff(diff));
            return new Location(id, after.name(), after.country(), after.region(), after.workWeek(), version + 1);
        });
    }

    private Location location(UUID id, LocationInput in, Location before) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = in.name() == null && before != null ? before.name()
                : name(problems, "name", in.name(), LONGEST_NAME, true);
        String country = in.country() == null && before != null ? before.country()
                : in.country() == null ? null : in.country().strip().toLowerCase(java.util.Locale.ROOT);
        if (country == null || !WorkCalendar.countries().contains(country)) {
            problems.add(new FieldProblem("country", "must be a country with a holiday calendar (ISO 3166 code such as de)"));
        }
        String region = in.region() == null ? (before != null && Objects.equals(country, before.country()) ? before.region() : null)
                : in.region().isBlank() ? null : in.region().strip().toLowerCase(java.util.Locale.ROOT);
        if (region != null && problems.isEmpty() && !calendar.regions(country).containsKey(region)) {
            problems.add(new FieldProblem("region", "is not a region of this country's holiday calendar"));
        }
        int workWeek = before == null ? WorkCalendar.MONDAY_TO_FRIDAY : before.workWeek();
        if (in.workWeek() != null) {
            workWeek = workWeek(problems, "work_week", in.workWeek());
        }
        refuse(problems);
        return new Location(id, name, country, region, workWeek, before == null ? 1 : before.version());
    }

    static Map<String, Object> locationFields(Location l) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", l.name());
        fields.put("country", l.country());
        fields.put("region", l.region());
        fields.put("work_week", WorkCalendar.workWeekDays(l.workWeek()));
        return fields;
    }

    // ---- policies

    record PolicyInput(UUID leaveTypeId, UUID locationId, BigDecimal annualDays, String accrual, BigDecimal carryOverMax,
            String carryOverExpires, BigDecimal negativeAllowed, Integer firstYear) {
    }

    List<Policy> policies() {
        return transactions.execute(tx -> repository.policies());
    }

    Policy createPolicy(PolicyInput in) {
        require(TimeOffPermission.MANAGE);
        return transactions.execute(tx -> {
            repository.addBuiltInTypes();
            List<FieldProblem> problems = new ArrayList<>();
            if (in.leaveTypeId() == null) {
                problems.add(new FieldProblem("leave_type_id", "is required"));
            } else if (repository.type(in.leaveTypeId()).filter(LeaveType::usesBalance).isEmpty()) {
                problems.add(new FieldProblem("leave_type_id", "must be a leave type that uses a balance"));
            }
            if (in.locationId() != null && repository.location(in.locationId()).isEmpty()) {
                problems.add(new FieldProblem("location_id", "is not a location of this workspace"));
            }
            Policy policy = policy(problems, Ids.newId(), in, null);
            if (problems.isEmpty() && repository.policyScopeTaken(in.leaveTypeId(), in.locationId(), null)) {
                problems.add(new FieldProblem("location_id", "already has a policy for this leave type"));
            }
            refuse(problems);
            unique(() -> repository.insertPolicy(policy), "location_id", "already has a policy for this leave type");
            audit.record(AuditEntry.of("timeoff.policy.created", "leave_policy", policy.id())
                    .diff(diff(null, policyFields(policy))));
            return policy;
        });
    }

    Policy updatePolicy(UUID id, String ifMatch, PolicyInput in) {
        require(TimeOffPermission.MANAGE);
        return transactions.execute(tx -> {
            Policy before = repository.policy(id).orElseThrow(() -> ApiProblem.notFound("The policy"));
            int version = Versions.expected(ifMatch, before.version());
            List<FieldProblem> problems = new ArrayList<>();
            if (in.leaveTypeId() != null && !in.leaveTypeId().equals(before.leaveTypeId())) {
                problems.add(new FieldProblem("leave_type_id", "cannot change; make a new policy"));
            }
            if (in.locationId() != null && !in.locationId().equals(before.locationId())) {
                problems.add(new FieldProblem("location_id", "cannot change; make a new policy"));
            }
            Policy after = policy(problems, id, in, before);
            refuse(problems);
            Map<String, FieldChange> diff = diff(policyFields(before), policyFields(after));
            if (diff.isEmpty()) {
                return before;
            }
            if (!repository.updatePolicy(after, version)) {
                throw Versions.stale();
            }
            audit.record(AuditEntry.of("timeoff.policy.updated", "leave_policy", id).diff(diff));
            return repository.policy(id).orElseThrow();
        });
    }

    private Policy policy(List<FieldProblem> problems, UUID id, PolicyInput in, Policy before) {
        BigDecimal annual = days(problems, "annual_days", in.annualDays(), before == null ? null : before.annualDays());
        String accrual = in.accrual() == null ? (before == null ? "yearly" : before.accrual()) : in.accrual();
        if (!accrual.equals("yearly") && !accrual.equals("monthly")) {
            problems.add(new FieldProblem("accrual", "must be yearly or monthly"));
        }
        BigDecimal carry = days(problems, "carry_over_max", in.carryOverMax(),
                before == null ? BigDecimal.ZERO : before.carryOverMax());
        BigDecimal negative = days(problems, "negative_allowed", in.negativeAllowed(),
                before == null ? BigDecimal.ZERO : before.negativeAllowed());
        MonthDay expires = before == null ? null : before.carryOverExpires();
        if (in.carryOverExpires() != null) {
            if (in.carryOverExpires().isBlank()) {
                expires = null;
            } else {
                try {
                    expires = MonthDay.parse("--" + in.carryOverExpires().strip());
                    if (expires.getMonthValue() == 2 && expires.getDayOfMonth() == 29) {
                        problems.add(new FieldProblem("carry_over_expires", "must be a day every year has (not 02-29)"));
                    }
                } catch (DateTimeException e) {
                    problems.add(new FieldProblem("carry_over_expires", "must be a day of the year as MM-DD, such as 03-31"));
                }
            }
        }
        int firstYear = in.firstYear() != null ? in.firstYear()
                : before != null ? before.firstYear() : balances.today().getYear();
        if (firstYear < 2000 || firstYear > 2100) {
            problems.add(new FieldProblem("first_year", "must be between 2000 and 2100"));
        }
        return new Policy(id, before == null ? in.leaveTypeId() : before.leaveTypeId(),
                before == null ? in.locationId() : before.locationId(), annual, accrual, carry, expires, negative, firstYear,
                before == null ? 1 : before.version());
    }

    static Map<String, Object> policyFields(Policy p) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("leave_type_id", p.leaveTypeId());
        fields.put("location_id", p.locationId());
        fields.put("annual_days", p.annualDays());
        fields.put("accrual", p.accrual());
        fields.put("carry_over_max", p.carryOverMax());
        fields.put("carry_over_expires", p.carryOverExpires() == null ? null : TimeOffRepository.monthDay(p.carryOverExpires()));
        fields.put("negative_allowed", p.negativeAllowed());
        fields.put("first_year", p.firstYear());
        return fields;
    }

    // ---- holidays

    record HolidayInput(LocalDate day, String name, UUID locationId, Boolean halfDay) {
    }

    /** The public holidays of a location's country and region and the company's holidays, in a year. */
    Map<String, Object> holidays(int year, UUID locationId) {
        if (year < 2000 || year > 2100) {
            throw ApiProblem.validation("year", "must be between 2000 and 2100");
        }
        return transactions.execute(tx -> {
            Location location = locationId == null ? null
                    : repository.location(locationId).orElseThrow(() -> ApiProblem.validation("location_id",
                            "is not a location of this workspace"));
            List<Map<String, Object>> publicHolidays = new ArrayList<>();
            if (location != null) {
                calendar.publicHolidays(location.country(), location.region(), year)
                        .forEach((day, name) -> publicHolidays.add(Map.of("day", day, "name", name)));
            }
            List<CompanyHoliday> company = location == null
                    ? repository.allCompanyHolidays(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31))
                    : repository.companyHolidays(location.id(), LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("year", year);
            body.put("location_id", locationId);
            body.put("public_holidays", publicHolidays);
            body.put("company_holidays", company.stream().map(TimeOffSettings::holidayFields).toList());
            return body;
        });
    }

    CompanyHoliday addHoliday(HolidayInput in) {
        require(TimeOffPermission.MANAGE);
        List<FieldProblem> problems = new ArrayList<>();
        if (in.day() == null) {
            problems.add(new FieldProblem("day", "is required"));
        } else if (in.day().getYear() < 2000 || in.day().getYear() > 2100) {
            problems.add(new FieldProblem("day", "must be between 2000 and 2100"));
        }
        String name = name(problems, "name", in.name(), LONGEST_NAME, true);
        refuse(problems);
        return transactions.execute(tx -> {
            if (in.locationId() != null && repository.location(in.locationId()).isEmpty()) {
                throw ApiProblem.validation("location_id", "is not a location of this workspace");
            }
            if (repository.companyHolidayTaken(in.locationId(), in.day())) {
                throw ApiProblem.validation("day", "is already a company holiday");
            }
            CompanyHoliday holiday = new CompanyHoliday(Ids.newId(), in.locationId(), in.day(), name, or(in.halfDay(), false));
            unique(() -> repository.insertCompanyHoliday(holiday), "day", "is already a company holiday");
            audit.record(AuditEntry.of("timeoff.holiday.created", "company_holiday", holiday.id())
                    .diff(diff(null, holidayFields(holiday))));
            return holiday;
        });
    }

    void deleteHoliday(UUID id) {
        require(TimeOffPermission.MANAGE);
        transactions.executeWithoutResult(tx -> {
            CompanyHoliday holiday = repository.companyHoliday(id).orElseThrow(() -> ApiProblem.notFound("The holiday"));
            repository.deleteCompanyHoliday(id);
            audit.record(AuditEntry.of("timeoff.holiday.deleted", "company_holiday", id)
                    .diff(diff(holidayFields(holiday), null)));
        });
    }

    static Map<String, Object> holidayFields(CompanyHoliday h) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", h.id());
        fields.put("day", h.day());
        fields.put("name", h.name());
        fields.put("location_id", h.locationId());
        fields.put("half_day", h.halfDay());
        return fields;
    }

    // ---- a person's location and work week

    record MemberInput(UUID locationId, List<String> workWeek) {
    }

    Map<String, Object> member(UUID personId) {
        return transactions.execute(tx -> {
            Caller me = Caller.require();
            Workforce.Member person = workforce.find(personId).orElseThrow(() -> ApiProblem.notFound("The person"));
            boolean self = me.userId().equals(person.userId());
            if (!self && !me.has(TimeOffPermission.MANAGE)) {
                throw new ApiProblem(ProblemType.FORBIDDEN, "Seeing another person's time-off settings needs timeoff:manage.");
            }
            return memberFields(person.id(), repository.member(person.id()).orElse(null));
        });
    }

    Map<String, Object> updateMember(UUID personId, MemberInput in) {
        require(TimeOffPermission.MANAGE);
        List<FieldProblem> problems = new ArrayList<>();
        Integer workWeek = in.workWeek() == null ? null : workWeek(problems, "work_week", in.workWeek());
        refuse(problems);
        return transactions.execute(tx -> {
            workforce.find(personId).orElseThrow(() -> ApiProblem.notFound("The person"));
            restricted.requireUnrestricted(personId);
            if (in.locationId() != null && repository.location(in.locationId()).isEmpty()) {
                throw ApiProblem.validation("location_id", "is not a location of this workspace");
            }
            TimeOffRepository.Member before = repository.lockMember(personId);
            Map<String, Object> from = memberFields(personId, before);
            repository.updateMember(personId, in.locationId(), workWeek);
            Map<String, Object> to = memberFields(personId, repository.member(personId).orElseThrow());
            Map<String, FieldChange> diff = diff(from, to);
            if (!diff.isEmpty()) {
                audit.record(AuditEntry.of("timeoff.member.updated", "employee", personId).diff(diff));
            }
            return to;
        });
    }

    /** Every person with their location and work week, for HR's placement form. */
    List<Map<String, Object>> placements() {
        require(TimeOffPermission.MANAGE);
        return transactions.execute(tx -> {
            Map<UUID, TimeOffRepository.Member> members = repository.members();
            List<Map<String, Object>> people = new ArrayList<>();
            for (Workforce.Member person : workforce.members(null)) {
                Map<String, Object> row = memberFields(person.id(), members.get(person.id()));
                row.put("name", person.name());
                row.put("department", person.department());
                people.add(row);
            }
            return people;
        });
    }

    static Map<String, Object> memberFields(UUID personId, TimeOffRepository.Member member) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("person_id", personId);
        fields.put("location_id", member == null ? null : member.locationId());
        fields.put("work_week", member == null || member.workWeek() == null ? null : WorkCalendar.workWeekDays(member.workWeek()));
        return fields;
    }

    // ---- helpers

    static Map<String, FieldChange> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        Map<String, Object> keys = new LinkedHashMap<>();
        if (before != null) {
            keys.putAll(before);
        }
        if (after != null) {
            keys.putAll(after);
        }
        for (String key : keys.keySet()) {
            if (key.equals("id")) {
                continue;
            }
            Object from = before == null ? null : before.get(key);
            Object to = after == null ? null : after.get(key);
            if (!Objects.equals(text(from), text(to))) {
                diff.put(key, new FieldChange(text(from), text(to)));
            }
        }
        return diff;
    }

    private static Object text(Object value) {
        return value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                : value instanceof UUID || value instanceof LocalDate ? value.toString() : value;
    }

    static String name(List<FieldProblem> problems, String field, String value, int longest, boolean required) {
        String name = value == null ? null : value.strip();
        if (name == null || name.isEmpty()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        if (name.length() > longest || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(field, "must be at most " + longest + " characters without control characters"));
            return null;
        }
        return name;
    }

    private static String colour(List<FieldProblem> problems, String value) {
        String colour = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!colour.matches("#[0-9a-f]{6}")) {
            problems.add(new FieldProblem("colour", "must be a colour as #rrggbb"));
        }
        return colour;
    }

    private static int workWeek(List<FieldProblem> problems, String field, List<String> days) {
        try {
            int bits = WorkCalendar.workWeek(days);
            if (bits == 0) {
                problems.add(new FieldProblem(field, "must name at least one day"));
            }
            return bits;
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(new FieldProblem(field, "must list weekdays such as monday, tuesday"));
            return 0;
        }
    }

    private static BigDecimal days(List<FieldProblem> problems, String field, BigDecimal value, BigDecimal otherwise) {
        BigDecimal days = value == null ? otherwise : value;
        if (days == null) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (days.signum() < 0 || days.compareTo(BigDecimal.valueOf(365)) > 0
                || days.multiply(BigDecimal.TWO).stripTrailingZeros().scale() > 0) {
            problems.add(new FieldProblem(field, "must be whole or half days from 0 to 365"));
            return null;
        }
        return days.setScale(1);
    }

    /**
     * A write that a unique index may refuse when two people make the same thing at once (the check
     * before it saw neither): answered as that check would have, not as a server error.
     */
    private static boolean unique(java.util.function.BooleanSupplier write, String field, String message) {
        try {
            return write.getAsBoolean();
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw ApiProblem.validation(field, message);
        }
    }

    private static void unique(Runnable write, String field, String message) {
        unique(() -> {
            write.run();
            return true;
        }, field, message);
    }

    static void refuse(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
    }

    static void require(TimeOffPermission permission) {
        if (!Caller.require().has(permission)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "This needs the " + permission.key() + " permission.");
        }
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
