package io.strongroom.backup.internal;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.context.ApplicationContext;

/** For tests of other modules: runs the backup worker's waiting jobs, and says where a backup is stored. */
public final class TestBackups {

    private TestBackups() {
    }

    /** Runs every queued backup job now; answers how many ran. */
    public static int runOpenJobs(ApplicationContext context) {
        return context.getBean(BackupJobs.class).runOpenJobs();
    }

    /** Runs the waiting exports now; answers how many ran. */
    public static int runExports(ApplicationContext context) {
        return context.getBean(Exports.class).runDue();
    }

    /** The file of an export archive in the directory store. */
    public static Path exportFile(ApplicationContext context, UUID tenant, UUID export) {
        DirectoryBackupStore store = (DirectoryBackupStore) context.getBean(Backups.class).stores().named("directory");
        return store.path(Exports.objectKey(tenant, export));
    }

    /** The file of a backup in the directory store. */
    public static Path file(ApplicationContext context, UUID tenant, UUID backup) {
        DirectoryBackupStore store = (DirectoryBackupStore) context.getBean(Backups.class).stores().named("directory");
        return store.path(Backups.objectKey(tenant, backup));
    }
}
