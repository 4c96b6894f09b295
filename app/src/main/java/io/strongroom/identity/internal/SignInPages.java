package io.strongroom.identity.internal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.RateLimit;
import io.strongroom.platform.RateLimiter;
import io.strongroom.tenancy.CompanySignup;
import io.strongroom.tenancy.CompanySignup.SignupForm;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Pages before sign-in: sign up (tenancy creates the workspace, then its owner is signed in here),
 * sign in and out, forgot password, set password from a link, and the strength meter.
 */
@PageController
class SignInPages {

    private static final RateLimit STRENGTH_CHECKS = new RateLimit("password-strength-ip", 120, java.time.Duration.ofMinutes(1));

    private final CompanySignup signup;
    private final MyAccount account;
    private final RateLimiter rateLimiter;
    private final SignIn signIn;
    private final SsoSignIn sso;
    private final SamlSignIn saml;

    SignInPages(CompanySignup signup, MyAccount account, RateLimiter rateLimiter, SignIn signIn, SsoSignIn sso,
            SamlSignIn saml) {
        this.saml = saml;
        this.signIn = signIn;
        this.sso = sso;
        this.signup = signup;
        this.account = account;
        this.rateLimiter = rateLimiter;
    }

    // --- sign up ---------------------------------------------------------------------------

    @PermitAll
    @GetMapping("/signup")
    String signupPage(Model model) {
        model.addAttribute("regions", signup.regions());
        model.addAttribute("form", new SignupForm("", "", signup.regions().getFirst(), "", "", ""));
        return "identity/signup";
    }

    @PermitAll
    @PostMapping("/signup")
    String signUp(@RequestParam MultiValueMap<String, String> form, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        SignupForm submitted = new SignupForm(form.getFirst("workspace"), form.getFirst("company_name"),
                form.getFirst("region"), form.getFirst("admin_email"), form.getFirst("admin_name"),
                form.getFirst("password"));
        var created = Forms.attempt(model, () -> signup.signUp(submitted));
        if (created == null) {
            model.addAttribute("regions", signup.regions());
            model.addAttribute("form", new SignupForm(submitted.workspace(), submitted.companyName(), submitted.region(),
                    submitted.adminEmail(), submitted.adminName(), ""));
            return "identity/signup";
        }
        try {
            account.signIn(created.workspace(), submitted.adminEmail(), submitted.password(), request, response);
            return "redirect:/app/people?welcome";
        } catch (ApiProblem problem) {
            return "redirect:/w/" + created.workspace() + "/login";
        }
    }

    // --- sign in / out ------------------------------------------------------------------------

    @PermitAll
    @GetMapping("/login")
    String loginPage(@RequestParam(required = false) String next, @RequestParam(required = false) String workspace,
            Model model) {
        model.addAttribute("workspace", workspace == null ? "" : workspace);
        model.addAttribute("next", next);
        return "identity/login";
    }

    @PermitAll
    @GetMapping("/w/{workspace}/login")
    String workspaceLoginPage(@PathVariable String workspace, @RequestParam(required = false) String next, Model model) {
        model.addAttribute("ssoConnections", sso.offered(workspace));
        model.addAttribute("samlConnections", saml.offered(workspace));
        model.addAttribute("ssoRouting", sso.routable(workspace) || saml.routable(workspace));
        return loginPage(next, workspace, model);
    }

    /**
     * E-mail first (A7): an address whose domain belongs to one of the workspace's connections goes to
     * its provider; any other comes back to the password form with the address filled in.
     */
    @PermitAll
    @GetMapping("/w/{workspace}/sso")
    String routeSso(@PathVariable String workspace, @RequestParam(defaultValue = "") String email,
            HttpServletResponse response, Model model) {
        java.util.Optional<java.util.UUID> connection = sso.route(workspace, email.strip());
        if (connection.isPresent()) {
            return startSso(workspace, connection.get(), response);
        }
        java.util.Optional<java.util.UUID> samlConnection = saml.route(workspace, email.strip());
        if (samlConnection.isPresent()) {
            return startSaml(workspace, samlConnection.get(), response);
        }
        model.addAttribute("email", email.length() > 254 ? "" : email.strip());
        model.addAttribute("failed", "login.sso-none");
        return workspaceLoginPage(workspace, null, model);
    }

    /** The cookie that ties a SAML sign-in to its browser: SameSite=None, since the provider's return is a cross-site POST. */
    static final String SAML_COOKIE = "__Host-sr-saml";

