package io.strongroom.people.internal;

import static io.strongroom.people.PeoplePermission.PEOPLE_WRITE;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.Caller;
import io.strongroom.identity.UserDirectory;
import io.strongroom.people.EmploymentStatus;
import io.strongroom.people.PeopleSort;
import io.strongroom.people.Person;
import io.strongroom.people.PersonField;
import io.strongroom.people.internal.PeoplePolicy.Relationship;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.FieldChange;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.Versions;

/**
 * Person records with the rules of R2: personal-data fields are shown only to callers with
 * {@code people.personal:read} or to the person themself, written only with
 * {@code people.personal:write} (a person may change their own contact fields), and linking a
 * record to a user account — which makes its person "self" and so passes on reading and editing
 * its personal fields — needs {@code users:manage} together with both personal-data permissions.
 * Every change is audited with its diff, personal values kept apart. Call inside a transaction.
 */
@Service
class People {

    private static final List<String> READ_ONLY = List.of("id", "version", "created_at", "updated_at");

    private final PersonRepository people;
    private final UserDirectory users;
    private final AuditLog audit;
    private final Clock clock;
    /** The privacy module's answer (G1); none in a test of the people module alone. */
    private final List<io.strongroom.platform.ProcessingRestrictions> restrictions;

    People(PersonRepository people, UserDirectory users, AuditLog audit, Clock clock,
            List<io.strongroom.platform.ProcessingRestrictions> restrictions) {
        this.people = people;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
        this.restrictions = List.copyOf(restrictions);
    }

    /** A person whose processing is restricted (a data-subject request) is not changed: 409. */
    private void requireUnrestricted(UUID id) {
        if (restrictions.stream().anyMatch(r -> r.restricted(id))) {
            throw io.strongroom.platform.ProcessingRestrictions.refused();
        }
    }

    Person create(Caller me, Map<String, Object> body) {
        require(PeoplePolicy.mayCreate(me), "Adding people needs the people:write permission.");
        Map<PersonField, Object> values = validate(body, true);
        checkWriteRights(me, Relationship.OTHER, values.keySet());
        UUID id = Ids.newId();
        checkReferences(id, null, values);
        people.insert(id, values);
        Person created = people.find(id).orElseThrow();
        audit.record(changes(AuditEntry.of("employee.created", "employee", id), PersonField.values(), null, created));
        return created;
    }

    Person get(Caller me, UUID id) {
        Person person = people.find(id).orElse(null);
        Relationship relationship = person == null ? Relationship.OTHER : relationship(me, person);
        if (!PeoplePolicy.mayRead(me, relationship)) {
            throw forbidden("Seeing people needs the people:read permission.");
        }
        if (person == null) {
            throw ApiProblem.notFound("The person");
        }
        return person;
    }

    List<Person> list(Caller me, String query, String department, EmploymentStatus status, PeopleSort sort,
            PersonRepository.Cursor from, boolean backwards, int limit) {
        require(PeoplePolicy.mayList(me), "Seeing people needs the people:read permission.");
        return people.search(query, department, status, sort, from, backwards, limit);
    }

    long count(Caller me, String query, String department, EmploymentStatus status) {
        require(PeoplePolicy.mayList(me), "Seeing people needs the people:read permission.");
        return people.count(query, department, status);
    }

    Person update(Caller me, UUID id, String ifMatch, Map<String, Object> patch) {
        Person before = people.find(id).orElse(null);
        Relationship relationship = before == null ? Relationship.OTHER : relationship(me, before);
        require(PeoplePolicy.mayEdit(me, relationship), "Changing people needs the people:write permission.");
        if (before == null) {
            throw ApiProblem.notFound("The person");
        }
        int version = expectedVersion(ifMatch, before);
        requireUnrestricted(id);
        Map<PersonField, Object> changes = validate(patch, false);
        checkWriteRights(me, relationship, changes.keySet());
        checkReferences(id, before, changes);
        changes.entrySet().removeIf(e -> Objects.equals(e.getKey().valueIn(before), e.getValue()));
        if (changes.isEmpty()) {
            return before;
        }
        if (!people.update(id, version, changes)) {
            throw stale();
        }
        Person after = people.find(id).orElseThrow();
        audit.record(changes(AuditEntry.of("employee.updated", "employee", id), changes.keySet().toArray(PersonField[]::new),
                before, after).details(Map.of("version", after.version())));
        return after;
    }

