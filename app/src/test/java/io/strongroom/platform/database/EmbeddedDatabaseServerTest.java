package io.strongroom.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.postgresql.ds.PGSimpleDataSource;

import io.strongroom.platform.database.DatabaseServer.Credentials;

/**
 * T6: the embedded server is a real, durable, password-protected PostgreSQL whose data survives a
 * restart, with the same two roles an operator sets up on an external server.
 */
@Tag("T6")
class EmbeddedDatabaseServerTest {

    @TempDir
    Path home;

    @Test
    void durableSecuredAndPersistentAcrossRestarts() throws Exception {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(home, 0, true)) {
            JdbcClient superuser = jdbc(server, server.superuser());
            assertThat(superuser.sql("show fsync").query(String.class).single()).isEqualTo("on");
            assertThat(superuser.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
            assertThat(superuser.sql("show full_page_writes").query(String.class).single()).isEqualTo("on");
            assertThat(superuser.sql("show listen_addresses").query(String.class).single()).isEqualTo("localhost");
            // a standby's slot may hold back at most this much WAL: an abandoned standby cannot fill the disk (B8)
            assertThat(superuser.sql("show max_slot_wal_keep_size").query(String.class).single()).isEqualTo("10GB");
            assertThat(superuser.sql("select rolsuper or rolbypassrls or rolcreaterole from pg_roles where rolname = 'strongroom_app'")
                    .query(Boolean.class).single()).isFalse();

            Migrations.migrate(server);
            jdbc(server, server.owner()).sql("create table restart_probe (value text)").update();
            jdbc(server, server.owner()).sql("insert into restart_probe values ('kept')").update();
        }

        try (EmbeddedDatabaseServer again = EmbeddedDatabaseServer.start(home, 0, true)) {
            assertThat(jdbc(again, again.owner()).sql("select value from restart_probe").query(String.class).single())
                    .isEqualTo("kept");
            assertThat(jdbc(again, again.owner()).sql("select count(*) from flyway_schema_history where success")
                    .query(Long.class).single()).isPositive();
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                home.resolve("secrets").resolve("embedded-postgres.properties")))).isEqualTo("rw-------");
    }

    @Test
    void everyRoleNeedsItsPassword() throws Exception {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(home, 0, false)) {
            for (String role : new String[] {"postgres", "strongroom_owner", "strongroom_app"}) {
                assertThatThrownBy(() -> connect(server, role, ""))
                        .isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> connect(server, role, "wrong-password"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            }
            try (Connection c = connect(server, server.runtime().username(), server.runtime().password())) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
    }

    @Test
    void oneDataDirectoryServesOneApplicationOnly() {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(home, 0, false)) {
            assertThatThrownBy(() -> EmbeddedDatabaseServer.start(home, 0, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Another Strongroom process is using");
            assertThat(server.port()).isPositive();
        }
    }

    private static Connection connect(EmbeddedDatabaseServer server, String user, String password) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), user, password);
    }

    private static JdbcClient jdbc(EmbeddedDatabaseServer server, Credentials credentials) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(server.jdbcUrl());
        ds.setUser(credentials.username());
        ds.setPassword(credentials.password());
        return JdbcClient.create(ds);
    }
}
