package io.strongroom.platform.web;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.Problem;
import io.strongroom.platform.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** Turns an {@link ApiProblem} into the one problem+json shape every error response uses. */
@Component
class Problems implements ProblemResponses {

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    Problem body(HttpServletRequest request, ApiProblem problem) {
        return new Problem(problem.type(), problem.title(), problem.status().value(), problem.detail(),
                instance(request), requestId(request), problem.fieldProblems());
    }

    ResponseEntity<Problem> entity(HttpServletRequest request, ApiProblem problem) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        problem.headers().forEach(headers::set);
        return new ResponseEntity<>(body(request, problem), headers, problem.status());
    }

    @Override
    public void write(HttpServletRequest request, HttpServletResponse response, ApiProblem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(problem.status().value());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        for (Map.Entry<String, String> header : problem.headers().entrySet()) {
            response.setHeader(header.getKey(), header.getValue());
        }
        json.writeValue(response.getOutputStream(), body(request, problem));
    }

    private static String instance(HttpServletRequest request) {
        Object original = request.getAttribute("jakarta.servlet.error.request_uri");
        return original instanceof String uri ? uri : request.getRequestURI();
    }

    private static String requestId(HttpServletRequest request) {
        Object id = request.getAttribute(ClientRequestFilter.REQUEST_ID_ATTRIBUTE);
        if (id instanceof String text) {
            return text;
        }
        return ClientRequest.current().map(ClientRequest::requestId).orElse(null);
    }
}
