package io.strongroom.timeoff.internal;

import static io.strongroom.timeoff.TimeOffPermission.APPROVE;
import static io.strongroom.timeoff.TimeOffPermission.HEALTH_READ;
import static io.strongroom.timeoff.TimeOffPermission.MANAGE;
import static io.strongroom.timeoff.TimeOffPermission.REQUEST;

import io.strongroom.identity.Caller;

/**
 * Who may do what to a time-off request, in one place (tested as a truth table). The facts are
 * the caller's permissions and their relationship to the requester: the requester themself, a
 * manager in the requester's chain, or nobody. A request of a sensitive type (sick leave: health
 * data) is shown in full only to its requester and to holders of {@code timeoff.health:read};
 * everyone else who may see it at all sees an absence.
 */
final class TimeOffRules {

    /** How the caller stands to the person a request is for. */
    enum Relation {
        SELF,
        /** A manager anywhere in the person's chain (directly or above). */
        MANAGER,
        /** The substitute of a manager in the person's chain, while that manager is away. */
        SUBSTITUTE,
        OTHER
    }

    private TimeOffRules() {
    }

    /** Whether the caller sees a request's type, note and status (else only that the person is absent). */
    static boolean maySeeDetails(Caller me, Relation relation, boolean sensitive) {
        if (relation == Relation.SELF) {
            return true;
        }
        if (sensitive) {
            return me.has(HEALTH_READ);
        }
        return me.has(MANAGE) || relation == Relation.MANAGER && me.has(APPROVE) || relation == Relation.SUBSTITUTE;
    }

    /** Whether the caller sees a person's absences at all (the team calendar): every member who may request time off. */
    static boolean maySeeAbsences(Caller me) {
        return me.has(REQUEST) || me.has(APPROVE) || me.has(MANAGE);
    }

    /** Whether the caller sees a person's balances and their explanation. */
    static boolean maySeeBalances(Caller me, Relation relation) {
        return relation == Relation.SELF ? me.has(REQUEST) : me.has(MANAGE) || relation == Relation.MANAGER && me.has(APPROVE);
    }

    /**
     * Whether the caller may approve or decline: never their own request; a manager in the chain
     * with {@code timeoff:approve}; the substitute a manager of the chain named for the days they are
     * away (the manager hands on their decision, so no permission of the substitute's own is needed);
     * when nobody in the chain can (no manager with an account), holders of {@code timeoff:manage}.
     */
    static boolean mayDecide(Caller me, Relation relation, boolean chainHasApprover) {
        if (relation == Relation.SELF) {
            return false;
        }
        if (relation == Relation.MANAGER && me.has(APPROVE) || relation == Relation.SUBSTITUTE) {
            return true;
        }
        return !chainHasApprover && me.has(MANAGE);
    }

    /** Whether the caller may cancel: the requester before the leave starts (or while pending); HR always. */
    static boolean mayCancel(Caller me, Relation relation, boolean pending, boolean started) {
        if (me.has(MANAGE)) {
            return true;
        }
        return relation == Relation.SELF && me.has(REQUEST) && (pending || !started);
    }

    /** Whether the caller may record time off for a person: themself with {@code timeoff:request}; others as HR. */
    static boolean mayRecord(Caller me, Relation relation, boolean sensitive) {
        if (relation == Relation.SELF) {
            return me.has(REQUEST) || me.has(MANAGE);
        }
        return me.has(MANAGE) && (!sensitive || me.has(HEALTH_READ));
    }
}
