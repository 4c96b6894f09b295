package io.strongroom.identity.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.identity.AccountAdministration;
import io.strongroom.identity.Regional;
import io.strongroom.platform.Language;
import io.strongroom.platform.SelfService;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** My account: profile, password, sessions. */
@PageController
class AccountPages {

    private final MyAccount account;
    private final AccountAdministration administration;
    private final MultiFactor multiFactor;
    private final org.springframework.transaction.support.TransactionTemplate transactions;
    private final Passkeys passkeys;
    private final RememberedDevices remembered;

    AccountPages(MyAccount account, AccountAdministration administration, MultiFactor multiFactor,
            org.springframework.transaction.support.TransactionTemplate transactions, Passkeys passkeys,
            RememberedDevices remembered) {
        this.remembered = remembered;
        this.passkeys = passkeys;
        this.account = account;
        this.administration = administration;
        this.multiFactor = multiFactor;
        this.transactions = transactions;
    }

    @SelfService("the caller's own account page")
    @GetMapping("/app/account")
    String account(Model model) {
        model.addAttribute("sessions", account.sessions());
        model.addAttribute("account", account.me());
        AccountAdministration.RegionalDefaults defaults = administration.regionalDefaults();
        model.addAttribute("workspaceDefaults", new DefaultsView(
                Language.ofTag(defaults.language()).orElse(Language.FALLBACK).nativeName(), defaults.timeZone()));
        model.addAttribute("languages", Language.values());
        model.addAttribute("timeZones", Regional.TIME_ZONES);
        UUID me = io.strongroom.identity.Caller.require().userId();
        transactions.executeWithoutResult(tx -> {
            model.addAttribute("factors", multiFactor.allFactors(me));
            model.addAttribute("recoveryCodesLeft", multiFactor.recoveryCodesLeft(me));
            model.addAttribute("passkeysAllowed", multiFactor.allows(Passkeys.KIND));
            model.addAttribute("smsAllowed", multiFactor.allows(SmsCodes.KIND));
            model.addAttribute("devices", remembered.devices(me));
            java.time.Instant deadline = multiFactor.enrolmentDeadline(me);
            model.addAttribute("mfaDeadline", deadline == null || deadline.equals(java.time.Instant.MAX) ? null : deadline);
        });
        return "identity/account";
    }

