package io.strongroom.audit;

import static io.strongroom.platform.BuiltInRole.ADMINISTRATOR;
import static io.strongroom.platform.BuiltInRole.AUDITOR;

import java.util.Set;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/** The audit module's permission. */
public enum AuditPermission implements Permission {

    AUDIT_READ("audit:read", "Read, verify and export the audit trail", Set.of(ADMINISTRATOR, AUDITOR));

    private final String key;
    private final String description;
    private final Set<BuiltInRole> builtInRoles;

    AuditPermission(String key, String description, Set<BuiltInRole> builtInRoles) {
        this.key = key;
        this.description = description;
        this.builtInRoles = builtInRoles;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Set<BuiltInRole> builtInRoles() {
        return builtInRoles;
    }
}
