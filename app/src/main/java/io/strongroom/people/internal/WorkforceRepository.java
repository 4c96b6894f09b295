package io.strongroom.people.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.people.EmploymentStatus;
import io.strongroom.people.Workforce;

/** {@link Workforce}: the work columns of {@code employee}, under the tenant's row-level security. */
@Repository
class WorkforceRepository implements Workforce {

    private static final String COLUMNS = "id, given_name, family_name, department, manager_id, start_date, end_date,"
            + " status, user_id";
    private static final int LONGEST_CHAIN = 100;

    private final JdbcClient jdbc;

    WorkforceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Member> find(UUID personId) {
        return jdbc.sql("select " + COLUMNS + " from employee where id = :id").param("id", personId)
                .query(WorkforceRepository::member).optional();
    }

    @Override
    public Optional<Member> ofUser(UUID userId) {
        return jdbc.sql("select " + COLUMNS + " from employee where user_id = :id").param("id", userId)
                .query(WorkforceRepository::member).optional();
    }

    @Override
    public List<Member> members(String department) {
        return department == null
                ? jdbc.sql("select " + COLUMNS + " from employee order by family_name, given_name, id")
                        .query(WorkforceRepository::member).list()
                : jdbc.sql("select " + COLUMNS + " from employee where lower(department) = lower(:d)"
                        + " order by family_name, given_name, id").param("d", department)
                        .query(WorkforceRepository::member).list();
    }

    @Override
    public List<Member> managerChain(UUID personId) {
        List<Member> chain = new ArrayList<>();
        Set<UUID> seen = new HashSet<>(Set.of(personId));
        UUID next = find(personId).map(Member::managerId).orElse(null);
        while (next != null && seen.add(next) && chain.size() < LONGEST_CHAIN) {
            Optional<Member> manager = find(next);
            if (manager.isEmpty()) {
                break;
            }
            chain.add(manager.get());
            next = manager.get().managerId();
        }
        return chain;
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        return new Member(rs.getObject("id", UUID.class), rs.getString("given_name"), rs.getString("family_name"),
                rs.getString("department"), rs.getObject("manager_id", UUID.class),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class),
                EmploymentStatus.of(rs.getString("status")).orElseThrow(), rs.getObject("user_id", UUID.class));
    }
}
