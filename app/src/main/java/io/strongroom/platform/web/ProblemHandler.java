package io.strongroom.platform.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Problem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Maps every exception that reaches Spring MVC to a problem+json response. Details shown to the
 * caller are written here, never taken from exception messages of libraries, so no SQL, stack
 * trace or class name can leak.
 */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final Problems problems;
    private final ApplicationEventPublisher events;

    ProblemHandler(Problems problems, ApplicationEventPublisher events) {
        this.problems = problems;
        this.events = events;
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Problem> apiProblem(ApiProblem problem, HttpServletRequest request) {
        RequestRefused.of(request.getMethod(), request.getRequestURI(), problem).ifPresent(events::publishEvent);
        return problems.entity(request, problem);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Problem> invalidBody(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<FieldProblem> fields = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            fields.add(new FieldProblem(jsonName(error.getField()), message(error)));
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> fields.add(new FieldProblem(error.getObjectName(), message(error))));
        return problems.entity(request, ApiProblem.validation(sorted(fields)));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Problem> invalidParameters(HandlerMethodValidationException e, HttpServletRequest request) {
        List<FieldProblem> fields = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = Optional.ofNullable(result.getMethodParameter().getParameterName()).orElse("parameter");
            result.getResolvableErrors().forEach(error -> fields.add(new FieldProblem(jsonName(name), message(error))));
        });
        return problems.entity(request, ApiProblem.validation(sorted(fields)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Problem> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problems.entity(request, ApiProblem.validation(jsonName(e.getName()), "has an invalid format"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        ApiProblem problem = unreadableProblem(e);
        if (problem.status().value() == 413) {
            BodySizeLimitFilter.drain(request);
        }
        return problems.entity(request, problem);
    }

    /** Authorization failures belong to Spring Security's exception translation (401 or 403). */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void security(RuntimeException e) {
        throw e;
    }

    /** Spring MVC's own errors (no such route, wrong method, ...): problem+json, or the error page for a browser. */
    private ResponseEntity<?> springError(ErrorResponse e, HttpServletRequest request) {
        int status = e.getStatusCode().value();
        ProblemType type = ProblemType.forStatus(status);
        String detail = switch (type) {
            case NOT_FOUND -> "No resource at " + request.getRequestURI() + ".";
            case METHOD_NOT_ALLOWED -> "Method " + request.getMethod() + " is not allowed here.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case NOT_ACCEPTABLE -> "This resource is available as application/json.";
            case PAYLOAD_TOO_LARGE -> "The request body is too large.";
            default -> Optional.ofNullable(e.getBody().getDetail()).orElse(type.title());
        };
        if (status >= 500) {
            log.error("Request failed with status {}", status, (Throwable) e);
        }
        return respond(request, new ApiProblem(HttpStatus.valueOf(status), type.uri(), type.title(), detail, List.of(), Map.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<?> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse error) {
            return springError(error, request);
        }
        if (ApiProblem.isRestoring(e)) {
            log.info("Refused {} {}: the workspace is being restored", request.getMethod(), request.getRequestURI());
            return respond(request, ApiProblem.restoring());
        }
        if (ApiProblem.isUnavailability(e)) {
            log.warn("Database unavailable: {} {} answered 503", request.getMethod(), request.getRequestURI());
            return respond(request, ApiProblem.unavailable());
        }
        if (cause(e, InvalidParameterException.class).isPresent()) {
            // a form body Tomcat cannot decode: the client's error, one line in the log
            log.info("Refused {} {}: malformed form parameters", request.getMethod(), request.getRequestURI());
            return respond(request, new ApiProblem(ProblemType.MALFORMED_REQUEST, "The request parameters cannot be read."));
        }
        Optional<BodySizeLimitFilter.BodyTooLargeException> tooLarge = cause(e, BodySizeLimitFilter.BodyTooLargeException.class);
        if (tooLarge.isPresent()) {
            BodySizeLimitFilter.drain(request);
            return problems.entity(request, BodySizeLimitFilter.tooLarge(tooLarge.get().maxBytes()));
        }
        log.error("Unexpected error", e);
        return respond(request, new ApiProblem(ProblemType.INTERNAL_ERROR,
                "An unexpected error occurred; quote the request id when you report it."));
    }

    /** problem+json, or the plain error page when a browser asked for HTML. */
    private ResponseEntity<?> respond(HttpServletRequest request, ApiProblem problem) {
        if (ErrorPages.prefersHtml(request)) {
            return ResponseEntity.status(problem.status()).contentType(MediaType.TEXT_HTML)
                    .body(ErrorPages.html(problem.status().value(), problem.title(), problem.detail(),
                            problems.body(request, problem).requestId()));
        }
        return problems.entity(request, problem);
    }

    static ApiProblem unreadableProblem(HttpMessageNotReadableException e) {
        Optional<BodySizeLimitFilter.BodyTooLargeException> tooLarge = cause(e, BodySizeLimitFilter.BodyTooLargeException.class);
        if (tooLarge.isPresent()) {
            return BodySizeLimitFilter.tooLarge(tooLarge.get().maxBytes());
        }
        Optional<UnrecognizedPropertyException> unknown = cause(e, UnrecognizedPropertyException.class);
        if (unknown.isPresent()) {
            return ApiProblem.validation(path(unknown.get()), "is not a known field");
        }
        Optional<InvalidFormatException> format = cause(e, InvalidFormatException.class);
        if (format.isPresent()) {
            return ApiProblem.validation(path(format.get()), "has an invalid format");
        }
        Optional<MismatchedInputException> mismatch = cause(e, MismatchedInputException.class);
        if (mismatch.isPresent() && !mismatch.get().getPath().isEmpty()) {
            return ApiProblem.validation(path(mismatch.get()), "has the wrong type");
        }
        if (cause(e, JacksonException.class).isPresent() && mismatch.isEmpty()) {
            return new ApiProblem(ProblemType.MALFORMED_JSON, "The request body is not valid JSON.");
        }
        return new ApiProblem(ProblemType.MALFORMED_JSON, "The request body is missing or is not a JSON object.");
    }

    private static String path(DatabindException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static List<FieldProblem> sorted(List<FieldProblem> fields) {
        return fields.stream()
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                .toList();
    }

    private static String message(MessageSourceResolvable error) {
        return Optional.ofNullable(error.getDefaultMessage()).orElse("is invalid");
    }

    /** {@code homeAddress.postalCode} -> {@code home_address.postal_code}. */
    static String jsonName(String javaPath) {
        StringBuilder out = new StringBuilder(javaPath.length() + 8);
        for (char c : javaPath.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }
}
