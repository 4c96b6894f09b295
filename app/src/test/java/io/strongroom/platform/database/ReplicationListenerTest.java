package io.strongroom.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.postgresql.ds.PGSimpleDataSource;

import io.strongroom.platform.database.DatabaseProperties.Replication;

/**
 * B8 "in a separate zone": a standby on another machine streams from the primary's replication
 * listener over TLS 1.3 with the primary's certificate and name checked, and that listener lets in
 * nothing but the replication role, with TLS, from the allowed ranges. Another machine is played by
 * other loopback addresses: the primary listens on 127.0.0.2 and allows 127.0.0.3 only.
 */
@Tag("B8")
class ReplicationListenerTest {

    @TempDir
    Path dir;

    @Test
    void aStandbyStreamsOverVerifiedTlsAndTheListenerRefusesEverythingElse() throws Exception {
        Path primaryHome = dir.resolve("primary");
        Path standbyHome = dir.resolve("standby");
        int port = freePort();
        Replication listener = new Replication("127.0.0.2", List.of("127.0.0.3/32"), List.of("db1.strongroom.test"));
        try (EmbeddedDatabaseServer primary = EmbeddedDatabaseServer.start(primaryHome, port, false, listener)) {
            JdbcClient admin = jdbc(primary.port(), "postgres", primary.superuser().password());
            assertThat(admin.sql("show listen_addresses").query(String.class).single()).isEqualTo("localhost,127.0.0.2");
            assertThat(admin.sql("show ssl_min_protocol_version").query(String.class).single()).isEqualTo("TLSv1.3");
            // the only rule for a client outside loopback: replication role, TLS, the allowed range
            assertThat(admin.sql("""
                    select type || ' ' || array_to_string(database, ',') || ' ' || array_to_string(user_name, ',')
                           || ' ' || address || '/' || netmask || ' ' || auth_method
                    from pg_hba_file_rules where address is not null and address not in ('127.0.0.1', '::1')""")
                    .query(String.class).list())
                    .containsExactly("hostssl replication strongroom_replication 127.0.0.3/255.255.255.255 scram-sha-256");

            assertThatThrownBy(() -> Standby.create(primaryHome, standbyHome, "db2.strongroom.test"))
                    .isInstanceOf(Standby.StandbyException.class)
                    .hasMessageContaining("not valid for db2.strongroom.test").hasMessageContaining("db1.strongroom.test");
            assertThat(standbyHome.resolve("postgres")).doesNotExist();
            assertThat(standbyHome.resolve("postgres.partial")).doesNotExist();

            Standby.create(primaryHome, standbyHome, "127.0.0.2");
            String auto = Files.readString(standbyHome.resolve("postgres/postgresql.auto.conf"), StandardCharsets.UTF_8);
            assertThat(auto).contains("host=127.0.0.2", "sslmode=verify-full", "sslrootcert=" + Standby.PRIMARY_AUTHORITY,
                    "channel_binding=require");
            assertThat(standbyHome.resolve("postgres").resolve(Standby.PRIMARY_AUTHORITY)).exists();
            try (var files = Files.list(standbyHome.resolve("secrets"))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as("the primary's TLS key stays with the primary").noneMatch(n -> n.startsWith("postgres-replication"));
            }

            try (EmbeddedDatabaseServer standby = EmbeddedDatabaseServer.start(standbyHome, 0, false)) {
                // the standby is a synchronous one for this test: a commit with remote_apply returns only once
                // the standby has applied it, so the row is there when the insert returns (nothing is timed)
                admin.sql("alter system set synchronous_standby_names = '" + Standby.SLOT + "'").update();
                admin.sql("select pg_reload_conf()").query().singleValue();
                try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + primary.port()
                        + "/postgres", "postgres", primary.superuser().password()); var st = c.createStatement()) {
                    st.execute("set synchronous_commit = remote_apply");
                    st.execute("create table zone_probe (value text)");
                    st.execute("insert into zone_probe values ('streamed')");
                }
                JdbcClient replica = jdbc(standby.port(), "postgres", standby.superuser().password());
                assertThat(replica.sql("select value from zone_probe").query(String.class).single()).isEqualTo("streamed");
                assertThat(admin.sql("""
                        select s.ssl::text || ' ' || s.version from pg_stat_replication r join pg_stat_ssl s using (pid)
                        where r.application_name = 'strongroom_standby'""").query(String.class).single())
                        .isEqualTo("true TLSv1.3");
            }

