package io.strongroom.platform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

import io.strongroom.platform.TenantContext;

/**
 * The one place that binds the tenant to the database: at the start of every transaction it runs
 * {@code set_config('app.tenant_id', <tenant or ''>, true)}. The setting is transaction-local, so
 * it ends with the transaction and a pooled connection never carries a tenant into the next one;
 * with no tenant bound it is explicitly empty, which row-level security treats as "no rows".
 */
public class TenantBindingTransactionManager extends JdbcTransactionManager {

    static final String BIND_TENANT = "select set_config('app.tenant_id', ?, true)";

    public TenantBindingTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        String tenant = TenantContext.current().map(Object::toString).orElse("");
        try (PreparedStatement statement = connection.prepareStatement(BIND_TENANT)) {
            statement.setString(1, tenant);
            statement.execute();
        }
    }
}
