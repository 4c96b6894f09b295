package io.strongroom.crypto;

import java.util.Set;
import java.util.UUID;

/**
 * Asked before replaced field keys are retired after a rotation: the ids of the tenant's field
 * keys that copies of its data outside the live tables (backups) still need. Those keys stay in the
 * tenant's keyset until the copies are gone (the owner of the copies then calls
 * {@link KeyAdministration#retireReplacedKeys(UUID)}). Crypto-shredding destroys them regardless.
 * Implemented by the modules that keep such copies; several may exist.
 */
@FunctionalInterface
public interface RetainedFieldKeys {

    /** Field key ids of {@code tenant} that must stay (called with the tenant bound, in a transaction). */
    Set<Long> retained(UUID tenant);
}
