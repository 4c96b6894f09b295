package io.strongroom.identity;

import java.util.UUID;

/**
 * Lets another module veto taking an account out of service (disable, delete) — the access module
 * refuses it for a workspace's last Owner. Throws an {@code ApiProblem} to refuse.
 */
public interface AccountGuard {

    void checkCanRemove(UUID userId);
}
