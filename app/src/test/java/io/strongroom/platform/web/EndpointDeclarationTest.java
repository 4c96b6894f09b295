package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.strongroom.access.PermissionCatalog;
import io.strongroom.platform.SelfService;
import io.strongroom.testsupport.StrongroomTest;
import jakarta.annotation.security.PermitAll;

/**
 * R4, deny by default: every HTTP endpoint declares who may call it. Public and self-service
 * endpoints are explicit, short lists; adding one means changing this test; every other endpoint
 * names permissions of the catalog.
 */
@StrongroomTest
@Tag("R4")
class EndpointDeclarationTest {

    static final List<String> PUBLIC_ENDPOINTS = List.of(
            "AuthController#acceptInvitation",
            "AuthController#completeRecovery",
            "AuthController#enrolAtSignIn",
            "AuthController#login",
            "AuthController#passkeyForChallenge",
            "AuthController#passkeyOptions",
            "AuthController#passkeySignIn",
            "AuthController#recovery",
            "AuthController#refresh",
            "AuthController#secondFactor",
            "AuthController#smsForChallenge",
            "DeletionCertificateController#certificate",
            "DeletionCertificateController#keys",
            "DeletionCertificateController#verify",
            "JwksController#jwks",
            "OpenApiWebMvcResource#openapiJson",
            "OpenApiWebMvcResource#openapiYaml",
            "ProblemErrorController#error",
            "ProblemErrorController#errorPage",
            "ShellPages#home",
            "SignInPages#forgot",
            "SignInPages#forgotPage",
            "SignInPages#login",
            "SignInPages#loginPage",
            "SignInPages#logout",
            "SignInPages#passkey",
            "SignInPages#routeSso",
            "SignInPages#samlAcs",
            "SignInPages#samlMetadata",
            "SignInPages#secondFactor",
            "SignInPages#sendSms",
            "SignInPages#setPassword",
            "SignInPages#setPasswordPage",
            "SignInPages#signUp",
            "SignInPages#signupPage",
            "SignInPages#ssoCallback",
            "SignInPages#startSaml",
            "SignInPages#startSso",
            "SignInPages#strength",
            "SignInPages#workspaceLoginPage",
            "SignupController#signUp",
            "SwaggerConfigResource#openapiJson",
            "SwaggerWelcomeWebMvc#redirectToUi",
            "TimeOffController#feed",
            "VersionController#version");

    /** Handlers open to every signed-in user ({@code @SelfService}); adding one means changing this list. */
    static final List<String> SELF_SERVICE_ENDPOINTS = List.of(
            "AccessController#permissions",
            "AccountPages#account",
            "AccountPages#addPasskey",
            "AccountPages#changePassword",
            "AccountPages#confirmSms",
            "AccountPages#confirmTotp",
            "AccountPages#endAll",
            "AccountPages#endSession",
            "AccountPages#forgetDevice",
            "AccountPages#newRecoveryCodes",
            "AccountPages#removeFactor",
            "AccountPages#savePreferences",
            "AccountPages#startPasskey",
            "AccountPages#startSms",
            "AccountPages#startTotp",
            "AuthController#logout",
            "HomePages#home",
            "MeController#changePassword",
            "MeController#endAllSessions",
            "MeController#endSession",
            "MeController#me",
            "MeController#preferences",
            "MeController#sessions",
            "MeController#updatePreferences",
            "MfaController#addPasskey",
            "MfaController#confirmSms",
            "MfaController#confirmTotp",
            "MfaController#devices",
            "MfaController#forgetDevice",
            "MfaController#mine",
            "MfaController#newRecoveryCodes",
            "MfaController#passkeyOptions",
            "MfaController#policy",
            "MfaController#remove",
            "MfaController#startSms",
            "MfaController#startTotp",
            "PeopleController#get",
            "PeopleController#personalFields",
            "PeopleController#update",
            "PeoplePages#detail",
            "PeoplePages#edit",
            "PeoplePages#reveal",
            "PeoplePages#update",
            "PrivacyController#processingRecord",
            "PrivacyPages#record",
            "SettingsController#passwordPolicy",
            "SettingsController#regionalDefaults",
            "SettingsController#sessionSettings",
            "ShellPages#denied",
            "ShellPages#start",
            "StepUpController#methods",
            "StepUpController#page",
            "StepUpController#passkeyOptions",
            "StepUpController#sendSms",
            "StepUpController#sms",
            "StepUpController#stepUp",
            "StepUpController#submit");

