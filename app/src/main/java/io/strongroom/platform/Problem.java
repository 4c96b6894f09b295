package io.strongroom.platform;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error response: RFC 9457 members plus the request id and, for validation
 * problems, the failing fields.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, String requestId,
        List<ApiProblem.FieldProblem> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
