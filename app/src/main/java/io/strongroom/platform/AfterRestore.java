package io.strongroom.platform;

/**
 * Something a module must do again when the bound workspace's data was replaced from a backup, in
 * the restore's own transaction (all or nothing with it): for example erasing again the people who
 * were erased after the backup was taken (G1). Declared as a bean by the module that owns the rule.
 */
public interface AfterRestore {

    /** Called once the backup's rows are in, inside the restore's transaction, with the tenant bound. */
    void restored();
}
