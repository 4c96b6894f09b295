package io.strongroom.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.TenantContext;

/**
 * Readable names for the targets of audit records, so the trail's pages show "Grace Hopper" rather
 * than an id. The trail sits below the modules that own the records, so they answer for their
 * target type: people for {@code employee}, identity for {@code user}, access for {@code role}.
 * Called for the bound tenant; answers only work data (never a personal field) and leaves out ids
 * it does not know (a deleted record keeps its id in the trail).
 */
public interface AuditTargetNames {

    /** The target type this names, as recorded ({@code employee}, {@code user}, ...). */
    String targetType();

    Map<UUID, String> names(Set<UUID> ids);

    /**
     * Names from one query of the owning module, {@code select id, <name> from <table> where
     * tenant_id = :tenant and id in (:ids)}, run in its own read-only transaction of the bound tenant.
     */
    static AuditTargetNames of(String targetType, String sql, JdbcClient jdbc, TransactionTemplate transactions) {
        return new AuditTargetNames() {
            @Override
            public String targetType() {
                return targetType;
            }

            @Override
            public Map<UUID, String> names(Set<UUID> ids) {
                if (ids.isEmpty()) {
                    return Map.of();
                }
                Map<UUID, String> names = new HashMap<>();
                transactions.executeWithoutResult(tx -> jdbc.sql(sql).param("tenant", TenantContext.require())
                        .param("ids", List.copyOf(ids))
                        .query(rs -> {
                            names.put(rs.getObject(1, UUID.class), rs.getString(2));
                        }));
                return names;
            }
        };
    }
}