    /** Sends the browser to the workspace's SAML identity provider with an AuthnRequest (A7). */
    @PermitAll
    @GetMapping("/w/{workspace}/saml/{connection}")
    String startSaml(@PathVariable String workspace, @PathVariable java.util.UUID connection, HttpServletResponse response) {
        SamlSignIn.Started started = saml.start(workspace, connection);
        response.addHeader(org.springframework.http.HttpHeaders.SET_COOKIE, org.springframework.http.ResponseCookie
                .from(SAML_COOKIE, started.browserToken()).path("/").secure(true).httpOnly(true).sameSite("None")
                .maxAge(SamlSignIn.LIFETIME).build().toString());
        return "redirect:" + started.provider();
    }

    /** The service provider's metadata of a SAML connection, to give the identity provider. */
    @PermitAll
    @GetMapping(path = "/w/{workspace}/saml/{connection}/metadata")
    org.springframework.http.ResponseEntity<String> samlMetadata(@PathVariable String workspace,
            @PathVariable java.util.UUID connection) {
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType("application/samlmetadata+xml"))
                .body(saml.metadata(workspace, connection));
    }

    /** The SAML provider posts its Response here (HTTP-POST binding). */
    @PermitAll
    @PostMapping(SamlSignIn.ACS)
    String samlAcs(@RequestParam(name = "SAMLResponse", required = false) String samlResponse,
            @RequestParam(name = "RelayState", required = false) String relayState, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        String browser = SessionCookies.read(request, SAML_COOKIE).orElse(null);
        response.addHeader(org.springframework.http.HttpHeaders.SET_COOKIE, org.springframework.http.ResponseCookie
                .from(SAML_COOKIE, "").path("/").secure(true).httpOnly(true).sameSite("None").maxAge(0).build().toString());
        try {
            var challenge = account.signedInThroughProvider(saml.complete(samlResponse, relayState, browser), response);
            if (challenge.isPresent()) {
                return secondStep(challenge.get().token(), challenge.get().methods(), null, null, true, model);
            }
            return "identity/continue";
        } catch (io.strongroom.platform.ApiProblem problem) {
            model.addAttribute("workspace", "");
            model.addAttribute("failed", problem == NetworkPolicy.NOT_ALLOWED ? "login.network" : "login.sso-failed");
            response.setStatus(problem.status().value());
            return "identity/login";
        }
    }

    /** The cookie that ties a sign-in sent to an identity provider to this browser (Lax: the provider's redirect is a top-level GET). */
    static final String SSO_COOKIE = "__Host-sr-sso";

    /** Sends the browser to the workspace's identity provider (A7). */
    @PermitAll
    @GetMapping("/w/{workspace}/sso/{connection}")
    String startSso(@PathVariable String workspace, @PathVariable java.util.UUID connection, HttpServletResponse response) {
        SsoSignIn.Started started = sso.start(workspace, connection);
        response.addHeader(org.springframework.http.HttpHeaders.SET_COOKIE, org.springframework.http.ResponseCookie
                .from(SSO_COOKIE, started.browserToken()).path("/").secure(true).httpOnly(true).sameSite("Lax")
                .maxAge(SsoSignIn.LIFETIME).build().toString());
        return "redirect:" + started.provider();
    }

    /** The identity provider sends the browser back here with a code (or an error) and the state. */
    @PermitAll
    @GetMapping(SsoSignIn.CALLBACK)
    String ssoCallback(@RequestParam(required = false) String state, @RequestParam(required = false) String code,
            @RequestParam(required = false) String error, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        String browser = SessionCookies.read(request, SSO_COOKIE).orElse(null);
        response.addHeader(org.springframework.http.HttpHeaders.SET_COOKIE, org.springframework.http.ResponseCookie
                .from(SSO_COOKIE, "").path("/").secure(true).httpOnly(true).sameSite("Lax").maxAge(0).build().toString());
        try {
            var challenge = account.signedInThroughProvider(sso.complete(state, code, error, browser), response);
            if (challenge.isPresent()) {
                return secondStep(challenge.get().token(), challenge.get().methods(), null, null, true, model);
            }
            return "identity/continue";
        } catch (io.strongroom.platform.ApiProblem problem) {
            model.addAttribute("workspace", "");
            model.addAttribute("failed", problem == NetworkPolicy.NOT_ALLOWED ? "login.network" : "login.sso-failed");
            response.setStatus(problem.status().value());
            return "identity/login";
        }
    }

    /** The second step of a sign-in (A6): a code for the challenge the password gave; recovery codes once after enrolling. */
    @PermitAll
    @PostMapping("/login/mfa")
    String secondFactor(@RequestParam(defaultValue = "") String challenge, @RequestParam(defaultValue = "") String method,
            @RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String credential,
            @RequestParam(name = "remember_device", required = false) String rememberDevice,
            @RequestParam(required = false) String next, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        try {
            java.util.List<String> codes = account.completeSignIn(challenge, method,
                    Passkeys.KIND.equals(method) ? credential : code, "yes".equals(rememberDevice), response);
            if (!codes.isEmpty()) {
                model.addAttribute("codes", codes);
                model.addAttribute("next", Forms.safeNext(next));
                return "identity/recovery-codes";
            }
            return "redirect:" + Forms.safeNext(next);
        } catch (ApiProblem problem) {
            if (problem == SignIn.INVALID_CODE || problem == Passkeys.NOT_ACCEPTED) {
                String[] offered = request.getParameterValues("methods");
                java.util.List<String> methods = offered == null ? java.util.List.of(MultiFactor.TOTP)
                        : java.util.Arrays.stream(offered).filter(java.util.Set.of(MultiFactor.TOTP, Passkeys.KIND,
                                SmsCodes.KIND, MultiFactor.RECOVERY_CODE, MultiFactor.ENROL)::contains).distinct().toList();
                return secondStep(challenge, methods, next,
                        problem == Passkeys.NOT_ACCEPTED ? "mfa.passkey.failed" : "mfa.login.failed", false, model);
            }
            if (problem.status().value() == 429) {
                problem.headers().forEach(response::setHeader);
            }
            model.addAttribute("next", next);
            model.addAttribute("failed", problem.status().value() == 429 ? "login.too-many" : "mfa.login.expired");
            return "identity/login";
        }
    }

    private String secondStep(String challenge, java.util.List<String> methods, String next, String failed,
            boolean first, Model model) {
        model.addAttribute("challenge", challenge);
        model.addAttribute("methods", methods);
        model.addAttribute("next", next);
        model.addAttribute("failed", failed);
        // the authenticator to set up is made once, when the step is first shown; a retry keeps it
        model.addAttribute("enrolment", first && methods.contains(MultiFactor.ENROL)
                ? signIn.enrolmentForChallenge(challenge) : null);
        model.addAttribute("rememberDays", methods.contains(MultiFactor.ENROL) ? 0 : signIn.rememberDeviceDays(challenge));
        model.addAttribute("passkeyOptions", methods.contains(Passkeys.KIND)
                ? Passkeys.optionsJson(signIn.passkeyOptionsForChallenge(challenge)) : null);
        return "identity/login-mfa";
    }

    /** The second step: a code by SMS to the account's phone, then the same step again with a notice. */
    @PermitAll
    @PostMapping("/login/mfa/sms")
    String sendSms(@RequestParam(defaultValue = "") String challenge, @RequestParam(required = false) String next,
            Model model, HttpServletRequest request, HttpServletResponse response) {
        String[] offered = request.getParameterValues("methods");
        java.util.List<String> methods = offered == null ? java.util.List.of(SmsCodes.KIND)
                : java.util.Arrays.stream(offered).filter(java.util.Set.of(MultiFactor.TOTP, Passkeys.KIND,
                        SmsCodes.KIND, MultiFactor.RECOVERY_CODE)::contains).distinct().toList();
        try {
            model.addAttribute("smsSentTo", signIn.sendSmsForChallenge(challenge));
            return secondStep(challenge, methods, next, null, false, model);
        } catch (ApiProblem problem) {
            if (problem == SmsCodes.UNAVAILABLE || problem.status().value() == 429) {
                problem.headers().forEach(response::setHeader);
                return secondStep(challenge, methods, next,
                        problem == SmsCodes.UNAVAILABLE ? "mfa.sms.unavailable" : "mfa.sms.too-many", false, model);
            }
            model.addAttribute("next", next);
            model.addAttribute("failed", "mfa.login.expired");
            return "identity/login";
        }
    }

    /** A password-less sign-in: the answer of the passkey the browser chose for the workspace's options. */
    @PermitAll
    @PostMapping("/login/passkey")
    String passkey(@RequestParam(defaultValue = "") String workspace, @RequestParam(defaultValue = "") String credential,
            @RequestParam(required = false) String next, Model model, HttpServletResponse response) {
        try {
            account.signInWithPasskey(workspace, credential, response);
            return "redirect:" + Forms.safeNext(next);
        } catch (ApiProblem problem) {
            model.addAttribute("workspace", workspace);
            model.addAttribute("next", next);
            model.addAttribute("failed", problem.status().value() == 429 ? "login.too-many"
                    : problem == NetworkPolicy.NOT_ALLOWED ? "login.network" : "login.passkey-failed");
            if (problem.status().value() == 429) {
                problem.headers().forEach(response::setHeader);
            }
            return "identity/login";
        }
    }

    @PermitAll
    @PostMapping("/login")
    String login(@RequestParam(defaultValue = "") String workspace, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password, @RequestParam(required = false) String next, Model model,
            HttpServletRequest request, HttpServletResponse response) {
        try {
            var challenge = account.signIn(workspace, email, password, request, response);
            if (challenge.isPresent()) {
                return secondStep(challenge.get().token(), challenge.get().methods(), next, null, true, model);
            }
            return "redirect:" + Forms.safeNext(next);
        } catch (ApiProblem problem) {
            model.addAttribute("workspace", workspace);
            model.addAttribute("email", email);
            model.addAttribute("next", next);
            model.addAttribute("failed", problem.status().value() == 429 ? "login.too-many"
                    : problem == NetworkPolicy.NOT_ALLOWED ? "login.network"
                    : problem == SignIn.SSO_REQUIRED ? "login.sso-required" : "login.failed");
            model.addAttribute("ssoConnections", sso.offered(workspace));
            model.addAttribute("samlConnections", saml.offered(workspace));
        model.addAttribute("ssoRouting", sso.routable(workspace) || saml.routable(workspace));
            if (problem.status().value() == 429) {
                problem.headers().forEach(response::setHeader);
            }
            return "identity/login"; // the page itself is fine (200); the form says what went wrong
        }
    }

    @PermitAll
    @PostMapping("/logout")
    String logout(HttpServletRequest request, HttpServletResponse response) {
        account.signOut(request, response);
        return "redirect:/login?signed-out";
    }

    // --- passwords by e-mail -------------------------------------------------------------------

    @PermitAll
    @GetMapping({"/forgot-password", "/w/{workspace}/forgot-password"})
    String forgotPage(@PathVariable(required = false) String workspace, Model model) {
        model.addAttribute("workspace", workspace == null ? "" : workspace);
        return "identity/forgot-password";
    }

    @PermitAll
    @PostMapping("/forgot-password")
    String forgot(@RequestParam(defaultValue = "") String workspace, @RequestParam(defaultValue = "") String email,
            Model model, HttpServletResponse response) {
        try {
            account.requestRecovery(workspace, email);
        } catch (ApiProblem problem) {
            model.addAttribute("workspace", workspace);
            model.addAttribute("error", problem.detail());
            problem.headers().forEach(response::setHeader);
            return "identity/forgot-password";
        }
        model.addAttribute("messageKey", "forgot.sent");
        return "message";
    }

    @PermitAll
    @GetMapping({"/w/{workspace}/reset-password", "/w/{workspace}/accept-invitation"})
    String setPasswordPage(@PathVariable String workspace, @RequestParam(defaultValue = "") String token, Model model,
            HttpServletRequest request) {
        boolean invitation = request.getRequestURI().endsWith("/accept-invitation");
        model.addAttribute("workspace", workspace);
        model.addAttribute("token", token);
        model.addAttribute("invitation", invitation);
        if (invitation) {
            account.invitation(token).ifPresent(invited -> model.addAttribute("invited", invited));
        }
        return "identity/set-password";
    }

    @PermitAll
    @PostMapping({"/w/{workspace}/reset-password", "/w/{workspace}/accept-invitation"})
    String setPassword(@PathVariable String workspace, @RequestParam(defaultValue = "") String token,
            @RequestParam(defaultValue = "") String password, Model model, HttpServletRequest request) {
        boolean invitation = request.getRequestURI().endsWith("/accept-invitation");
        List<String> warnings = Forms.attempt(model, () -> invitation
                ? account.acceptInvitation(token, password) : account.completeReset(token, password));
        if (warnings == null) {
            model.addAttribute("workspace", workspace);
            model.addAttribute("token", token);
            model.addAttribute("invitation", invitation);
            if (invitation) {
                account.invitation(token).ifPresent(invited -> model.addAttribute("invited", invited));
            }
            return "identity/set-password";
        }
        return "redirect:/w/" + workspace + "/login?password-set";
    }

    /** Live feedback on a password being typed (the strength meter); answers a fragment. */
    @PermitAll
    @PostMapping("/ui/password-strength")
    String strength(@RequestParam MultiValueMap<String, String> form, Model model) {
        rateLimiter.consume(STRENGTH_CHECKS, ClientRequest.current().map(ClientRequest::clientIp).orElse("unknown"));
        String password = first(form, "password", "new_password");
        List<String> context = new ArrayList<>();
        for (String field : List.of("workspace", "company_name", "admin_email", "admin_name", "email")) {
            String value = form.getFirst(field);
            if (value != null && !value.isBlank()) {
                context.add(value);
            }
        }
        if (Caller.current().isPresent()) {
            MyAccount.Me me = account.me();
            context.addAll(List.of(me.email(), me.displayName(), me.workspace(), me.companyName()));
        }
        model.addAttribute("check", password == null || password.isEmpty() ? null : account.checkPassword(password, context));
        return "fragments :: strength";
    }

    private static String first(MultiValueMap<String, String> form, String... names) {
        for (String name : names) {
            if (form.getFirst(name) != null) {
                return form.getFirst(name);
            }
        }
        return null;
    }
}
