package io.strongroom.identity.internal;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.identity.AccountAdministration;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/** The workspace's security settings page: password policy and session timeouts. */
@PageController
class SettingsPages {

    private final AccountAdministration accounts;
    private final MfaController mfa;
    private final NetworkController networks;
    private final SsoConnections sso;
    private final SsoSignIn ssoSignIn;

    SettingsPages(AccountAdministration accounts, MfaController mfa, NetworkController networks, SsoConnections sso,
            SsoSignIn ssoSignIn) {
        this.sso = sso;
        this.ssoSignIn = ssoSignIn;
        this.accounts = accounts;
        this.mfa = mfa;
        this.networks = networks;
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/app/settings")
    String settings(Model model) {
        model.addAttribute("policy", accounts.passwordPolicy());
        model.addAttribute("sessions", accounts.sessionSettings());
        model.addAttribute("regional", accounts.regionalDefaults());
        model.addAttribute("languages", io.strongroom.platform.Language.values());
        model.addAttribute("timeZones", io.strongroom.identity.Regional.TIME_ZONES);
        model.addAttribute("mfa", mfa.policy());
        NetworkController.Networks allowed = networks.networks();
        model.addAttribute("networks", allowed);
        model.addAttribute("networkLines", String.join("\n", allowed.allowedNetworks()));
        model.addAttribute("ssoConnections", sso.list());
        model.addAttribute("ssoPolicy", sso.policy());
        model.addAttribute("breakGlass", String.join(", ", sso.breakGlassEmails()));
        model.addAttribute("ssoRedirect", ssoSignIn.redirectUri().toString());
        return "identity/settings";
    }

    /** Adds a single sign-on connection (A7); the secret is not shown again, not even on a refused form. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @io.strongroom.platform.StepUp("decides who can sign in to the workspace")
    @PostMapping("/app/settings/sso/connections")
    String addSsoConnection(@RequestParam(defaultValue = "") String provider, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String issuer, @RequestParam(name = "client_id", defaultValue = "") String clientId,
            @RequestParam(name = "client_secret", defaultValue = "") String clientSecret,
            @RequestParam(defaultValue = "") String domains,
            @RequestParam(name = "directory_id", defaultValue = "") String directoryId,
            @RequestParam(name = "trust_provider_mfa", defaultValue = "false") boolean trustMfa, Model model,
            RedirectAttributes redirect) {
        java.util.List<String> domainList = java.util.Arrays.stream(domains.split("[,\\s]+")).filter(d -> !d.isBlank())
                .toList();
        Object added = Forms.attempt(model, () -> sso.add(new SsoConnections.NewConnection(provider, name, issuer, clientId,
                clientSecret, domainList, directoryId, trustMfa)));
        if (added == null) {
            model.addAttribute("ssoForm", submitted("provider", provider, "name", name, "issuer", issuer, "client_id",
                    clientId, "domains", domains, "directory_id", directoryId));
            return settings(model);
        }
        redirect.addFlashAttribute("notice", "settings.sso-added");
        return "redirect:/app/settings";
    }

    /**
     * "SSO only" (A7): switching it on names the Owner who does it a break-glass Owner (with those named
     * before), so that whoever switches it on cannot shut themselves out; switching off keeps the names.
     */
    @PreAuthorize("hasAuthority('settings:manage')")
    @io.strongroom.platform.StepUp("decides who can sign in to the workspace")
    @PostMapping("/app/settings/sso/policy")
    String saveSsoPolicy(@RequestParam(name = "sso_only", defaultValue = "false") boolean ssoOnly, Model model,
            RedirectAttributes redirect) {
        java.util.List<java.util.UUID> breakGlass = new java.util.ArrayList<>(sso.policy().breakGlass());
        java.util.UUID me = io.strongroom.identity.Caller.require().userId();
        if (ssoOnly && !breakGlass.contains(me)) {
            breakGlass.add(me);
        }
        if (Forms.attempt(model, () -> sso.updatePolicy(ssoOnly, breakGlass)) == null) {
            return settings(model);
        }
        redirect.addFlashAttribute("notice", "settings.sso-policy-saved");
        return "redirect:/app/settings";
    }

    /** "Test connection": reads the provider's documents afresh and says what it found; changes nothing. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/app/settings/sso/connections/{id}/test")
    String testSsoConnection(@org.springframework.web.bind.annotation.PathVariable java.util.UUID id,
            RedirectAttributes redirect) {
        redirect.addFlashAttribute("ssoTest", sso.test(id));
        redirect.addFlashAttribute("ssoTested", id.toString());
        return "redirect:/app/settings";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @io.strongroom.platform.StepUp("decides who can sign in to the workspace")
    @PostMapping("/app/settings/sso/connections/{id}/delete")
    String removeSsoConnection(@org.springframework.web.bind.annotation.PathVariable java.util.UUID id, Model model,
            RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> {
            sso.remove(id);
            return Boolean.TRUE;
        }) == null) {
            return settings(model);
        }
        redirect.addFlashAttribute("notice", "settings.sso-removed");
        return "redirect:/app/settings";
    }

    /** The network policy (T5): one range per line; saving a list without the caller's address needs the box ticked. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @io.strongroom.platform.StepUp("changes where the workspace can be used from")
    @PostMapping("/app/settings/network")
    String saveNetworks(@RequestParam(name = "allowed_networks", defaultValue = "") String allowed,
            @RequestParam(name = "exclude_self_confirmed", defaultValue = "false") boolean confirmed, Model model,
            RedirectAttributes redirect) {
        java.util.List<String> ranges = java.util.Arrays.stream(allowed.split("[,\\s]+")).filter(r -> !r.isBlank())
                .toList();
        Object saved = Forms.attempt(model, () -> networks.update(new NetworkController.NetworksRequest(ranges, confirmed)));
        if (saved == null) {
            model.addAttribute("form", submitted("allowed_networks", allowed));
            return settings(model);
        }
        redirect.addFlashAttribute("notice", "settings.saved");
        return "redirect:/app/settings";
    }

    /** The multi-factor policy (A6); permissions as names, separated by commas or spaces. */
    @PreAuthorize("hasAuthority('settings:manage')")
    @io.strongroom.platform.StepUp("changes who must sign in with a second factor")
    @PostMapping("/app/settings/mfa")
    String saveMfa(@RequestParam(name = "mfa_mode", defaultValue = "") String mode,
            @RequestParam(name = "mfa_permissions", defaultValue = "") String permissions,
            @RequestParam(name = "grace_days", required = false) String graceDays,
            @RequestParam(name = "mfa_methods", required = false) java.util.List<String> methods,
            @RequestParam(name = "remember_device_days", required = false) String rememberDays, Model model,
            RedirectAttributes redirect) {
        java.util.List<String> allowed = new java.util.ArrayList<>(java.util.List.of(MultiFactor.TOTP));
        if (methods != null) {
            methods.stream().filter(m -> !allowed.contains(m)).forEach(allowed::add);
        }
        java.util.List<String> names = java.util.Arrays.stream(permissions.split("[,\\s]+")).filter(p -> !p.isBlank())
                .toList();
        Object saved = Forms.attempt(model, () -> mfa.updatePolicy(new MfaController.Policy(mode, names,
                Forms.integer(graceDays), null, allowed, rememberDays == null ? null : Forms.integer(rememberDays))));
        if (saved == null) {
            model.addAttribute("form", submitted("mfa_mode", mode, "mfa_permissions", permissions, "grace_days", graceDays,
                    "remember_device_days", rememberDays));
            return settings(model);
        }
        redirect.addFlashAttribute("notice", "settings.saved");
        return "redirect:/app/settings";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/app/settings/password-policy")
    String savePolicy(@RequestParam(defaultValue = "") String mode,
            @RequestParam(name = "min_length", required = false) String minLength,
            @RequestParam(name = "min_score", required = false) String minScore, Model model, RedirectAttributes redirect) {
        Object saved = Forms.attempt(model, () -> accounts.updatePasswordPolicy(mode, Forms.integer(minLength),
                Forms.integer(minScore)));
        if (saved == null) {
            // the form shows what was typed, next to why it was refused
            model.addAttribute("form", submitted("mode", mode, "min_length", minLength, "min_score", minScore));
            return settings(model);
        }
        redirect.addFlashAttribute("notice", "settings.saved");
        return "redirect:/app/settings";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/app/settings/sessions")
    String saveSessions(@RequestParam(name = "idle_timeout_minutes", required = false) String idleTimeoutMinutes,
            @RequestParam(name = "absolute_lifetime_minutes", required = false) String absoluteLifetimeMinutes,
            Model model, RedirectAttributes redirect) {
        Object saved = Forms.attempt(model, () -> accounts.updateSessionSettings(Forms.integer(idleTimeoutMinutes),
                Forms.integer(absoluteLifetimeMinutes)));
        if (saved == null) {
            model.addAttribute("form", submitted("idle_timeout_minutes", idleTimeoutMinutes,
                    "absolute_lifetime_minutes", absoluteLifetimeMinutes));
            return settings(model);
        }
        redirect.addFlashAttribute("notice", "settings.saved");
        return "redirect:/app/settings";
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @PostMapping("/app/settings/regional")
    String saveRegional(@RequestParam(defaultValue = "") String language,
            @RequestParam(name = "time_zone", defaultValue = "") String timeZone, Model model, RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> accounts.updateRegionalDefaults(language, timeZone)) == null) {
            model.addAttribute("form", submitted("language", language, "time_zone", timeZone));
            return settings(model);
        }
        redirect.addFlashAttribute("notice", "settings.saved");
        return "redirect:/app/settings";
    }

    /** Submitted values by field name, the ones not sent left out. */
    private static java.util.Map<String, String> submitted(String... namesAndValues) {
        java.util.Map<String, String> form = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                form.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return form;
    }
}
