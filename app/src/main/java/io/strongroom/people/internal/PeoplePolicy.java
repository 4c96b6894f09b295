package io.strongroom.people.internal;

import static io.strongroom.identity.IdentityPermission.USERS_MANAGE;
import static io.strongroom.people.PeoplePermission.PEOPLE_READ;
import static io.strongroom.people.PeoplePermission.PEOPLE_WRITE;
import static io.strongroom.people.PeoplePermission.PERSONAL_READ;
import static io.strongroom.people.PeoplePermission.PERSONAL_WRITE;

import java.util.UUID;

import io.strongroom.identity.Caller;
import io.strongroom.people.PersonField;

/**
 * Who may do what to a person record (R2): the one place the people module answers it, for the
 * JSON API and the pages alike ({@link People} asks it; {@code PeoplePolicyTest} is its truth
 * table over every built-in role and relationship). Pure: no database, no state.
 * <ul>
 * <li>The directory (work fields) needs {@code people:read}; one's own record needs nothing.</li>
 * <li>Personal fields are shown to the person themself and to holders of {@code people.personal:read}.</li>
 * <li>Work fields change with {@code people:write}; personal fields also need
 * {@code people.personal:write}; a person may change their own contact fields in any case.</li>
 * <li>Linking a record to a user account ({@code user_id}) makes that user "self", which passes on
 * reading and editing the record's personal fields, so it needs {@code users:manage} together with
 * both personal-data permissions.</li>
 * <li>Removing a record needs {@code people:write}, and {@code people.personal:write} when it
 * still holds personal values.</li>
 * </ul>
 * Managers get nothing from the relationship itself today; the relationship is part of every
 * question so that later rules (a manager approving time off) are added here and in the table.
 */
final class PeoplePolicy {

    private PeoplePolicy() {
    }

    /** How the caller relates to a record. */
    enum Relationship {
        /** The record is linked to the caller's own account. */
        SELF,
        /** The caller's own record is the record's manager. */
        MANAGER,
        OTHER;

        /** SELF or OTHER from the record's link; people computes no MANAGER relationship, as it grants none. */
        static Relationship of(Caller caller, UUID linkedUserId) {
            return caller.userId().equals(linkedUserId) ? SELF : OTHER;
        }
    }

    static boolean mayList(Caller caller) {
        return caller.has(PEOPLE_READ);
    }

    static boolean mayRead(Caller caller, Relationship relationship) {
        return relationship == Relationship.SELF || caller.has(PEOPLE_READ);
    }

    static boolean mayReadPersonal(Caller caller, Relationship relationship) {
        return relationship == Relationship.SELF || caller.has(PERSONAL_READ);
    }

    static boolean mayCreate(Caller caller) {
        return caller.has(PEOPLE_WRITE);
    }

    /** Whether the caller may change anything of the record at all (each field is then asked). */
    static boolean mayEdit(Caller caller, Relationship relationship) {
        return relationship == Relationship.SELF || caller.has(PEOPLE_WRITE);
    }

    static boolean mayChange(Caller caller, Relationship relationship, PersonField field) {
        boolean personal = field.personal();
        if (relationship == Relationship.SELF && personal && field.selfEditable()) {
            return true;
        }
        if (!caller.has(PEOPLE_WRITE)) {
            return false;
        }
        if (field == PersonField.USER_ID) {
            return caller.has(USERS_MANAGE) && caller.has(PERSONAL_READ) && caller.has(PERSONAL_WRITE);
        }
        return !personal || caller.has(PERSONAL_WRITE);
    }

    static boolean mayDelete(Caller caller, boolean holdsPersonalValues) {
        return caller.has(PEOPLE_WRITE) && (!holdsPersonalValues || caller.has(PERSONAL_WRITE));
    }
}
