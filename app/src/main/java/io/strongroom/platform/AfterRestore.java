package io.strongroom.platform;

/**
 * Something a module must do again when a workspace's data was replaced from a backup, in the
 * restore's own transaction (all or nothing with it): for example erasing again the people who were
 * erased after the backup was taken (G1). Declared as a bean by the module that owns the rule.
 */
public interface AfterRestore {

    /** Called once the backup's rows are in, inside the restore's transaction, with the tenant bound. */
    default void restored() {
    }

    /**
     * For a restore into a new workspace (a copy): read now, with the source workspace bound, what the
     * copy must carry over that its backup does not hold (erasures and restrictions made since); the
     * step answered runs in the copy's transaction, with the copy bound, once the backup's rows are in.
     */
    default Runnable forCopy() {
        return () -> {
        };
    }
}
