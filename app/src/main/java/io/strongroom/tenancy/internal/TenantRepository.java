package io.strongroom.tenancy.internal;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.ResolvedWorkspace;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.TenantDirectory;

@Repository
class TenantRepository implements TenantDirectory {

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, String workspace, String companyName, String region) {
        insert(id, workspace, companyName, region, "trial");
    }

    void insert(UUID id, String workspace, String companyName, String region, String plan) {
        jdbc.sql("""
                insert into tenant (id, workspace, company_name, region, plan)
                values (:id, :workspace, :companyName, :region, :plan)
                """)
                .param("plan", plan)
                .param("id", id)
                .param("workspace", workspace)
                .param("companyName", companyName)
                .param("region", region)
                .update();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ResolvedWorkspace> resolve(String workspace) {
        return jdbc.sql("select id, status, region from resolve_workspace(:workspace)")
                .param("workspace", workspace)
                .query((rs, n) -> new ResolvedWorkspace(rs.getObject("id", UUID.class), rs.getString("status"),
                        rs.getString("region")))
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Tenant> current() {
        UUID tenant = TenantContext.require();
        return jdbc.sql("""
                select id, workspace, company_name, region, plan, status, created_at
                  from tenant where id = :id
                """)
                .param("id", tenant)
                .query((rs, n) -> new Tenant(rs.getObject("id", UUID.class), rs.getString("workspace"),
                        rs.getString("company_name"), rs.getString("region"), rs.getString("plan"),
                        rs.getString("status"), rs.getObject("created_at", Timestamp.class).toInstant()))
                .optional();
    }
}
