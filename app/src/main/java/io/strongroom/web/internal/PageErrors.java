package io.strongroom.web.internal;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.RequestRefused;
import io.strongroom.web.PageController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Problems on pages become an error page in the layout (the JSON API keeps its problem+json);
 * refused requests are announced for the audit trail exactly as on the API.
 */
@ControllerAdvice(annotations = PageController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    private final ApplicationEventPublisher events;
    private final WebModel common;

    PageErrors(ApplicationEventPublisher events, WebModel common) {
        this.events = events;
        this.common = common;
    }

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        int status = problem.status().value();
        RequestRefused.of(request.getMethod(), request.getRequestURI(), problem).ifPresent(events::publishEvent);
        return page(status, problem.title(), problem.detail(), response, model);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String badParameter(HttpServletResponse response, Model model) {
        return page(404, ProblemType.NOT_FOUND.title(), "This page does not exist.", response, model);
    }

    private String page(int status, String title, String detail, HttpServletResponse response, Model model) {
        common.common(model);
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("title", title);
        model.addAttribute("detail", detail);
        return "error-page";
    }
}
