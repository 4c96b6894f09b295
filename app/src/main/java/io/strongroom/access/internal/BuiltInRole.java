package io.strongroom.access.internal;

import static io.strongroom.access.Permission.AUDIT_READ;
import static io.strongroom.access.Permission.PEOPLE_PERSONAL_READ;
import static io.strongroom.access.Permission.PEOPLE_PERSONAL_WRITE;
import static io.strongroom.access.Permission.PEOPLE_READ;
import static io.strongroom.access.Permission.PEOPLE_WRITE;

import java.util.EnumSet;
import java.util.Set;

import io.strongroom.access.Permission;

/** The roles every tenant starts with. Their permissions cannot be edited; custom roles can. */
enum BuiltInRole {

    OWNER("Owner", "Everything, including making others owners; a workspace always keeps one",
            EnumSet.allOf(Permission.class)),
    ADMINISTRATOR("Administrator", "Manages users, roles, settings and all people data; cannot make or remove Owners",
            EnumSet.complementOf(EnumSet.of(Permission.OWNERS_MANAGE))),
    HR_MANAGER("HR manager", "Manages people records including personal data",
            EnumSet.of(PEOPLE_READ, PEOPLE_WRITE, PEOPLE_PERSONAL_READ, PEOPLE_PERSONAL_WRITE)),
    MANAGER("Manager", "Sees the people directory", EnumSet.of(PEOPLE_READ)),
    EMPLOYEE("Employee", "Sees the people directory and their own record", EnumSet.of(PEOPLE_READ)),
    AUDITOR("Auditor", "Reads the audit trail", EnumSet.of(AUDIT_READ));

    private final String displayName;
    private final String description;
    private final Set<Permission> permissions;

    BuiltInRole(String displayName, String description, Set<Permission> permissions) {
        this.displayName = displayName;
        this.description = description;
        this.permissions = permissions;
    }

    static java.util.Optional<BuiltInRole> fromKey(String key) {
        for (BuiltInRole role : values()) {
            if (role.key().equals(key)) {
                return java.util.Optional.of(role);
            }
        }
        return java.util.Optional.empty();
    }

    String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    String displayName() {
        return displayName;
    }

    String description() {
        return description;
    }

    Set<Permission> permissions() {
        return permissions;
    }
}
