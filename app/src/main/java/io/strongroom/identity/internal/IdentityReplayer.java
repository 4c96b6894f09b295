package io.strongroom.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.strongroom.identity.AccountGuard;
import io.strongroom.identity.Regional;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ChangeReplayer;
import io.strongroom.platform.Language;

/**
 * Re-applies the account and settings changes the audit trail records (after a restore from a
 * backup, B6): the workspace's password, session and regional settings, a user's own language and
 * time zone, disabling, enabling and deleting accounts. Each is applied only onto the state it was
 * made from; the multi-factor policy; an administrator's reset of a user's factors. What the trail
 * cannot give back is reported, never guessed: a new password (the trail records that it changed,
 * never the password), an invitation (its link) and its acceptance, an authenticator's secret, which
 * factor was removed, recovery codes.
 */
@Component
class IdentityReplayer implements ChangeReplayer {

    private static final Set<String> ACTIONS = Set.of("settings.password_policy.updated", "settings.sessions.updated",
            "settings.regional.updated", "user.preferences.updated", "user.enabled", "user.disabled", "user.deleted",
            "auth.password.changed", "auth.password.reset_completed", "user.invited", "user.invitation_accepted",
            "settings.mfa.updated", "user.mfa.reset", "user.mfa.factor_added", "user.mfa.factor_removed",
            "user.mfa.recovery_codes_generated", "user.mfa.recovery_code_used");

    private final SecuritySettingsRepository settings;
    private final RegionalRepository regional;
    private final UserRepository users;
    private final ObjectProvider<AccountGuard> guards;
    private final Clock clock;
    private final MfaRepository mfa;

    IdentityReplayer(SecuritySettingsRepository settings, RegionalRepository regional, UserRepository users,
            ObjectProvider<AccountGuard> guards, Clock clock, MfaRepository mfa) {
        this.mfa = mfa;
        this.settings = settings;
        this.regional = regional;
        this.users = users;
        this.guards = guards;
        this.clock = clock;
    }

    @Override
    public boolean handles(String action) {
        return ACTIONS.contains(action);
    }

    @Override
    public Result replay(Change change) {
        try {
            return switch (change.action()) {
                case "settings.password_policy.updated" -> passwordPolicy(change);
                case "settings.sessions.updated" -> sessions(change);
                case "settings.regional.updated" -> regionalDefaults(change);
                case "user.preferences.updated" -> withUser(change, user -> preferences(change, user.id()));
                case "user.enabled" -> withUser(change, user -> status(user, "disabled", "active"));
                case "user.disabled" -> withUser(change, user -> status(user, "active", "disabled"));
                case "user.deleted" -> delete(change);
                case "settings.mfa.updated" -> mfaPolicy(change);
                case "user.mfa.reset" -> withUser(change, user -> {
                    int removed = mfa.deleteAll(user.id());
                    return removed == 0 ? Result.alreadyApplied() : Result.applied();
                });
                case "user.mfa.factor_added" -> Result.conflict("an authenticator's secret is not in the audit trail:"
                        + " the user sets the app up again");
                case "user.mfa.factor_removed" -> Result.conflict("the record does not name the factor: the user (or an"
                        + " administrator) removes it again");
                case "user.mfa.recovery_codes_generated", "user.mfa.recovery_code_used" -> Result.conflict(
                        "recovery codes are not in the audit trail: the user makes a new set, which ends the old one");
                case "user.invited" -> Result.conflict("the invitation's link is not in the audit trail: invite "
                        + change.text("email", "to") + " again");
                case "user.invitation_accepted" -> Result.conflict("the password chosen on accepting is not in the "
                        + "audit trail: send the invitation again");
                default -> Result.conflict("the new password is not in the audit trail (only that it changed): the "
                        + "account has the password it had at the backup again; have the user reset it");
            };
        } catch (ApiProblem e) {
            return Result.conflict("the recorded values are not valid now: " + e.getMessage() + " " + e.fieldProblems());
        }
    }

    private Result passwordPolicy(Change change) {
        SecuritySettings now = settings.current();
        return applyOnto(change, Map.of("mode", now.passwordMode(), "min_length", now.passwordMinLength(),
                "min_score", now.passwordMinScore()), () -> settings.save(new SecuritySettings(
                        change.text("mode", "to"), Integer.parseInt(change.text("min_length", "to")),
                        Integer.parseInt(change.text("min_score", "to")), now.sessionIdle(), now.sessionAbsolute())));
    }

