package io.strongroom.timeoff.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.crypto.FieldEncryption;

/**
 * The time-off tables, under the tenant's row-level security; call inside a transaction bound to it.
 * A request's note is personal data, stored encrypted under the tenant's key (bound to its row).
 */
@Repository
class TimeOffRepository {

    static final String REQUESTS = "leave_request";
    static final String NOTE = "note";

    /** Stands for "no location" where SQL compares locations (the nil UUID, never an id). */
    private static final UUID NONE = new UUID(0, 0);

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;

    TimeOffRepository(JdbcClient jdbc, FieldEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    // ---- leave types

    record LeaveType(UUID id, String builtinKey, String name, boolean paid, boolean needsApproval, boolean halfDays,
            boolean usesBalance, boolean sensitive, String colour, boolean active, int version) {
    }

    /** The four built-in types, added once per workspace (the first time time off is used). */
    void addBuiltInTypes() {
        jdbc.sql("""
                insert into leave_type (tenant_id, id, builtin_key, name, paid, needs_approval, half_days, uses_balance,
                                        sensitive, colour)
                select current_setting('app.tenant_id')::uuid, gen_random_uuid(), k, n, p, a, h, b, s, c
                from (values ('vacation', 'Vacation', true, true, true, true, false, '#2e7d32'),
                             ('sick', 'Sick leave', true, false, true, false, true, '#c62828'),
                             ('parental', 'Parental leave', false, true, false, false, false, '#6a1b9a'),
                             ('unpaid', 'Unpaid leave', false, true, true, false, false, '#616161'))
                     as t(k, n, p, a, h, b, s, c)
                where not exists (select 1 from leave_type where builtin_key is not null)
                on conflict do nothing
                """).update();
    }

    List<LeaveType> types() {
        return jdbc.sql("select * from leave_type order by builtin_key = 'vacation' desc nulls last, builtin_key is null, name").query(TimeOffRepository::type).list();
    }

    Optional<LeaveType> type(UUID id) {
        return jdbc.sql("select * from leave_type where id = :id").param("id", id).query(TimeOffRepository::type).optional();
    }

    boolean typeNameTaken(String name, UUID except) {
        return jdbc.sql("select count(*) from leave_type where lower(name) = lower(:n) and id <> :id")
                .param("n", name).param("id", except == null ? NONE : except).query(Long.class).single() > 0;
    }

    void insertType(LeaveType t) {
        jdbc.sql("""
                insert into leave_type (tenant_id, id, name, paid, needs_approval, half_days, uses_balance, sensitive, colour,
                                        active)
                values (current_setting('app.tenant_id')::uuid, :id, :name, :paid, :approval, :half, :balance, :sensitive,
                        :colour, :active)
                """).param("id", t.id()).param("name", t.name()).param("paid", t.paid()).param("approval", t.needsApproval())
                .param("half", t.halfDays()).param("balance", t.usesBalance()).param("sensitive", t.sensitive())
                .param("colour", t.colour()).param("active", t.active()).update();
    }

    boolean updateType(LeaveType t, int expectedVersion) {
        return jdbc.sql("""
                update leave_type set name = :name, paid = :paid, needs_approval = :approval, half_days = :half,
                       uses_balance = :balance, sensitive = :sensitive, colour = :colour, active = :active,
                       version = version + 1, updated_at = now()
                where id = :id and version = :version
                """).param("id", t.id()).param("name", t.name()).param("paid", t.paid()).param("approval", t.needsApproval())
                .param("half", t.halfDays()).param("balance", t.usesBalance()).param("sensitive", t.sensitive())
                .param("colour", t.colour()).param("active", t.active()).param("version", expectedVersion).update() == 1;
    }

    private static LeaveType type(ResultSet rs, int row) throws SQLException {
        return new LeaveType(rs.getObject("id", UUID.class), rs.getString("builtin_key"), rs.getString("name"),
                rs.getBoolean("paid"), rs.getBoolean("needs_approval"), rs.getBoolean("half_days"),
                rs.getBoolean("uses_balance"), rs.getBoolean("sensitive"), rs.getString("colour"), rs.getBoolean("active"),
                rs.getInt("version"));
    }

    // ---- locations

    record Location(UUID id, String name, String country, String region, int workWeek, int version) {
    }

    List<Location> locations() {
        return jdbc.sql("select * from work_location order by name").query(TimeOffRepository::location).list();
    }

    Optional<Location> location(UUID id) {
        return jdbc.sql("select * from work_location where id = :id").param("id", id)
                .query(TimeOffRepository::location).optional();
    }

    boolean locationNameTaken(String name, UUID except) {
        return jdbc.sql("select count(*) from work_location where lower(name) = lower(:n) and id <> :id")
                .param("n", name).param("id", except == null ? NONE : except).query(Long.class).single() > 0;
    }

    void insertLocation(Location l) {
        jdbc.sql("""
                insert into work_location (tenant_id, id, name, country, region, work_week)
                values (current_setting('app.tenant_id')::uuid, :id, :name, :country, :region, :week)
                """).param("id", l.id()).param("name", l.name()).param("country", l.country()).param("region", l.region())
                .param("week", l.workWeek()).update();
    }

    boolean updateLocation(Location l, int expectedVersion) {
        return jdbc.sql("""
                update work_location set name = :name, country = :country, region = :region, work_week = :week,
                       version = version + 1, updated_at = now()
                where id = :id and version = :version
                """).param("id", l.id()).param("name", l.name()).param("country", l.country()).param("region", l.region())
                .param("week", l.workWeek()).param("version", expectedVersion).update() == 1;
    }

    private static Location location(ResultSet rs, int row) throws SQLException {
        return new Location(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("country"),
                rs.getString("region"), rs.getInt("work_week"), rs.getInt("version"));
    }

    // ---- policies

    record Policy(UUID id, UUID leaveTypeId, UUID locationId, BigDecimal annualDays, String accrual,
            BigDecimal carryOverMax, MonthDay carryOverExpires, BigDecimal negativeAllowed, int firstYear, int version) {

        boolean monthly() {
            return accrual.equals("monthly");
        }
    }

    List<Policy> policies() {
        return jdbc.sql("select * from leave_policy order by leave_type_id, location_id nulls first")
                .query(TimeOffRepository::policy).list();
    }

    Optional<Policy> policy(UUID id) {
        return jdbc.sql("select * from leave_policy where id = :id").param("id", id).query(TimeOffRepository::policy)
                .optional();
    }

    /** The policy of a type for a location, else the type's policy for everyone. */
    Optional<Policy> policyFor(UUID leaveTypeId, UUID locationId) {
        return jdbc.sql("""
                select * from leave_policy where leave_type_id = :type
                   and (location_id = :location or location_id is null)
                order by location_id nulls last limit 1
                """).param("type", leaveTypeId).param("location", locationId == null ? NONE : locationId)
                .query(TimeOffRepository::policy).optional();
    }

    boolean policyScopeTaken(UUID leaveTypeId, UUID locationId, UUID except) {
        return jdbc.sql("""
                select count(*) from leave_policy where leave_type_id = :type and id <> :id
                   and coalesce(location_id, '00000000-0000-0000-0000-000000000000'::uuid) = :location
                """).param("type", leaveTypeId).param("id", except == null ? NONE : except)
                .param("location", locationId == null ? NONE : locationId).query(Long.class).single() > 0;
    }

    void insertPolicy(Policy p) {
        jdbc.sql("""
                insert into leave_policy (tenant_id, id, leave_type_id, location_id, annual_days, accrual, carry_over_max,
                                          carry_over_expires, negative_allowed, first_year)
                values (current_setting('app.tenant_id')::uuid, :id, :type, :location, :annual, :accrual, :carry,
                        :expires, :negative, :first)
                """).param("id", p.id()).param("type", p.leaveTypeId()).param("location", p.locationId())
                .param("annual", p.annualDays()).param("accrual", p.accrual()).param("carry", p.carryOverMax())
                .param("expires", p.carryOverExpires() == null ? null : monthDay(p.carryOverExpires()))
                .param("negative", p.negativeAllowed()).param("first", p.firstYear()).update();
    }

    boolean updatePolicy(Policy p, int expectedVersion) {
        return jdbc.sql("""
                update leave_policy set annual_days = :annual, accrual = :accrual, carry_over_max = :carry,
                       carry_over_expires = :expires, negative_allowed = :negative, first_year = :first,
                       version = version + 1, updated_at = now()
                where id = :id and version = :version
                """).param("id", p.id()).param("annual", p.annualDays()).param("accrual", p.accrual())
                .param("carry", p.carryOverMax())
                .param("expires", p.carryOverExpires() == null ? null : monthDay(p.carryOverExpires()))
                .param("negative", p.negativeAllowed()).param("first", p.firstYear()).param("version", expectedVersion)
                .update() == 1;
    }

    static String monthDay(MonthDay day) {
        return String.format("%02d-%02d", day.getMonthValue(), day.getDayOfMonth());
    }

    private static Policy policy(ResultSet rs, int row) throws SQLException {
        String expires = rs.getString("carry_over_expires");
        return new Policy(rs.getObject("id", UUID.class), rs.getObject("leave_type_id", UUID.class),
                rs.getObject("location_id", UUID.class), rs.getBigDecimal("annual_days"), rs.getString("accrual"),
                rs.getBigDecimal("carry_over_max"), expires == null ? null : MonthDay.parse("--" + expires),
                rs.getBigDecimal("negative_allowed"), rs.getInt("first_year"), rs.getInt("version"));
    }

    // ---- company holidays

    record CompanyHoliday(UUID id, UUID locationId, LocalDate day, String name, boolean halfDay) {
    }

    /** The company holidays for a location (and those for everyone) from {@code from} to {@code to}. */
    List<CompanyHoliday> companyHolidays(UUID locationId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select * from company_holiday where day between :from and :to
                   and (location_id is null or location_id = :location)
                order by day, location_id nulls last
                """).param("from", from).param("to", to).param("location", locationId == null ? NONE : locationId)
                .query(TimeOffRepository::holiday).list();
    }

    List<CompanyHoliday> allCompanyHolidays(LocalDate from, LocalDate to) {
        return jdbc.sql("select * from company_holiday where day between :from and :to order by day")
                .param("from", from).param("to", to).query(TimeOffRepository::holiday).list();
    }

    Optional<CompanyHoliday> companyHoliday(UUID id) {
        return jdbc.sql("select * from company_holiday where id = :id").param("id", id)
                .query(TimeOffRepository::holiday).optional();
    }

    boolean companyHolidayTaken(UUID locationId, LocalDate day) {
        return jdbc.sql("""
                select count(*) from company_holiday where day = :day
                   and coalesce(location_id, '00000000-0000-0000-0000-000000000000'::uuid) = :location
                """).param("day", day).param("location", locationId == null ? NONE : locationId)
                .query(Long.class).single() > 0;
    }

    void insertCompanyHoliday(CompanyHoliday h) {
        jdbc.sql("""
                insert into company_holiday (tenant_id, id, location_id, day, name, half_day)
                values (current_setting('app.tenant_id')::uuid, :id, :location, :day, :name, :half)
                """).param("id", h.id()).param("location", h.locationId()).param("day", h.day()).param("name", h.name())
                .param("half", h.halfDay()).update();
    }

    void deleteCompanyHoliday(UUID id) {
        jdbc.sql("delete from company_holiday where id = :id").param("id", id).update();
    }

    private static CompanyHoliday holiday(ResultSet rs, int row) throws SQLException {
        return new CompanyHoliday(rs.getObject("id", UUID.class), rs.getObject("location_id", UUID.class),
                rs.getObject("day", LocalDate.class), rs.getString("name"), rs.getBoolean("half_day"));
    }

    // ---- members

    record Member(UUID employeeId, UUID locationId, Integer workWeek, int version) {
    }

    /**
     * The person's time-off settings, locked until the transaction ends (made with defaults the first
     * time): every change of the person's balances takes this lock first.
     */
    Member lockMember(UUID employeeId) {
        jdbc.sql("""
                insert into leave_member (tenant_id, employee_id) values (current_setting('app.tenant_id')::uuid, :id)
                on conflict do nothing
                """).param("id", employeeId).update();
        return jdbc.sql("select * from leave_member where employee_id = :id for update").param("id", employeeId)
                .query(TimeOffRepository::member).single();
    }

    Optional<Member> member(UUID employeeId) {
        return jdbc.sql("select * from leave_member where employee_id = :id").param("id", employeeId)
                .query(TimeOffRepository::member).optional();
    }

    Map<UUID, Member> members() {
        return jdbc.sql("select * from leave_member").query(TimeOffRepository::member).list().stream()
                .collect(Collectors.toMap(Member::employeeId, m -> m));
    }

    void updateMember(UUID employeeId, UUID locationId, Integer workWeek) {
        jdbc.sql("""
                update leave_member set location_id = :location, work_week = :week, version = version + 1, updated_at = now()
                where employee_id = :id
                """).param("id", employeeId).param("location", locationId).param("week", workWeek).update();
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        return new Member(rs.getObject("employee_id", UUID.class), rs.getObject("location_id", UUID.class),
                (Integer) rs.getObject("work_week"), rs.getInt("version"));
    }

    // ---- requests

    record Request(UUID id, UUID employeeId, UUID leaveTypeId, LocalDate start, LocalDate end, boolean startHalf,
            boolean endHalf, BigDecimal days, String status, String note, UUID requestedBy, UUID decidedBy,
            Instant decidedAt, String decisionNote, int version, Instant createdAt) {

        boolean active() {
            return status.equals("pending") || status.equals("approved");
        }
    }

    void insertRequest(Request r) {
        jdbc.sql("""
                insert into leave_request (tenant_id, id, employee_id, leave_type_id, start_date, end_date, start_half,
                                           end_half, days, status, note, requested_by, decided_by, decided_at, created_at,
                                           updated_at)
                values (current_setting('app.tenant_id')::uuid, :id, :person, :type, :start, :end, :sh, :eh, :days, :status,
                        :note, :by, :decidedBy, :decidedAt, :now, :now)
                """).param("id", r.id()).param("person", r.employeeId()).param("type", r.leaveTypeId())
                .param("start", r.start()).param("end", r.end()).param("sh", r.startHalf()).param("eh", r.endHalf())
                .param("days", r.days()).param("status", r.status())
                .param("note", encryption.encrypt(REQUESTS, NOTE, r.id(), r.note()))
                .param("by", r.requestedBy()).param("decidedBy", r.decidedBy())
                .param("decidedAt", r.decidedAt() == null ? null : Timestamp.from(r.decidedAt()))
                .param("now", Timestamp.from(r.createdAt())).update();
    }

    Optional<Request> request(UUID id) {
        return jdbc.sql("select * from leave_request where id = :id").param("id", id).query(this::requestRow).optional();
    }

    /** Locks a request for a decision (approve, decline, cancel). */
    Optional<Request> lockRequest(UUID id) {
        return jdbc.sql("select * from leave_request where id = :id for update").param("id", id).query(this::requestRow)
                .optional();
    }

    boolean decide(UUID id, int version, String status, UUID by, Instant at, String note) {
        return jdbc.sql("""
                update leave_request set status = :status, decided_by = :by, decided_at = :at, decision_note = :note,
                       version = version + 1, updated_at = :at
                where id = :id and version = :version
                """).param("id", id).param("version", version).param("status", status).param("by", by)
                .param("at", Timestamp.from(at)).param("note", note).update() == 1;
    }

    /** A person's pending and approved requests touching {@code from}..{@code to}. */
    List<Request> activeRequests(UUID employeeId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select * from leave_request where employee_id = :person and status in ('pending', 'approved')
                   and start_date <= :to and end_date >= :from
                order by start_date, id
                """).param("person", employeeId).param("from", from).param("to", to).query(this::requestRow).list();
    }

