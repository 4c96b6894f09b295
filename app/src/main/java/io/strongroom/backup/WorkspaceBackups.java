package io.strongroom.backup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The bound workspace's backups as a whole, for its deletion (D2). */
public interface WorkspaceBackups {

    /**
     * Removes every backup of the bound workspace from its store (the catalog rows go with the
     * workspace's other rows). Call after its keys were destroyed, so no new backup can start; refuses
     * with {@link IllegalStateException} while one is still being written (try again later). Safe to
     * call again: answers the backups of the catalog, each removed from its store.
     */
    List<ErasedBackup> eraseAll();

    /** A backup that no longer exists: when it was taken, where it was, and the key it was under. */
    record ErasedBackup(UUID id, Instant takenAt, String store, String state) {
    }
}
