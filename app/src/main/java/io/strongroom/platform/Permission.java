package io.strongroom.platform;

import java.util.Set;

/**
 * One permission of the catalog. Each module declares its own as an enum implementing this
 * interface and registers them with a {@link PermissionSet} bean; the catalog (access module) is
 * the union and refuses duplicate or malformed keys. Access tokens carry a caller's permissions as
 * their {@link #key()}s; services ask {@code Caller.has(Permission)}; HTTP handlers declare the
 * key in {@code @PreAuthorize("hasAuthority('...')")}, which {@code EndpointDeclarationTest} checks
 * against the catalog.
 */
public interface Permission {

    /** What the permission is; an enum constant holds one. */
    Definition definition();

    /** {@code area:verb} (e.g. {@code people:read}), lower case; stable, stored in custom roles. */
    default String key() {
        return definition().key();
    }

    /** One sentence for administrators choosing permissions for a role. */
    default String description() {
        return definition().description();
    }

    /**
     * The built-in roles that hold this permission besides {@link BuiltInRole#OWNER}, which holds
     * every permission. Built-in roles are resolved from these declarations when read, so a new
     * permission reaches them without touching any tenant's data.
     */
    default Set<BuiltInRole> builtInRoles() {
        return definition().builtInRoles();
    }

    /** A permission's key, description and the built-in roles holding it. */
    record Definition(String key, String description, Set<BuiltInRole> builtInRoles) {

        public Definition {
            builtInRoles = Set.copyOf(builtInRoles);
        }
    }
}
