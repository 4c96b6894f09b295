package io.strongroom.audit.internal;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.strongroom.audit.AuditPermission;
import io.strongroom.platform.PermissionSet;
import io.strongroom.jobs.RecurringJob;
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
}
