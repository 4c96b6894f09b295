package io.strongroom.timeoff.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.strongroom.platform.ProcessingRestrictions;

/**
 * Time off asks before it processes a person's leave (G1, GDPR Art. 18): while a data-subject request
 * restricts the person, no request of theirs is made, decided, cancelled or corrected, and their
 * settings are not changed; what is stored stays readable.
 */
@Component
class RestrictedPeople {

    private final List<ProcessingRestrictions> restrictions;

    RestrictedPeople(List<ProcessingRestrictions> restrictions) {
        this.restrictions = restrictions;
    }

    /** 409 when the person's processing is restricted; call inside the transaction, tenant bound. */
    void requireUnrestricted(UUID personId) {
        if (restrictions.stream().anyMatch(r -> r.restricted(personId))) {
            throw ProcessingRestrictions.refused();
        }
    }
}
