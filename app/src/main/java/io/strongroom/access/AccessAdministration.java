package io.strongroom.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Roles and users with their roles, for the signed-in administrator; used by the JSON API and the
 * pages. Each method checks the caller's permissions (plus the no-escalation and last-owner
 * rules) and runs in its own transaction. Failures are {@code ApiProblem}s.
 */
public interface AccessAdministration {

    List<RoleView> roles();

    RoleView role(UUID id);

    RoleView createRole(String name, String description, List<String> permissions);

    RoleView updateRole(UUID id, String name, String description, List<String> permissions);

    void deleteRole(UUID id);

    UserPage users(String query, String status, UUID after, int limit);

    UserView user(UUID id);

    /** Invites by e-mail (the user chooses a password through the mailed link) with these roles. */
    UserView invite(String email, String displayName, List<UUID> roleIds);

    void deleteUser(UUID id);

    /** Replaces the user's roles; returns them. */
    List<RoleView> assignRoles(UUID userId, List<UUID> roleIds);

    record RoleView(UUID id, String name, String description, boolean builtin, List<String> permissions,
            Instant updatedAt) {
    }

    record UserView(UUID id, String email, String displayName, String status, boolean locked, Instant lastSignInAt,
            Instant createdAt, List<RoleRef> roles) {
    }

    record RoleRef(UUID id, String name) {
    }

    record UserPage(List<UserView> items, UUID nextAfter) {
    }
}
