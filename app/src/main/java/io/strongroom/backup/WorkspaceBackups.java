package io.strongroom.backup;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The bound workspace's backups and exports as a whole, for its deletion (D2). */
public interface WorkspaceBackups {

    /**
     * Removes every backup and every export archive of the bound workspace from its store (the
     * catalog rows go with the workspace's other rows). Call after its keys were destroyed, so no new
     * one can start; refuses with {@link IllegalStateException} while one is still being written (try
     * again later). Safe to call again: answers the copies of the catalog, each removed from its store.
     */
    List<ErasedBackup> eraseAll();

    /** A copy that no longer exists: a {@code backup} or an {@code export}, when it was made, where it was. */
    record ErasedBackup(String kind, UUID id, Instant takenAt, String store, String state) {
    }
}
