package io.strongroom.lifecycle.internal;

import java.time.Instant;
import java.util.UUID;

/** A workspace's row of the catalog as the lifecycle sees it. */
record Account(UUID id, String workspace, String companyName, String region, String plan, AccountState state,
        AccountState.Access access, Instant createdAt, Instant stateSince, Instant trialEndsAt, Instant paymentFailedAt,
        Instant closedAt, Instant deletionRequestedAt, Instant lastActiveAt, String legalHoldReason,
        Instant legalHoldSince, Instant deletedAt, String deletedFromState) {

    boolean onLegalHold() {
        return legalHoldReason != null;
    }

    /** In {@code next} since {@code at}, with the access it gives; the dates of the path it left are cleared. */
    Account moved(AccountState next, AccountState.Access nextAccess, Instant at) {
        boolean paymentPath = next == AccountState.PAYMENT_FAILED || next == AccountState.SUSPENDED
                || next == AccountState.CLOSED;
        return new Account(id, workspace, companyName, region, plan, next, nextAccess, createdAt, at,
                next == AccountState.TRIAL ? trialEndsAt : null, paymentPath ? paymentFailedAt : null,
                next == AccountState.CLOSED ? at : null,
                next == AccountState.ACTIVE ? null : deletionRequestedAt, lastActiveAt, legalHoldReason,
                legalHoldSince, deletedAt, deletedFromState);
    }

    Account withAccess(AccountState.Access value) {
        return new Account(id, workspace, companyName, region, plan, state, value, createdAt, stateSince, trialEndsAt,
                paymentFailedAt, closedAt, deletionRequestedAt, lastActiveAt, legalHoldReason,
                legalHoldSince, deletedAt, deletedFromState);
    }

    Account withTrialEnd(Instant value) {
        return new Account(id, workspace, companyName, region, plan, state, access, createdAt, stateSince, value,
                paymentFailedAt, closedAt, deletionRequestedAt, lastActiveAt, legalHoldReason,
                legalHoldSince, deletedAt, deletedFromState);
    }

    Account withPaymentFailed(Instant value) {
        return new Account(id, workspace, companyName, region, plan, state, access, createdAt, stateSince, trialEndsAt,
                value, closedAt, deletionRequestedAt, lastActiveAt, legalHoldReason,
                legalHoldSince, deletedAt, deletedFromState);
    }

    Account withDeletionRequested(Instant value) {
        return new Account(id, workspace, companyName, region, plan, state, access, createdAt, stateSince, trialEndsAt,
                paymentFailedAt, closedAt, value, lastActiveAt, legalHoldReason,
                legalHoldSince, deletedAt, deletedFromState);
    }

    Account withLegalHold(String reason, Instant since) {
        return new Account(id, workspace, companyName, region, plan, state, access, createdAt, stateSince, trialEndsAt,
                paymentFailedAt, closedAt, deletionRequestedAt, lastActiveAt, reason, since, deletedAt, deletedFromState);
    }

    /** Being deleted from now on; the state it was in is kept for the certificate. */
    Account deleting(Instant at) {
        return new Account(id, workspace, companyName, region, plan, AccountState.DELETING, AccountState.Access.CLOSED,
                createdAt, at, trialEndsAt, paymentFailedAt, closedAt, deletionRequestedAt, lastActiveAt, legalHoldReason,
                legalHoldSince, deletedAt, state.key());
    }

    /** The tombstone: deleted at {@code at}; the company's name is kept only in the certificate. */
    Account tombstone(Instant at) {
        return new Account(id, workspace, "(deleted)", region, plan, AccountState.DELETED, AccountState.Access.DELETED,
                createdAt, at, null, null, null, null, null, null, null, at, deletedFromState);
    }
}
