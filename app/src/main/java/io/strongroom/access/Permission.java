package io.strongroom.access;

import java.util.Arrays;
import java.util.Optional;

/**
 * The fixed catalog of permissions. Roles are sets of these; access tokens carry the caller's as
 * strings ({@link #key()}), and endpoints declare the one they need with
 * {@code @PreAuthorize("hasAuthority('people:read')")}.
 */
public enum Permission {

    PEOPLE_READ("people:read", "See the people directory: names, work contact details, job, department, manager"),
    PEOPLE_WRITE("people:write", "Add, change and remove people records (work fields)"),
    PEOPLE_PERSONAL_READ("people.personal:read", "See personal data of others: birth date, home address, national id, bank account, private contacts"),
    PEOPLE_PERSONAL_WRITE("people.personal:write", "Change personal data of others"),
    USERS_MANAGE("users:manage", "Invite, disable, enable, unlock and delete users; send password-reset links"),
    ROLES_MANAGE("roles:manage", "Create, change and delete roles, and assign roles to users"),
    AUDIT_READ("audit:read", "Read, verify and export the audit trail"),
    SETTINGS_MANAGE("settings:manage", "Change workspace settings such as the password policy and session timeouts"),
    OWNERS_MANAGE("owners:manage", "Make users Owners and remove Owners (a workspace always keeps at least one)");

    private final String key;
    private final String description;

    Permission(String key, String description) {
        this.key = key;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    public static Optional<Permission> fromKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }
}
