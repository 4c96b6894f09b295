package io.strongroom.people.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.access.AccessPermission;
import io.strongroom.access.PermissionCatalog;
import io.strongroom.audit.AuditPermission;
import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityPermission;
import io.strongroom.people.PeoplePermission;
import io.strongroom.people.PersonField;
import io.strongroom.people.internal.PeoplePolicy.Relationship;
import io.strongroom.platform.BuiltInRole;
import io.strongroom.platform.PermissionSet;

/**
 * R2 as a truth table: every built-in role (its permissions as the catalog resolves them) in every
 * relationship to a record, against every question the people module asks. Columns: list, read,
 * read personal fields, create, change a work field (job_title), change a contact field (phone),
 * change another personal field (iban), link a user account (user_id), delete a record without and
 * with personal values. Y = allowed.
 */
class PeoplePolicyTest {

    static final List<String> TABLE = List.of(
            // role          relationship  list read pers creat job phone iban link del delP
            "OWNER          SELF     Y Y Y Y Y Y Y Y Y Y",
            "OWNER          MANAGER  Y Y Y Y Y Y Y Y Y Y",
            "OWNER          OTHER    Y Y Y Y Y Y Y Y Y Y",
            "ADMINISTRATOR  SELF     Y Y Y Y Y Y Y Y Y Y",
            "ADMINISTRATOR  MANAGER  Y Y Y Y Y Y Y Y Y Y",
            "ADMINISTRATOR  OTHER    Y Y Y Y Y Y Y Y Y Y",
            "HR_MANAGER     SELF     Y Y Y Y Y Y Y N Y Y",
            "HR_MANAGER     MANAGER  Y Y Y Y Y Y Y N Y Y",
            "HR_MANAGER     OTHER    Y Y Y Y Y Y Y N Y Y",
            "MANAGER        SELF     Y Y Y N N Y N N N N",
            "MANAGER        MANAGER  Y Y N N N N N N N N",
            "MANAGER        OTHER    Y Y N N N N N N N N",
            "EMPLOYEE       SELF     Y Y Y N N Y N N N N",
            "EMPLOYEE       MANAGER  Y Y N N N N N N N N",
            "EMPLOYEE       OTHER    Y Y N N N N N N N N",
            "AUDITOR        SELF     N Y Y N N Y N N N N",
            "AUDITOR        MANAGER  N N N N N N N N N N",
            "AUDITOR        OTHER    N N N N N N N N N N");

    static final PermissionCatalog CATALOG = new PermissionCatalog(List.of(
            PermissionSet.of("identity", IdentityPermission.values()), PermissionSet.of("access", AccessPermission.values()),
            PermissionSet.of("audit", AuditPermission.values()), PermissionSet.of("people", PeoplePermission.values())));

    @Test
    @Tag("R2")
    void everyRoleInEveryRelationshipGetsExactlyItsRow() {
        List<String> actual = new ArrayList<>();
        for (BuiltInRole role : BuiltInRole.values()) {
            Caller caller = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), CATALOG.keysOf(role),
                    "192.0.2.1", "request", "test", Caller.Kind.USER);
            for (Relationship relationship : Relationship.values()) {
                boolean[] answers = {
                    PeoplePolicy.mayList(caller),
                    PeoplePolicy.mayRead(caller, relationship),
                    PeoplePolicy.mayReadPersonal(caller, relationship),
                    PeoplePolicy.mayCreate(caller),
                    PeoplePolicy.mayEdit(caller, relationship) && PeoplePolicy.mayChange(caller, relationship, PersonField.JOB_TITLE),
                    PeoplePolicy.mayEdit(caller, relationship) && PeoplePolicy.mayChange(caller, relationship, PersonField.PHONE),
                    PeoplePolicy.mayEdit(caller, relationship) && PeoplePolicy.mayChange(caller, relationship, PersonField.IBAN),
                    PeoplePolicy.mayEdit(caller, relationship) && PeoplePolicy.mayChange(caller, relationship, PersonField.USER_ID),
                    PeoplePolicy.mayDelete(caller, false),
                    PeoplePolicy.mayDelete(caller, true)};
                StringBuilder row = new StringBuilder(role.name() + " " + relationship.name());
                for (boolean answer : answers) {
                    row.append(answer ? " Y" : " N");
                }
                actual.add(row.toString());
            }
        }
        assertThat(actual).containsExactlyElementsOf(TABLE.stream().map(row -> row.replaceAll(" +", " ")).toList());
    }

    @Test
    @Tag("R2")
    void aPersonMayChangeTheirOwnContactFieldsOnlyWhateverElseTheyHold() {
        Caller writer = new Caller(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                java.util.Set.of("people:read", "people:write"), null, null, null, Caller.Kind.USER);
        assertThat(PeoplePolicy.mayChange(writer, Relationship.SELF, PersonField.PHONE)).as("own contact field").isTrue();
        assertThat(PeoplePolicy.mayChange(writer, Relationship.OTHER, PersonField.PHONE)).as("another's").isFalse();
        assertThat(PeoplePolicy.mayChange(writer, Relationship.SELF, PersonField.IBAN)).as("own non-contact field").isFalse();
        assertThat(PeoplePolicy.mayChange(writer, Relationship.SELF, PersonField.JOB_TITLE)).as("work field with people:write").isTrue();
    }
}
