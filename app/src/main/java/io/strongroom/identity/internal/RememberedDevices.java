package io.strongroom.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Remembered devices (A6): where a workspace allows it (off by default, at most 90 days), a user who
 * just signed in with a second factor may ask that this device be remembered. The device gets a
 * random token in a cookie (the hash is kept), and a correct password on it then starts a session
 * without the second factor. Such a session's {@code amr} is {@code pwd device}: it has no
 * {@code mfa}, so sensitive actions still ask for the factor. The user sees their remembered devices
 * and forgets any of them, which also ends the sessions begun on it. Works in the caller's
 * transaction, bound to the tenant.
 */
@Component
class RememberedDevices {

    static final String COOKIE = "__Host-sr-remember";
    /** The {@code amr} value of a sign-in whose second factor was skipped on a remembered device. */
    static final String AMR = "device";

    private final JdbcClient jdbc;
    private final SecuritySettingsRepository settings;
    private final SessionRepository sessions;
    private final IdentityEvents events;
    private final Clock clock;

    RememberedDevices(JdbcClient jdbc, SecuritySettingsRepository settings, SessionRepository sessions,
            IdentityEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    /** A remembered device as its owner sees it. */
    record Device(UUID id, String label, String clientIp, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {
    }

    /** How many days the workspace remembers devices; 0: not at all. */
    int days() {
        return settings.mfaPolicy().rememberDeviceDays();
    }

    /** Remembers the current device for the user, when the workspace allows it: the cookie's token. */
    Optional<String> remember(UUID userId) {
        int days = days();
        if (days == 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        ClientRequest request = ClientRequest.current().orElse(null);
        String agent = request == null || request.userAgent() == null ? "" : request.userAgent();
        String token = OpaqueTokens.generate(OpaqueTokens.REMEMBERED_DEVICE, TenantContext.require());
        jdbc.sql("delete from remembered_device where tenant_id = :tenant and expires_at < :now")
                .param("tenant", TenantContext.require()).param("now", Timestamp.from(now)).update();
        jdbc.sql("""
                insert into remembered_device (tenant_id, id, user_id, token_hash, label, client_ip, created_at, expires_at)
                values (:tenant, :id, :user, :hash, :label, :ip, :now, :expires)""")
                .param("tenant", TenantContext.require()).param("id", Ids.newId()).param("user", userId)
                .param("hash", OpaqueTokens.hash(token))
                .param("label", agent.length() > 200 ? agent.substring(0, 200) : agent)
                .param("ip", request == null ? null : request.clientIp()).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(Duration.ofDays(days)))).update();
        return Optional.of(token);
    }

    /**
     * The user's remembered device this cookie names, when it is live and the workspace still remembers
     * devices (a device remembered for longer than the workspace now allows is not recognised).
     */
    Optional<UUID> recognise(UUID userId, Optional<String> cookie) {
        int days = days();
        if (days == 0 || cookie.isEmpty() || cookie.get().length() > 200
                || OpaqueTokens.tenantOf(OpaqueTokens.REMEMBERED_DEVICE, cookie.get())
                        .filter(TenantContext.require()::equals).isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<UUID> device = jdbc.sql("""
                update remembered_device set last_used_at = :now
                 where tenant_id = :tenant and user_id = :user and token_hash = :hash and expires_at > :now
                   and created_at > :since
                returning id""")
                .param("tenant", TenantContext.require()).param("user", userId)
                .param("hash", OpaqueTokens.hash(cookie.get())).param("now", Timestamp.from(now))
                .param("since", Timestamp.from(now.minus(Duration.ofDays(days)))).query(UUID.class).optional();
        return device;
    }

    List<Device> devices(UUID userId) {
        return jdbc.sql("""
                select id, label, client_ip, created_at, expires_at, last_used_at from remembered_device
                 where tenant_id = :tenant and user_id = :user and expires_at > :now order by created_at desc""")
                .param("tenant", TenantContext.require()).param("user", userId)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, n) -> new Device(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .list();
    }

    /** Forgets one of the user's devices and ends the sessions begun on it. */
    void forget(UUID userId, UUID deviceId) {
        Instant now = clock.instant();
        int removed = jdbc.sql("delete from remembered_device where tenant_id = :tenant and user_id = :user and id = :id")
                .param("tenant", TenantContext.require()).param("user", userId).param("id", deviceId).update();
        if (removed == 0) {
            throw ApiProblem.notFound("The device");
        }
        List<UUID> begunOnIt = jdbc.sql("""
                select id from auth_session where tenant_id = :tenant and user_id = :user
                   and remembered_device_id = :device and revoked_at is null""")
                .param("tenant", TenantContext.require()).param("user", userId).param("device", deviceId)
                .query(UUID.class).list();
        begunOnIt.forEach(session -> sessions.revoke(userId, session, "device_forgotten", now));
        events.success(Type.DEVICE_FORGOTTEN, TenantContext.require(), userId,
                io.strongroom.identity.Caller.current().map(io.strongroom.identity.Caller::userId).orElse(userId), null,
                Map.of("device_id", deviceId.toString(), "sessions_ended", begunOnIt.size()));
    }

    /** Sets the cookie of a remembered device (as long as the workspace remembers it). */
    void writeCookie(HttpServletResponse response, String token) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(COOKIE, token).httpOnly(true).secure(true)
                .sameSite("Strict").path("/").maxAge(Duration.ofDays(90)).build().toString());
    }
}
