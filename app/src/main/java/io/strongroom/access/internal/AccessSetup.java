package io.strongroom.access.internal;

import java.util.Set;
import java.util.UUID;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.strongroom.identity.PermissionsProvider;
import io.strongroom.platform.BuiltInRole;
import io.strongroom.tenancy.TenantSignedUp;

/**
 * Gives every new tenant its built-in roles and makes the signing-up user its Owner (inside the
 * signup transaction), and answers identity's question "what may this user do?" for tokens.
 */
@Component
class AccessSetup implements PermissionsProvider {

    private final RoleRepository roles;

    AccessSetup(RoleRepository roles) {
        this.roles = roles;
    }

    @EventListener
    void onSignup(TenantSignedUp signup) {
        for (BuiltInRole role : BuiltInRole.values()) {
            roles.insertBuiltIn(role);
        }
        roles.assign(signup.ownerUserId(), roles.builtinId(BuiltInRole.OWNER));
    }

    @Override
    public Set<String> permissionsOf(UUID userId) {
        return roles.permissionsOf(userId);
    }
}
