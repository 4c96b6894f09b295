package io.strongroom.identity.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.CurrentUser;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.TenantContext;

/** The tenant's password policy (A2) and session timeouts (A10): {@code /api/v1/settings/*}. */
@RestController
class SettingsController {

    private final SecuritySettingsRepository settings;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;

    SettingsController(SecuritySettingsRepository settings, IdentityEvents events, TransactionTemplate transactions) {
        this.settings = settings;
        this.events = events;
        this.transactions = transactions;
    }

    /** Everyone signed in may read the policy (forms show it while a password is chosen). */
    @PreAuthorize("isAuthenticated()")
    @GetMapping("/api/v1/settings/password-policy")
    PasswordPolicyBody passwordPolicy() {
        return PasswordPolicyBody.of(transactions.execute(tx -> settings.current()));
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @PutMapping(path = "/api/v1/settings/password-policy", consumes = MediaType.APPLICATION_JSON_VALUE)
    PasswordPolicyBody updatePasswordPolicy(@RequestBody PasswordPolicyBody body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (body.mode() == null || !List.of("recommended", "enforced").contains(body.mode())) {
            problems.add(new FieldProblem("mode", "must be recommended or enforced"));
        }
        if (body.minLength() == null || body.minLength() < 12 || body.minLength() > PasswordPolicy.MAX_LENGTH) {
            problems.add(new FieldProblem("min_length", "must be between 12 and " + PasswordPolicy.MAX_LENGTH));
        }
        if (body.minScore() == null || body.minScore() < 0 || body.minScore() > 4) {
            problems.add(new FieldProblem("min_score", "must be between 0 and 4"));
        }
        if (body.maxLength() != null && body.maxLength() != PasswordPolicy.MAX_LENGTH) {
            problems.add(new FieldProblem("max_length", "is fixed at " + PasswordPolicy.MAX_LENGTH));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        CurrentUser me = CurrentUser.require();
        return transactions.execute(tx -> {
            SecuritySettings before = settings.current();
            SecuritySettings after = new SecuritySettings(body.mode(), body.minLength(), body.minScore(),
                    before.sessionIdle(), before.sessionAbsolute());
            settings.save(after);
            events.success(Type.PASSWORD_POLICY_CHANGED, TenantContext.require(), null, me.userId(), null, Map.of(
                    "mode", IdentityEvents.change(before.passwordMode(), after.passwordMode()),
                    "min_length", IdentityEvents.change(before.passwordMinLength(), after.passwordMinLength()),
                    "min_score", IdentityEvents.change(before.passwordMinScore(), after.passwordMinScore())));
            return PasswordPolicyBody.of(after);
        });
    }

    @PreAuthorize("isAuthenticated()")
    @GetMapping("/api/v1/settings/sessions")
    SessionSettingsBody sessionSettings() {
        return SessionSettingsBody.of(transactions.execute(tx -> settings.current()));
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @PutMapping(path = "/api/v1/settings/sessions", consumes = MediaType.APPLICATION_JSON_VALUE)
    SessionSettingsBody updateSessionSettings(@RequestBody SessionSettingsBody body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (body.idleTimeoutMinutes() == null || body.idleTimeoutMinutes() < 5 || body.idleTimeoutMinutes() > 1440) {
            problems.add(new FieldProblem("idle_timeout_minutes", "must be between 5 and 1440"));
        }
        if (body.absoluteLifetimeMinutes() == null || body.absoluteLifetimeMinutes() < 15
                || body.absoluteLifetimeMinutes() > 43200) {
            problems.add(new FieldProblem("absolute_lifetime_minutes", "must be between 15 and 43200"));
        } else if (body.idleTimeoutMinutes() != null && body.absoluteLifetimeMinutes() < body.idleTimeoutMinutes()) {
            problems.add(new FieldProblem("absolute_lifetime_minutes", "must not be shorter than the idle timeout"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        CurrentUser me = CurrentUser.require();
        return transactions.execute(tx -> {
            SecuritySettings before = settings.current();
            SecuritySettings after = new SecuritySettings(before.passwordMode(), before.passwordMinLength(),
                    before.passwordMinScore(), Duration.ofMinutes(body.idleTimeoutMinutes()),
                    Duration.ofMinutes(body.absoluteLifetimeMinutes()));
            settings.save(after);
            events.success(Type.SESSION_SETTINGS_CHANGED, TenantContext.require(), null, me.userId(), null, Map.of(
                    "idle_timeout_minutes", IdentityEvents.change(before.sessionIdle().toMinutes(), after.sessionIdle().toMinutes()),
                    "absolute_lifetime_minutes", IdentityEvents.change(before.sessionAbsolute().toMinutes(),
                            after.sessionAbsolute().toMinutes())));
            return SessionSettingsBody.of(after);
        });
    }

    record PasswordPolicyBody(String mode, Integer minLength, Integer maxLength, Integer minScore) {

        static PasswordPolicyBody of(SecuritySettings s) {
            return new PasswordPolicyBody(s.passwordMode(), s.passwordMinLength(), PasswordPolicy.MAX_LENGTH,
                    s.passwordMinScore());
        }
    }

    record SessionSettingsBody(Integer idleTimeoutMinutes, Integer absoluteLifetimeMinutes) {

        static SessionSettingsBody of(SecuritySettings s) {
            return new SessionSettingsBody((int) s.sessionIdle().toMinutes(), (int) s.sessionAbsolute().toMinutes());
        }
    }
}
