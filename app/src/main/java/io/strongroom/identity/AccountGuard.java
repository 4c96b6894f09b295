package io.strongroom.identity;

import java.util.UUID;

/**
 * Lets another module veto what is done to an account. The access module implements both rules:
 * only callers holding {@code owners:manage} may act on an Owner's account, and a workspace's last
 * active Owner cannot be taken out of service. Throws an {@code ApiProblem} to refuse. Call inside
 * the transaction of the action.
 */
public interface AccountGuard {

    /**
     * Refuses any administrative action (disable, enable, unlock, password reset, role change,
     * delete, ending sessions) by {@code actor} on {@code target} when {@code target} is an Owner
     * and {@code actor} does not hold {@code owners:manage} (by its current roles, not its token).
     */
    void checkMayAdminister(UUID actor, UUID target);

    /** Refuses to take the last active Owner out of service (disable, delete, demote). */
    void checkCanRemove(UUID userId);
}
