package io.strongroom.platform;

import java.util.List;

/**
 * A module's contribution to the permission catalog: register one as a bean per module that
 * declares permissions.
 *
 * @param module the contributing module's name, for error messages and the catalog page
 * @param permissions its permissions
 */
public record PermissionSet(String module, List<Permission> permissions) {

    public PermissionSet {
        permissions = List.copyOf(permissions);
    }

    public static PermissionSet of(String module, Permission[] permissions) {
        return new PermissionSet(module, List.of(permissions));
    }
}
