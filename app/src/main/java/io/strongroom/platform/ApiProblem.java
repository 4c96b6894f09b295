package io.strongroom.platform;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An error the API reports to its caller as an RFC 9457 {@code application/problem+json}
 * response. Its detail is shown to the caller, so it must never contain secrets, SQL or internal
 * names.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final List<FieldProblem> fieldProblems;
    private final Map<String, String> headers;

    public ApiProblem(ProblemType type, String detail) {
        this(type.status(), type.uri(), type.title(), detail, List.of(), Map.of());
    }

    public ApiProblem(HttpStatus status, URI type, String title, String detail,
            List<FieldProblem> fieldProblems, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.fieldProblems = List.copyOf(fieldProblems);
        this.headers = Map.copyOf(headers);
    }

    /** A validation problem with one or more field errors. */
    public static ApiProblem validation(List<FieldProblem> fieldProblems) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemType.VALIDATION_FAILED.uri(),
                ProblemType.VALIDATION_FAILED.title(), "One or more fields are invalid.", fieldProblems, Map.of());
    }

    /** A validation problem with one field error. */
    public static ApiProblem validation(String field, String message) {
        return validation(List.of(new FieldProblem(field, message)));
    }

    /** 404, worded the same whether the thing does not exist or belongs to someone else. */
    public static ApiProblem notFound(String what) {
        return new ApiProblem(ProblemType.NOT_FOUND, what + " was not found.");
    }

    /** 429 with a {@code Retry-After} header. */
    public static ApiProblem rateLimited(Duration retryAfter) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, ProblemType.RATE_LIMITED.uri(),
                ProblemType.RATE_LIMITED.title(), "Too many requests; retry after " + seconds + " seconds.",
                List.of(), Map.of("Retry-After", Long.toString(seconds)));
    }

    /** The database is unreachable or every connection is busy: the client may retry shortly (503). */
    public static ApiProblem unavailable() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.SERVICE_UNAVAILABLE.uri(),
                ProblemType.SERVICE_UNAVAILABLE.title(),
                "Strongroom cannot reach its database right now; nothing was changed. Retry in a few seconds.",
                List.of(), Map.of("Retry-After", "5"));
    }

    /** The workspace is being restored from a backup: writes are refused until the restore ends (503). */
    public static ApiProblem restoring() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.SERVICE_UNAVAILABLE.uri(),
                ProblemType.SERVICE_UNAVAILABLE.title(),
                "The workspace is being restored from a backup and is read-only until that ends; nothing was changed.",
                List.of(), Map.of("Retry-After", "30"));
    }

    /** Whether {@code failure} is the database refusing a write because the workspace is being restored (SQLSTATE SR503). */
    public static boolean isRestoring(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "SR503".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} means the database cannot be reached or no connection could be had
     * in time (as opposed to a bug): such a failure answers {@link #unavailable()}.
     */
    public static boolean isUnavailability(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")))) {
                return true;
            }
        }
        return false;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }

    /** Extra response headers, e.g. {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }

    /** One invalid field: its JSON name (snake_case, dotted for nested fields) and why. */
    public record FieldProblem(String field, String message) {
    }
}
