package io.strongroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import io.strongroom.platform.database.DatabaseServer.Credentials;
import io.strongroom.platform.database.EmbeddedDatabaseServer;
import io.strongroom.platform.database.Migrations;

/**
 * The one embedded PostgreSQL server of a test JVM, started on first use by the application's own
 * {@link EmbeddedDatabaseServer} (so its role set-up is exercised) in a throw-away home directory.
 * Tests connect to it as an external server.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final Path home;
    private final EmbeddedDatabaseServer server;

    private TestDatabase(Path home, EmbeddedDatabaseServer server) {
        this.home = home;
        this.server = server;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            try {
                Path home = Files.createTempDirectory("strongroom-test-home");
                // Throw-away data: no fsync, so tests stay fast. Production runs are durable.
                EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(home, 0, false);
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
                Migrations.migrate(server);
                instance = new TestDatabase(home, server);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** The test JVM's STRONGROOM_HOME (holds the generated TLS certificate, mail files, ...). */
    public Path home() {
        return home;
    }

    public String jdbcUrl() {
        return server.jdbcUrl();
    }

    public int port() {
        return server.port();
    }

    public Credentials owner() {
        return server.owner();
    }

    public Credentials runtime() {
        return server.runtime();
    }

    /** Connections as the runtime role, the one the application uses. */
    public DataSource runtimeDataSource() {
        return dataSource(runtime());
    }

    /** Connections as the superuser, which bypasses row-level security: the tests' all-seeing observer. */
    public DataSource superuserDataSource() {
        return dataSource(server.superuser());
    }

    /** Connections as the owner role; for tests that must do what the application cannot. */
    public DataSource ownerDataSource() {
        return dataSource(owner());
    }

    private DataSource dataSource(Credentials credentials) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl());
        ds.setUser(credentials.username());
        ds.setPassword(credentials.password());
        return ds;
    }
}
