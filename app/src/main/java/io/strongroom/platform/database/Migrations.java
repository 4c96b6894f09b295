package io.strongroom.platform.database;

import java.util.Map;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway migrations of the Strongroom schema, run as the owner role. */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
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
        MigrateResult result = flyway.migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Database schema migrated from version {} to {} ({} migrations)",
                    result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion, result.targetSchemaVersion,
                    result.migrationsExecuted);
        } else {
            log.info("Database schema is up to date (version {})", flyway.info().current() == null ? "none"
                    : flyway.info().current().getVersion());
        }
        return flyway;
    }
}
