package io.strongroom.people.internal;

import static io.strongroom.people.PeoplePermission.PEOPLE_WRITE;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.strongroom.audit.AuditEntry;
import io.strongroom.platform.FieldChange;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.Caller;
import io.strongroom.identity.UserDirectory;
import io.strongroom.people.PersonalField;
import io.strongroom.people.internal.EmployeeRepository.Employee;
import io.strongroom.people.internal.PeoplePolicy.Relationship;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;

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

    private final EmployeeRepository employees;
    private final UserDirectory users;
    private final AuditLog audit;
    private final Clock clock;

    People(EmployeeRepository employees, UserDirectory users, AuditLog audit, Clock clock) {
        this.employees = employees;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    Employee create(Caller me, Map<String, Object> body) {
        require(PeoplePolicy.mayCreate(me), "Adding people needs the people:write permission.");
        Map<String, Object> values = validate(body, true);
        checkWriteRights(me, Relationship.OTHER, values.keySet());
        UUID id = Ids.newId();
        checkReferences(id, values);
        employees.insert(id, values);
        Employee created = employees.find(id).orElseThrow();
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        Map<String, FieldChange> personal = new LinkedHashMap<>();
        created.values().forEach((name, value) -> {
            if (value != null) {
                (PersonalField.isPersonal(name) ? personal : diff).put(name, new FieldChange(null, value));
            }
        });
        audit.record(AuditEntry.of("employee.created", "employee", id).diff(diff).personalDiff(personal));
        return created;
    }

    Employee get(Caller me, UUID id) {
        Employee employee = employees.find(id).orElse(null);
        Relationship relationship = employee == null ? Relationship.OTHER : relationship(me, employee);
        if (!PeoplePolicy.mayRead(me, relationship)) {
            throw forbidden("Seeing people needs the people:read permission.");
        }
        if (employee == null) {
            throw ApiProblem.notFound("The person");
        }
        return employee;
    }

    List<Employee> list(Caller me, String query, String department, String status, EmployeeRepository.Cursor after,
            int limit) {
        require(PeoplePolicy.mayList(me), "Seeing people needs the people:read permission.");
        return employees.search(query, department, status, after, limit);
    }

    Employee update(Caller me, UUID id, String ifMatch, Map<String, Object> patch) {
        Employee before = employees.find(id).orElse(null);
        Relationship relationship = before == null ? Relationship.OTHER : relationship(me, before);
        require(PeoplePolicy.mayEdit(me, relationship), "Changing people needs the people:write permission.");
        if (before == null) {
            throw ApiProblem.notFound("The person");
        }
        int version = expectedVersion(ifMatch, before);
        Map<String, Object> changes = validate(patch, false);
        checkWriteRights(me, relationship, changes.keySet());
        Map<String, Object> merged = new HashMap<>(before.values());
        merged.putAll(changes);
        checkReferences(id, merged);
        changes.entrySet().removeIf(e -> Objects.equals(before.get(e.getKey()), e.getValue()));
        if (changes.isEmpty()) {
            return before;
        }
        if (!employees.update(id, version, changes)) {
            throw stale();
        }
        Employee after = employees.find(id).orElseThrow();
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        Map<String, FieldChange> personal = new LinkedHashMap<>();
        changes.keySet().forEach(name -> (PersonalField.isPersonal(name) ? personal : diff)
                .put(name, new FieldChange(before.get(name), after.get(name))));
        audit.record(AuditEntry.of("employee.updated", "employee", id).diff(diff).personalDiff(personal)
                .details(Map.of("version", after.version())));
        return after;
    }

    void delete(Caller me, UUID id, String ifMatch) {
        require(PeoplePolicy.mayDelete(me, false), "Removing people needs the people:write permission.");
        Employee before = employees.find(id).orElseThrow(() -> ApiProblem.notFound("The person"));
        Integer version = ifMatch == null ? null : expectedVersion(ifMatch, before);
        boolean hasPersonal = before.values().entrySet().stream()
                .anyMatch(e -> PersonalField.isPersonal(e.getKey()) && e.getValue() != null);
        require(PeoplePolicy.mayDelete(me, hasPersonal),
                "Removing a record with personal data needs the people.personal:write permission.");
        try {
            if (!employees.delete(id, version)) {
                throw stale();
            }
        } catch (DataIntegrityViolationException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("person-has-reports"), "Person has reports",
                    "This person is the manager of others; give them another manager first.", List.of(), Map.of());
        }
        Map<String, FieldChange> diff = new LinkedHashMap<>();
        Map<String, FieldChange> personal = new LinkedHashMap<>();
        before.values().forEach((name, value) -> {
            if (value != null) {
                (PersonalField.isPersonal(name) ? personal : diff).put(name, new FieldChange(value, null));
            }
        });
        audit.record(AuditEntry.of("employee.deleted", "employee", id).diff(diff).personalDiff(personal));
    }

    /** The representation: personal fields only for those allowed (hidden, not emptied). */
    Map<String, Object> view(Caller me, Employee employee) {
        boolean personal = PeoplePolicy.mayReadPersonal(me, relationship(me, employee));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", employee.id());
        employee.values().forEach((name, value) -> {
            if (personal || !PersonalField.isPersonal(name)) {
                body.put(name, value);
            }
        });
        body.put("version", employee.version());
        body.put("created_at", employee.createdAt());
        body.put("updated_at", employee.updatedAt());
        return body;
    }

    // --- rules ----------------------------------------------------------------------------

    /** Checks names, types and values; returns the normalized values (null = clear the field). */
    private Map<String, Object> validate(Map<String, Object> body, boolean creating) {
        if (body == null) {
            throw ApiProblem.validation("body", "is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            Optional<EmployeeFields.Spec> spec = EmployeeFields.spec(entry.getKey());
            if (spec.isEmpty()) {
                problems.add(new FieldProblem(entry.getKey(), List.of("id", "version", "created_at", "updated_at")
                        .contains(entry.getKey()) ? "cannot be changed" : "is not a known field"));
                continue;
            }
            if (entry.getValue() == null) {
                if (spec.get().required()) {
                    problems.add(new FieldProblem(entry.getKey(), "is required"));
                } else if (!entry.getKey().equals("status")) {
                    values.put(entry.getKey(), null);
                } else {
                    problems.add(new FieldProblem("status", "must be active, on_leave or terminated"));
                }
                continue;
            }
            try {
                values.put(entry.getKey(), spec.get().check().apply(entry.getValue()));
            } catch (EmployeeFields.Invalid e) {
                problems.add(new FieldProblem(entry.getKey(), e.getMessage()));
            }
        }
        if (creating) {
            for (EmployeeFields.Spec spec : EmployeeFields.ALL) {
                if (spec.required() && !body.containsKey(spec.name())) {
                    problems.add(new FieldProblem(spec.name(), "is required"));
                }
            }
        }
        if (values.get("date_of_birth") instanceof LocalDate born && born.isAfter(LocalDate.now(clock))) {
            problems.add(new FieldProblem("date_of_birth", "must not be in the future"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        return values;
    }

    private static void checkWriteRights(Caller me, Relationship relationship, java.util.Set<String> fields) {
        List<String> refused = new ArrayList<>();
        for (String field : fields) {
            if (!PeoplePolicy.mayChange(me, relationship, field)) {
                refused.add(field);
            }
        }
        if (!refused.isEmpty()) {
            refused.sort(null);
            boolean selfOnly = relationship == Relationship.SELF && !me.has(PEOPLE_WRITE);
            throw forbidden("You may not change " + String.join(", ", refused) + (selfOnly
                    ? "; on your own record you may change your contact details only." : "."));
        }
    }

    private static Relationship relationship(Caller me, Employee employee) {
        return Relationship.of(me, employee.get("user_id") instanceof UUID linked ? linked : null);
    }

    private void checkReferences(UUID id, Map<String, Object> values) {
        List<FieldProblem> problems = new ArrayList<>();
        if (values.get("manager_id") instanceof UUID manager) {
            if (manager.equals(id)) {
                problems.add(new FieldProblem("manager_id", "must not be the person themself"));
            } else if (employees.find(manager).isEmpty()) {
                problems.add(new FieldProblem("manager_id", "must be a person of this workspace"));
            } else if (employees.managerChainReaches(manager, id)) {
                problems.add(new FieldProblem("manager_id", "would make a management cycle"));
            }
        }
        if (values.get("user_id") instanceof UUID user) {
            if (users.emailOf(user).isEmpty()) {
                problems.add(new FieldProblem("user_id", "must be a user of this workspace"));
            } else {
                employees.findByUser(user).filter(other -> !other.id().equals(id)).ifPresent(other ->
                        problems.add(new FieldProblem("user_id", "is already linked to another person")));
            }
        }
        if (values.get("start_date") instanceof java.time.LocalDate start && values.get("end_date") instanceof java.time.LocalDate end
                && end.isBefore(start)) {
            problems.add(new FieldProblem("end_date", "must not be before start_date"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
    }

    /** The version an If-Match header names; 428 without one, 412 when it is not current. */
    private static int expectedVersion(String ifMatch, Employee current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ApiProblem(ProblemType.PRECONDITION_REQUIRED,
                    "Send the record's ETag in If-Match, so a concurrent change is not overwritten.");
        }
        String value = ifMatch.strip();
        if (value.equals("*")) {
            return current.version();
        }
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            int version = Integer.parseInt(value);
            if (version != current.version()) {
                throw stale();
            }
            return version;
        } catch (NumberFormatException e) {
            throw stale();
        }
    }

    private static ApiProblem stale() {
        return new ApiProblem(ProblemType.PRECONDITION_FAILED,
                "Someone else changed this record since you read it; load it again and reapply your change.");
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
