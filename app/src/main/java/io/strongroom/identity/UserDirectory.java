package io.strongroom.identity;

import java.util.Optional;
import java.util.UUID;

/** Facts about users of the bound tenant that other modules need. */
public interface UserDirectory {

    /** The user's e-mail address (for the audit trail's actor), if the user exists. */
    Optional<String> emailOf(UUID userId);

    /**
     * The language and time zone of what is written to {@code email} in the bound workspace: the
     * user's own choice, else the workspace's defaults (for mail other modules send).
     */
    Regional regionalOf(String email);

    /** Whether the user exists and may sign in (not disabled, not an unaccepted invitation). */
    boolean isActive(UUID userId);

    /** The workspace's default language and time zone (its time zone decides which day it is for the workspace). */
    Regional workspaceRegional();

    /** Display names of the users among {@code ids} (unknown ids left out); in the caller's transaction. */
    java.util.Map<UUID, String> displayNames(java.util.Set<UUID> ids);
}
