package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.CurrentUser;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.Tenant;
import io.strongroom.tenancy.TenantDirectory;

/** The signed-in user's own account: {@code /api/v1/me}, password, sessions (A4, A10). */
@RestController
@PreAuthorize("isAuthenticated()")
class MeController {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final SecuritySettingsRepository settings;
    private final TenantDirectory tenants;
    private final Accounts accounts;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MeController(UserRepository users, SessionRepository sessions, SecuritySettingsRepository settings,
            TenantDirectory tenants, Accounts accounts, IdentityEvents events, TransactionTemplate transactions,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.settings = settings;
        this.tenants = tenants;
        this.accounts = accounts;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    @GetMapping("/api/v1/me")
    MeResponse me() {
        CurrentUser me = CurrentUser.require();
        return transactions.execute(tx -> {
            var user = users.findById(me.userId()).orElseThrow(() -> ApiProblem.notFound("The account"));
            Tenant tenant = tenants.current().orElseThrow();
            return new MeResponse(user.id(), user.email(), user.displayName(), user.status(), tenant.id(),
                    tenant.workspace(), tenant.companyName(), me.sessionId(), me.permissions().stream().sorted().toList());
        });
    }

    @PostMapping(path = "/api/v1/me/password", consumes = MediaType.APPLICATION_JSON_VALUE)
    AuthController.PasswordResponse changePassword(@RequestBody ChangePasswordRequest body) {
        CurrentUser me = CurrentUser.require();
        if (body.newPassword() == null || body.newPassword().isEmpty()) {
            throw ApiProblem.validation("new_password", "is required");
        }
        return new AuthController.PasswordResponse(
                accounts.changePassword(me.userId(), me.sessionId(), body.currentPassword(), body.newPassword()));
    }

    @GetMapping("/api/v1/me/sessions")
    Map<String, List<SessionResponse>> sessions() {
        CurrentUser me = CurrentUser.require();
        Instant now = clock.instant();
        return transactions.execute(tx -> {
            var idle = settings.current().sessionIdle();
            List<SessionResponse> list = sessions.active(me.userId(), now.minus(idle), now).stream()
                    .map(s -> new SessionResponse(s.id(), s.createdAt(), s.lastUsedAt(), s.ip(), s.userAgent(),
                            s.id().equals(me.sessionId())))
                    .toList();
            return Map.of("sessions", list);
        });
    }

    @DeleteMapping("/api/v1/me/sessions/{id}")
    ResponseEntity<Void> endSession(@PathVariable UUID id) {
        CurrentUser me = CurrentUser.require();
        boolean ended = Boolean.TRUE.equals(transactions.execute(tx -> {
            boolean revoked = sessions.revoke(me.userId(), id, "signed_out_by_user", clock.instant());
            if (revoked) {
                events.success(Type.SESSION_REVOKED, TenantContext.require(), me.userId(), me.userId(), null,
                        Map.of("session_id", id.toString()));
            }
            return revoked;
        }));
        if (!ended) {
            throw ApiProblem.notFound("The session");
        }
        return ResponseEntity.noContent().build();
    }

    /** Sign out everywhere, this session included. */
    @PostMapping("/api/v1/me/sessions/revoke-all")
    ResponseEntity<Void> endAllSessions() {
        CurrentUser me = CurrentUser.require();
        transactions.executeWithoutResult(tx -> {
            int ended = sessions.revokeAll(me.userId(), null, "signed_out_everywhere", clock.instant());
            events.success(Type.ALL_SESSIONS_REVOKED, TenantContext.require(), me.userId(), me.userId(), null,
                    Map.of("sessions_ended", ended));
        });
        return ResponseEntity.noContent().build();
    }

    record MeResponse(UUID id, String email, String displayName, String status, UUID tenantId, String workspace,
            String companyName, UUID sessionId, List<String> permissions) {
    }

    record SessionResponse(UUID id, Instant createdAt, Instant lastUsedAt, String ip, String userAgent,
            boolean current) {
    }

    record ChangePasswordRequest(String currentPassword, String newPassword) {

        @Override
        public String toString() {
            return "ChangePasswordRequest[<hidden>]";
        }
    }
}
