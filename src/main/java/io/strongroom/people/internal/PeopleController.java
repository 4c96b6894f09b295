package io.strongroom.people.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.CurrentUser;
import io.strongroom.people.PersonalField;
import io.strongroom.people.internal.EmployeeRepository.Cursor;
import io.strongroom.people.internal.EmployeeRepository.Employee;
import io.strongroom.platform.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/people}: list (search by name and department, keyset pagination), create, read,
 * change (JSON merge patch with {@code If-Match}) and delete. Permissions are checked per field in
 * {@link People}; every handler requires a signed-in caller.
 */
@RestController
@PreAuthorize("isAuthenticated()")
class PeopleController {

    static final int MAX_LIMIT = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final People people;
    private final TransactionTemplate transactions;

    PeopleController(People people, TransactionTemplate transactions) {
        this.people = people;
        this.transactions = transactions;
    }

    @GetMapping("/api/v1/people")
    Map<String, Object> list(@RequestParam(required = false) String q, @RequestParam(required = false) String department,
            @RequestParam(required = false) String status, @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (q != null && q.length() > 200) {
            throw ApiProblem.validation("q", "must be at most 200 characters");
        }
        if (department != null && department.length() > 100) {
            throw ApiProblem.validation("department", "must be at most 100 characters");
        }
        if (status != null && !List.of("active", "on_leave", "terminated").contains(status)) {
            throw ApiProblem.validation("status", "must be active, on_leave or terminated");
        }
        Cursor cursor = decode(after);
        CurrentUser me = CurrentUser.require();
        return transactions.execute(tx -> {
            List<Employee> page = people.list(me, blank(q), blank(department), status, cursor, limit + 1);
            boolean more = page.size() > limit;
            List<Employee> items = page.subList(0, Math.min(limit, page.size()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", items.stream().map(e -> people.view(me, e)).toList());
            body.put("next_after", more ? encode(items.getLast()) : null);
            return body;
        });
    }

    @PostMapping(path = "/api/v1/people", consumes = {"application/json", "application/merge-patch+json"})
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        CurrentUser me = CurrentUser.require();
        Employee created = transactions.execute(tx -> people.create(me, body));
        return ResponseEntity.created(URI.create("/api/v1/people/" + created.id()))
                .eTag(created.etag()).body(people.view(me, created));
    }

    @GetMapping("/api/v1/people/{id}")
    ResponseEntity<Map<String, Object>> get(@PathVariable UUID id) {
        CurrentUser me = CurrentUser.require();
        Employee employee = transactions.execute(tx -> people.get(me, id));
        return ResponseEntity.ok().eTag(employee.etag()).body(people.view(me, employee));
    }

    @PatchMapping(path = "/api/v1/people/{id}", consumes = {"application/json", "application/merge-patch+json"})
    ResponseEntity<Map<String, Object>> update(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody Map<String, Object> patch) {
        CurrentUser me = CurrentUser.require();
        Employee updated = transactions.execute(tx -> people.update(me, id, ifMatch, patch));
        return ResponseEntity.ok().eTag(updated.etag()).body(people.view(me, updated));
    }

    @DeleteMapping("/api/v1/people/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        CurrentUser me = CurrentUser.require();
        transactions.executeWithoutResult(tx -> people.delete(me, id, ifMatch));
        return ResponseEntity.noContent().build();
    }

    /** The personal-data catalog, for forms and documentation. */
    @GetMapping("/api/v1/people/personal-fields")
    Map<String, Object> personalFields() {
        return Map.of("fields", java.util.Arrays.stream(PersonalField.values())
                .map(f -> Map.of("name", f.jsonName(), "description", f.description(), "self_editable", f.selfEditable()))
                .toList());
    }

    private static String encode(Employee last) {
        String json = JSON.writeValueAsString(List.of(last.get("family_name"), last.get("given_name"), last.id().toString()));
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
