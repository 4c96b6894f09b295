package io.strongroom.access.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.access.PermissionCatalog;
import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Ids;
import io.strongroom.platform.Permission;
import io.strongroom.platform.TenantContext;

/**
 * Roles and role assignments of the bound tenant. A built-in role's row holds no permissions: they
 * are resolved from the {@link PermissionCatalog} whenever a role is read.
 */
@Repository
class RoleRepository {

    private final JdbcClient jdbc;
    private final PermissionCatalog catalog;

    RoleRepository(JdbcClient jdbc, PermissionCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** Adds a built-in role's row (name and key; its permissions come from the catalog). */
    UUID insertBuiltIn(BuiltInRole role) {
        return insert(role.displayName(), role.description(), role.key(), List.of());
    }

    UUID insert(String name, String description, String builtinKey, Collection<Permission> permissions) {
        UUID id = Ids.newId();
        insert(id, name, description, builtinKey, permissions);
        return id;
    }

    /** Inserts a role under a known id (a role re-created from the audit trail keeps its id). */
    void insert(UUID id, String name, String description, String builtinKey, Collection<Permission> permissions) {
        jdbc.sql("""
                insert into role (tenant_id, id, name, description, builtin_key, permissions)
                values (:tenant, :id, :name, :description, :builtin, :permissions)
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("name", name)
                .param("description", description).param("builtin", builtinKey)
                .param("permissions", keys(permissions))
                .update();
    }

    void update(UUID id, String name, String description, Collection<Permission> permissions) {
        jdbc.sql("""
                update role set name = :name, description = :description, permissions = :permissions, updated_at = now()
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("name", name)
                .param("description", description).param("permissions", keys(permissions))
                .update();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from role where tenant_id = :tenant and id = :id and builtin_key is null")
                .param("tenant", TenantContext.require()).param("id", id).update() == 1;
    }

    List<Role> all() {
        return jdbc.sql("select * from role where tenant_id = :tenant order by builtin_key is null, name")
                .param("tenant", TenantContext.require())
                .query(this::map).list();
    }

    Optional<Role> find(UUID id) {
        return jdbc.sql("select * from role where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", id)
                .query(this::map).optional();
    }

    UUID builtinId(BuiltInRole role) {
        return jdbc.sql("select id from role where tenant_id = :tenant and builtin_key = :key")
                .param("tenant", TenantContext.require()).param("key", role.key())
                .query(UUID.class).single();
    }

    /** Serializes every change that could affect who the Owners are, per tenant. */
    void lockOwnerRole() {
        jdbc.sql("select id from role where tenant_id = :tenant and builtin_key = 'owner' for update")
                .param("tenant", TenantContext.require()).query().listOfRows();
    }

    List<Role> rolesOf(UUID userId) {
        return jdbc.sql("""
                select r.* from user_role ur join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                 where ur.tenant_id = :tenant and ur.user_id = :user order by r.name
                """)
                .param("tenant", TenantContext.require()).param("user", userId)
                .query(this::map).list();
    }

    void replaceRoles(UUID userId, Collection<UUID> roleIds) {
        jdbc.sql("delete from user_role where tenant_id = :tenant and user_id = :user")
                .param("tenant", TenantContext.require()).param("user", userId).update();
        for (UUID roleId : roleIds) {
            assign(userId, roleId);
        }
    }

    void assign(UUID userId, UUID roleId) {
        jdbc.sql("""
                insert into user_role (tenant_id, user_id, role_id) values (:tenant, :user, :role)
                on conflict do nothing
                """)
                .param("tenant", TenantContext.require()).param("user", userId).param("role", roleId)
                .update();
    }

    /** Active users holding the Owner role. */
    long activeOwners() {
        return jdbc.sql("""
                select count(*) from user_role ur
                  join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id and r.builtin_key = 'owner'
                  join app_user u on u.tenant_id = ur.tenant_id and u.id = ur.user_id and u.status = 'active'
                 where ur.tenant_id = :tenant
                """)
                .param("tenant", TenantContext.require()).query(Long.class).single();
    }

    long holders(UUID roleId) {
        return jdbc.sql("select count(*) from user_role where tenant_id = :tenant and role_id = :role")
                .param("tenant", TenantContext.require()).param("role", roleId).query(Long.class).single();
    }

    /** The permission keys of all roles a user holds, built-in roles resolved from the catalog. */
    Set<String> permissionsOf(UUID userId) {
        Set<String> keys = new HashSet<>();
        jdbc.sql("""
                select r.builtin_key, r.permissions from user_role ur
                  join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                 where ur.tenant_id = :tenant and ur.user_id = :user
                """)
                .param("tenant", TenantContext.require()).param("user", userId)
                .query((rs, row) -> permissions(rs)).list().forEach(keys::addAll);
        return keys;
    }

    private static String[] keys(Collection<Permission> permissions) {
        return permissions.stream().map(Permission::key).sorted().distinct().toArray(String[]::new);
    }

    private Role map(ResultSet rs, int row) throws SQLException {
        return new Role(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
                rs.getString("builtin_key"), permissions(rs), rs.getTimestamp("updated_at").toInstant());
    }

    /** A custom role's stored keys that the catalog still knows, or a built-in role's from the catalog. */
    private Set<String> permissions(ResultSet rs) throws SQLException {
        String builtin = rs.getString("builtin_key");
        if (builtin != null) {
            return BuiltInRole.fromKey(builtin).map(catalog::keysOf).orElseGet(TreeSet::new);
        }
        Set<String> keys = new TreeSet<>();
        for (String key : (String[]) rs.getArray("permissions").getArray()) {
            catalog.find(key).ifPresent(p -> keys.add(p.key()));
        }
        return keys;
    }

    /** A role; {@code builtinKey} is set for the six built-in roles. */
    record Role(UUID id, String name, String description, String builtinKey, Set<String> permissions,
            java.time.Instant updatedAt) {

        boolean builtin() {
            return builtinKey != null;
        }

        boolean owner() {
            return "owner".equals(builtinKey);
        }
    }
}
