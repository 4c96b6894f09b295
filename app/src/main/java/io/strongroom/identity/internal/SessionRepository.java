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

import io.strongroom.platform.TenantContext;

/** Sessions and their refresh tokens, in the bound tenant. */
@Repository
class SessionRepository {

    private final JdbcClient jdbc;
    private final SessionRevocations revocations;

    SessionRepository(JdbcClient jdbc, SessionRevocations revocations) {
        this.jdbc = jdbc;
        this.revocations = revocations;
    }

    void insertSession(UUID id, UUID userId, Instant now, Instant absoluteExpiry, String ip, String userAgent, String amr,
            UUID rememberedDevice) {
        jdbc.sql("""
                insert into auth_session (tenant_id, id, user_id, created_at, last_used_at, absolute_expires_at, ip,
                                          user_agent, amr, authenticated_at, remembered_device_id)
                values (:tenant, :id, :user, :now, :now, :expires, :ip, :ua, :amr, :now, :device)
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("user", userId)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(absoluteExpiry))
                .param("ip", ip).param("ua", userAgent).param("amr", amr).param("device", rememberedDevice)
                .update();
    }

    /** A step-up: the session's user proved who they are again, with {@code amr}. False when the session is gone. */
    boolean stepUp(UUID userId, UUID sessionId, String amr, Instant now) {
        return jdbc.sql("""
                update auth_session set amr = :amr, authenticated_at = :now
                 where tenant_id = :tenant and id = :id and user_id = :user and revoked_at is null""")
                .param("tenant", TenantContext.require()).param("id", sessionId).param("user", userId).param("amr", amr)
                .param("now", Timestamp.from(now)).update() == 1;
    }

    void insertRefreshToken(UUID sessionId, byte[] hash, Instant now) {
        jdbc.sql("""
                insert into refresh_token (tenant_id, id, session_id, token_hash, created_at)
                values (:tenant, :id, :session, :hash, :now)
                """)
                .param("tenant", TenantContext.require()).param("id", io.strongroom.platform.Ids.newId())
                .param("session", sessionId).param("hash", hash).param("now", Timestamp.from(now))
                .update();
    }

    /** The refresh token with this hash and its session, both locked for the transaction. */
    Optional<RefreshRow> lockRefreshToken(byte[] hash) {
        return jdbc.sql("""
                select rt.id as token_id, rt.rotated_at, s.id as session_id, s.user_id, s.authenticated_at, s.last_used_at,
                       s.absolute_expires_at, s.revoked_at, s.amr
                  from refresh_token rt
                  join auth_session s on s.tenant_id = rt.tenant_id and s.id = rt.session_id
                 where rt.tenant_id = :tenant and rt.token_hash = :hash
                 for update of rt, s
                """)
                .param("tenant", TenantContext.require()).param("hash", hash)
                .query((rs, n) -> new RefreshRow(rs.getObject("token_id", UUID.class), instant(rs, "rotated_at"),
                        rs.getObject("session_id", UUID.class), rs.getObject("user_id", UUID.class),
                        instant(rs, "authenticated_at"), instant(rs, "last_used_at"), instant(rs, "absolute_expires_at"),
                        instant(rs, "revoked_at"), rs.getString("amr")))
                .optional();
    }

    void markRotated(UUID tokenId, Instant now) {
        jdbc.sql("update refresh_token set rotated_at = :now where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", tokenId).param("now", Timestamp.from(now))
                .update();
    }

    void touch(UUID sessionId, Instant now, String ip, String userAgent) {
        jdbc.sql("""
                update auth_session set last_used_at = :now, ip = coalesce(:ip, ip), user_agent = coalesce(:ua, user_agent)
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require()).param("id", sessionId).param("now", Timestamp.from(now))
                .param("ip", ip).param("ua", userAgent)
                .update();
    }

    /** Ends one session of one user; false if it is not theirs or already ended. */
    boolean revoke(UUID userId, UUID sessionId, String reason, Instant now) {
        List<UUID> ended = jdbc.sql("""
                update auth_session set revoked_at = :now, revoke_reason = :reason
                 where tenant_id = :tenant and user_id = :user and id = :id and revoked_at is null
                returning id
                """)
                .param("tenant", TenantContext.require()).param("user", userId).param("id", sessionId)
                .param("reason", reason).param("now", Timestamp.from(now))
                .query(UUID.class).list();
        ended.forEach(revocations::revokedInThisTransaction);
        return ended.size() == 1;
    }

    /** Ends every session of a user except {@code keep} (may be null); returns how many. */
    int revokeAll(UUID userId, UUID keep, String reason, Instant now) {
        List<UUID> ended = jdbc.sql("""
                update auth_session set revoked_at = :now, revoke_reason = :reason
                 where tenant_id = :tenant and user_id = :user and revoked_at is null
                   and (cast(:keep as uuid) is null or id <> cast(:keep as uuid))
                returning id
                """)
                .param("tenant", TenantContext.require()).param("user", userId).param("keep", keep)
                .param("reason", reason).param("now", Timestamp.from(now))
                .query(UUID.class).list();
        ended.forEach(revocations::revokedInThisTransaction);
        return ended.size();
    }

    List<SessionRow> active(UUID userId, Instant idleCutoff, Instant now) {
        return jdbc.sql("""
                select id, created_at, last_used_at, ip, user_agent from auth_session
                 where tenant_id = :tenant and user_id = :user and revoked_at is null
                   and absolute_expires_at > :now and last_used_at > :idleCutoff
                 order by last_used_at desc
                """)
                .param("tenant", TenantContext.require()).param("user", userId)
                .param("now", Timestamp.from(now)).param("idleCutoff", Timestamp.from(idleCutoff))
                .query((rs, n) -> new SessionRow(rs.getObject("id", UUID.class), instant(rs, "created_at"),
                        instant(rs, "last_used_at"), rs.getString("ip"), rs.getString("user_agent")))
                .list();
    }

    /** Whether the user has signed in before at all, from this IP, and with this user agent. */
    History history(UUID userId, String ip, String userAgent) {
        return jdbc.sql("""
                select count(*) > 0,
                       coalesce(bool_or(ip is not distinct from :ip), false),
                       coalesce(bool_or(user_agent is not distinct from :ua), false)
                  from auth_session where tenant_id = :tenant and user_id = :user
                """)
                .param("tenant", TenantContext.require()).param("user", userId).param("ip", ip).param("ua", userAgent)
                .query((rs, n) -> new History(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)))
                .single();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** @param authenticatedAt when the session's user last proved who they are (sign-in or step-up) */
    record RefreshRow(UUID tokenId, Instant rotatedAt, UUID sessionId, UUID userId, Instant authenticatedAt,
            Instant lastUsedAt, Instant absoluteExpiresAt, Instant revokedAt, String amr) {
    }

    record SessionRow(UUID id, Instant createdAt, Instant lastUsedAt, String ip, String userAgent) {
    }

    record History(boolean any, boolean knownIp, boolean knownUserAgent) {
    }
}