    /**
     * Requests touching {@code from}..{@code to}, of some people (null: everyone), with some statuses,
     * by start date; at most {@code limit}.
     */
    List<Request> requests(Collection<UUID> people, Collection<String> statuses, LocalDate from, LocalDate to, int limit) {
        StringBuilder sql = new StringBuilder("select * from leave_request where start_date <= :to and end_date >= :from"
                + " and status in (:statuses)");
        if (people != null) {
            if (people.isEmpty()) {
                return List.of();
            }
            sql.append(" and employee_id in (:people)");
        }
        sql.append(" order by start_date, id limit :limit");
        var statement = jdbc.sql(sql.toString()).param("from", from).param("to", to).param("statuses", statuses)
                .param("limit", limit);
        if (people != null) {
            statement = statement.param("people", people);
        }
        return statement.query(this::requestRow).list();
    }

    private Request requestRow(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Request(id, rs.getObject("employee_id", UUID.class), rs.getObject("leave_type_id", UUID.class),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class),
                rs.getBoolean("start_half"), rs.getBoolean("end_half"), rs.getBigDecimal("days"), rs.getString("status"),
                encryption.decrypt(REQUESTS, NOTE, id, rs.getBytes("note")), rs.getObject("requested_by", UUID.class),
                rs.getObject("decided_by", UUID.class), decided == null ? null : decided.toInstant(),
                rs.getString("decision_note"), rs.getInt("version"), rs.getTimestamp("created_at").toInstant());
    }

    // ---- ledger

    record Entry(UUID id, UUID employeeId, UUID leaveTypeId, int year, String kind, BigDecimal days, LocalDate effectiveOn,
            LocalDate expiresOn, UUID requestId, String reason, UUID createdBy, Instant createdAt) {
    }

    void insertEntry(Entry e) {
        jdbc.sql("""
                insert into leave_ledger (tenant_id, id, employee_id, leave_type_id, leave_year, kind, days, effective_on,
                                          expires_on, request_id, reason, created_by, created_at)
                values (current_setting('app.tenant_id')::uuid, :id, :person, :type, :year, :kind, :days, :on, :expires,
                        :request, :reason, :by, :at)
                """).param("id", e.id()).param("person", e.employeeId()).param("type", e.leaveTypeId())
                .param("year", e.year()).param("kind", e.kind()).param("days", e.days()).param("on", e.effectiveOn())
                .param("expires", e.expiresOn()).param("request", e.requestId()).param("reason", e.reason())
                .param("by", e.createdBy()).param("at", Timestamp.from(e.createdAt())).update();
    }

    /** A person's entries of a type and year, in order. */
    List<Entry> entries(UUID employeeId, UUID leaveTypeId, int year) {
        return jdbc.sql("""
                select * from leave_ledger where employee_id = :person and leave_type_id = :type and leave_year = :year
                order by effective_on, created_at, id
                """).param("person", employeeId).param("type", leaveTypeId).param("year", year)
                .query(TimeOffRepository::entry).list();
    }

    /** Every entry of the workspace, for recomputing all balances. */
    List<Entry> allEntries() {
        return jdbc.sql("select * from leave_ledger order by employee_id, leave_type_id, leave_year, effective_on, id")
                .query(TimeOffRepository::entry).list();
    }

    private static Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getObject("id", UUID.class), rs.getObject("employee_id", UUID.class),
                rs.getObject("leave_type_id", UUID.class), rs.getInt("leave_year"), rs.getString("kind"),
                rs.getBigDecimal("days"), rs.getObject("effective_on", LocalDate.class),
                rs.getObject("expires_on", LocalDate.class), rs.getObject("request_id", UUID.class), rs.getString("reason"),
                rs.getObject("created_by", UUID.class), rs.getTimestamp("created_at").toInstant());
    }

    // ---- substitutes

    record Substitute(UUID id, UUID employeeId, UUID substituteId, LocalDate start, LocalDate end, UUID createdBy,
            Instant createdAt) {
    }

    void insertSubstitute(Substitute sub) {
        jdbc.sql("""
                insert into leave_substitute (tenant_id, id, employee_id, substitute_id, start_date, end_date, created_by,
                                              created_at)
                values (current_setting('app.tenant_id')::uuid, :id, :person, :substitute, :start, :end, :by, :at)
                """).param("id", sub.id()).param("person", sub.employeeId()).param("substitute", sub.substituteId())
                .param("start", sub.start()).param("end", sub.end()).param("by", sub.createdBy())
                .param("at", Timestamp.from(sub.createdAt())).update();
    }

    Optional<Substitute> substitute(UUID id) {
        return jdbc.sql("select * from leave_substitute where id = :id").param("id", id)
                .query(TimeOffRepository::substituteRow).optional();
    }

    void deleteSubstitute(UUID id) {
        jdbc.sql("delete from leave_substitute where id = :id").param("id", id).update();
    }

    /** Substitutions naming a person as the one away or as the substitute (null: all), ending on or after {@code from}. */
    List<Substitute> substitutes(UUID personId, LocalDate from) {
        return personId == null
                ? jdbc.sql("select * from leave_substitute where end_date >= :from order by start_date, id")
                        .param("from", from).query(TimeOffRepository::substituteRow).list()
                : jdbc.sql("""
                        select * from leave_substitute where end_date >= :from
                           and (employee_id = :person or substitute_id = :person) order by start_date, id
                        """).param("from", from).param("person", personId).query(TimeOffRepository::substituteRow).list();
    }

    /** The people {@code substituteId} stands in for on {@code day}. */
    List<UUID> standingInFor(UUID substituteId, LocalDate day) {
        return jdbc.sql("""
                select employee_id from leave_substitute where substitute_id = :s and :day between start_date and end_date
                """).param("s", substituteId).param("day", day).query(UUID.class).list();
    }

    /** Who stands in for {@code personId} on {@code day}, if anyone. */
    List<UUID> substitutesOf(UUID personId, LocalDate day) {
        return jdbc.sql("""
                select substitute_id from leave_substitute where employee_id = :p and :day between start_date and end_date
                """).param("p", personId).param("day", day).query(UUID.class).list();
    }

    private static Substitute substituteRow(ResultSet rs, int row) throws SQLException {
        return new Substitute(rs.getObject("id", UUID.class), rs.getObject("employee_id", UUID.class),
                rs.getObject("substitute_id", UUID.class), rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class), rs.getObject("created_by", UUID.class),
                rs.getTimestamp("created_at").toInstant());
    }
}
