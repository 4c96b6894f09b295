package io.strongroom.people;

import static io.strongroom.platform.BuiltInRole.ADMINISTRATOR;
import static io.strongroom.platform.BuiltInRole.EMPLOYEE;
import static io.strongroom.platform.BuiltInRole.HR_MANAGER;
import static io.strongroom.platform.BuiltInRole.MANAGER;

import java.util.Set;

import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.Permission;

/** The people module's permissions: the directory's work fields and the personal-data fields of {@link PersonField}. */
public enum PeoplePermission implements Permission {

    PEOPLE_READ("people:read", "See the people directory: names, work contact details, job, department, manager",
            Set.of(ADMINISTRATOR, HR_MANAGER, MANAGER, EMPLOYEE)),
    PEOPLE_WRITE("people:write", "Add, change and remove people records (work fields)", Set.of(ADMINISTRATOR, HR_MANAGER)),
    PERSONAL_READ("people.personal:read",
            "See personal data of others: birth date, home address, national id, bank account, private contacts",
            Set.of(ADMINISTRATOR, HR_MANAGER)),
    PERSONAL_WRITE("people.personal:write", "Change personal data of others", Set.of(ADMINISTRATOR, HR_MANAGER));

    private final Definition definition;

    PeoplePermission(String key, String description, Set<BuiltInRole> builtInRoles) {
        this.definition = new Definition(key, description, builtInRoles);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
