package io.strongroom.access.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.access.Permission;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;

/** Roles and role assignments of the bound tenant. */
@Repository
class RoleRepository {

    private final JdbcClient jdbc;

    RoleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID insert(String name, String description, String builtinKey, Collection<Permission> permissions) {
        UUID id = Ids.newId();
        jdbc.sql("""
                insert into role (tenant_id, id, name, description, builtin_key, permissions)
                values (:tenant, :id, :name, :description, :builtin, :permissions)
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("name", name)
                .param("description", description).param("builtin", builtinKey)
                .param("permissions", permissions.stream().map(Permission::key).sorted().toArray(String[]::new))
                .update();
        return id;
    }

    UUID builtinId(BuiltInRole role) {
        return jdbc.sql("select id from role where tenant_id = :tenant and builtin_key = :key")
                .param("tenant", TenantContext.require()).param("key", role.key())
                .query(UUID.class).single();
    }

    void assign(UUID userId, UUID roleId) {
        jdbc.sql("""
                insert into user_role (tenant_id, user_id, role_id) values (:tenant, :user, :role)
                on conflict do nothing
                """)
                .param("tenant", TenantContext.require()).param("user", userId).param("role", roleId)
                .update();
    }

    Set<String> permissionsOf(UUID userId) {
        return new HashSet<>(jdbc.sql("""
                select distinct p from user_role ur
                  join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                  cross join lateral unnest(r.permissions) as p
                 where ur.tenant_id = :tenant and ur.user_id = :user
                """)
                .param("tenant", TenantContext.require()).param("user", userId)
                .query(String.class).list());
    }
}
