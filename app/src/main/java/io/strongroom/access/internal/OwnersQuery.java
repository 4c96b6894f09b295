package io.strongroom.access.internal;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.strongroom.access.Owners;
import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.TenantContext;

/** The active users holding the built-in Owner role of the bound workspace. */
@Component
class OwnersQuery implements Owners {

    private final JdbcClient jdbc;

    OwnersQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> activeOwnerEmails() {
        return jdbc.sql("""
                select u.email from app_user u
                  join user_role ur on ur.tenant_id = u.tenant_id and ur.user_id = u.id
                  join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                 where u.tenant_id = :tenant and r.builtin_key = :owner and u.status = 'active'
                 order by u.email
                """).param("tenant", TenantContext.require()).param("owner", BuiltInRole.OWNER.key())
                .query(String.class).list();
    }
}
