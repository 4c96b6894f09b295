package io.strongroom.access.internal;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.access.AccessPermission;
import io.strongroom.access.PermissionCatalog;
import io.strongroom.audit.AuditTargetNames;
import io.strongroom.identity.IdentityPermission;
import io.strongroom.platform.PermissionSet;
import io.strongroom.platform.TenantTable;
import io.strongroom.platform.TenantTable.SubjectKind;
import io.strongroom.web.NavigationEntry;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    PermissionSet accessPermissions() {
        return PermissionSet.of("access", AccessPermission.values());
    }

    /** Every module's permissions; built once, so a clash of keys stops the start. */
    @Bean
    PermissionCatalog permissionCatalog(List<PermissionSet> contributions) {
        return new PermissionCatalog(contributions);
    }

    @Bean
    NavigationEntry usersNavigation() {
        return NavigationEntry.of(200, "nav.users", "/app/users", IdentityPermission.USERS_MANAGE);
    }

    /** User managers see the roles too (to choose them); only role managers change them. */
    @Bean
    NavigationEntry rolesNavigation() {
        return NavigationEntry.of(300, "nav.roles", "/app/roles", AccessPermission.ROLES_MANAGE,
                IdentityPermission.USERS_MANAGE);
    }

    @Bean
    TenantTable roleTable() {
        return TenantTable.of("access", "role");
    }

    @Bean
    TenantTable userRoleTable() {
        return TenantTable.of("access", "user_role").references("app_user", "role").subject(SubjectKind.USER, "user_id");
    }

    /** Role names in the audit trail's pages. */
    @Bean
    AuditTargetNames roleNames(JdbcClient jdbc, TransactionTemplate transactions) {
        return AuditTargetNames.of("role", "select id, name from role where tenant_id = :tenant and id in (:ids)", jdbc,
                transactions);
    }
}