    void delete(Caller me, UUID id, String ifMatch) {
        require(PeoplePolicy.mayDelete(me, false), "Removing people needs the people:write permission.");
        Person before = people.find(id).orElseThrow(() -> ApiProblem.notFound("The person"));
        Integer version = ifMatch == null ? null : expectedVersion(ifMatch, before);
        require(PeoplePolicy.mayDelete(me, before.holdsPersonalValues()),
                "Removing a record with personal data needs the people.personal:write permission.");
        requireUnrestricted(id);
        try {
            if (!people.delete(id, version)) {
                throw stale();
            }
        } catch (DataIntegrityViolationException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("person-has-reports"), "Person has reports",
                    "This person is the manager of others; give them another manager first.", List.of(), Map.of());
        }
        audit.record(changes(AuditEntry.of("employee.deleted", "employee", id), PersonField.values(), before, null));
    }

    /** A sensitive field's value, shown on request and recorded (the field, never the value). */
    String reveal(Caller me, UUID id, String fieldName) {
        PersonField field = PersonField.byApiName(fieldName).filter(PersonField::sensitive)
                .orElseThrow(() -> ApiProblem.validation("field", "must be date_of_birth, national_id or iban"));
        Person person = get(me, id);
        if (!PeoplePolicy.mayReadPersonal(me, relationship(me, person))) {
            throw forbidden("Seeing personal data needs the people.personal:read permission.");
        }
        Object value = field.valueIn(person);
        audit.record(AuditEntry.of("employee.personal_revealed", "employee", id).details(Map.of("field", field.apiName())));
        return value == null ? null : value.toString();
    }

    /** Records that sensitive fields of these people were answered to an API client (names of fields only). */
    void recordSensitiveRead(List<Person> shown, List<String> fields) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("fields", String.join(", ", fields));
        if (shown.size() == 1) {
            audit.record(AuditEntry.of("employee.personal_read", "employee", shown.getFirst().id()).details(details));
        } else {
            details.put("people", shown.size());
            audit.record(AuditEntry.of("employee.personal_read", "employee", null).details(details));
        }
    }

    /** Records a CSV export: how many people, whether with personal data, by which filters and order. */
    void recordExport(int count, boolean personal, String query, String department, EmploymentStatus status, PeopleSort sort) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rows", count);
        details.put("personal_data", personal);
        details.put("sort", sort.apiValue());
        if (query != null) {
            details.put("q", query);
        }
        if (department != null) {
            details.put("department", department);
        }
        if (status != null) {
            details.put("status", status.apiName());
        }
        audit.record(AuditEntry.of("employee.exported", "employee", null).details(details));
    }

    /** The record as the caller may see it: personal fields only for those allowed (hidden, not emptied). */
    Person view(Caller me, Person person) {
        return PeoplePolicy.mayReadPersonal(me, relationship(me, person)) ? person : person.withoutPersonal();
    }

    /**
     * The entry's diff over {@code fields} between two states of a record (null = not there):
     * personal fields in the personal diff, which the trail discloses only under the personal-data
     * rules; fields empty in both states left out.
     */
    private static AuditEntry changes(AuditEntry entry, PersonField[] fields, Person before, Person after) {
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        Map<String, FieldChange> personal = new LinkedHashMap<>();
        for (PersonField field : fields) {
            Object from = before == null ? null : PersonField.apiValue(field.valueIn(before));
            Object to = after == null ? null : PersonField.apiValue(field.valueIn(after));
            if (from != null || to != null) {
                (field.personal() ? personal : diff).put(field.apiName(), new FieldChange(from, to));
            }
        }
        return entry.diff(diff).personalDiff(personal);
    }

    // --- rules ----------------------------------------------------------------------------

    /** Field values as the API and the audit trail write them, checked and normalised as a change would be. */
    Map<PersonField, Object> parse(Map<String, Object> apiValues) {
        return validate(apiValues, false);
    }

    /** Checks names, types and values; returns the normalized values (null = clear the field). */
    private Map<PersonField, Object> validate(Map<String, Object> body, boolean creating) {
        if (body == null) {
            throw ApiProblem.validation("body", "is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Map<PersonField, Object> values = new EnumMap<>(PersonField.class);
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            Optional<PersonField> field = PersonField.byApiName(entry.getKey());
            if (field.isEmpty()) {
                problems.add(new FieldProblem(entry.getKey(),
                        READ_ONLY.contains(entry.getKey()) ? "cannot be changed" : "is not a known field"));
                continue;
            }
            if (entry.getValue() == null) {
                if (field.get().required()) {
                    problems.add(new FieldProblem(entry.getKey(), "is required"));
                } else if (field.get() == PersonField.STATUS) {
                    problems.add(new FieldProblem(entry.getKey(), "must be " + EmploymentStatus.choices()));
                } else {
                    values.put(field.get(), null);
                }
                continue;
            }
            try {
                values.put(field.get(), FieldRules.check(field.get(), entry.getValue()));
            } catch (FieldRules.Invalid e) {
                problems.add(new FieldProblem(entry.getKey(), e.getMessage()));
            }
        }
        if (creating) {
            for (PersonField field : PersonField.values()) {
                if (field.required() && !body.containsKey(field.apiName())) {
                    problems.add(new FieldProblem(field.apiName(), "is required"));
                }
            }
        }
        if (values.get(PersonField.DATE_OF_BIRTH) instanceof LocalDate born && born.isAfter(LocalDate.now(clock))) {
            problems.add(new FieldProblem(PersonField.DATE_OF_BIRTH.apiName(), "must not be in the future"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        return values;
    }

    private static void checkWriteRights(Caller me, Relationship relationship, Set<PersonField> fields) {
        List<String> refused = new ArrayList<>();
        for (PersonField field : fields) {
            if (!PeoplePolicy.mayChange(me, relationship, field)) {
                refused.add(field.apiName());
            }
        }
        if (!refused.isEmpty()) {
            refused.sort(null);
            boolean selfOnly = relationship == Relationship.SELF && !me.has(PEOPLE_WRITE);
            String names = String.join(", ", refused);
            if (selfOnly) {
                throw forbidden("You may not change " + names + "; on your own record you may change your contact details only.");
            }
            throw forbidden("You may not change " + names + ".");
        }
    }

    private static Relationship relationship(Caller me, Person person) {
        return Relationship.of(me, person.userId());
    }

    /** Manager, linked account and dates of the record as it would be after {@code changes}. */
    private void checkReferences(UUID id, Person before, Map<PersonField, Object> changes) {
        Function<PersonField, Object> after = field -> changes.containsKey(field) ? changes.get(field)
                : before == null ? null : field.valueIn(before);
        List<FieldProblem> problems = new ArrayList<>();
        if (after.apply(PersonField.MANAGER_ID) instanceof UUID manager) {
            if (manager.equals(id)) {
                problems.add(new FieldProblem("manager_id", "must not be the person themself"));
            } else if (people.find(manager).isEmpty()) {
                problems.add(new FieldProblem("manager_id", "must be a person of this workspace"));
            } else if (people.managerChainReaches(manager, id)) {
                problems.add(new FieldProblem("manager_id", "would make a management cycle"));
            }
        }
        if (after.apply(PersonField.USER_ID) instanceof UUID user) {
            if (users.emailOf(user).isEmpty()) {
                problems.add(new FieldProblem("user_id", "must be a user of this workspace"));
            } else {
                people.findByUser(user).filter(other -> !other.id().equals(id)).ifPresent(other ->
                        problems.add(new FieldProblem("user_id", "is already linked to another person")));
            }
        }
        if (changes.get(PersonField.NATIONAL_ID) instanceof String nationalId && people.nationalIdTaken(nationalId, id)) {
            problems.add(new FieldProblem("national_id", "belongs to another person of this workspace"));
        }
        if (after.apply(PersonField.START_DATE) instanceof LocalDate start
                && after.apply(PersonField.END_DATE) instanceof LocalDate end && end.isBefore(start)) {
            problems.add(new FieldProblem("end_date", "must not be before start_date"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
    }

    /** The version an If-Match header names; 428 without one, 412 when it is not current. */
    private static int expectedVersion(String ifMatch, Person current) {
        return Versions.expected(ifMatch, current.version());
    }

    private static ApiProblem stale() {
        return Versions.stale();
    }

    private static void require(boolean allowed, String detail) {
        if (!allowed) {
            throw forbidden(detail);
        }
    }

    private static ApiProblem forbidden(String detail) {
        return new ApiProblem(ProblemType.FORBIDDEN, detail);
    }
}
