package io.strongroom.people.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.platform.SqlLike;
import io.strongroom.platform.TenantContext;

/**
 * Person records of the bound tenant. Column names come only from {@link EmployeeFields} (never
 * from input); values are always bound parameters.
 */
@Repository
class EmployeeRepository {

    private static final String COLUMNS = "id, version, created_at, updated_at, "
            + EmployeeFields.ALL.stream().map(EmployeeFields.Spec::name).collect(Collectors.joining(", "));

    private final JdbcClient jdbc;

    EmployeeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, Map<String, Object> values) {
        List<String> names = List.copyOf(values.keySet());
        String sql = "insert into employee (tenant_id, id" + names.stream().map(n -> ", " + n).collect(Collectors.joining())
                + ") values (:tenant, :id" + names.stream().map(n -> ", :" + n).collect(Collectors.joining()) + ")";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("tenant", TenantContext.require()).param("id", id);
        for (String name : names) {
            statement = statement.param(name, sqlValue(values.get(name)));
        }
        statement.update();
    }

    Optional<Employee> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from employee where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", id)
                .query(EmployeeRepository::map).optional();
    }

    Optional<Employee> findByUser(UUID userId) {
        return jdbc.sql("select " + COLUMNS + " from employee where tenant_id = :tenant and user_id = :user")
                .param("tenant", TenantContext.require()).param("user", userId)
                .query(EmployeeRepository::map).optional();
    }

    /** Applies changes if the record still has {@code version}; false when it changed meanwhile (or is gone). */
    boolean update(UUID id, int version, Map<String, Object> changes) {
        StringBuilder sql = new StringBuilder("update employee set version = version + 1, updated_at = now()");
        changes.keySet().forEach(name -> sql.append(", ").append(name).append(" = :").append(name));
        sql.append(" where tenant_id = :tenant and id = :id and version = :version");
        JdbcClient.StatementSpec statement = jdbc.sql(sql.toString())
                .param("tenant", TenantContext.require()).param("id", id).param("version", version);
        for (Map.Entry<String, Object> change : changes.entrySet()) {
            statement = statement.param(change.getKey(), sqlValue(change.getValue()));
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

    /** One page in name order, after the keyset cursor. */
    List<Employee> search(String query, String department, String status, Cursor after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from employee where tenant_id = :tenant");
        Map<String, Object> params = new HashMap<>();
        params.put("tenant", TenantContext.require());
        if (query != null) {
            sql.append(" and lower(given_name || ' ' || family_name) like :q escape '\\'");
            params.put("q", SqlLike.containsLowerCase(query));
        }
        if (department != null) {
            sql.append(" and lower(department) = lower(:department)");
            params.put("department", department);
        }
        if (status != null) {
            sql.append(" and status = :status");
            params.put("status", status);
        }
        if (after != null) {
            sql.append(" and (family_name, given_name, id) > (:afterFamily, :afterGiven, :afterId)");
            params.put("afterFamily", after.familyName());
            params.put("afterGiven", after.givenName());
            params.put("afterId", after.id());
        }
        sql.append(" order by family_name, given_name, id limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(EmployeeRepository::map).list();
    }

    private static Object sqlValue(Object value) {
        return value instanceof LocalDate date ? Date.valueOf(date) : value;
    }

    private static Employee map(ResultSet rs, int row) throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (EmployeeFields.Spec spec : EmployeeFields.ALL) {
            Object value = switch (spec.kind()) {
                case DATE -> rs.getObject(spec.name(), LocalDate.class);
                case UUID -> rs.getObject(spec.name(), UUID.class);
                case TEXT -> rs.getString(spec.name());
            };
            values.put(spec.name(), value);
        }
        return new Employee(rs.getObject("id", UUID.class), rs.getInt("version"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(), values);
    }

    /** A person record: its id, version (the ETag) and field values by API name. */
    record Employee(UUID id, int version, java.time.Instant createdAt, java.time.Instant updatedAt,
            Map<String, Object> values) {

        Object get(String name) {
            return values.get(name);
        }

        String etag() {
            return "\"" + version + "\"";
        }
    }

    /** The keyset cursor of the name order. */
    record Cursor(String familyName, String givenName, UUID id) {
    }
}