            String password = secret(primaryHome.resolve("secrets/replication.properties"), "password");
            // the standby's role with TLS from the allowed range: in
            try (Connection c = replication("127.0.0.3", port, "strongroom_replication", password, "require")) {
                assertThat(c.isValid(5)).isTrue();
            }
            // without TLS, from another address, or any other role or database: refused by pg_hba.conf
            assertRefused(() -> replication("127.0.0.3", port, "strongroom_replication", password, "disable"));
            assertRefused(() -> replication("127.0.0.4", port, "strongroom_replication", password, "require"));
            assertRefused(() -> ordinary("127.0.0.3", port, "postgres", primary.superuser().password()));
            assertRefused(() -> ordinary("127.0.0.3", port, EmbeddedDatabaseServer.RUNTIME_ROLE, primary.runtime().password()));
        }

        // the listener off again: loopback only, no TLS, the rule gone
        try (EmbeddedDatabaseServer primary = EmbeddedDatabaseServer.start(primaryHome, port, false)) {
            JdbcClient admin = jdbc(primary.port(), "postgres", primary.superuser().password());
            assertThat(admin.sql("show listen_addresses").query(String.class).single()).isEqualTo("localhost");
            assertThat(admin.sql("show ssl").query(String.class).single()).isEqualTo("off");
            assertThat(admin.sql("select count(*) from pg_hba_file_rules where type = 'hostssl'").query(Long.class).single())
                    .isZero();
            assertThat(Files.readString(primaryHome.resolve("postgres/pg_hba.conf"))).doesNotContain("Strongroom replication");
            // and a standby elsewhere is refused rather than pointed at an address nothing listens on
            assertThatThrownBy(() -> Standby.create(primaryHome, dir.resolve("other"), "10.1.2.3"))
                    .isInstanceOf(Standby.StandbyException.class).hasMessageContaining("listens on loopback only");
        }
    }

    @Test
    void mistakesInTheSettingsStopTheStartWithTheSettingNamed() {
        assertThatThrownBy(() -> ReplicationListener.of(new Replication("db.example.com", List.of("10.0.0.0/8"), List.of()), 5433))
                .hasMessageContaining("listen-address must be an IP address");
        assertThatThrownBy(() -> ReplicationListener.of(new Replication("10.0.0.5", List.of("10.0.0.0/8"), List.of()), 0))
                .hasMessageContaining("needs a fixed port");
        assertThatThrownBy(() -> ReplicationListener.of(new Replication("10.0.0.5", List.of(), List.of()), 5433))
                .hasMessageContaining("allowed-clients is empty");
        for (String bad : List.of("10.0.0.0/33", "300.1.1.1/8", "all", "10.0.0.0/8 trust", "samehost", "::1/129")) {
            assertThatThrownBy(() -> ReplicationListener.of(new Replication("10.0.0.5", List.of(bad), List.of()), 5433))
                    .as(bad).hasMessageContaining("not an address range");
        }
        assertThatThrownBy(() -> ReplicationListener.of(
                new Replication("10.0.0.5", List.of("10.0.0.0/8"), List.of("db one.example.com")), 5433))
                .hasMessageContaining("not a host name or IP address");

        ReplicationListener ok = ReplicationListener.of(
                new Replication("10.0.0.5", List.of("10.1.0.0/16", "fd00::/8", "10.9.9.9"), List.of("DB1.example.com")), 5433);
        assertThat(ok.hbaBlock()).contains(
                "hostssl replication strongroom_replication 10.1.0.0/16 scram-sha-256\n",
                "hostssl replication strongroom_replication fd00:0:0:0:0:0:0:0/8 scram-sha-256\n",
                "hostssl replication strongroom_replication 10.9.9.9/32 scram-sha-256\n");
        assertThat(ok.hbaBlock().lines().filter(l -> !l.startsWith("#"))).allMatch(l -> l.startsWith("hostssl replication "));
        String hba = "local all all scram-sha-256\n";
        assertThat(ReplicationListener.withoutBlock(hba + ok.hbaBlock())).isEqualTo(hba);
        assertThat(ReplicationListener.of(Replication.OFF, 0).hbaBlock()).isEmpty();
    }

    @Test
    void theSettingsBindFromEnvironmentVariablesAsTheReadmeWritesThem() {
        var environment = new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "STRONGROOM_DATABASE_EMBEDDED_PORT", "5433",
                "STRONGROOM_DATABASE_EMBEDDED_REPLICATION_LISTENADDRESS", "10.0.0.5",
                "STRONGROOM_DATABASE_EMBEDDED_REPLICATION_ALLOWEDCLIENTS", "10.1.0.0/16,10.2.0.0/16",
                "STRONGROOM_DATABASE_EMBEDDED_REPLICATION_HOSTNAMES", "db1.example.com"));
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(environment));
        DatabaseProperties bound = binder.bindOrCreate("strongroom.database", DatabaseProperties.class);
        assertThat(bound.embedded().port()).isEqualTo(5433);
        assertThat(bound.embedded().replication())
                .isEqualTo(new Replication("10.0.0.5", List.of("10.1.0.0/16", "10.2.0.0/16"), List.of("db1.example.com")));
        DatabaseProperties unset = new org.springframework.boot.context.properties.bind.Binder()
                .bindOrCreate("strongroom.database", DatabaseProperties.class);
        assertThat(unset.embedded().replication().enabled()).as("off by default").isFalse();
    }

    private static void assertRefused(ThrowingConnect connect) {
        assertThatThrownBy(() -> connect.open().close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("pg_hba.conf");
    }

    interface ThrowingConnect {
        Connection open() throws SQLException;
    }

    private static Connection replication(String from, int port, String user, String password, String sslmode)
            throws SQLException {
        Properties p = properties(from, user, password, sslmode);
        p.setProperty("replication", "true");
        p.setProperty("assumeMinServerVersion", "9.4");
        p.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.2:" + port + "/postgres", p);
    }

    private static Connection ordinary(String from, int port, String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.2:" + port + "/strongroom",
                properties(from, user, password, "require"));
    }

    private static Properties properties(String from, String user, String password, String sslmode) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslmode", sslmode);
        p.setProperty("localSocketAddress", from);
        p.setProperty("connectTimeout", "10");
        return p;
    }

    private static JdbcClient jdbc(int port, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        ds.setUser(user);
        ds.setPassword(password);
        return JdbcClient.create(ds);
    }

    private static String secret(Path file, String key) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p.getProperty(key);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