    /** The only expressions a handler may declare: one or more permissions of the catalog. */
    static final Pattern PERMISSION_EXPRESSION = Pattern.compile(
            "has(?:Any)?Authority\\(('[a-z.]+:[a-z]+')(?:, ?('[a-z.]+:[a-z]+'))*\\)");
    static final Pattern KEY = Pattern.compile("'([a-z.]+:[a-z]+)'");

    @Autowired
    PermissionCatalog catalog;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyHandlerDeclaresItsAccessRule() {
        Map<RequestMappingInfo, HandlerMethod> handlers = mappings.getHandlerMethods();
        assertThat(handlers).isNotEmpty();
        List<String> undeclared = handlers.entrySet().stream()
                .filter(e -> !EndpointDeclarationInterceptor.isDeclared(e.getValue()))
                .map(e -> e.getKey() + " -> " + e.getValue().getShortLogMessage())
                .toList();
        assertThat(undeclared).as("handlers without @PreAuthorize or @PermitAll").isEmpty();
    }

    @Test
    void publicEndpointsAreExactlyTheAllowList() {
        List<String> publicHandlers = mappings.getHandlerMethods().values().stream()
                .filter(EndpointDeclarationTest::isPublic)
                .map(h -> h.getBeanType().getSimpleName() + "#" + h.getMethod().getName())
                .distinct()
                .sorted()
                .toList();
        assertThat(publicHandlers).containsExactlyElementsOf(PUBLIC_ENDPOINTS);
    }

    @Test
    void selfServiceEndpointsAreExactlyTheirList() {
        List<String> selfService = mappings.getHandlerMethods().values().stream()
                .filter(h -> AnnotatedElementUtils.hasAnnotation(h.getMethod(), SelfService.class)
                        || AnnotatedElementUtils.hasAnnotation(h.getBeanType(), SelfService.class))
                .map(h -> h.getBeanType().getSimpleName() + "#" + h.getMethod().getName())
                .distinct()
                .sorted()
                .toList();
        assertThat(selfService).containsExactlyElementsOf(SELF_SERVICE_ENDPOINTS);
    }

    /**
     * Every other handler names the permissions it needs, and they exist: a typo or a bare
     * {@code isAuthenticated()} would let a handler through to anyone signed in.
     */
    /**
     * Authorities only machine credentials carry, never a role: a SCIM token's, on {@code /scim/v2} alone
     * (where the SCIM token filter admits nothing else).
     */
    static final Set<String> MACHINE_AUTHORITIES = Set.of("scim:provision");

    @Test
    void everyOtherHandlerNamesPermissionsOfTheCatalog() {
        List<String> wrong = new java.util.ArrayList<>();
        for (HandlerMethod h : mappings.getHandlerMethods().values()) {
            boolean open = isPublic(h)
                    || AnnotatedElementUtils.hasAnnotation(h.getMethod(), SelfService.class)
                    || AnnotatedElementUtils.hasAnnotation(h.getBeanType(), SelfService.class);
            if (open) {
                continue;
            }
            PreAuthorize rule = AnnotatedElementUtils.findMergedAnnotation(h.getMethod(), PreAuthorize.class);
            if (rule == null) {
                rule = AnnotatedElementUtils.findMergedAnnotation(h.getBeanType(), PreAuthorize.class);
            }
            String name = h.getBeanType().getSimpleName() + "#" + h.getMethod().getName();
            if (rule == null || !PERMISSION_EXPRESSION.matcher(rule.value()).matches()) {
                wrong.add(name + ": " + (rule == null ? "no rule" : rule.value()));
                continue;
            }
            Matcher keys = KEY.matcher(rule.value());
            while (keys.find()) {
                if (catalog.find(keys.group(1)).isEmpty() && !MACHINE_AUTHORITIES.contains(keys.group(1))) {
                    wrong.add(name + ": unknown permission " + keys.group(1));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** {@code @PermitAll}, or one of springdoc's handlers of the (public) API description. */
    private static boolean isPublic(HandlerMethod h) {
        return h.hasMethodAnnotation(PermitAll.class) || h.getBeanType().isAnnotationPresent(PermitAll.class)
                || ApiDocumentation.PUBLIC_LIBRARY_HANDLERS.contains(h.getBeanType().getName());
    }
}