    /** Adding an authenticator app: its QR code and key (shown once), then its first code. */
    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("adds a way to sign in to the account")
    @PostMapping("/app/account/mfa/totp")
    String startTotp(@RequestParam(defaultValue = "") String name, Model model) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        MultiFactor.Enrolment enrolment = Forms.attempt(model,
                () -> transactions.execute(tx -> multiFactor.startTotp(me, name)));
        if (enrolment == null) {
            return account(model);
        }
        model.addAttribute("enrolment", enrolment);
        return "identity/mfa-enrol";
    }

    @SelfService("the caller's own second factors")
    @PostMapping("/app/account/mfa/totp/{id}/confirm")
    String confirmTotp(@PathVariable UUID id, @RequestParam(defaultValue = "") String code, Model model,
            RedirectAttributes redirect) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        List<String> codes = Forms.attempt(model, () -> transactions.execute(tx -> multiFactor.confirmTotp(me, id, code)));
        if (codes == null) {
            // the app is set up already; only the code was wrong: ask again, without showing the key again
            model.addAttribute("factorId", id);
            return "identity/mfa-enrol";
        }
        if (codes.isEmpty()) {
            redirect.addFlashAttribute("notice", "mfa.added");
            return "redirect:/app/account";
        }
        model.addAttribute("codes", codes);
        model.addAttribute("next", "/app/account");
        return "identity/recovery-codes";
    }

    /** Forgets a remembered device: it asks for the second factor again, and the sessions begun on it end. */
    @SelfService("the caller's own devices")
    @PostMapping("/app/account/devices/{id}/forget")
    String forgetDevice(@PathVariable UUID id, RedirectAttributes redirect) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        transactions.executeWithoutResult(tx -> remembered.forget(me, id));
        redirect.addFlashAttribute("notice", "mfa.device.forgotten");
        return "redirect:/app/account";
    }

    /** Adding a phone for SMS codes: a code goes to it, and the next page asks for it. */
    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("adds a way to sign in to the account")
    @PostMapping("/app/account/mfa/sms")
    String startSms(@RequestParam(defaultValue = "") String mobile, Model model) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        MultiFactor.SmsEnrolment enrolment = Forms.attempt(model,
                () -> transactions.execute(tx -> multiFactor.startSms(me, mobile, null)));
        if (enrolment == null || Forms.attempt(model, () -> {
            multiFactor.deliver(enrolment.message());
            return Boolean.TRUE;
        }) == null) {
            // the page's field is "mobile" (people have a private "phone" of their own)
            if (model.getAttribute("errors") instanceof java.util.Map<?, ?> errors && errors.containsKey("phone")) {
                java.util.Map<String, Object> renamed = new java.util.LinkedHashMap<>();
                errors.forEach((field, messages) -> renamed.put("phone".equals(field) ? "mobile" : (String) field, messages));
                model.addAttribute("errors", renamed);
            }
            model.addAttribute("mobile", mobile);
            return account(model);
        }
        model.addAttribute("factorId", enrolment.factorId());
        model.addAttribute("sentTo", enrolment.sentTo());
        return "identity/sms-enrol";
    }

    @SelfService("the caller's own second factors")
    @PostMapping("/app/account/mfa/sms/{id}/confirm")
    String confirmSms(@PathVariable UUID id, @RequestParam(defaultValue = "") String code, Model model,
            RedirectAttributes redirect) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        java.util.Optional<List<String>> codes = transactions.execute(tx -> multiFactor.confirmSms(me, id, code));
        if (codes.isEmpty()) {
            model.addAttribute("factorId", id);
            model.addAttribute("failed", "mfa.sms.failed");
            return "identity/sms-enrol";
        }
        if (codes.get().isEmpty()) {
            redirect.addFlashAttribute("notice", "mfa.sms.added");
            return "redirect:/app/account";
        }
        model.addAttribute("codes", codes.get());
        model.addAttribute("next", "/app/account");
        return "identity/recovery-codes";
    }

    /** Adding a passkey: the page asks the browser to make one (its options hold a new ceremony). */
    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("adds a way to sign in to the account")
    @PostMapping("/app/account/mfa/passkey")
    String startPasskey(@RequestParam(defaultValue = "") String name, Model model) {
        return passkeyPage(name, model);
    }

    private String passkeyPage(String name, Model model) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        model.addAttribute("name", name);
        model.addAttribute("passkeyOptions", Passkeys.optionsJson(passkeys.creationOptions(me)));
        return "identity/passkey-add";
    }

    /** The passkey the browser made: added (a first factor shows its recovery codes), or the page again. */
    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("adds a way to sign in to the account")
    @PostMapping("/app/account/mfa/passkey/add")
    String addPasskey(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String credential,
            Model model, RedirectAttributes redirect) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        Passkeys.Registered added = Forms.attempt(model, () -> passkeys.register(me, name, credential));
        if (added == null) {
            return passkeyPage(name, model);
        }
        if (added.recoveryCodes().isEmpty()) {
            redirect.addFlashAttribute("notice", "mfa.passkey.added");
            return "redirect:/app/account";
        }
        model.addAttribute("codes", added.recoveryCodes());
        model.addAttribute("next", "/app/account");
        return "identity/recovery-codes";
    }

    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("makes new codes that sign in to the account")
    @PostMapping("/app/account/mfa/recovery-codes")
    String newRecoveryCodes(Model model) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        List<String> codes = Forms.attempt(model, () -> transactions.execute(tx -> multiFactor.newRecoveryCodes(me)));
        if (codes == null) {
            return account(model);
        }
        model.addAttribute("codes", codes);
        model.addAttribute("next", "/app/account");
        return "identity/recovery-codes";
    }

    @SelfService("the caller's own second factors")
    @io.strongroom.platform.StepUp("removes a second factor that protects the account")
    @PostMapping("/app/account/mfa/factors/{id}/remove")
    String removeFactor(@PathVariable UUID id, RedirectAttributes redirect) {
        UUID me = io.strongroom.identity.Caller.require().userId();
        transactions.executeWithoutResult(tx -> multiFactor.remove(me, id));
        redirect.addFlashAttribute("notice", "mfa.removed");
        return "redirect:/app/account";
    }

    /** The workspace's defaults as the "use the default" choices name them. */
    record DefaultsView(String languageName, String timeZone) {
    }

    @SelfService("the caller's own language and time zone")
    @PostMapping("/app/account/preferences")
    String savePreferences(@RequestParam(defaultValue = "") String language,
            @RequestParam(name = "time_zone", defaultValue = "") String timeZone, Model model, RedirectAttributes redirect) {
        if (Forms.attempt(model, () -> account.updatePreferences(language, timeZone)) == null) {
            model.addAttribute("form", java.util.Map.of("language", language, "time_zone", timeZone));
            return account(model);
        }
        redirect.addFlashAttribute("notice", "account.preferences-saved");
        return "redirect:/app/account";
    }

    @SelfService("the caller's own password")
    @PostMapping("/app/account/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword,
            @RequestParam(defaultValue = "") String newPassword, Model model, RedirectAttributes redirect) {
        List<String> warnings = Forms.attempt(model, () -> account.changePassword(currentPassword, newPassword));
        if (warnings == null) {
            return account(model);
        }
        redirect.addFlashAttribute("notice", "account.password-changed");
        redirect.addFlashAttribute("warnings", warnings);
        return "redirect:/app/account";
    }

    @SelfService("the caller's own sessions")
    @PostMapping("/app/account/sessions/{id}/end")
    String endSession(@PathVariable UUID id, RedirectAttributes redirect) {
        account.endSession(id);
        redirect.addFlashAttribute("notice", "account.session-ended");
        return "redirect:/app/account";
    }

    @SelfService("the caller's own sessions")
    @PostMapping("/app/account/sessions/end-all")
    String endAll(HttpServletRequest request, HttpServletResponse response) {
        account.endAllSessions();
        account.signOut(request, response);
        return "redirect:/login?signed-out-everywhere";
    }
}
