package io.strongroom.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The raw limit for the database scenarios: the statements Strongroom sends for a request, sent
 * through plain JDBC and HikariCP with the application's pool size, as the same runtime role
 * (so under the same row-level security), without HTTP, TLS, tokens, JSON or Spring.
 */
final class RawJdbc implements AutoCloseable {

    static final String COLUMNS = io.strongroom.bench.bare.BareReadServer.COLUMNS;

    private final HikariDataSource pool;

    RawJdbc(StrongroomServer server, int poolSize) throws java.io.IOException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("raw-jdbc");
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername("strongroom_app");
        config.setPassword(server.databasePassword("runtime"));
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setAutoCommit(false);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        this.pool = new HikariDataSource(config);
    }

    /** Strongroom's read of one person: bind the tenant for the transaction, select the row, read every column. */
    Map<String, Object> read(UUID tenant, UUID id) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                bind(c, tenant);
                Map<String, Object> row = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement("select " + COLUMNS
                        + " from employee where tenant_id = ? and id = ?")) {
                    s.setObject(1, tenant);
                    s.setObject(2, id);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            throw new SQLException("no such person " + id);
                        }
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                        }
                    }
                }
                c.commit();
                return row;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Strongroom's update of one person with its audit record: bind the tenant, update the row
     * (optimistic version check), lock the tenant's audit chain head, insert the hash-chained audit
     * record, advance the head, commit.
     */
    void update(UUID tenant, UUID id, String jobTitle) throws Exception {
        try (Connection c = pool.getConnection()) {
            try {
                bind(c, tenant);
                int version;
                // the current row (for the diff and the version check), as Strongroom reads it
                try (PreparedStatement s = c.prepareStatement("select " + COLUMNS
                        + " from employee where tenant_id = ? and id = ?")) {
                    s.setObject(1, tenant);
                    s.setObject(2, id);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        version = rs.getInt("version");
                    }
                }
                try (PreparedStatement s = c.prepareStatement("update employee set version = version + 1, "
                        + "updated_at = now(), job_title = ? where tenant_id = ? and id = ? and version = ?")) {
                    s.setString(1, jobTitle);
                    s.setObject(2, tenant);
                    s.setObject(3, id);
                    s.setInt(4, version);
                    if (s.executeUpdate() != 1) {
                        throw new SQLException("concurrent change");
                    }
                }
                try (PreparedStatement s = c.prepareStatement("insert into audit_chain_head (tenant_id, last_seq, "
                        + "last_hash) values (?, 0, ?) on conflict (tenant_id) do nothing")) {
                    s.setObject(1, tenant);
                    s.setBytes(2, new byte[32]);
                    s.executeUpdate();
                }
                long seq;
                byte[] prev;
                try (PreparedStatement s = c.prepareStatement("select last_seq, last_hash from audit_chain_head "
                        + "where tenant_id = ? for update")) {
                    s.setObject(1, tenant);
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        seq = rs.getLong(1) + 1;
                        prev = rs.getBytes(2);
                    }
                }
                String diff = "{\"job_title\":{\"from\":\"?\",\"to\":\"" + jobTitle + "\"}}";
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(prev);
                sha.update(diff.getBytes(StandardCharsets.UTF_8));
                byte[] hash = sha.digest();
                try (PreparedStatement s = c.prepareStatement("""
                        insert into audit_event (tenant_id, seq, id, occurred_at, actor_type, actor_user_id, actor_email,
                            client_ip, user_agent, request_id, app_version, app_commit, action, target_type, target_id,
                            outcome, reason, diff, details, personal_diff, prev_hash, hash)
                        values (?, ?, ?, ?, 'user', null, 'raw@bench.example', '127.0.0.1', 'raw-jdbc', ?, 'bench',
                            'bench', 'employee.updated', 'employee', ?, 'success', null, cast(? as jsonb),
                            cast('{}' as jsonb), null, ?, ?)
                        """)) {
                    s.setObject(1, tenant);
                    s.setLong(2, seq);
                    s.setObject(3, UUID.randomUUID());
                    s.setTimestamp(4, Timestamp.from(Instant.now()));
                    s.setString(5, UUID.randomUUID().toString());
                    s.setString(6, id.toString());
                    s.setString(7, diff);
                    s.setBytes(8, prev);
                    s.setBytes(9, hash);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("update audit_chain_head set last_seq = ?, last_hash = ? "
                        + "where tenant_id = ?")) {
                    s.setLong(1, seq);
                    s.setBytes(2, hash);
                    s.setObject(3, tenant);
                    s.executeUpdate();
                }
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void bind(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
            s.setString(1, tenant.toString());
            s.executeQuery().close();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
