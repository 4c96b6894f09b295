package io.strongroom.people.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.strongroom.platform.ChangeReplayer;
import io.strongroom.people.Person;
import io.strongroom.people.PersonField;
import io.strongroom.platform.ApiProblem;

/**
 * Re-applies the people changes the audit trail records (after a restore from a backup, B6): a
 * person created is created again with the recorded values and id; an update is applied when every
 * field still holds the value it was changed from; a deletion deletes. Each checks the state first,
 * so a change the backup already held is recognised as applied, and one made from another state is
 * refused as a conflict rather than overwriting.
 */
@Component
class PeopleReplayer implements ChangeReplayer {

    private static final Set<String> ACTIONS = Set.of("employee.created", "employee.updated", "employee.deleted");

    private final PersonRepository people;
    private final People service;

    PeopleReplayer(PersonRepository people, People service) {
        this.people = people;
        this.service = service;
    }

    @Override
    public boolean handles(String action) {
        return ACTIONS.contains(action);
    }

    @Override
    public Result replay(ChangeReplayer.Change change) {
        UUID id;
        try {
            id = UUID.fromString(change.targetId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Result.conflict("the record names no person");
        }
        Optional<Person> current = people.find(id);
        Map<String, Map<String, Object>> fields = change.allFields();
        try {
            return switch (change.action()) {
                case "employee.created" -> current.isPresent()
                        ? (holds(current.get(), fields, "to") ? Result.alreadyApplied()
                                : Result.conflict("a person with this id exists with other values"))
                        : create(id, fields);
                case "employee.deleted" -> current.isEmpty() ? Result.alreadyApplied() : delete(id);
                default -> current.isEmpty() ? Result.conflict("the person does not exist")
                        : update(current.get(), fields);
            };
        } catch (ApiProblem e) {
            return Result.conflict("the recorded values are not valid now: " + e.getMessage() + " "
                    + e.fieldProblems());
        } // a refusal of the database propagates: the caller rolls the change back to its savepoint
    }

    private Result create(UUID id, Map<String, Map<String, Object>> fields) {
        people.insert(id, service.parse(values(fields, "to")));
        return Result.applied();
    }

    private Result delete(UUID id) {
        return people.delete(id, null) ? Result.applied() : Result.conflict("the person could not be deleted");
    }

    private Result update(Person person, Map<String, Map<String, Object>> fields) {
        if (holds(person, fields, "to")) {
            return Result.alreadyApplied();
        }
        String differs = differs(person, fields, "from");
        if (differs != null) {
            return Result.conflict("the person was changed otherwise since (" + differs + ")");
        }
        Map<PersonField, Object> changes = new EnumMap<>(PersonField.class);
        changes.putAll(service.parse(values(fields, "to")));
        return people.update(person.id(), person.version(), changes) ? Result.applied()
                : Result.conflict("the person changed meanwhile");
    }

    /** Whether every recorded field of {@code person} holds the recorded {@code side} ("from" or "to"). */
    private static boolean holds(Person person, Map<String, Map<String, Object>> fields, String side) {
        return differs(person, fields, side) == null;
    }

    /** The first recorded field of {@code person} that does not hold the recorded {@code side}, or null. */
    private static String differs(Person person, Map<String, Map<String, Object>> fields, String side) {
        for (Map.Entry<String, Map<String, Object>> field : fields.entrySet()) {
            Optional<PersonField> known = PersonField.byApiName(field.getKey());
            if (known.isEmpty()) {
                return field.getKey();
            }
            Object now = PersonField.apiValue(known.get().valueIn(person));
            if (!Objects.equals(text(now), text(field.getValue().get(side)))) {
                return field.getKey();
            }
        }
        return null;
    }

    private static Map<String, Object> values(Map<String, Map<String, Object>> fields, String side) {
        Map<String, Object> values = new LinkedHashMap<>();
        fields.forEach((field, change) -> values.put(field, change.get(side)));
        return values;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
