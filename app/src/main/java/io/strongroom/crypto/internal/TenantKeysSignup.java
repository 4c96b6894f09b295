package io.strongroom.crypto.internal;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.strongroom.tenancy.TenantSignedUp;

/** A new workspace gets its keys at signup (E1), before any of its data is written. */
@Component
class TenantKeysSignup {

    private final TenantKeyService keys;

    TenantKeysSignup(TenantKeyService keys) {
        this.keys = keys;
    }

    @EventListener
    void on(TenantSignedUp signup) {
        keys.keys(signup.tenantId());
    }
}
