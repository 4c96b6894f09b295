package io.strongroom.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.TestDatabase;

/**
 * T1: tenant isolation enforced by PostgreSQL row-level security, proven with raw SQL as the
 * runtime role the application uses, and through the tenant-binding transaction manager.
 */
@Tag("T1")
class TenantIsolationTest {

    static TestDatabase db;
    static DataSource runtime;
    static UUID tenantA;
    static UUID tenantB;
    static UUID userA;
    static UUID userB;

    @BeforeAll
    static void twoTenants() throws SQLException {
        db = TestDatabase.get();
        runtime = db.runtimeDataSource();
        tenantA = Ids.newId();
        tenantB = Ids.newId();
        userA = Ids.newId();
        userB = Ids.newId();
        createTenantWithUser(tenantA, userA);
        createTenantWithUser(tenantB, userB);
    }

    static void createTenantWithUser(UUID tenant, UUID user) throws SQLException {
        inTransaction(tenant.toString(), c -> {
            update(c, "insert into tenant (id, workspace, company_name, region) values (?, ?, 'Isolation test', 'eu')",
                    tenant, "iso-" + tenant.toString().substring(24));
            update(c, "insert into app_user (tenant_id, id, email, display_name, status) values (?, ?, ?, 'U', 'active')",
                    tenant, user, "user@" + tenant + ".example");
            return null;
        });
    }

    // (a) No tenant bound: no rows, and no inserts.

    @Test
    void withoutTenantRawSqlSeesNoRows() throws SQLException {
        try (Connection c = runtime.getConnection()) {
            // autocommit, nothing bound at all
            assertThat(count(c, "select count(*) from app_user")).isZero();
            assertThat(count(c, "select count(*) from tenant")).isZero();
        }
        // inside a transaction with the tenant explicitly empty, as the transaction manager binds it
        long all = inTransaction("", c -> count(c, "select count(*) from app_user"));
        long byId = inTransaction("", c -> count(c, "select count(*) from app_user where id = ?", userA));
        assertThat(all).isZero();
        assertThat(byId).isZero();
    }

    @Test
    void withoutTenantInsertsFail() throws SQLException {
        try (Connection c = runtime.getConnection()) {
            assertThatThrownBy(() -> update(c,
                    "insert into app_user (tenant_id, id, email, display_name, status) values (?, ?, 'x@y.example', 'X', 'active')",
                    tenantA, Ids.newId()))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");
        }
        assertThatThrownBy(() -> inTransaction("", c -> update(c,
                "insert into tenant (id, workspace, company_name, region) values (?, 'no-tenant-bound', 'X', 'eu')",
                Ids.newId())))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("row-level security");
    }

    @Test
    void withoutTenantUpdatesAndDeletesAffectNothing() throws SQLException {
        try (Connection c = runtime.getConnection()) {
            assertThat(update(c, "update app_user set display_name = 'hacked'")).isZero();
            assertThat(update(c, "delete from app_user")).isZero();
        }
        assertThat(displayNameOf(tenantA, userA)).contains("U");
    }

    // (b) Bound to tenant A: tenant B's rows cannot be read, changed or deleted, even by id.

    @Test
    void boundToTenantAReadsOnlyTenantA() throws SQLException {
        List<UUID> visible = inTransaction(tenantA.toString(), c -> ids(c, "select id from app_user"));
        assertThat(visible).contains(userA).doesNotContain(userB);
        long otherById = inTransaction(tenantA.toString(),
                c -> count(c, "select count(*) from app_user where tenant_id = ? and id = ?", tenantB, userB));
        List<UUID> catalog = inTransaction(tenantA.toString(), c -> ids(c, "select id from tenant"));
        assertThat(otherById).isZero();
        assertThat(catalog).containsExactly(tenantA);
    }

    @Test
    void boundToTenantACannotUpdateOrDeleteTenantBById() throws SQLException {
        int updated = inTransaction(tenantA.toString(),
                c -> update(c, "update app_user set display_name = 'hacked' where tenant_id = ? and id = ?", tenantB, userB));
        int deleted = inTransaction(tenantA.toString(),
                c -> update(c, "delete from app_user where id = ?", userB));
        int tenantRenamed = inTransaction(tenantA.toString(),
                c -> update(c, "update tenant set company_name = 'hacked' where id = ?", tenantB));
        assertThat(updated).isZero();
        assertThat(deleted).isZero();
        assertThat(tenantRenamed).isZero();
        assertThat(displayNameOf(tenantB, userB)).contains("U");
    }

    @Test
    void boundToTenantACannotWriteRowsIntoTenantB() {
        assertThatThrownBy(() -> inTransaction(tenantA.toString(), c -> update(c,
                "insert into app_user (tenant_id, id, email, display_name, status) values (?, ?, 'x@y.example', 'X', 'active')",
                tenantB, Ids.newId())))
                .hasMessageContaining("row-level security");
        assertThatThrownBy(() -> inTransaction(tenantA.toString(), c -> update(c,
                "update app_user set tenant_id = ? where id = ?", tenantB, userA)))
                .hasMessageContaining("row-level security");
    }

    @Test
    void garbageTenantSettingFailsClosed() {
        assertThatThrownBy(() -> inTransaction("not-a-uuid", c -> count(c, "select count(*) from app_user")))
                .isInstanceOf(SQLException.class);
    }

    // (c) A pooled connection never carries a tenant into the next transaction.

    @Test
    void pooledConnectionNeverCarriesTenantIntoNextTransaction() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.runtime().username());
        config.setPassword(db.runtime().password());
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            TransactionTemplate tx = new TransactionTemplate(new TenantBindingTransactionManager(pool));
            JdbcClient jdbc = JdbcClient.create(pool);
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                Optional<UUID> tenant = switch (i % 3) {
                    case 0 -> Optional.of(tenantA);
                    case 1 -> Optional.of(tenantB);
                    default -> Optional.empty();
                };
                List<UUID> seen = tenant.isPresent()
                        ? TenantContext.callAs(tenant.get(), () -> tx.execute(s -> visibleUsers(jdbc)))
                        : tx.execute(s -> visibleUsers(jdbc));
                List<UUID> expected = tenant.map(t -> List.of(t.equals(tenantA) ? userA : userB)).orElse(List.of());
                if (!seen.equals(expected)) {
                    failures.add("transaction " + i + " for " + tenant + " saw " + seen + ", expected " + expected);
                }
                // and outside any transaction the connection is unbound
                if (!jdbc.sql("select count(*) from app_user").query(Long.class).single().equals(0L)) {
                    failures.add("autocommit statement after transaction " + i + " saw rows");
                }
            }
            assertThat(failures).isEmpty();
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(1);
        }
    }

    private static List<UUID> visibleUsers(JdbcClient jdbc) {
        return jdbc.sql("select id from app_user where id in (:a, :b)")
                .param("a", userA).param("b", userB)
                .query(UUID.class).list();
    }

    // helpers

    private static Optional<String> displayNameOf(UUID tenant, UUID user) throws SQLException {
        return inTransaction(tenant.toString(), c -> {
            try (PreparedStatement ps = c.prepareStatement("select display_name from app_user where id = ?")) {
                ps.setObject(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction whose {@code app.tenant_id} is {@code tenant}, like the application does. */
    static <T> T inTransaction(String tenant, SqlWork<T> work) throws SQLException {
        try (Connection c = runtime.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                    ps.setString(1, tenant);
                    ps.execute();
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }

    static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static List<UUID> ids(Connection c, String sql) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }
}
