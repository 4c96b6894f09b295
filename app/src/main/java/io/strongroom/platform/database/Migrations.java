package io.strongroom.platform.database;

import java.util.Map;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;

/** Flyway migrations of the Strongroom schema, run as the owner role. */
public final class Migrations {

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Migrations() {
    }

    /** Brings the schema of {@code server} up to date; returns the configured Flyway instance. */
    public static Flyway migrate(DatabaseServer server) {
        String runtimeRole = server.runtime().username();
        if (!ROLE_NAME.matcher(runtimeRole).matches()) {
            throw new IllegalStateException("The runtime role name must be a plain lower-case identifier: " + runtimeRole);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(server.jdbcUrl(), server.owner().username(), server.owner().password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("runtime_role", runtimeRole))
                .cleanDisabled(true)
                .validateMigrationNaming(true)
                .load();
        flyway.migrate();
        return flyway;
    }
}
