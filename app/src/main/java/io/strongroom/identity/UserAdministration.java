package io.strongroom.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * User administration for the bound tenant, used by the access module's {@code /api/v1/users}
 * endpoints (which add roles). Every method runs in the caller's transaction.
 */
public interface UserAdministration {

    /**
     * Creates an invited user and mails them a single-use link to choose a password (valid 7 days).
     * Throws a 409 problem when the e-mail address is already a user of this workspace. The role
     * names given are recorded with the invitation (the caller assigns the roles themselves).
     */
    UUID invite(String email, String displayName, UUID invitedBy, java.util.List<String> roleNames);

    List<UserSummary> list(String query, String status, UUID after, int limit);

    Optional<UserSummary> find(UUID userId);

    /** Deletes the user; their sessions go with them. */
    void delete(UUID userId, UUID deletedBy);

    /** A user as administrators see it (never a password hash). */
    record UserSummary(UUID id, String email, String displayName, String status, boolean locked,
            Instant lastSignInAt, Instant createdAt) {
    }
}
