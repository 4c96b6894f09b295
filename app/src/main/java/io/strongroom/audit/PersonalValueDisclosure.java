package io.strongroom.audit;

import io.strongroom.identity.Caller;

/**
 * Whether a caller may see the personal values kept in audit diffs. The trail sits below the
 * modules that own personal data, so they answer: each module that records personal diffs
 * implements this with its own permission (people: {@code people.personal:read}). Personal values
 * are shown only when every implementation agrees; with none, nobody sees them.
 */
public interface PersonalValueDisclosure {

    boolean mayReadPersonalValues(Caller caller);
}
