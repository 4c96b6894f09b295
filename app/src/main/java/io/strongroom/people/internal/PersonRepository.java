package io.strongroom.people.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.people.EmploymentStatus;
import io.strongroom.people.PeopleSort;
import io.strongroom.people.Person;
import io.strongroom.people.PersonField;
import io.strongroom.platform.SqlLike;
import io.strongroom.platform.TenantContext;

/**
 * Person records of the bound tenant (table {@code employee}). Column names come only from
 * {@link PersonField} (never from input); values are always bound parameters. Records are read
 * whole, personal fields included: masking is the caller's rule ({@link People#view}). The personal
 * fields are stored encrypted with the tenant's key ({@link FieldEncryption}, E2): encrypted here on
 * the way in and decrypted on the way out, so nothing above this class sees ciphertext and nothing
 * below it (the database, its files, dumps and backups) sees a personal value.
 */
@Repository
class PersonRepository {

    private static final String COLUMNS = "id, version, created_at, updated_at, "
            + Arrays.stream(PersonField.values()).map(PersonField::apiName).collect(Collectors.joining(", "));

    static final String TABLE = "employee";
    /** The blind index of the national id (equality only: finds duplicates without the value in clear). */
    static final String NATIONAL_ID_INDEX = "national_id_index";

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;

    PersonRepository(JdbcClient jdbc, FieldEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    void insert(UUID id, Map<PersonField, Object> values) {
        List<PersonField> fields = List.copyOf(values.keySet());
        String sql = "insert into employee (tenant_id, id, national_id_index"
                + fields.stream().map(f -> ", " + f.apiName()).collect(Collectors.joining())
                + ") values (:tenant, :id, :nationalIdIndex"
                + fields.stream().map(f -> ", :" + f.apiName()).collect(Collectors.joining()) + ")";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("tenant", TenantContext.require()).param("id", id)
                .param("nationalIdIndex", nationalIdIndex((String) values.get(PersonField.NATIONAL_ID)));
        for (PersonField field : fields) {
            statement = statement.param(field.apiName(), sqlValue(field, id, values.get(field)));
        }
        statement.update();
    }

    /** Whether another record than {@code except} holds this national id (compared through the blind index). */
    boolean nationalIdTaken(String nationalId, UUID except) {
        return jdbc.sql("select exists (select 1 from employee where tenant_id = :tenant and national_id_index = :index"
                        + " and id <> :except)")
                .param("tenant", TenantContext.require()).param("index", nationalIdIndex(nationalId))
                .param("except", except == null ? new UUID(0, 0) : except)
                .query(Boolean.class).single();
    }

    private byte[] nationalIdIndex(String nationalId) {
        return nationalId == null ? null : encryption.blindIndex(TABLE, PersonField.NATIONAL_ID.apiName(), nationalId);
    }

    Optional<Person> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from employee where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", id)
                .query(this::map).optional();
    }

    Optional<Person> findByUser(UUID userId) {
        return jdbc.sql("select " + COLUMNS + " from employee where tenant_id = :tenant and user_id = :user")
                .param("tenant", TenantContext.require()).param("user", userId)
                .query(this::map).optional();
    }

