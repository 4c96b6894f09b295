package io.strongroom.timeoff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.strongroom.identity.Caller;
import io.strongroom.timeoff.TimeOffPermission;
import io.strongroom.timeoff.internal.TimeOffRules.Relation;

/** Who may do what to a request, as a truth table over permissions and the relation to the requester. */
class TimeOffRulesTest {

    static Caller with(TimeOffPermission... permissions) {
        return new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                Stream.of(permissions).map(TimeOffPermission::key).collect(Collectors.toSet()), "203.0.113.1", "r", "t",
                Caller.Kind.USER);
    }

    static final Caller EMPLOYEE = with(TimeOffPermission.REQUEST);
    static final Caller MANAGER = with(TimeOffPermission.REQUEST, TimeOffPermission.APPROVE);
    static final Caller ADMIN = with(TimeOffPermission.REQUEST, TimeOffPermission.APPROVE, TimeOffPermission.MANAGE);
    static final Caller HR = with(TimeOffPermission.REQUEST, TimeOffPermission.APPROVE, TimeOffPermission.MANAGE,
            TimeOffPermission.HEALTH_READ);

    @Test
    void details() {
        // caller, relation, sensitive -> sees type and note
        assertThat(TimeOffRules.maySeeDetails(EMPLOYEE, Relation.SELF, true)).isTrue();
        assertThat(TimeOffRules.maySeeDetails(EMPLOYEE, Relation.OTHER, false)).isFalse();
        assertThat(TimeOffRules.maySeeDetails(MANAGER, Relation.MANAGER, false)).isTrue();
        assertThat(TimeOffRules.maySeeDetails(MANAGER, Relation.MANAGER, true)).isFalse();
        assertThat(TimeOffRules.maySeeDetails(MANAGER, Relation.OTHER, false)).isFalse();
        assertThat(TimeOffRules.maySeeDetails(ADMIN, Relation.OTHER, false)).isTrue();
        assertThat(TimeOffRules.maySeeDetails(ADMIN, Relation.OTHER, true)).isFalse();
        assertThat(TimeOffRules.maySeeDetails(HR, Relation.OTHER, true)).isTrue();
    }

    @Test
    void decisions() {
        for (Caller anyone : Set.of(EMPLOYEE, MANAGER, ADMIN, HR)) {
            assertThat(TimeOffRules.mayDecide(anyone, Relation.SELF, false)).as("own request").isFalse();
            assertThat(TimeOffRules.mayDecide(anyone, Relation.SELF, true)).as("own request").isFalse();
        }
        assertThat(TimeOffRules.mayDecide(MANAGER, Relation.MANAGER, true)).isTrue();
        assertThat(TimeOffRules.mayDecide(EMPLOYEE, Relation.MANAGER, true)).as("no approve permission").isFalse();
        assertThat(TimeOffRules.mayDecide(MANAGER, Relation.OTHER, true)).as("outside the chain").isFalse();
        assertThat(TimeOffRules.mayDecide(MANAGER, Relation.OTHER, false)).as("not HR").isFalse();
        assertThat(TimeOffRules.mayDecide(HR, Relation.OTHER, true)).as("a manager in the chain decides").isFalse();
        assertThat(TimeOffRules.mayDecide(HR, Relation.OTHER, false)).as("nobody in the chain can").isTrue();
        assertThat(TimeOffRules.mayDecide(EMPLOYEE, Relation.SUBSTITUTE, true)).as("the manager handed it on").isTrue();
        assertThat(TimeOffRules.maySeeDetails(EMPLOYEE, Relation.SUBSTITUTE, false)).isTrue();
        assertThat(TimeOffRules.maySeeDetails(EMPLOYEE, Relation.SUBSTITUTE, true)).as("health data").isFalse();
        assertThat(TimeOffRules.maySeeBalances(EMPLOYEE, Relation.SUBSTITUTE)).isFalse();
        assertThat(TimeOffRules.mayCancel(EMPLOYEE, Relation.SUBSTITUTE, true, false)).isFalse();
    }

    @Test
    void cancellingAndRecording() {
        assertThat(TimeOffRules.mayCancel(EMPLOYEE, Relation.SELF, true, true)).isTrue();
        assertThat(TimeOffRules.mayCancel(EMPLOYEE, Relation.SELF, false, false)).isTrue();
        assertThat(TimeOffRules.mayCancel(EMPLOYEE, Relation.SELF, false, true)).as("begun").isFalse();
        assertThat(TimeOffRules.mayCancel(MANAGER, Relation.MANAGER, false, false)).isFalse();
        assertThat(TimeOffRules.mayCancel(ADMIN, Relation.OTHER, false, true)).isTrue();
        assertThat(TimeOffRules.mayRecord(EMPLOYEE, Relation.SELF, true)).isTrue();
        assertThat(TimeOffRules.mayRecord(MANAGER, Relation.MANAGER, false)).isFalse();
        assertThat(TimeOffRules.mayRecord(ADMIN, Relation.OTHER, false)).isTrue();
        assertThat(TimeOffRules.mayRecord(ADMIN, Relation.OTHER, true)).as("health data").isFalse();
        assertThat(TimeOffRules.mayRecord(HR, Relation.OTHER, true)).isTrue();
        assertThat(TimeOffRules.maySeeBalances(EMPLOYEE, Relation.OTHER)).isFalse();
        assertThat(TimeOffRules.maySeeBalances(MANAGER, Relation.MANAGER)).isTrue();
        assertThat(TimeOffRules.maySeeBalances(EMPLOYEE, Relation.MANAGER)).isFalse();
    }
}
