package io.strongroom.timeoff.internal;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemType;

/** Optimistic locking: the version an {@code If-Match} header names. */
final class Versions {

    private Versions() {
    }

    /** The version an If-Match header names; 428 without one, 412 when it is not {@code current}. */
    static int expected(String ifMatch, int current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiProblem(ProblemType.PRECONDITION_REQUIRED,
                    "Send the record's ETag in If-Match, so a concurrent change is not overwritten.");
        }
        String value = ifMatch.strip();
        if (value.equals("*")) {
            return current;
        }
        value = (value.startsWith("W/") ? value.substring(2) : value).replace("\"", "");
        try {
            if (Integer.parseInt(value) == current) {
                return current;
            }
        } catch (NumberFormatException e) {
            // not a version of ours: stale
        }
        throw stale();
    }

    static ApiProblem stale() {
        return new ApiProblem(ProblemType.PRECONDITION_FAILED,
                "Someone else changed this record since you read it; load it again and reapply your change.");
    }

    static String etag(int version) {
        return "\"" + version + "\"";
    }
}
