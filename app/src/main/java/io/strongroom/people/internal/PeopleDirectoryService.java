package io.strongroom.people.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.Caller;
import io.strongroom.people.EmploymentStatus;
import io.strongroom.people.PeopleSort;
import io.strongroom.people.PersonField;
import io.strongroom.people.PeopleDirectory;
import io.strongroom.people.Person;
import io.strongroom.people.internal.PersonRepository.Cursor;
import io.strongroom.platform.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/** {@link PeopleDirectory}: each call one transaction, rules in {@link People}. */
@Service
class PeopleDirectoryService implements PeopleDirectory {

    static final int MAX_LIMIT = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final People people;
    private final PeopleCsv csv;
    private final TransactionTemplate transactions;

    PeopleDirectoryService(People people, PeopleCsv csv, TransactionTemplate transactions) {
        this.people = people;
        this.csv = csv;
        this.transactions = transactions;
    }

    @Override
    public Page list(String query, String department, String status, String sortBy, String after, String before,
            int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (query != null && query.length() > 200) {
            throw ApiProblem.validation("q", "must be at most 200 characters");
        }
        if (department != null && department.length() > 100) {
            throw ApiProblem.validation("department", "must be at most 100 characters");
        }
        EmploymentStatus wanted = status == null ? null : EmploymentStatus.of(status)
                .orElseThrow(() -> ApiProblem.validation("status", "must be " + EmploymentStatus.choices()));
        PeopleSort sort = PeopleSort.parse(sortBy).orElseThrow(() -> ApiProblem.validation("sort",
                "must be one of " + PeopleSort.choices() + " (a leading - sorts descending)"));
        if (blank(after) != null && blank(before) != null) {
            throw ApiProblem.validation("before", "must not be sent together with after");
        }
        boolean backwards = blank(before) != null;
        Cursor cursor = decode(backwards ? "before" : "after", sort, backwards ? before : after);
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            List<Person> rows = people.list(me, blank(query), blank(department), wanted, sort, cursor, backwards, limit + 1);
            boolean more = rows.size() > limit;
            List<Person> items = new java.util.ArrayList<>(more ? rows.subList(0, limit) : rows);
            String next;
            String previous;
            if (backwards) {
                java.util.Collections.reverse(items);
                previous = more && !items.isEmpty() ? encode(sort, items.getFirst()) : null;
                next = items.isEmpty() ? null : encode(sort, items.getLast());
            } else {
                next = more ? encode(sort, items.getLast()) : null;
                previous = cursor != null && !items.isEmpty() ? encode(sort, items.getFirst()) : null;
            }
            return new Page(items.stream().map(p -> people.view(me, p)).toList(), next, previous,
                    people.count(me, blank(query), blank(department), wanted));
        });
    }

    @Override
    public void exportCsv(String query, String department, String status, String sortBy, java.io.Writer out) {
        Page first = list(query, department, status, sortBy, null, null, 1); // the same checks as the list
        if (first.total() > MAX_EXPORT) {
            throw new ApiProblem(io.strongroom.platform.ProblemType.VALIDATION_FAILED, "The export has " + first.total()
                    + " people, more than " + MAX_EXPORT + "; narrow the filters and export in parts.");
        }
        PeopleSort sort = PeopleSort.parse(sortBy).orElseThrow();
        EmploymentStatus wanted = status == null || status.isBlank() ? null : EmploymentStatus.of(status).orElseThrow();
        Caller me = Caller.require();
        boolean personal = me.has(io.strongroom.people.PeoplePermission.PERSONAL_READ);
        List<PersonField> fields = java.util.Arrays.stream(PersonField.values()).filter(f -> personal || !f.personal()).toList();
        List<Person> rows = transactions.execute(tx -> {
            List<Person> found = people.list(me, blank(query), blank(department), wanted, sort, null, false, MAX_EXPORT)
                    .stream().map(p -> people.view(me, p)).toList();
            people.recordExport(found.size(), personal, blank(query), blank(department), wanted, sort);
            return found;
        });
        csv.write(out, rows, fields);
    }

    @Override
    public ImportResult importCsv(String text, boolean dryRun) {
        Caller me = Caller.require();
        List<PeopleCsv.Row> rows = csv.read(text == null ? "" : text);
        List<RowProblem> problems = new java.util.ArrayList<>();
        org.springframework.transaction.support.TransactionTemplate row = new org.springframework.transaction.support.TransactionTemplate(
                java.util.Objects.requireNonNull(transactions.getTransactionManager()));
        row.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
        boolean imported = Boolean.TRUE.equals(transactions.execute(tx -> {
            for (PeopleCsv.Row each : rows) {
                try {
                    row.executeWithoutResult(savepoint -> people.create(me, new java.util.LinkedHashMap<>(each.values())));
                } catch (ApiProblem problem) {
                    if (problem.status().value() == 403) {
                        throw problem; // not allowed at all: the whole import is refused as such
                    }
                    if (problem.fieldProblems().isEmpty()) {
                        problems.add(new RowProblem(each.line(), "", problem.detail()));
                    }
                    problem.fieldProblems().forEach(f -> problems.add(new RowProblem(each.line(), f.field(), f.message())));
                }
            }
            if (dryRun || !problems.isEmpty()) {
                tx.setRollbackOnly();
                return false;
            }
            return true;
        }));
        return new ImportResult(rows.stream().map(PeopleCsv.Row::values).toList(), List.copyOf(problems), imported);
    }

    @Override
    public void recordSensitiveRead(List<Person> answered) {
        java.util.Set<String> fields = new java.util.TreeSet<>();
        List<Person> shown = new java.util.ArrayList<>();
        for (Person person : answered) {
            List<String> sensitive = java.util.Arrays.stream(PersonField.values())
                    .filter(f -> f.sensitive() && f.valueIn(person) != null).map(PersonField::apiName).toList();
            if (!sensitive.isEmpty()) {
                fields.addAll(sensitive);
                shown.add(person);
            }
        }
        if (!shown.isEmpty()) {
            transactions.executeWithoutResult(tx -> people.recordSensitiveRead(shown, List.copyOf(fields)));
        }
    }

    @Override
    public Person get(UUID id) {
        Caller me = Caller.require();
        return transactions.execute(tx -> people.view(me, people.get(me, id)));
    }

    @Override
    public Person create(Map<String, Object> fields) {
        Caller me = Caller.require();
        return transactions.execute(tx -> people.view(me, people.create(me, fields)));
    }

    @Override
    public Person update(UUID id, String ifMatch, Map<String, Object> changes) {
        Caller me = Caller.require();
        return transactions.execute(tx -> people.view(me, people.update(me, id, ifMatch, changes)));
    }

    @Override
    public String reveal(UUID id, String field) {
        Caller me = Caller.require();
        return transactions.execute(tx -> people.reveal(me, id, field));
    }

    @Override
    public void delete(UUID id, String ifMatch) {
        Caller me = Caller.require();
        transactions.executeWithoutResult(tx -> people.delete(me, id, ifMatch));
    }

    /** A cursor names its sort, the record's sort key, name and id; opaque to clients. */
    private static String encode(PeopleSort sort, Person at) {
        String json = JSON.writeValueAsString(java.util.Arrays.asList(sort.apiValue(),
                PersonRepository.sortValue(at, sort.column()), at.familyName(), at.givenName(), at.id().toString()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor decode(String field, PeopleSort sort, String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            List<?> parts = JSON.readValue(Base64.getUrlDecoder().decode(token.strip()), List.class);
            if (parts.size() != 5 || !sort.apiValue().equals(parts.get(0)) || parts.get(2) == null || parts.get(3) == null) {
                throw new IllegalArgumentException("another sort's cursor");
            }
            Cursor cursor = new Cursor((String) parts.get(1), (String) parts.get(2), (String) parts.get(3),
                    UUID.fromString((String) parts.get(4)));
            if (cursor.key() == null && (sort.column() == PeopleSort.Column.NAME || sort.column() == PeopleSort.Column.STATUS)) {
                throw new IllegalArgumentException("these columns always have a value");
            }
            if (sort.column() == PeopleSort.Column.START_DATE && cursor.key() != null) {
                java.time.LocalDate.parse(cursor.key());
            }
            return cursor;
        } catch (RuntimeException e) {
            throw ApiProblem.validation(field, "is not a cursor this API gave out");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
