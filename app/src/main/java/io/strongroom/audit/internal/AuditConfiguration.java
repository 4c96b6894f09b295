package io.strongroom.audit.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditPermission;
import io.strongroom.audit.AuditTargetNames;
import io.strongroom.identity.UserDirectory;
import io.strongroom.jobs.RecurringJob;
import io.strongroom.platform.PermissionSet;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;
import io.strongroom.web.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /** Signed checkpoints of every tenant's chain head, outside the database (L3); hourly by default. */
    @Bean
    RecurringJob auditCheckpointJob(AuditCheckpoints checkpoints,
            @Value("${strongroom.audit.checkpoint-interval:1h}") Duration interval) {
        return new RecurringJob("audit-checkpoints", interval, checkpoints::writeAll);
    }

    @Bean
    PermissionSet auditPermissions() {
        return PermissionSet.of("audit", AuditPermission.values());
    }

    @Bean
    NavigationEntry auditNavigation() {
        return NavigationEntry.of(400, "nav.audit", "/app/audit", AuditPermission.AUDIT_READ);
    }

    @Bean
    TenantTable auditChainHeadTable() {
        return TenantTable.of("audit", "audit_chain_head").appendOnly();
    }

    /** Rows name their actor; a change's personal values sit apart in personal_diff (erasable). */
    @Bean
    TenantTable auditEventTable() {
        return TenantTable.of("audit", "audit_event")
                .personal(java.util.Map.of("personal_diff", io.strongroom.platform.DataCategory.CHANGE_HISTORY))
                .subject(SubjectKind.USER, "actor_user_id").appendOnly();
    }

    /** Users' names for the trail's pages, from identity (the module that owns them). */
    @Bean
    AuditTargetNames userNames(UserDirectory users, TransactionTemplate transactions) {
        return new AuditTargetNames() {
            @Override
            public String targetType() {
                return "user";
            }

            @Override
            public Map<UUID, String> names(Set<UUID> ids) {
                return ids.isEmpty() ? Map.of() : transactions.execute(tx -> users.displayNames(ids));
            }
        };
    }
}
