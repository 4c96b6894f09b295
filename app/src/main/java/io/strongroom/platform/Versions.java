package io.strongroom.platform;

/** Optimistic locking: records carry a version, sent as their ETag and expected back in {@code If-Match}. */
public final class Versions {

    private Versions() {
    }

    /** The version an If-Match header names; 428 without one, 412 when it is not {@code current}. */
    public static int expected(String ifMatch, int current) {
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

    public static ApiProblem stale() {
        return new ApiProblem(ProblemType.PRECONDITION_FAILED,
                "Someone else changed this record since you read it; load it again and reapply your change.");
    }

    public static String etag(int version) {
        return "\"" + version + "\"";
    }
}
