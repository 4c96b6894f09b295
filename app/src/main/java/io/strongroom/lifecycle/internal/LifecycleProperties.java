package io.strongroom.lifecycle.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.lifecycle.*}: the retention schedule (D3). Periods are durations such as
 * {@code 90d}.
 *
 * @param initialState the account state of a new workspace: {@code trial} (default: a hosted service's
 *        trial of {@code trialLength}), {@code active} or {@code free}. A server run for one company
 *        sets {@code active}: nothing is then deleted until an operator changes the state.
 * @param trialLength how long a new workspace's trial lasts
 * @param periods the schedule of every plan
 * @param plans per plan ({@code trial}, {@code free}, {@code standard}, {@code enterprise}), periods
 *        that differ from {@code periods}; those not set are taken from it
 * @param noticeDays how many days before each step the Owners are e-mailed (each lead time once)
 * @param sweepInterval how often the schedule is applied to every workspace
 * @param jobs whether this node runs the sweep (tests sweep their own workspaces)
 */
@ConfigurationProperties("strongroom.lifecycle")
record LifecycleProperties(@DefaultValue("trial") String initialState, @DefaultValue("30d") Duration trialLength,
        @DefaultValue Periods periods, Map<String, PlanPeriods> plans, @DefaultValue({"14", "3"}) List<Integer> noticeDays,
        @DefaultValue("1h") Duration sweepInterval, @DefaultValue("true") boolean jobs) {

    LifecycleProperties {
        plans = plans == null ? Map.of() : Map.copyOf(plans);
        noticeDays = List.copyOf(noticeDays);
        if (!List.of("trial", "active", "free").contains(initialState)) {
            throw new IllegalArgumentException("strongroom.lifecycle.initial-state must be trial, active or free");
        }
        requirePositive("trial-length", trialLength);
        if (noticeDays.stream().anyMatch(d -> d == null || d < 1 || d > 366)) {
            throw new IllegalArgumentException("strongroom.lifecycle.notice-days must each be 1 to 366");
        }
        requirePositive("sweep-interval", sweepInterval);
        periods.check("periods");
        for (Map.Entry<String, PlanPeriods> plan : plans.entrySet()) {
            plan.getValue().over(periods).check("plans." + plan.getKey());
        }
    }

    /** The schedule of {@code plan}: its own periods over the common ones. */
    Periods periodsOf(String plan) {
        PlanPeriods own = plans.get(plan);
        return own == null ? periods : own.over(periods);
    }

    /**
     * @param trialDeletion from the end of a trial to the deletion
     * @param cancelledDeletion from the cancellation of a paid account to the deletion
     * @param paymentFailedSuspension from a failed payment to the suspension (read-only)
     * @param paymentFailedClosure from a failed payment to the closure (nobody signs in)
     * @param closedDeletion from the closure to the deletion
     * @param freeInactiveDeletion from the last sign-in to a free workspace to its deletion
     * @param unsubscribedDeletion from unsubscribing to the deletion (unless re-subscribed)
     * @param licenceExpiredDeletion from the end of a commercial licence to the erasure
     */
    record Periods(@DefaultValue("12d") Duration trialDeletion, @DefaultValue("90d") Duration cancelledDeletion,
            @DefaultValue("15d") Duration paymentFailedSuspension, @DefaultValue("90d") Duration paymentFailedClosure,
            @DefaultValue("7d") Duration closedDeletion, @DefaultValue("60d") Duration freeInactiveDeletion,
            @DefaultValue("180d") Duration unsubscribedDeletion, @DefaultValue("30d") Duration licenceExpiredDeletion) {

        void check(String prefix) {
            requirePositive(prefix + ".trial-deletion", trialDeletion);
            requirePositive(prefix + ".cancelled-deletion", cancelledDeletion);
            requirePositive(prefix + ".payment-failed-suspension", paymentFailedSuspension);
            requirePositive(prefix + ".payment-failed-closure", paymentFailedClosure);
            requirePositive(prefix + ".closed-deletion", closedDeletion);
            requirePositive(prefix + ".free-inactive-deletion", freeInactiveDeletion);
            requirePositive(prefix + ".unsubscribed-deletion", unsubscribedDeletion);
            requirePositive(prefix + ".licence-expired-deletion", licenceExpiredDeletion);
            if (paymentFailedClosure.compareTo(paymentFailedSuspension) <= 0) {
                throw new IllegalArgumentException("strongroom.lifecycle." + prefix
                        + ".payment-failed-closure must be longer than payment-failed-suspension");
            }
        }
    }

    /** A plan's own periods; null ones are the common ones. */
    record PlanPeriods(Duration trialDeletion, Duration cancelledDeletion, Duration paymentFailedSuspension,
            Duration paymentFailedClosure, Duration closedDeletion, Duration freeInactiveDeletion,
            Duration unsubscribedDeletion, Duration licenceExpiredDeletion) {

        Periods over(Periods common) {
            return new Periods(or(trialDeletion, common.trialDeletion()), or(cancelledDeletion, common.cancelledDeletion()),
                    or(paymentFailedSuspension, common.paymentFailedSuspension()),
                    or(paymentFailedClosure, common.paymentFailedClosure()), or(closedDeletion, common.closedDeletion()),
                    or(freeInactiveDeletion, common.freeInactiveDeletion()),
                    or(unsubscribedDeletion, common.unsubscribedDeletion()),
                    or(licenceExpiredDeletion, common.licenceExpiredDeletion()));
        }

        private static Duration or(Duration own, Duration common) {
            return own != null ? own : common;
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("strongroom.lifecycle." + name + " must be a positive duration");
        }
    }
}
