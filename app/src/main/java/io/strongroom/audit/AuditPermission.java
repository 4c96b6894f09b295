package io.strongroom.audit;

import static io.strongroom.platform.BuiltInRole.ADMINISTRATOR;
import static io.strongroom.platform.BuiltInRole.AUDITOR;

import java.util.Set;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/** The audit module's permission. */
public enum AuditPermission implements Permission {

    AUDIT_READ("audit:read", "Read, verify and export the audit trail", Set.of(ADMINISTRATOR, AUDITOR));

    private final Definition definition;

    AuditPermission(String key, String description, Set<BuiltInRole> builtInRoles) {
        this.definition = new Definition(key, description, builtInRoles);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