    private Result sessions(Change change) {
        SecuritySettings now = settings.current();
        return applyOnto(change, Map.of("idle_timeout_minutes", now.sessionIdle().toMinutes(),
                "absolute_lifetime_minutes", now.sessionAbsolute().toMinutes()), () -> settings.save(new SecuritySettings(
                        now.passwordMode(), now.passwordMinLength(), now.passwordMinScore(),
                        Duration.ofMinutes(Long.parseLong(change.text("idle_timeout_minutes", "to"))),
                        Duration.ofMinutes(Long.parseLong(change.text("absolute_lifetime_minutes", "to"))))));
    }

    private Result regionalDefaults(Change change) {
        Regional now = regional.workspaceDefaults();
        Regional to = new Regional(Regional.language("language", change.text("language", "to")),
                Regional.zone("time_zone", change.text("time_zone", "to")));
        return applyOnto(change, Map.of("language", now.language().tag(), "time_zone", now.zone().getId()),
                () -> regional.saveWorkspaceDefaults(to));
    }

    private Result preferences(Change change, UUID user) {
        RegionalRepository.Choice now = regional.choice(user);
        Map<String, Object> current = new HashMap<>();
        current.put("language", now.language().map(Language::tag).orElse(null));
        current.put("time_zone", now.zone().map(java.time.ZoneId::getId).orElse(null));
        String language = change.text("language", "to");
        String zone = change.text("time_zone", "to");
        RegionalRepository.Choice to = new RegionalRepository.Choice(
                Optional.ofNullable(language).map(tag -> Regional.language("language", tag)),
                Optional.ofNullable(zone).map(id -> Regional.zone("time_zone", id)));
        return applyOnto(change, current, () -> regional.saveChoice(user, to));
    }

    private Result mfaPolicy(Change change) {
        MfaPolicy now = settings.mfaPolicy();
        Map<String, Object> current = Map.of("mode", now.mode(), "permissions", now.permissions(),
                "grace_days", now.graceDays(), "methods", now.methods(), "remember_device_days",
                now.rememberDeviceDays());
        String mode = change.text("mode", "to");
        java.util.Set<String> permissions = java.util.Set.copyOf(change.texts("permissions", "to"));
        int grace = Integer.parseInt(change.text("grace_days", "to"));
        java.time.Instant since = "off".equals(mode) ? null
                : now.requiredSince() != null ? now.requiredSince() : change.at();
        // records from before the allowed methods existed leave them as they are
        java.util.Set<String> methods = change.texts("methods", "to").isEmpty() ? now.methods()
                : java.util.Set.copyOf(change.texts("methods", "to"));
        String remember = change.text("remember_device_days", "to");
        int days = remember == null ? now.rememberDeviceDays() : Integer.parseInt(remember);
        return applyOnto(change, current, () -> settings.saveMfaPolicy(new MfaPolicy(mode, permissions, grace, since,
                methods, days)));
    }

    private Result status(UserRepository.UserRecord user, String from, String to) {
        if (user.status().equals(to)) {
            return Result.alreadyApplied();
        }
        if (!user.status().equals(from)) {
            return Result.conflict("the account is " + user.status() + ", not " + from);
        }
        if ("disabled".equals(to)) {
            guards.orderedStream().forEach(guard -> guard.checkCanRemove(user.id()));
        }
        users.setStatus(user.id(), to, clock.instant());
        return Result.applied();
    }

    private Result delete(Change change) {
        Optional<UUID> id = userId(change);
        if (id.isEmpty()) {
            return Result.conflict("the record names no user");
        }
        if (users.findById(id.get()).isEmpty()) {
            return Result.alreadyApplied();
        }
        guards.orderedStream().forEach(guard -> guard.checkCanRemove(id.get()));
        users.delete(id.get()); // its sessions and tokens were ended by the restore already
        return Result.applied();
    }

    private Result withUser(Change change, java.util.function.Function<UserRepository.UserRecord, Result> apply) {
        Optional<UserRepository.UserRecord> user = userId(change).flatMap(users::findById);
        return user.map(apply).orElseGet(() -> Result.conflict("the user does not exist"));
    }

    /** Applies {@code write} when every recorded field of {@code current} holds its "from" value. */
    private static Result applyOnto(Change change, Map<String, ?> current, Runnable write) {
        if (change.firstDiffering(current, "to") == null) {
            return Result.alreadyApplied();
        }
        String differs = change.firstDiffering(current, "from");
        if (differs != null) {
            return Result.conflict("it was changed otherwise since (" + differs + ")");
        }
        write.run();
        return Result.applied();
    }

    private static Optional<UUID> userId(Change change) {
        try {
            return Optional.of(UUID.fromString(change.targetId()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
