package io.strongroom.identity.internal;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemResponses;
import io.strongroom.platform.SelfService;
import io.strongroom.web.Forms;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Step-up (A6): {@code GET /api/v1/auth/step-up} says what the caller proves themselves with,
 * {@code POST} does it and answers a new access token; the page {@code /app/step-up} does the same
 * for browsers and goes back to where the user was.
 */
@Controller
class StepUpController {

    private final StepUps stepUps;

    StepUpController(StepUps stepUps) {
        this.stepUps = stepUps;
    }

    /** {@code credential}: for the method {@code passkey}, the passkey's answer ({@code PublicKeyCredential.toJSON()}). */
    record StepUpRequest(String method, String code, tools.jackson.databind.JsonNode credential) {

        @Override
        public String toString() {
            return "StepUpRequest[" + method + ", <hidden>]";
        }
    }

    record StepUpResponse(String accessToken, String tokenType, long expiresIn) {

        @Override
        public String toString() {
            return "StepUpResponse[<hidden>]";
        }
    }

    @SelfService("the caller's own session")
    @GetMapping(path = "/api/v1/auth/step-up", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> methods() {
        return Map.of("methods", stepUps.methods(Caller.require().userId()), "max_age", stepUps.maxAge().toSeconds());
    }

    /** {@code method}: {@code totp}, {@code recovery_code}, or {@code password} for users without a second factor. */
    @SelfService("the caller's own session")
    @PostMapping(path = "/api/v1/auth/step-up", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    StepUpResponse stepUp(@RequestBody StepUpRequest body, HttpServletRequest request, HttpServletResponse response) {
        String access = stepUps.stepUp(Caller.require(), body.method(),
                Passkeys.KIND.equals(body.method()) ? Passkeys.json(body.credential()) : body.code());
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            SessionCookies.writeAccess(response, access); // a browser's session lives in its cookies
            return new StepUpResponse(null, "cookie", stepUps.maxAge().toSeconds());
        }
        return new StepUpResponse(access, "Bearer", 60);
    }

    /** For a step-up with a code by SMS: sends one to the caller's phone (then {@code POST /api/v1/auth/step-up} with {@code sms}). */
    @SelfService("the caller's own session")
    @PostMapping(path = "/api/v1/auth/step-up/sms", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    org.springframework.http.ResponseEntity<MfaController.SmsSent> sms() {
        String sentTo = stepUps.sendSms(Caller.require().userId());
        return org.springframework.http.ResponseEntity.accepted().header("Cache-Control", "no-store")
                .body(new MfaController.SmsSent(null, sentTo, SmsCodes.LIFETIME.toSeconds()));
    }

    /** For a step-up with a passkey: what {@code navigator.credentials.get()} needs. */
    @SelfService("the caller's own session")
    @PostMapping(path = "/api/v1/auth/step-up/passkey", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    org.springframework.http.ResponseEntity<AuthController.PasskeyOptions> passkeyOptions() {
        return AuthController.PasskeyOptions.answer(stepUps.passkeyOptions(Caller.require().userId()));
    }

    @SelfService("the caller's own session")
    @GetMapping("/app/step-up")
    String page(@RequestParam(required = false) String next, Model model) {
        java.util.List<String> methods = stepUps.methods(Caller.require().userId());
        model.addAttribute("methods", methods);
        model.addAttribute("passkeyOptions", methods.contains(Passkeys.KIND)
                ? Passkeys.optionsJson(stepUps.passkeyOptions(Caller.require().userId())) : null);
        model.addAttribute("next", Forms.safeNext(next));
        return "identity/step-up";
    }

    @SelfService("the caller's own session")
    @PostMapping("/app/step-up")
    String submit(@RequestParam(defaultValue = "") String method, @RequestParam(defaultValue = "") String code,
            @RequestParam(defaultValue = "") String credential, @RequestParam(required = false) String next, Model model,
            HttpServletResponse response) {
        try {
            SessionCookies.writeAccess(response, stepUps.stepUp(Caller.require(), method,
                    Passkeys.KIND.equals(method) ? credential : code));
            return "redirect:" + Forms.safeNext(next);
        } catch (ApiProblem problem) {
            model.addAttribute("failed", problem == Passkeys.NOT_ACCEPTED ? "mfa.passkey.failed" : "mfa.login.failed");
            return page(next, model);
        }
    }

    /** The step-up page: a code by SMS to the caller's phone, then the page again with a notice. */
    @SelfService("the caller's own session")
    @PostMapping("/app/step-up/sms")
    String sendSms(@RequestParam(required = false) String next, Model model) {
        try {
            model.addAttribute("smsSentTo", stepUps.sendSms(Caller.require().userId()));
        } catch (ApiProblem problem) {
            model.addAttribute("failed", problem == SmsCodes.UNAVAILABLE ? "mfa.sms.unavailable"
                    : problem.status().value() == 429 ? "mfa.sms.too-many" : "mfa.login.failed");
        }
        return page(next, model);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        WebMvcConfigurer stepUpEnforcement(StepUps stepUps, ProblemResponses problems) {
            return new WebMvcConfigurer() {
                @Override
                public void addInterceptors(InterceptorRegistry registry) {
                    registry.addInterceptor(new StepUpInterceptor(stepUps, problems));
                }
            };
        }
    }
}
