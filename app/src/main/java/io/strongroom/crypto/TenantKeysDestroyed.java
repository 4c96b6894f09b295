package io.strongroom.crypto;

import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemType;

/** The tenant's keys were destroyed (crypto-shredding): its encrypted data can no longer be read by anyone. */
public class TenantKeysDestroyed extends ApiProblem {

    public TenantKeysDestroyed() {
        super(ProblemType.KEYS_DESTROYED,
                "The encryption keys of this workspace were destroyed. Its encrypted data can no longer be read.");
    }
}
