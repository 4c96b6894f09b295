package io.strongroom.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Deny by default (R4): a handler method runs only if it, or its class, declares who may call it
 * with {@code @PermitAll} or {@code @PreAuthorize}. An undeclared handler is refused with 403 and
 * logged as a programming error; {@code EndpointDeclarationTest} fails the build before that can
 * ship.
 */
public class EndpointDeclarationInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(EndpointDeclarationInterceptor.class);

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && !isDeclared(method)) {
            log.error("Refused {} {}: handler {} declares no access rule", request.getMethod(),
                    request.getRequestURI(), method.getShortLogMessage());
            throw new AuthorizationDeniedException("Endpoint declares no access rule", new AuthorizationDecision(false));
        }
        return true;
    }

    /** Whether a handler declares its access rule, on the method or on its class. */
    public static boolean isDeclared(HandlerMethod method) {
        return declares(method.getMethod()) || declares(method.getBeanType())
                || ApiDocumentation.PUBLIC_LIBRARY_HANDLERS.contains(method.getBeanType().getName());
    }

    private static boolean declares(java.lang.reflect.AnnotatedElement element) {
        return AnnotatedElementUtils.hasAnnotation(element, PermitAll.class)
                || AnnotatedElementUtils.hasAnnotation(element, PreAuthorize.class);
    }
}
