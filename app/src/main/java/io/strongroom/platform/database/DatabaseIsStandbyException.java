package io.strongroom.platform.database;

import java.nio.file.Path;

/** Strongroom was started on a standby's data directory: it would take writes the primary never sees. */
public class DatabaseIsStandbyException extends IllegalStateException {

    private final transient Path home;

    DatabaseIsStandbyException(Path home) {
        super("The embedded database in " + home + " is a standby: it replays the primary's changes and takes no"
                + " writes. To make it the primary: strongroom standby promote --home " + home);
        this.home = home;
    }

    public Path home() {
        return home;
    }
}
