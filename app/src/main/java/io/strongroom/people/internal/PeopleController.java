package io.strongroom.people.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.people.PeopleDirectory;
import io.strongroom.people.Person;
import io.strongroom.people.PersonField;
import io.strongroom.platform.SelfService;

/**
 * {@code /api/v1/people}: list (search by name and department, keyset pagination), create, read,
 * change (JSON merge patch with {@code If-Match}) and delete. Permissions are checked per field in
 * {@link People}; every handler requires a signed-in caller.
 */
@RestController
class PeopleController {

    /** What the record-level handlers serve without a permission (the rest is People's rule). */
    static final String OWN_RECORD = "a person's own record; other records need people:read or people:write (People)";

    private final PeopleDirectory people;

    PeopleController(PeopleDirectory people) {
        this.people = people;
    }

    @PreAuthorize("hasAuthority('people:read')")
    @GetMapping("/api/v1/people")
    Map<String, Object> list(@RequestParam(required = false) String q, @RequestParam(required = false) String department,
            @RequestParam(required = false) String status, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String after, @RequestParam(required = false) String before,
            @RequestParam(defaultValue = "50") int limit) {
        PeopleDirectory.Page page = people.list(q, department, status, sort, after, before, limit);
        people.recordSensitiveRead(page.items());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(Person::fields).toList());
        body.put("next_after", page.nextAfter());
        body.put("previous_before", page.previousBefore());
        body.put("total", page.total());
        return body;
    }

    @PreAuthorize("hasAuthority('people:write')")
    @PostMapping(path = "/api/v1/people", consumes = {"application/json", "application/merge-patch+json"})
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        Person created = people.create(body);
        return ResponseEntity.created(URI.create("/api/v1/people/" + created.id())).eTag(created.etag()).body(created.fields());
    }

    @SelfService(OWN_RECORD)
    @GetMapping("/api/v1/people/{id}")
    ResponseEntity<Map<String, Object>> get(@PathVariable UUID id) {
        Person person = people.get(id);
        people.recordSensitiveRead(List.of(person));
        return ResponseEntity.ok().eTag(person.etag()).body(person.fields());
    }

    @SelfService(OWN_RECORD)
    @PatchMapping(path = "/api/v1/people/{id}", consumes = {"application/json", "application/merge-patch+json"})
    ResponseEntity<Map<String, Object>> update(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestBody Map<String, Object> patch) {
        Person updated = people.update(id, ifMatch, patch);
        people.recordSensitiveRead(List.of(updated)); // the answer is the whole record
        return ResponseEntity.ok().eTag(updated.etag()).body(updated.fields());
    }

    @PreAuthorize("hasAuthority('people:write')")
    @DeleteMapping("/api/v1/people/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        people.delete(id, ifMatch);
        return ResponseEntity.noContent().build();
    }

    /** The list as filtered and sorted, every page, as a CSV file (personal columns only with people.personal:read). */
    @PreAuthorize("hasAuthority('people:read')")
    @io.strongroom.platform.StepUp("takes the people records out of the product")
    @GetMapping(path = "/api/v1/people.csv")
    ResponseEntity<String> export(@RequestParam(required = false) String q, @RequestParam(required = false) String department,
            @RequestParam(required = false) String status, @RequestParam(required = false) String sort) {
        java.io.StringWriter out = new java.io.StringWriter();
        people.exportCsv(q, department, status, sort, out);
        return ResponseEntity.ok()
                .contentType(new org.springframework.http.MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"people.csv\"")
                .body(out.toString());
    }

    /**
     * Adds the people of a CSV file, all or nothing ({@code 201} with how many); with
     * {@code dry_run=true} checks every row and adds nothing ({@code 200} with the rows' problems).
     * A refused import is a 400 whose errors name {@code rows[<line>].<field>}.
     */
    @PreAuthorize("hasAuthority('people:write')")
    @PostMapping(path = "/api/v1/people/import", consumes = "text/csv")
    ResponseEntity<Map<String, Object>> importCsv(@RequestBody(required = false) byte[] csv,
            @RequestParam(name = "dry_run", defaultValue = "false") boolean dryRun) {
        PeopleDirectory.ImportResult result = people.importCsv(PeopleCsv.utf8(csv == null ? new byte[0] : csv), dryRun);
        if (dryRun) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rows", result.rows().size());
            body.put("valid", result.problems().isEmpty());
            body.put("errors", result.problems().stream().map(p -> Map.of("line", p.line(), "field", p.field(),
                    "message", p.message())).toList());
            return ResponseEntity.ok(body);
        }
        if (!result.imported()) {
            throw io.strongroom.platform.ApiProblem.validation(result.problems().stream()
                    .map(p -> new io.strongroom.platform.ApiProblem.FieldProblem(
                            "rows[" + p.line() + "]" + (p.field().isEmpty() ? "" : "." + p.field()), p.message()))
                    .toList());
        }
        return ResponseEntity.status(201).body(Map.of("imported", result.rows().size()));
    }

    /** The personal-data catalog, for forms and documentation. */
    @SelfService("the catalog of personal-data fields, which every member may read")
    @GetMapping("/api/v1/people/personal-fields")
    Map<String, Object> personalFields() {
        return Map.of("fields", PersonField.personalFields().stream()
                .map(f -> Map.of("name", f.apiName(), "description", f.description(), "self_editable", f.selfEditable()))
                .toList());
    }
}
