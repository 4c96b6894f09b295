package io.strongroom.platform.web;

import java.util.List;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.servlet.HandlerInterceptor;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Records the refusals a handler absorbed into its own answer (see {@link RequestRefused#absorbed}). */
class AbsorbedRefusalInterceptor implements HandlerInterceptor {

    private final ApplicationEventPublisher events;

    AbsorbedRefusalInterceptor(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (request.getAttribute(RequestRefused.ABSORBED) instanceof List<?> problems) {
            request.removeAttribute(RequestRefused.ABSORBED);
            for (Object problem : problems) {
                RequestRefused.of(request.getMethod(), request.getRequestURI(), (ApiProblem) problem)
                        .ifPresent(events::publishEvent);
            }
        }
    }
}
