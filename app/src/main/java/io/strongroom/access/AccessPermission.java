package io.strongroom.access;

import static io.strongroom.platform.BuiltInRole.ADMINISTRATOR;

import java.util.Set;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/** The access module's permissions: roles and the Owner role. */
public enum AccessPermission implements Permission {

    ROLES_MANAGE("roles:manage", "Create, change and delete roles, and assign roles to users", Set.of(ADMINISTRATOR)),
    /** Held by Owners only: making and removing Owners, and acting on an Owner's account. */
    OWNERS_MANAGE("owners:manage", "Make users Owners and remove Owners (a workspace always keeps at least one)", Set.of());

    private final Definition definition;

    AccessPermission(String key, String description, Set<BuiltInRole> builtInRoles) {
        this.definition = new Definition(key, description, builtInRoles);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
