package io.strongroom.identity;

import static io.strongroom.platform.BuiltInRole.ADMINISTRATOR;

import java.util.Set;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/** The identity module's permissions: user accounts and workspace security settings. */
public enum IdentityPermission implements Permission {

    USERS_MANAGE("users:manage", "Invite, disable, enable, unlock and delete users; send password-reset links",
            Set.of(ADMINISTRATOR)),
    SETTINGS_MANAGE("settings:manage", "Change workspace settings such as the password policy and session timeouts",
            Set.of(ADMINISTRATOR));

    private final Definition definition;

    IdentityPermission(String key, String description, Set<BuiltInRole> builtInRoles) {
        this.definition = new Definition(key, description, builtInRoles);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
