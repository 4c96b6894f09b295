package io.strongroom.identity;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;

/**
 * Roles a workspace's identity provider gives (A7): the default roles of the accounts a connection
 * creates at first sign-in, and the roles its groups give at every sign-in. Implemented by the access
 * module, which alone assigns roles. Called in the caller's transaction with the tenant bound.
 */
public interface ProvidedRoles {

    /**
     * The ids among {@code roleIds} a connection may not give: not a role of this workspace, the Owner
     * role (no group makes an Owner), or a role with a permission the administrator configuring it
     * ({@code caller}) does not hold (no escalation through a group).
     */
    Set<UUID> notGivable(UUID caller, Collection<UUID> roleIds);

    /**
     * Of the roles in {@code managed}, the user keeps or gets those in {@code granted} and loses the
     * rest; roles outside {@code managed} are not touched, nor is the Owner role. A change is recorded
     * ({@code role.assigned}, with the connection as its source).
     */
    void apply(UUID userId, Set<UUID> managed, Set<UUID> granted, String connectionId);
}
