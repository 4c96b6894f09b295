package io.strongroom.identity.internal;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.AccountAdministration;
import io.strongroom.identity.AccountAdministration.PasswordPolicy;
import io.strongroom.identity.AccountAdministration.SessionSettings;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.SelfService;

/** The tenant's password policy (A2) and session timeouts (A10): {@code /api/v1/settings/*}. */
@RestController
class SettingsController {

    private final AccountAdministration administration;

    SettingsController(AccountAdministration administration) {
        this.administration = administration;
    }

    /** Everyone signed in may read the policy (forms show it while a password is chosen). */
    @SelfService("the workspace's password policy, which every member must meet")
    @GetMapping("/api/v1/settings/password-policy")
    PasswordPolicy passwordPolicy() {
        return administration.passwordPolicy();
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @PutMapping(path = "/api/v1/settings/password-policy", consumes = MediaType.APPLICATION_JSON_VALUE)
    PasswordPolicy updatePasswordPolicy(@RequestBody PasswordPolicyBody body) {
        if (body.maxLength() != null && body.maxLength() != io.strongroom.identity.internal.PasswordPolicy.MAX_LENGTH) {
            throw ApiProblem.validation("max_length", "is fixed at " + io.strongroom.identity.internal.PasswordPolicy.MAX_LENGTH);
        }
        return administration.updatePasswordPolicy(body.mode(), body.minLength(), body.minScore());
    }

    @SelfService("the workspace's session timeouts, which apply to every member")
    @GetMapping("/api/v1/settings/sessions")
    SessionSettings sessionSettings() {
        return administration.sessionSettings();
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @PutMapping(path = "/api/v1/settings/sessions", consumes = MediaType.APPLICATION_JSON_VALUE)
    SessionSettings updateSessionSettings(@RequestBody SessionSettingsBody body) {
        return administration.updateSessionSettings(body.idleTimeoutMinutes(), body.absoluteLifetimeMinutes());
    }

    @SelfService("the workspace's default language and time zone, which apply to members who chose none")
    @GetMapping("/api/v1/settings/regional")
    AccountAdministration.RegionalDefaults regionalDefaults() {
        return administration.regionalDefaults();
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @PutMapping(path = "/api/v1/settings/regional", consumes = MediaType.APPLICATION_JSON_VALUE)
    AccountAdministration.RegionalDefaults updateRegionalDefaults(@RequestBody AccountAdministration.RegionalDefaults body) {
        return administration.updateRegionalDefaults(body.language(), body.timeZone());
    }

    record PasswordPolicyBody(String mode, Integer minLength, Integer maxLength, Integer minScore) {
    }

    record SessionSettingsBody(Integer idleTimeoutMinutes, Integer absoluteLifetimeMinutes) {
    }
}
