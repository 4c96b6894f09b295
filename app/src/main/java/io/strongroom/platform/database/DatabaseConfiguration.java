package io.strongroom.platform.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;

/**
 * Database wiring: the server (embedded or external), Flyway migrations run as the owner role,
 * the runtime connection pool, and the tenant-binding transaction manager.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    @Bean
    DatabaseServer databaseServer(DatabaseProperties properties, @Value("${strongroom.home}") Path home) {
        if (!properties.isExternal()) {
            return EmbeddedDatabaseServer.start(home, properties.embedded().port(), properties.embedded().durable());
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
