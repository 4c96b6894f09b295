package io.strongroom.platform;

import java.util.Locale;
import java.util.Optional;

/**
 * The roles every workspace starts with. Their permissions are not stored: they are what the
 * catalog's permissions declare ({@link Permission#builtInRoles()}), and the Owner holds all of
 * them. They cannot be edited; custom roles can.
 */
public enum BuiltInRole {

    OWNER("Owner", "Everything, including making others owners; a workspace always keeps one"),
    ADMINISTRATOR("Administrator", "Manages users, roles, settings and all people data; cannot make or remove Owners"),
    HR_MANAGER("HR manager", "Manages people records including personal data, and time off including sick leave"),
    MANAGER("Manager", "Sees the people directory; approves the time off of the people they manage"),
    EMPLOYEE("Employee", "Sees the people directory and their own record; requests time off"),
    AUDITOR("Auditor", "Reads the audit trail");

    private final String displayName;
    private final String description;

    BuiltInRole(String displayName, String description) {
        this.displayName = displayName;
        this.description = description;
    }

    /** The stored key ({@code role.builtin_key}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String displayName() {
        return displayName;
    }

    public String description() {
        return description;
    }

    /** Whether a role of this kind holds {@code permission}. */
    public boolean holds(Permission permission) {
        return this == OWNER || permission.builtInRoles().contains(this);
    }

    public static Optional<BuiltInRole> fromKey(String key) {
        for (BuiltInRole role : values()) {
            if (role.key().equals(key)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
