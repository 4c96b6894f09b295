package io.strongroom.platform;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The stable problem types of the API (RFC 9457 {@code type} members). Clients may rely on the
 * type URI; titles are for humans and may change.
 */
public enum ProblemType {

    VALIDATION_FAILED("validation-failed", HttpStatus.BAD_REQUEST, "The request has invalid fields"),
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "The request is malformed"),
    MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST, "The request body is not valid JSON"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Authentication is required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "You are not allowed to do this"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "No acceptable representation"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "The request conflicts with the current state"),
    PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "The resource has changed"),
    PRECONDITION_REQUIRED("precondition-required", HttpStatus.PRECONDITION_REQUIRED, "An If-Match header is required"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type"),
    KEYS_DESTROYED("keys-destroyed", HttpStatus.GONE, "The data can no longer be read"),
    EXPIRED("expired", HttpStatus.GONE, "No longer available"),
    WORKSPACE_READ_ONLY("workspace-read-only", HttpStatus.FORBIDDEN, "The workspace is read-only"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable");

    private static final String PREFIX = "urn:strongroom:problem:";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return uri(slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The URI of a module-specific problem type, e.g. {@code workspace-taken}. */
    public static URI uri(String slug) {
        return URI.create(PREFIX + slug);
    }

    /** The generic type for a status code, for errors that carry no more specific type. */
    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status.value() == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
    }
}
