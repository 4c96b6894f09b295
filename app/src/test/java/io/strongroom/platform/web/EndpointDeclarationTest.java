package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.strongroom.testsupport.StrongroomTest;
import jakarta.annotation.security.PermitAll;

/**
 * R4, deny by default: every HTTP endpoint declares who may call it. Public endpoints are an
 * explicit, short allow-list; adding one means changing this test.
 */
@StrongroomTest
@Tag("R4")
class EndpointDeclarationTest {

    static final List<String> PUBLIC_ENDPOINTS = List.of(
            "AuthController#acceptInvitation",
            "AuthController#completeRecovery",
            "AuthController#login",
            "AuthController#recovery",
            "AuthController#refresh",
            "JwksController#jwks",
            "ProblemErrorController#error",
            "ProblemErrorController#errorPage",
            "PublicPages#forgot",
            "PublicPages#forgotPage",
            "PublicPages#home",
            "PublicPages#login",
            "PublicPages#loginPage",
            "PublicPages#logout",
            "PublicPages#setPassword",
            "PublicPages#setPasswordPage",
            "PublicPages#signUp",
            "PublicPages#signupPage",
            "PublicPages#strength",
            "PublicPages#workspaceLoginPage",
            "SignupController#signUp",
            "VersionController#version");

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
                .filter(h -> h.hasMethodAnnotation(PermitAll.class) || h.getBeanType().isAnnotationPresent(PermitAll.class))
                .map(h -> h.getBeanType().getSimpleName() + "#" + h.getMethod().getName())
                .distinct()
                .sorted()
                .toList();
        assertThat(publicHandlers).containsExactlyElementsOf(PUBLIC_ENDPOINTS);
    }
}
