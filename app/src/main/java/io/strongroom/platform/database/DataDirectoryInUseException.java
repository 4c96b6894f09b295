package io.strongroom.platform.database;

import java.nio.file.Path;

/** Another Strongroom process holds the lock of this data directory (its embedded database). */
public class DataDirectoryInUseException extends IllegalStateException {

    private final transient Path home;

    DataDirectoryInUseException(Path home) {
        super("Another Strongroom process is using " + home + "; stop it or choose another STRONGROOM_HOME");
        this.home = home;
    }

    public Path home() {
        return home;
    }
}
