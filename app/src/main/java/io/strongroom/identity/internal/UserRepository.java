package io.strongroom.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.platform.SqlLike;
import io.strongroom.platform.TenantContext;

/**
 * Users of the tenant bound to the current transaction. Every statement names the tenant
 * explicitly as well (application-level isolation); row-level security enforces it again.
 */
@Repository
class UserRepository {

    private static final String COLUMNS = """
            id, email, display_name, status, password_hash, failed_attempts, locked_until,
            last_lock_notice_at, last_sign_in_at""";

    private static final String TABLE = "app_user";
    private static final String PASSWORD_HASH = "password_hash";

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;

    /**
     * Password hashes (Argon2id) are stored encrypted under the tenant's key as well (E2, E4): a copy
     * of the database alone gives nothing to run a password-guessing attack against.
     */
    UserRepository(JdbcClient jdbc, FieldEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    private byte[] sealedHash(UUID id, String hash) {
        return encryption.encrypt(TABLE, PASSWORD_HASH, id, hash);
    }

    void insert(UUID id, String email, String displayName, String status, String passwordHash, Instant now) {
        jdbc.sql("""
                insert into app_user (tenant_id, id, email, display_name, status, password_hash, password_changed_at,
                                      created_at, updated_at)
                values (:tenant, :id, :email, :displayName, :status, :passwordHash, :now, :now, :now)
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("email", email)
                .param("displayName", displayName)
                .param("status", status)
                .param("passwordHash", sealedHash(id, passwordHash))
                .param("now", Timestamp.from(now))
                .update();
    }

    Optional<UserRecord> findByEmail(String email) {
        return select("lower(email) = lower(:value)", email, "");
    }

    /** Display names by id, of the users among {@code ids}. */
    java.util.Map<UUID, String> displayNames(java.util.Set<UUID> ids) {
        java.util.Map<UUID, String> names = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("select id, display_name from app_user where tenant_id = :tenant and id in (:ids)")
                    .param("tenant", TenantContext.require()).param("ids", List.copyOf(ids))
                    .query(rs -> {
                        names.put(rs.getObject("id", UUID.class), rs.getString("display_name"));
                    });
        }
        return names;
    }

    Optional<UserRecord> findById(UUID id) {
        return select("id = :value", id, "");
    }

    /** Locks the user's row for the rest of the transaction. */
    Optional<UserRecord> lockById(UUID id) {
        return select("id = :value", id, " for update");
    }

    private Optional<UserRecord> select(String condition, Object value, String suffix) {
        return jdbc.sql("select " + COLUMNS + " from app_user where tenant_id = :tenant and " + condition + suffix)
                .param("tenant", TenantContext.require())
                .param("value", value)
                .query(this::map)
                .optional();
    }

    /** Counts one more failure and returns the new count (atomic under concurrent attempts). */
    int recordFailure(UUID id) {
        return jdbc.sql("""
                update app_user set failed_attempts = failed_attempts + 1
                 where tenant_id = :tenant and id = :id returning failed_attempts
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .query(Integer.class)
                .single();
    }

    void lockUntil(UUID id, Instant until, boolean noticeSent, Instant now) {
        jdbc.sql("""
                update app_user set locked_until = :until,
                       last_lock_notice_at = case when :noticeSent then :now else last_lock_notice_at end
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("until", Timestamp.from(until))
                .param("noticeSent", noticeSent)
                .param("now", Timestamp.from(now))
                .update();
    }

    void recordSuccess(UUID id, Instant now) {
        jdbc.sql("""
                update app_user set failed_attempts = 0, locked_until = null, last_sign_in_at = :now
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update();
    }

    boolean unlock(UUID id, Instant now) {
        return jdbc.sql("""
                update app_user set failed_attempts = 0, locked_until = null, updated_at = :now
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    void setPasswordHash(UUID id, String hash, Instant now) {
        jdbc.sql("""
                update app_user set password_hash = :hash, password_changed_at = :now, updated_at = :now,
                       failed_attempts = 0, locked_until = null
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("hash", sealedHash(id, hash))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Replaces the hash only if it is still the one verified (a transparent parameter upgrade). */
    void upgradeHash(UUID id, String oldHash, String newHash) {
        byte[] stored = jdbc.sql("select password_hash from app_user where tenant_id = :tenant and id = :id for update")
                .param("tenant", TenantContext.require()).param("id", id)
                .query((rs, n) -> rs.getBytes(1)).optional().orElse(null);
        if (stored == null || !oldHash.equals(encryption.decrypt(TABLE, PASSWORD_HASH, id, stored))) {
            return; // changed meanwhile
        }
        jdbc.sql("update app_user set password_hash = :newHash where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("newHash", sealedHash(id, newHash))
                .update();
    }

    boolean setStatus(UUID id, String status, Instant now) {
        return jdbc.sql("update app_user set status = :status, updated_at = :now where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("status", status)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** A new address and name (a directory's change through SCIM); false if the user is not there. */
    boolean updateProfile(UUID id, String email, String displayName, Instant now) {
        return jdbc.sql("""
                update app_user set email = :email, display_name = :name, updated_at = :now
                 where tenant_id = :tenant and id = :id
                """).param("tenant", TenantContext.require()).param("id", id).param("email", email)
                .param("name", displayName).param("now", Timestamp.from(now)).update() == 1;
    }

    /** Users ordered by id (creation order), optionally filtered by a name/e-mail substring and status. */
    java.util.List<Listed> list(String query, String status, UUID after, int limit) {
        StringBuilder sql = new StringBuilder("""
                select id, email, display_name, status, locked_until, last_sign_in_at, created_at
                  from app_user where tenant_id = :tenant""");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("tenant", TenantContext.require());
        if (query != null) {
            sql.append(" and (lower(email) like :q escape '\\' or lower(display_name) like :q escape '\\')");
            params.put("q", SqlLike.containsLowerCase(query));
        }
        if (status != null) {
            sql.append(" and status = :status");
            params.put("status", status);
        }
        if (after != null) {
            sql.append(" and id > :after");
            params.put("after", after);
        }
        sql.append(" order by id limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> new Listed(rs.getObject("id", UUID.class),
                rs.getString("email"), rs.getString("display_name"), rs.getString("status"),
                rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant(),
                rs.getTimestamp("last_sign_in_at") == null ? null : rs.getTimestamp("last_sign_in_at").toInstant(),
                rs.getTimestamp("created_at").toInstant())).list();
    }

    Optional<Listed> listed(UUID id) {
        return jdbc.sql("""
                select id, email, display_name, status, locked_until, last_sign_in_at, created_at
                  from app_user where tenant_id = :tenant and id = :id""")
                .param("tenant", TenantContext.require()).param("id", id)
                .query((rs, n) -> new Listed(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("display_name"), rs.getString("status"),
                        rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant(),
                        rs.getTimestamp("last_sign_in_at") == null ? null : rs.getTimestamp("last_sign_in_at").toInstant(),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    boolean delete(UUID id) {
        return jdbc.sql("delete from app_user where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", id)
                .update() == 1;
    }

    void activate(UUID id, String hash, Instant now) {
        jdbc.sql("""
                update app_user set status = 'active', password_hash = :hash, password_changed_at = :now, updated_at = :now
                 where tenant_id = :tenant and id = :id and status = 'invited'
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("hash", sealedHash(id, hash))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** An invited user who signed in through the workspace's identity provider: active, with no password. */
    boolean activateThroughProvider(UUID id, Instant now) {
        return jdbc.sql("""
                update app_user set status = 'active', updated_at = :now
                 where tenant_id = :tenant and id = :id and status = 'invited'
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** A row of the administrators' user list. */
    record Listed(UUID id, String email, String displayName, String status, Instant lockedUntil, Instant lastSignInAt,
            Instant createdAt) {
    }

    private UserRecord map(ResultSet rs, int row) throws SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        Timestamp notice = rs.getTimestamp("last_lock_notice_at");
        Timestamp signIn = rs.getTimestamp("last_sign_in_at");
        UUID id = rs.getObject("id", UUID.class);
        return new UserRecord(id, rs.getString("email"), rs.getString("display_name"),
                rs.getString("status"), encryption.decrypt(TABLE, PASSWORD_HASH, id, rs.getBytes(PASSWORD_HASH)),
                rs.getInt("failed_attempts"),
                locked == null ? null : locked.toInstant(), notice == null ? null : notice.toInstant(),
                signIn == null ? null : signIn.toInstant());
    }

    /** A user row; {@code toString} hides the hash. */
    record UserRecord(UUID id, String email, String displayName, String status, String passwordHash,
            int failedAttempts, Instant lockedUntil, Instant lastLockNoticeAt, Instant lastSignInAt) {

        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }

        boolean active() {
            return "active".equals(status);
        }

        @Override
        public String toString() {
            return "UserRecord[id=" + id + ", email=" + email + ", status=" + status + "]";
        }
    }
}
