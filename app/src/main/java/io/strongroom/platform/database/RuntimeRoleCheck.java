package io.strongroom.platform.database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Refuses to start when the runtime role could get around row-level security: a superuser, a
 * role with BYPASSRLS, or a role that owns tables (an owner may disable RLS on its tables).
 */
final class RuntimeRoleCheck {

    private RuntimeRoleCheck() {
    }

    static void verify(DataSource runtime) {
        String sql = """
                select r.rolname, r.rolsuper, r.rolbypassrls,
                       (select count(*) from pg_class c
                         where c.relowner = r.oid
                           and c.relnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
                           and c.relkind in ('r', 'p', 'v', 'm', 'f')) as owned,
                       (select count(*) from pg_auth_members m
                          join pg_roles g on g.oid = m.roleid
                         where m.member = r.oid and (g.rolsuper or g.rolbypassrls)) as powerful_memberships
                  from pg_roles r
                 where r.rolname = current_user
                """;
        try (Connection c = runtime.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            String role = rs.getString("rolname");
            if (rs.getBoolean("rolsuper") || rs.getBoolean("rolbypassrls")) {
                throw new IllegalStateException("The runtime database role " + role
                        + " is a superuser or has BYPASSRLS; row-level security would not apply to it");
            }
            if (rs.getLong("owned") > 0) {
                throw new IllegalStateException("The runtime database role " + role
                        + " owns tables; it could disable row-level security. Let the owner role own them");
            }
            if (rs.getLong("powerful_memberships") > 0) {
                throw new IllegalStateException("The runtime database role " + role
                        + " is a member of a superuser or BYPASSRLS role");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the runtime database role", e);
        }
    }
}
