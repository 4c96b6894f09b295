package io.strongroom.platform;

import java.util.UUID;

/**
 * Whether processing of a person's data is restricted (G1, GDPR Art. 18): while it is, the modules that
 * change that person's data refuse to. The privacy module answers (it records restrictions with the
 * requests that asked for them); the modules ask, in their transaction with the tenant bound.
 */
public interface ProcessingRestrictions {

    boolean restricted(UUID personId);

    /** The 409 a change of a restricted person's data answers. */
    static ApiProblem refused() {
        return new ApiProblem(ProblemType.CONFLICT, "Processing of this person's data is restricted by a data-subject"
                + " request; the restriction must be lifted first.");
    }
}
