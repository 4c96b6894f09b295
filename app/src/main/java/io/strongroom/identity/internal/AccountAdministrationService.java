package io.strongroom.identity.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.AccountAdministration;
import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.identity.IdentityPermission;
import io.strongroom.identity.Regional;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/** {@link AccountAdministration}: the one implementation behind both the JSON API and the pages. */
@Service
class AccountAdministrationService implements AccountAdministration {

    private final Recovery recovery;
    private final Invitations invitations;
    private final AccountStatus status;
    private final SecuritySettingsRepository settings;
    private final RegionalRepository regional;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;

    AccountAdministrationService(Recovery recovery, Invitations invitations, AccountStatus status,
            SecuritySettingsRepository settings, RegionalRepository regional, IdentityEvents events,
            TransactionTemplate transactions) {
        this.recovery = recovery;
        this.invitations = invitations;
        this.status = status;
        this.settings = settings;
        this.regional = regional;
        this.events = events;
        this.transactions = transactions;
    }

    @Override
    public void sendResetLink(UUID userId) {
        recovery.sendResetLink(userId, require(IdentityPermission.USERS_MANAGE).userId());
    }

    @Override
    public void resendInvitation(UUID userId) {
        invitations.resend(userId, require(IdentityPermission.USERS_MANAGE).userId());
    }

    @Override
    public void unlock(UUID userId) {
        status.unlock(userId, require(IdentityPermission.USERS_MANAGE).userId());
    }

    @Override
    public void resetSecondFactors(UUID userId) {
        status.resetSecondFactors(userId, require(IdentityPermission.USERS_MANAGE).userId());
    }

    @Override
    public void setEnabled(UUID userId, boolean enabled) {
        status.setEnabled(userId, enabled, require(IdentityPermission.USERS_MANAGE).userId());
    }

    @Override
    public PasswordPolicy passwordPolicy() {
        return policyOf(transactions.execute(tx -> settings.current()));
    }

    @Override
    public PasswordPolicy updatePasswordPolicy(String mode, Integer minLength, Integer minScore) {
        Caller me = require(IdentityPermission.SETTINGS_MANAGE);
        List<FieldProblem> problems = new ArrayList<>();
        if (mode == null || !List.of("recommended", "enforced").contains(mode)) {
            problems.add(new FieldProblem("mode", "must be recommended or enforced"));
        }
        if (minLength == null || minLength < 12 || minLength > io.strongroom.identity.internal.PasswordPolicy.MAX_LENGTH) {
            problems.add(new FieldProblem("min_length", "must be between 12 and "
                    + io.strongroom.identity.internal.PasswordPolicy.MAX_LENGTH));
        }
        if (minScore == null || minScore < 0 || minScore > 4) {
            problems.add(new FieldProblem("min_score", "must be between 0 and 4"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        return transactions.execute(tx -> {
            SecuritySettings before = settings.current();
            SecuritySettings after = new SecuritySettings(mode, minLength, minScore, before.sessionIdle(),
                    before.sessionAbsolute());
            settings.save(after);
            events.success(Type.PASSWORD_POLICY_CHANGED, TenantContext.require(), null, me.userId(), null, Map.of(
                    "mode", IdentityEvents.change(before.passwordMode(), after.passwordMode()),
                    "min_length", IdentityEvents.change(before.passwordMinLength(), after.passwordMinLength()),
                    "min_score", IdentityEvents.change(before.passwordMinScore(), after.passwordMinScore())));
            return policyOf(after);
        });
    }

    @Override
    public SessionSettings sessionSettings() {
        return sessionsOf(transactions.execute(tx -> settings.current()));
    }

    @Override
    public SessionSettings updateSessionSettings(Integer idle, Integer absolute) {
        Caller me = require(IdentityPermission.SETTINGS_MANAGE);
        List<FieldProblem> problems = new ArrayList<>();
        if (idle == null || idle < 5 || idle > 1440) {
            problems.add(new FieldProblem("idle_timeout_minutes", "must be between 5 and 1440"));
        }
        if (absolute == null || absolute < 15 || absolute > 43200) {
            problems.add(new FieldProblem("absolute_lifetime_minutes", "must be between 15 and 43200"));
        } else if (idle != null && absolute < idle) {
            problems.add(new FieldProblem("absolute_lifetime_minutes", "must not be shorter than the idle timeout"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        return transactions.execute(tx -> {
            SecuritySettings before = settings.current();
            SecuritySettings after = new SecuritySettings(before.passwordMode(), before.passwordMinLength(),
                    before.passwordMinScore(), Duration.ofMinutes(idle), Duration.ofMinutes(absolute));
            settings.save(after);
            events.success(Type.SESSION_SETTINGS_CHANGED, TenantContext.require(), null, me.userId(), null, Map.of(
                    "idle_timeout_minutes", IdentityEvents.change(before.sessionIdle().toMinutes(), after.sessionIdle().toMinutes()),
                    "absolute_lifetime_minutes", IdentityEvents.change(before.sessionAbsolute().toMinutes(),
                            after.sessionAbsolute().toMinutes())));
            return sessionsOf(after);
        });
    }

    @Override
    public RegionalDefaults regionalDefaults() {
        return defaultsOf(transactions.execute(tx -> regional.workspaceDefaults()));
    }

    @Override
    public RegionalDefaults updateRegionalDefaults(String language, String timeZone) {
        Caller me = require(IdentityPermission.SETTINGS_MANAGE);
        List<FieldProblem> problems = new ArrayList<>();
        io.strongroom.platform.Language chosenLanguage = valid(problems, () -> Regional.language("language", language));
        java.time.ZoneId chosenZone = valid(problems, () -> Regional.zone("time_zone", timeZone));
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        return transactions.execute(tx -> {
            Regional before = regional.workspaceDefaults();
            Regional after = new Regional(chosenLanguage, chosenZone);
            regional.saveWorkspaceDefaults(after);
            events.success(Type.REGIONAL_SETTINGS_CHANGED, TenantContext.require(), null, me.userId(), null, Map.of(
                    "language", IdentityEvents.change(before.language().tag(), after.language().tag()),
                    "time_zone", IdentityEvents.change(before.zone().getId(), after.zone().getId())));
            return defaultsOf(after);
        });
    }

    /** Runs one field's check, collecting its problem instead of throwing, so every wrong field is named at once. */
    static <T> T valid(List<FieldProblem> problems, java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (ApiProblem problem) {
            problems.addAll(problem.fieldProblems());
            return null;
        }
    }

    private static RegionalDefaults defaultsOf(Regional r) {
        return new RegionalDefaults(r.language().tag(), r.zone().getId());
    }

    private static Caller require(IdentityPermission permission) {
        Caller me = Caller.require();
        if (!me.has(permission)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "This needs the " + permission.key() + " permission.");
        }
        return me;
    }

    private static PasswordPolicy policyOf(SecuritySettings s) {
        return new PasswordPolicy(s.passwordMode(), s.passwordMinLength(),
                io.strongroom.identity.internal.PasswordPolicy.MAX_LENGTH, s.passwordMinScore());
    }

    private static SessionSettings sessionsOf(SecuritySettings s) {
        return new SessionSettings((int) s.sessionIdle().toMinutes(), (int) s.sessionAbsolute().toMinutes());
    }
}
