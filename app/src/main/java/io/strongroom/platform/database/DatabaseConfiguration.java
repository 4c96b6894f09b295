package io.strongroom.platform.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.strongroom.platform.MaintenanceConnections;
import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;

/**
 * Database wiring: the server (embedded or external), Flyway migrations run as the owner role,
 * the runtime connection pool, and the tenant-binding transaction manager.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean
    DatabaseServer databaseServer(DatabaseProperties properties, @Value("${strongroom.home}") Path home) {
        if (!properties.isExternal()) {
            EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(home, properties.embedded().port(),
                    properties.embedded().durable(), properties.embedded().replication());
            if (server.standby()) {
                server.close();
                throw new DatabaseIsStandbyException(home);
            }
            return server;
        }
        require(properties.username(), "strongroom.database.username (the runtime role)");
        require(properties.owner().username(), "strongroom.database.owner.username (the migration role)");
        if (properties.username().equals(properties.owner().username())) {
            throw new IllegalStateException("The runtime role must differ from the owner role: "
                    + "a role that owns the tables could switch row-level security off");
        }
        return new DatabaseServer.External(properties.url(),
                new DatabaseServer.Credentials(properties.owner().username(), properties.owner().password()),
                new DatabaseServer.Credentials(properties.username(), properties.password()));
    }

    @Bean
    Flyway flyway(DatabaseServer server) {
        return Migrations.migrate(server);
    }

    @Bean
    HikariDataSource dataSource(DatabaseServer server, DatabaseProperties properties, Flyway migrated) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("strongroom");
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.runtime().username());
        config.setPassword(server.runtime().password());
        config.setMaximumPoolSize(properties.pool().size());
        // fail fast: a request that cannot get a connection within this is answered 503, not held for 30 s
        config.setConnectionTimeout(properties.pool().connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(1_000, properties.pool().connectionTimeout().toMillis()));
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("ApplicationName", "strongroom");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource dataSource = new HikariDataSource(config);
        RuntimeRoleCheck.verify(dataSource);
        return dataSource;
    }

    /** LISTEN/NOTIFY for every module; needs the migrated schema (its channels are announced by triggers). */
    @Bean
    PgNotificationListener databaseNotifications(DatabaseServer server, Flyway migrated) {
        return new PgNotificationListener(server);
    }

    /**
     * {@code strongroom_database_reachable}: 1 while the notification listener's connection has
     * answered within the last 5 s (it asks every 500 ms), 0 otherwise; the "database down" alert.
     */
    @Bean
    MeterBinder databaseReachable(PgNotificationListener listener) {
        return registry -> Gauge.builder("strongroom.database.reachable", listener,
                        l -> l.confirmedWithin(Duration.ofSeconds(5)) ? 1 : 0)
                .description("1 while the database answered within the last 5 seconds").register(registry);
    }

    /**
     * Corruption detection, the first part of B6: {@code strongroom_database_data_checksums} (1 when
     * the server computes page checksums: PostgreSQL 18's {@code initdb} default, so always for the
     * embedded server; an external server without them is warned about at start) and
     * {@code strongroom_database_checksum_failures_total} (the server's count of pages that failed
     * their checksum, {@code pg_stat_database.checksum_failures}; the "data corruption" alert).
     * Read at each scrape; while the database cannot answer, the last value read stands.
     */
    @Bean
    MeterBinder databaseIntegrity(DataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        AtomicLong checksums = new AtomicLong(-1);
        AtomicLong failures = new AtomicLong();
        try {
            boolean on = "on".equals(jdbc.sql("show data_checksums").query(String.class).single());
            checksums.set(on ? 1 : 0);
            if (!on) {
                log.warn("Data checksums are off on the database server: corrupted pages cannot be detected. "
                        + "Enable them with pg_checksums --enable while the server is stopped.");
            }
        } catch (RuntimeException e) {
            log.warn("Cannot read whether the database computes data checksums: {}", e.getMessage());
        }
        return registry -> {
            Gauge.builder("strongroom.database.data.checksums", checksums, AtomicLong::get)
                    .description("1 when the database server computes page checksums (corruption is detected)")
                    .register(registry);
            FunctionCounter.builder("strongroom.database.checksum.failures", failures, last -> {
                        try {
                            last.set(jdbc.sql("select coalesce(sum(checksum_failures), 0) from pg_stat_database")
                                    .query(Long.class).single());
                        } catch (RuntimeException e) {
                            // the database is unreachable: the last count stands (the "database down" alert speaks)
                        }
                        return last.get();
                    })
                    .description("Pages whose checksum failed when the database server read them")
                    .register(registry);
        };
    }

    /**
     * The standby (B8), seen from the primary through its physical replication slots (readable by any
     * role): {@code strongroom_database_standby_streaming} 1 while every standby streams, 0 when one
     * does not (disconnected, or given up because it fell {@code max_slot_wal_keep_size} behind);
     * {@code strongroom_database_standby_lag_bytes}, the WAL the furthest-behind standby has not
     * confirmed yet. Both are NaN without a standby.
     */
    @Bean
    MeterBinder standbyReplication(DataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return registry -> {
            Gauge.builder("strongroom.database.standby.streaming", jdbc, j -> slots(j,
                            "min(case when active and wal_status <> 'lost' then 1 else 0 end)"))
                    .description("1 while every standby streams from this primary, 0 when one does not; NaN without one")
                    .register(registry);
            Gauge.builder("strongroom.database.standby.lag", jdbc, j -> slots(j,
                            "max(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn))"))
                    .baseUnit("bytes")
                    .description("WAL written on this primary that the furthest-behind standby has not confirmed")
                    .register(registry);
        };
    }

    private static double slots(JdbcClient jdbc, String aggregate) {
        try {
            Double value = jdbc.sql("select " + aggregate + "::float8 from pg_replication_slots where slot_type = 'physical'")
                    .query(Double.class).single();
            return value == null ? Double.NaN : value;
        } catch (RuntimeException e) {
            return Double.NaN; // unreachable (its own alert speaks) or itself in recovery
        }
    }

    /** The maintenance role's connections (see {@link DatabaseServer#maintenance()}). */
    @Bean
    MaintenanceConnections maintenanceConnections(DatabaseServer server) {
        return () -> server.maintenance().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(java.sql.DriverManager.getConnection(server.jdbcUrl(),
                        server.maintenance().get().username(), server.maintenance().get().password()));
    }

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new TenantBindingTransactionManager(dataSource);
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("With strongroom.database.url set, " + name + " must be set too");
        }
    }

    /** Every module's tenant tables, in dependency order (see {@link TenantDataRegistry}). */
    @Bean
    TenantDataRegistry tenantDataRegistry(List<TenantTable> tables) {
        return new TenantDataRegistry(tables);
    }
}
