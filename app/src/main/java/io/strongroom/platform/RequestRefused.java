package io.strongroom.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Published when a request is refused after authentication — 403 for a missing permission, 409 or
 * 412 for a conflict — so the audit trail records refused and failed attempts too (in their own
 * transaction: the attempt itself has been rolled back). The rule which problems count is
 * {@link #of}; it holds whether the problem became a problem+json answer, an error page, or a form
 * shown again with the message ({@link #absorbed}).
 *
 * @param method HTTP method
 * @param path request path (no query string)
 * @param status the HTTP status answered
 * @param reason the problem type and detail shown to the caller (never a secret)
 */
public record RequestRefused(String method, String path, int status, String reason) {

    /** Request attribute holding the problems a handler absorbed (see {@link #absorbed}). */
    public static final String ABSORBED = RequestRefused.class.getName() + ".absorbed";

    public boolean denied() {
        return status == 403;
    }

    /** The refusal to record for this problem, if it is one (403, 409, 412). */
    public static Optional<RequestRefused> of(String method, String path, ApiProblem problem) {
        int status = problem.status().value();
        if (status != 403 && status != 409 && status != 412) {
            return Optional.empty();
        }
        return Optional.of(new RequestRefused(method, path, status,
                problem.type().toString().replace("urn:strongroom:problem:", "") + ": " + problem.detail()));
    }

    /**
     * A handler caught {@code problem} and answered in its own way (a form shown again with the
     * message): it is recorded all the same, once the request completes.
     */
    @SuppressWarnings("unchecked")
    public static void absorbed(ApiProblem problem) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return;
        }
        Object list = attributes.getAttribute(ABSORBED, RequestAttributes.SCOPE_REQUEST);
        if (!(list instanceof List<?>)) {
            list = new ArrayList<ApiProblem>();
            attributes.setAttribute(ABSORBED, list, RequestAttributes.SCOPE_REQUEST);
        }
        ((List<ApiProblem>) list).add(problem);
    }
}
