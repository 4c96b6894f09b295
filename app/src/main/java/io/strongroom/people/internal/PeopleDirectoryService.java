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
import io.strongroom.people.PeopleDirectory;
import io.strongroom.people.Person;
import io.strongroom.people.internal.PersonRepository.Cursor;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.KeysetPage;
import tools.jackson.databind.json.JsonMapper;

/** {@link PeopleDirectory}: each call one transaction, rules in {@link People}. */
@Service
class PeopleDirectoryService implements PeopleDirectory {

    static final int MAX_LIMIT = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final People people;
    private final TransactionTemplate transactions;

    PeopleDirectoryService(People people, TransactionTemplate transactions) {
        this.people = people;
        this.transactions = transactions;
    }

    @Override
    public Page list(String query, String department, String status, String after, int limit) {
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
        Cursor cursor = decode(after);
        Caller me = Caller.require();
        return transactions.execute(tx -> {
            KeysetPage<Person, String> page = KeysetPage.of(
                    people.list(me, blank(query), blank(department), wanted, cursor, limit + 1), limit,
                    PeopleDirectoryService::encode);
            return new Page(page.items().stream().map(p -> people.view(me, p)).toList(), page.nextAfter(),
                    people.count(me, blank(query), blank(department), wanted));
        });
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

    private static String encode(Person last) {
        String json = JSON.writeValueAsString(List.of(last.familyName(), last.givenName(), last.id().toString()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor decode(String after) {
        if (after == null || after.isBlank()) {
            return null;
        }
        try {
            List<?> parts = JSON.readValue(Base64.getUrlDecoder().decode(after), List.class);
            return new Cursor((String) parts.get(0), (String) parts.get(1), UUID.fromString((String) parts.get(2)));
        } catch (RuntimeException e) {
            throw ApiProblem.validation("after", "is not a cursor this API gave out");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
