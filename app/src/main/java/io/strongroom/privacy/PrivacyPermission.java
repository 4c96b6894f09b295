package io.strongroom.privacy;

import static io.strongroom.platform.BuiltInRole.ADMINISTRATOR;
import static io.strongroom.platform.BuiltInRole.HR_MANAGER;

import java.util.Set;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/** The privacy module's permission: handling data-subject requests, which shows a person's data in full. */
public enum PrivacyPermission implements Permission {

    MANAGE("privacy:manage",
            "Handle data-subject requests: record and answer them, and export everything the workspace holds about a person",
            Set.of(ADMINISTRATOR, HR_MANAGER));

    private final Definition definition;

    PrivacyPermission(String key, String description, Set<BuiltInRole> builtInRoles) {
        this.definition = new Definition(key, description, builtInRoles);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
