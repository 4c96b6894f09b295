package io.strongroom.identity.internal;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.platform.TenantContext;

/**
 * Users of the tenant bound to the current transaction. Every statement names the tenant
 * explicitly as well (application-level isolation); row-level security enforces it again.
 */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, String email, String displayName, String status, String passwordHash) {
        jdbc.sql("""
                insert into app_user (tenant_id, id, email, display_name, status, password_hash)
                values (:tenant, :id, :email, :displayName, :status, :passwordHash)
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("email", email)
                .param("displayName", displayName)
                .param("status", status)
                .param("passwordHash", passwordHash)
                .update();
    }
}
