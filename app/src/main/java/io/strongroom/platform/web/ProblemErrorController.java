package io.strongroom.platform.web;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.Problem;
import io.strongroom.platform.ProblemType;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Answers errors that happen outside Spring MVC (in filters or in the servlet container) with the
 * same problem+json shape, instead of Spring Boot's default error page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private final Problems problems;

    ProblemErrorController(Problems problems) {
        this.problems = problems;
    }

    /** Browsers get the plain error page. */
    @PermitAll
    @RequestMapping(path = "${server.error.path:/error}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> errorPage(HttpServletRequest request) {
        ResponseEntity<Problem> problem = error(request);
        Problem body = problem.getBody();
        return ResponseEntity.status(problem.getStatusCode()).contentType(MediaType.TEXT_HTML)
                .body(ErrorPages.html(body.status(), body.title(), body.detail(), body.requestId()));
    }

    @PermitAll
    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Problem> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // no error being forwarded: a client asked for the error path itself, which is no resource
        int status = code instanceof Integer value ? value : 404;
        HttpStatus httpStatus = HttpStatus.resolve(status);
        if (httpStatus == null || status < 400) {
            httpStatus = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemType type = ProblemType.forStatus(httpStatus.value());
        String detail = httpStatus.is5xxServerError()
                ? "An unexpected error occurred; quote the request id when you report it."
                : type.title() + ".";
        return problems.entity(request, new ApiProblem(httpStatus, type.uri(), type.title(), detail,
                java.util.List.of(), java.util.Map.of()));
    }
}
