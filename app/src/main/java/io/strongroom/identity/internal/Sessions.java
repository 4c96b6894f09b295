package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.identity.PermissionsProvider;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.TenantDirectory;

/**
 * Sessions: created at sign-in, continued through rotating refresh tokens, ended by sign-out,
 * revocation, idle timeout or absolute lifetime. Presenting a refresh token that was already
 * rotated is taken as theft: the whole session ends, the event is recorded and the user is told.
 */
@Component
class Sessions {

    private final SessionRepository sessions;
    private final UserRepository users;
    private final SecuritySettingsRepository settings;
    private final AccessTokens accessTokens;
    private final PermissionsProvider permissions;
    private final TransactionTemplate transactions;
    private final IdentityEvents events;
    private final Notices notices;
    private final TenantDirectory tenants;
    private final Clock clock;
    private final MultiFactor multiFactor;
    private final NetworkPolicy networks;

    /** The {@code amr} value of a sign-in with more than one factor (RFC 8176). */
    static final String MFA = "mfa";

    Sessions(SessionRepository sessions, UserRepository users, SecuritySettingsRepository settings,
            AccessTokens accessTokens, PermissionsProvider permissions, TransactionTemplate transactions,
            IdentityEvents events, Notices notices, TenantDirectory tenants, Clock clock, MultiFactor multiFactor,
            NetworkPolicy networks) {
        this.multiFactor = multiFactor;
        this.networks = networks;
        this.sessions = sessions;
        this.users = users;
        this.settings = settings;
        this.accessTokens = accessTokens;
        this.permissions = permissions;
        this.transactions = transactions;
        this.events = events;
        this.notices = notices;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Starts a session for a user who just proved who they are; call inside the bound tenant's transaction. */
    IssuedTokens start(UUID userId, String amr) {
        return start(userId, amr, null);
    }

    /** As {@link #start(UUID, String)}, for a session begun on a remembered device (forgetting it ends the session). */
    IssuedTokens start(UUID userId, String amr, UUID rememberedDevice) {
        Instant now = clock.instant();
        ClientRequest request = ClientRequest.current().orElse(null);
        SecuritySettings policy = settings.current();
        UUID sessionId = Ids.newId();
        sessions.insertSession(sessionId, userId, now, now.plus(policy.sessionAbsolute()),
                request == null ? null : request.clientIp(), request == null ? null : request.userAgent(), amr,
                rememberedDevice);
        return issue(userId, sessionId, amr, now, now, now.plus(policy.sessionAbsolute()));
    }

    /** Exchanges a refresh token for a new pair; empty when the token does not continue a live session. */
    Optional<IssuedTokens> refresh(String refreshToken) {
        Optional<UUID> tenant = OpaqueTokens.tenantOf(OpaqueTokens.REFRESH, refreshToken);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        return TenantContext.callAs(tenant.get(), () -> {
            RefreshOutcome outcome = transactions.execute(tx -> refreshInTenant(refreshToken));
            if (outcome.reason() != null) {
                // an unknown token may name any tenant, real or not: only a known session's tenant gets the record
                events.failure(Type.SESSION_REFRESHED, outcome.userId() == null ? null : tenant.get(), outcome.userId(),
                        null, outcome.reason(),
                        outcome.sessionId() == null ? Map.of() : Map.of("session_id", outcome.sessionId().toString()));
            }
            return Optional.ofNullable(outcome.tokens());
        });
    }

    private RefreshOutcome refreshInTenant(String refreshToken) {
        Instant now = clock.instant();
        var row = sessions.lockRefreshToken(OpaqueTokens.hash(refreshToken));
        if (row.isEmpty()) {
            return RefreshOutcome.refused(null, null, "unknown_refresh_token");
        }
        var token = row.get();
        if (token.revokedAt() != null) {
            return RefreshOutcome.refused(token.userId(), token.sessionId(), "session_ended");
        }
        if (token.rotatedAt() != null) {
            reuseDetected(token, now);
            return RefreshOutcome.refused(token.userId(), token.sessionId(), "refresh_token_reused");
        }
        SecuritySettings policy = settings.current();
        if (!now.isBefore(token.absoluteExpiresAt())) {
            sessions.revoke(token.userId(), token.sessionId(), "expired", now);
            return RefreshOutcome.refused(token.userId(), token.sessionId(), "session_expired");
        }
        if (!now.isBefore(token.lastUsedAt().plus(policy.sessionIdle()))) {
            sessions.revoke(token.userId(), token.sessionId(), "idle", now);
            return RefreshOutcome.refused(token.userId(), token.sessionId(), "session_idle");
        }
        var user = users.findById(token.userId());
        if (user.isEmpty() || !user.get().active()) {
            sessions.revoke(token.userId(), token.sessionId(), "user_inactive", now);
            return RefreshOutcome.refused(token.userId(), token.sessionId(), "user_inactive");
        }
        String clientIp = ClientRequest.current().map(ClientRequest::clientIp).orElse(null);
        if (!networks.allows(TenantContext.require(), clientIp)) {
            return RefreshOutcome.refused(token.userId(), token.sessionId(), "network_not_allowed");
        }
        // a session begun with a password alone does not outlive a policy that now requires a second
        // factor of this user: it ends, and the next sign-in asks for the factor (or its enrolment)
        // (a session begun on a remembered device skipped the factor with the workspace's consent)
        if (!amr(token.amr()).contains(MFA) && !amr(token.amr()).contains(RememberedDevices.AMR)
                && multiFactor.requiredWithoutGrace(token.userId())) {
            sessions.revoke(token.userId(), token.sessionId(), "mfa_required", now);
            return RefreshOutcome.refused(token.userId(), token.sessionId(), "mfa_required");
        }
        sessions.markRotated(token.tokenId(), now);
        ClientRequest request = ClientRequest.current().orElse(null);
        sessions.touch(token.sessionId(), now, request == null ? null : request.clientIp(),
                request == null ? null : request.userAgent());
        IssuedTokens tokens = issue(token.userId(), token.sessionId(), token.amr(), token.authenticatedAt(), now,
                token.absoluteExpiresAt());
        return new RefreshOutcome(tokens, token.userId(), token.sessionId(), null);
    }

    private void reuseDetected(SessionRepository.RefreshRow token, Instant now) {
        sessions.revoke(token.userId(), token.sessionId(), "refresh_token_reused", now);
        var user = users.findById(token.userId());
        String ip = ClientRequest.current().map(ClientRequest::clientIp).orElse(null);
        user.ifPresent(u -> notices.refreshTokenReused(u.email(), workspace(), ip, now));
        events.publish(Type.REFRESH_TOKEN_REUSED, TenantContext.require(), token.userId(), null,
                user.map(UserRepository.UserRecord::email).orElse(null), io.strongroom.identity.IdentityEvent.Outcome.DENIED,
                "refresh_token_reused", Map.of("session_id", token.sessionId().toString()));
    }

    /** A new access token for a session that just stepped up (the refresh token stays as it is). */
    String accessToken(UUID userId, UUID sessionId, String amr, Instant authTime) {
        return accessTokens.issue(userId, TenantContext.require(), sessionId, amr(amr), authTime,
                permissions.permissionsOf(userId));
    }

    long accessTokenSeconds() {
        return accessTokens.lifetime().toSeconds();
    }

    /** The methods a session's sign-in used, as stored (space-separated RFC 8176 values). */
    static List<String> amr(String stored) {
        return stored == null || stored.isBlank() ? List.of() : List.of(stored.strip().split(" +"));
    }

    private IssuedTokens issue(UUID userId, UUID sessionId, String amr, Instant authTime, Instant now,
            Instant sessionExpiresAt) {
        String refresh = OpaqueTokens.generate(OpaqueTokens.REFRESH, TenantContext.require());
        sessions.insertRefreshToken(sessionId, OpaqueTokens.hash(refresh), now);
        String access = accessTokens.issue(userId, TenantContext.require(), sessionId, amr(amr), authTime,
                permissions.permissionsOf(userId));
        return new IssuedTokens(access, accessTokens.lifetime().toSeconds(), refresh, sessionId, userId,
                TenantContext.require(), sessionExpiresAt);
    }

    String workspace() {
        return tenants.current().map(t -> t.workspace()).orElse("");
    }

    /** @param reason null when the refresh succeeded */
    private record RefreshOutcome(IssuedTokens tokens, UUID userId, UUID sessionId, String reason) {

        static RefreshOutcome refused(UUID userId, UUID sessionId, String reason) {
            return new RefreshOutcome(null, userId, sessionId, reason);
        }
    }

    /** A new token pair. {@code toString} hides both tokens. */
    record IssuedTokens(String accessToken, long expiresIn, String refreshToken, UUID sessionId, UUID userId,
            UUID tenantId, Instant sessionExpiresAt) {

        @Override
        public String toString() {
            return "IssuedTokens[session=" + sessionId + ", user=" + userId + "]";
        }
    }
}
