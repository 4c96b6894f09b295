package io.strongroom.audit;

/**
 * A module that can apply again the changes its audit records describe (after a restore from a
 * backup, B6). Declared as a bean by the module that owns the data; it works on the bound tenant,
 * in the caller's transaction, and applies a change only onto the state it was made from.
 */
public interface ChangeReplayer {

    /** Whether this module re-applies records of {@code action}. */
    boolean handles(String action);

    /** Applies the change again; answers what happened. */
    Result replay(AuditHistory.Change change);

    /** @param reason why it was not applied (null when it was) */
    record Result(Outcome outcome, String reason) {

        public static Result applied() {
            return new Result(Outcome.APPLIED, null);
        }

        public static Result alreadyApplied() {
            return new Result(Outcome.ALREADY_APPLIED, null);
        }

        public static Result conflict(String reason) {
            return new Result(Outcome.CONFLICT, reason);
        }
    }

    enum Outcome {
        /** Applied now. */
        APPLIED,
        /** The data already is as the change left it (the backup already held it). */
        ALREADY_APPLIED,
        /** The data is not what the change was made from: not applied. */
        CONFLICT
    }
}
