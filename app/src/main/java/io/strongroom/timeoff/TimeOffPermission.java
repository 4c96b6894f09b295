package io.strongroom.timeoff;

import static io.strongroom.platform.BuiltInRole.ADMINISTRATOR;
import static io.strongroom.platform.BuiltInRole.EMPLOYEE;
import static io.strongroom.platform.BuiltInRole.HR_MANAGER;
import static io.strongroom.platform.BuiltInRole.MANAGER;

import java.util.Set;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/** The time-off module's permissions. Approving needs a place in the requester's manager chain as well. */
public enum TimeOffPermission implements Permission {

    REQUEST("timeoff:request", "Request time off for oneself, see one's balances and when colleagues are absent",
            Set.of(ADMINISTRATOR, HR_MANAGER, MANAGER, EMPLOYEE)),
    APPROVE("timeoff:approve", "Approve or decline the time-off requests of the people one manages (directly or above)",
            Set.of(ADMINISTRATOR, HR_MANAGER, MANAGER)),
    MANAGE("timeoff:manage",
            "Configure leave types, locations, policies and holidays; see everyone's time off and balances; record"
                    + " leave for others; correct balances",
            Set.of(ADMINISTRATOR, HR_MANAGER)),
    HEALTH_READ("timeoff.health:read",
            "See the type and notes of others' sensitive leave such as sick leave (health data); others see \"absent\"",
            Set.of(HR_MANAGER));

    private final Definition definition;

    TimeOffPermission(String key, String description, Set<BuiltInRole> builtInRoles) {
        this.definition = new Definition(key, description, builtInRoles);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
