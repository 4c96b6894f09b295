package io.strongroom.backup;

import static io.strongroom.platform.BuiltInRole.ADMINISTRATOR;

import java.util.Set;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/** The backup module's permissions. Restoring replaces the workspace's data, an export holds all of it: the Owner's alone. */
public enum BackupPermission implements Permission {

    BACKUPS_READ("backups:read", "See the workspace's backups, their verification and the backup and restore jobs",
            Set.of(ADMINISTRATOR)),
    BACKUPS_CREATE("backups:create", "Take a backup of the workspace now", Set.of(ADMINISTRATOR)),
    BACKUPS_RESTORE("backups:restore", "Restore the workspace's data from a backup (replaces the current data)",
            Set.of()),
    EXPORTS_CREATE("exports:create", "Export all of the workspace's data (every table as CSV, JSON and SQL) and download it",
            Set.of());

    private final Definition definition;

    BackupPermission(String key, String description, Set<BuiltInRole> builtInRoles) {
        this.definition = new Definition(key, description, builtInRoles);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
