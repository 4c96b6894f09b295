package io.strongroom.identity.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.platform.TenantContext;

/** Single-use e-mail tokens of the bound tenant, stored as SHA-256 hashes. */
@Repository
class OneTimeTokenRepository {

    private final JdbcClient jdbc;

    OneTimeTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, UUID userId, String purpose, byte[] hash, Instant now, Instant expires) {
        jdbc.sql("""
                insert into one_time_token (tenant_id, id, user_id, purpose, token_hash, created_at, expires_at)
                values (:tenant, :id, :user, :purpose, :hash, :now, :expires)
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("user", userId)
                .param("purpose", purpose).param("hash", hash)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(expires))
                .update();
    }

    Optional<TokenRow> find(byte[] hash) {
        return jdbc.sql("""
                select id, user_id, purpose, expires_at, used_at from one_time_token
                 where tenant_id = :tenant and token_hash = :hash
                """)
                .param("tenant", TenantContext.require()).param("hash", hash)
                .query((rs, n) -> new TokenRow(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
                        rs.getString("purpose"), rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("used_at") == null ? null : rs.getTimestamp("used_at").toInstant()))
                .optional();
    }

    /** Marks the token used; false if it was used already (by a concurrent request). */
    boolean consume(UUID id, Instant now) {
        return jdbc.sql("""
                update one_time_token set used_at = :now
                 where tenant_id = :tenant and id = :id and used_at is null and expires_at > :now
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** Ends every unused token of the user with this purpose (a newer link replaces them). */
    int expireAll(UUID userId, String purpose, Instant now) {
        return jdbc.sql("""
                update one_time_token set used_at = :now
                 where tenant_id = :tenant and user_id = :user and purpose = :purpose and used_at is null
                """)
                .param("tenant", TenantContext.require()).param("user", userId).param("purpose", purpose)
                .param("now", Timestamp.from(now)).update();
    }

    record TokenRow(UUID id, UUID userId, String purpose, Instant expiresAt, Instant usedAt) {

        boolean usable(Instant now) {
            return usedAt == null && expiresAt.isAfter(now);
        }
    }
}