    /** Applies changes if the record still has {@code version}; false when it changed meanwhile (or is gone). */
    boolean update(UUID id, int version, Map<PersonField, Object> changes) {
        StringBuilder sql = new StringBuilder("update employee set version = version + 1, updated_at = now()");
        changes.keySet().forEach(field -> sql.append(", ").append(field.apiName()).append(" = :").append(field.apiName()));
        if (changes.containsKey(PersonField.NATIONAL_ID)) {
            sql.append(", national_id_index = :nationalIdIndex");
        }
        sql.append(" where tenant_id = :tenant and id = :id and version = :version");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString())
                .param("tenant", TenantContext.require()).param("id", id).param("version", version);
        if (changes.containsKey(PersonField.NATIONAL_ID)) {
            statement = statement.param("nationalIdIndex", nationalIdIndex((String) changes.get(PersonField.NATIONAL_ID)));
        }
        for (Map.Entry<PersonField, Object> change : changes.entrySet()) {
            statement = statement.param(change.getKey().apiName(), sqlValue(change.getKey(), id, change.getValue()));
        }
        return statement.update() == 1;
    }

    boolean delete(UUID id, Integer version) {
        return jdbc.sql("delete from employee where tenant_id = :tenant and id = :id"
                        + (version == null ? "" : " and version = :version"))
                .param("tenant", TenantContext.require()).param("id", id)
                .param("version", version == null ? 0 : version)
                .update() == 1;
    }

    /** Whether {@code candidate} is {@code employee} or one of the managers above {@code start}. */
    boolean managerChainReaches(UUID start, UUID employee) {
        return jdbc.sql("""
                with recursive chain(id, depth) as (
                    select manager_id, 1 from employee where tenant_id = :tenant and id = :start
                    union all
                    select e.manager_id, c.depth + 1 from employee e join chain c on e.tenant_id = :tenant and e.id = c.id
                     where c.id is not null and c.depth < 1000
                )
                select exists (select 1 from chain where id = :employee) or :start = :employee
                """)
                .param("tenant", TenantContext.require()).param("start", start).param("employee", employee)
                .query(Boolean.class).single();
    }

    /**
     * One page in the order of {@code sort}, from the keyset cursor: after it, or (walking
     * {@code backwards}) before it, in which case the rows come nearest-first and the caller
     * reverses them. The order is (sort key, family name, given name, id), all one direction, so
     * a row comparison finds the page and an index can serve it.
     */
    List<Person> search(String query, String department, EmploymentStatus status, PeopleSort sort, Cursor from,
            boolean backwards, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from employee where tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        filter(sql, params, query, department, status);
        List<String> keys = sortKeys(sort.column());
        boolean descending = sort.descending() != backwards;
        if (from != null) {
            List<String> values = new java.util.ArrayList<>();
            if (keys.size() == 2) {
                values.add(":fromEmpty");
                params.put("fromEmpty", from.key() == null);
            }
            values.add(sort.column() == PeopleSort.Column.START_DATE ? "cast(:fromKey as date)" : ":fromKey");
            params.put("fromKey", from.key() == null ? EMPTY.get(sort.column()) : from.key());
            sql.append(" and (").append(String.join(", ", keys)).append(", family_name, given_name, id) ")
                    .append(descending ? "<" : ">").append(" (").append(String.join(", ", values))
                    .append(", :fromFamily, :fromGiven, :fromId)");
            params.put("fromFamily", from.familyName());
            params.put("fromGiven", from.givenName());
            params.put("fromId", from.id());
        }
        String direction = descending ? " desc" : "";
        List<String> order = new java.util.ArrayList<>(keys);
        order.addAll(List.of("family_name", "given_name", "id"));
        sql.append(" order by ").append(String.join(direction + ", ", order)).append(direction).append(" limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    /**
     * The SQL of a sort column. An optional column sorts as (is empty, value): records without a
     * value come last ascending, whatever the collation does with any stand-in value.
     */
    private static List<String> sortKeys(PeopleSort.Column column) {
        return switch (column) {
            case NAME -> List.of("family_name");
            case STATUS -> List.of("status");
            case JOB_TITLE -> List.of("job_title is null", "coalesce(job_title, '')");
            case DEPARTMENT -> List.of("department is null", "coalesce(department, '')");
            case START_DATE -> List.of("start_date is null", "coalesce(start_date, date '0001-01-01')");
        };
    }

    /** What {@link #sortKeys} puts in place of an empty value. */
    private static final Map<PeopleSort.Column, String> EMPTY = Map.of(PeopleSort.Column.JOB_TITLE, "",
            PeopleSort.Column.DEPARTMENT, "", PeopleSort.Column.START_DATE, "0001-01-01");

    /** The cursor value of a record for a sort column; null when the record has none. */
    static String sortValue(Person person, PeopleSort.Column column) {
        return switch (column) {
            case NAME -> person.familyName();
            case JOB_TITLE -> person.jobTitle();
            case DEPARTMENT -> person.department();
            case START_DATE -> person.startDate() == null ? null : person.startDate().toString();
            case STATUS -> person.status().apiName();
        };
    }

    /** People whose first (or last) working day falls in [from, to], soonest first. */
    List<Person> startingOrLeaving(boolean starting, LocalDate from, LocalDate to, int limit) {
        String column = starting ? "start_date" : "end_date";
        return jdbc.sql("select " + COLUMNS + " from employee where tenant_id = :tenant and " + column
                        + " between :from and :to order by " + column + ", family_name, given_name, id limit :limit")
                .param("tenant", TenantContext.require()).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("limit", limit).query(this::map).list();
    }

    /**
     * People still with the company whose start date comes round again (one year or more on) in
     * [from, to], soonest first, with the day. A 29 February start is celebrated on 28 February in
     * other years (PostgreSQL's date arithmetic).
     */
    List<Anniversary> anniversaries(LocalDate from, LocalDate to, int limit) {
        return jdbc.sql("""
                select * from (
                    select e.*, case when this_year < :from then this_year + interval '1 year' else this_year end as next
                      from (select %s, start_date + make_interval(years => extract(year from cast(:from as date))::int
                                                                - extract(year from start_date)::int) as this_year
                              from employee where tenant_id = :tenant and start_date is not null
                               and status <> 'terminated' and start_date < :from) e
                ) a
                 where next between :from and :to
                 order by next, family_name, given_name, id limit :limit
                """.formatted(COLUMNS))
                .param("tenant", TenantContext.require()).param("from", Date.valueOf(from)).param("to", Date.valueOf(to))
                .param("limit", limit)
                .query((rs, n) -> {
                    Person person = map(rs, n);
                    LocalDate day = rs.getObject("next", java.time.LocalDateTime.class).toLocalDate();
                    return new Anniversary(person, day, day.getYear() - person.startDate().getYear());
                }).list();
    }

    /** A work anniversary: the person, the day and how many years. */
    record Anniversary(Person person, LocalDate day, int years) {
    }

    /** How many records the filters match (all pages). */
    long count(String query, String department, EmploymentStatus status) {
        StringBuilder sql = new StringBuilder("select count(*) from employee where tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        filter(sql, params, query, department, status);
        return jdbc.sql(sql.toString()).params(params).query(Long.class).single();
    }

    /**
     * The filters of the list: {@code query} is found in the name, job title or work e-mail,
     * ignoring case and accents ({@code search_fold}, V16); private fields are never searched.
     */
    private static void filter(StringBuilder sql, Map<String, Object> params, String query, String department,
            EmploymentStatus status) {
        params.put("tenant", TenantContext.require());
        if (query != null) {
            sql.append(" and search_fold(given_name || ' ' || family_name || ' ' || coalesce(job_title, '') || ' '"
                    + " || coalesce(work_email, '')) like search_fold(:q) escape '\\'");
            params.put("q", SqlLike.containsLowerCase(query));
        }
        if (department != null) {
            sql.append(" and search_fold(department) = search_fold(:department)");
            params.put("department", department);
        }
        if (status != null) {
            sql.append(" and status = :status");
            params.put("status", status.apiName());
        }
    }

    /**
     * The value as stored: personal fields encrypted under the tenant's key, bound to this record's
     * row and column (a date as ISO text); others as SQL values.
     */
    private Object sqlValue(PersonField field, UUID id, Object value) {
        if (field.personal()) {
            return encryption.encrypt(TABLE, field.apiName(), id, value == null ? null : value.toString());
        }
        if (value instanceof LocalDate date) {
            return Date.valueOf(date);
        }
        return value instanceof EmploymentStatus status ? status.apiName() : value;
    }

    private String personal(ResultSet rs, UUID id, PersonField field) throws SQLException {
        return encryption.decrypt(TABLE, field.apiName(), id, rs.getBytes(field.apiName()));
    }

    private Person map(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String dateOfBirth = personal(rs, id, PersonField.DATE_OF_BIRTH);
        Person.Personal personal = new Person.Personal(dateOfBirth == null ? null : LocalDate.parse(dateOfBirth),
                personal(rs, id, PersonField.PERSONAL_EMAIL), personal(rs, id, PersonField.PHONE),
                personal(rs, id, PersonField.HOME_ADDRESS), personal(rs, id, PersonField.NATIONAL_ID),
                personal(rs, id, PersonField.IBAN), personal(rs, id, PersonField.EMERGENCY_CONTACT));
        return new Person(rs.getObject("id", UUID.class), rs.getInt("version"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("given_name"), rs.getString("family_name"), rs.getString("work_email"),
                rs.getString("job_title"), rs.getString("department"), rs.getObject("manager_id", UUID.class),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class),
                EmploymentStatus.of(rs.getString("status")).orElseThrow(), rs.getObject("user_id", UUID.class), personal);
    }

    /** The keyset cursor of the name order. */
    /** Where a page starts: the sort key of the record next to it (null: it has none), its name and id. */
    record Cursor(String key, String familyName, String givenName, UUID id) {
    }
}
