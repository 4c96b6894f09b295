package io.strongroom.platform.database;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.testsupport.TestDatabase;

/**
 * T1: the application refuses to run as a role that row-level security would not bind — a
 * superuser, a role with BYPASSRLS, one that owns tables, or a member of such a role — and runs as
 * the proper runtime role.
 */
@Tag("T1")
class RuntimeRoleCheckTest {

    final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    @Test
    void theRuntimeRolePasses() {
        assertThatCode(() -> RuntimeRoleCheck.verify(TestDatabase.get().runtimeDataSource())).doesNotThrowAnyException();
    }

    @Test
    void aSuperuserIsRefused() {
        assertThatThrownBy(() -> RuntimeRoleCheck.verify(TestDatabase.get().superuserDataSource()))
                .hasMessageContaining("superuser or has BYPASSRLS");
    }

    @Test
    void theOwningRoleIsRefused() {
        assertThatThrownBy(() -> RuntimeRoleCheck.verify(TestDatabase.get().ownerDataSource()))
                .hasMessageContaining("owns tables");
    }

    @Test
    void aRoleWithBypassRlsIsRefused() {
        String role = role("NOSUPERUSER BYPASSRLS");
        assertThatThrownBy(() -> RuntimeRoleCheck.verify(as(role))).hasMessageContaining("BYPASSRLS");
    }

    @Test
    void aMemberOfAPowerfulRoleIsRefused() {
        String powerful = role("BYPASSRLS");
        String member = role("NOSUPERUSER NOBYPASSRLS");
        superuser.sql("grant " + powerful + " to " + member).update();
        assertThatThrownBy(() -> RuntimeRoleCheck.verify(as(member))).hasMessageContaining("member of a superuser");
    }

    private String role(String attributes) {
        String name = "check_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        superuser.sql("create role " + name + " login password 'check-role-password-1' " + attributes).update();
        superuser.sql("grant connect on database strongroom to " + name).update();
        return name;
    }

    private static DataSource as(String role) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestDatabase.get().jdbcUrl());
        ds.setUser(role);
        ds.setPassword("check-role-password-1");
        return ds;
    }
}
