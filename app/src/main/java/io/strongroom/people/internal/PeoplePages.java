package io.strongroom.people.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.strongroom.identity.Caller;
import io.strongroom.people.PeopleDirectory;
import io.strongroom.people.PeopleSort;
import io.strongroom.people.EmploymentStatus;
import io.strongroom.people.Person;
import io.strongroom.people.PersonField;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.SelfService;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/** People pages: searchable list (live search with htmx), detail, create, edit, delete. */
@PageController
class PeoplePages {

    /** The fields the forms send: every field of the catalog but the account link, which the API sets. */
    static final List<String> FORM_FIELDS = java.util.Arrays.stream(PersonField.values())
            .filter(f -> f != PersonField.USER_ID).map(PersonField::apiName).toList();
    static final List<String> PERSONAL_FIELDS = PersonField.personalFields().stream().map(PersonField::apiName).toList();
    static final List<String> STATUSES = java.util.Arrays.stream(EmploymentStatus.values()).map(EmploymentStatus::apiName).toList();
    static final int PAGE_SIZE = 25;

    private final PeopleDirectory people;
    private final io.strongroom.access.AccessAdministration access;

    PeoplePages(PeopleDirectory people, io.strongroom.access.AccessAdministration access) {
        this.people = people;
        this.access = access;
    }

    /**
     * Whether the caller may link a record to a user account: that lets the account's user see and
     * edit the record's personal fields as their own, so it needs users:manage and both personal-data
     * permissions (the hardening rule; the service checks it again).
     */
    private static boolean mayLinkAccounts() {
        return Caller.current().map(me -> PeoplePolicy.mayChange(me, PeoplePolicy.Relationship.OTHER, PersonField.USER_ID))
                .orElse(false);
    }

    /** Whether the pages offer adding and removing people (the service decides either way). */
    @ModelAttribute("canWritePeople")
    boolean canWritePeople() {
        return Caller.current().map(PeoplePolicy::mayCreate).orElse(false);
    }

    @ModelAttribute("statuses")
    List<String> statuses() {
        return STATUSES;
    }

    /** The list's sortable columns by field name, in the order the header shows them. */
    static final Map<String, PeopleSort.Column> SORTABLE = sortable();

    private static Map<String, PeopleSort.Column> sortable() {
        Map<String, PeopleSort.Column> columns = new java.util.LinkedHashMap<>();
        columns.put("name", PeopleSort.Column.NAME);
        columns.put("job_title", PeopleSort.Column.JOB_TITLE);
        columns.put("department", PeopleSort.Column.DEPARTMENT);
        columns.put("start_date", PeopleSort.Column.START_DATE);
        columns.put("status", PeopleSort.Column.STATUS);
        return java.util.Collections.unmodifiableMap(columns);
    }

    @PreAuthorize("hasAuthority('people:read')")
    @GetMapping("/app/people")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) String department,
            @RequestParam(required = false) String status, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String after, @RequestParam(required = false) String before, Model model) {
        rows(q, department, status, sort, after, before, model);
        return "people/list";
    }

    /** The rows of the list, for live search and "more" (an htmx fragment). */
    @PreAuthorize("hasAuthority('people:read')")
    @GetMapping("/app/people/rows")
    String rows(@RequestParam(required = false) String q, @RequestParam(required = false) String department,
            @RequestParam(required = false) String status, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String after, @RequestParam(required = false) String before, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("department", department);
        String wanted = status == null || status.isBlank() ? null : status;
        model.addAttribute("status", wanted);
        PeopleSort order = PeopleSort.parse(sort).orElse(PeopleSort.DEFAULT);
        model.addAttribute("sort", order);
        model.addAttribute("columns", SORTABLE);
        PeopleDirectory.Page page = Forms.attempt(model, () -> people.list(q, department, wanted, sort, after, before, PAGE_SIZE));
        model.addAttribute("page", page == null ? PeopleDirectory.Page.EMPTY : page);
        return "people/list :: rows";
    }

    /** Import people from a CSV file: the form, then a preview of every row, then all or nothing. */
    @PreAuthorize("hasAuthority('people:write')")
    @GetMapping("/app/people/import")
    String importForm(Model model) {
        model.addAttribute("maxRows", PeopleCsv.MAX_ROWS);
        return "people/import";
    }

    /** An example file: every column the import takes, and one row. */
    @PreAuthorize("hasAuthority('people:write')")
    @GetMapping("/app/people/import/example.csv")
    org.springframework.http.ResponseEntity<String> importExample() {
        return org.springframework.http.ResponseEntity.ok()
                .contentType(new org.springframework.http.MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"people-example.csv\"")
                .body(PeopleCsv.example());
    }

    /** Checks every row of the uploaded file and shows them; nothing is added yet. */
    @PreAuthorize("hasAuthority('people:write')")
    @PostMapping("/app/people/import")
    String importPreview(@org.springframework.web.bind.annotation.RequestParam(name = "file", required = false)
            org.springframework.web.multipart.MultipartFile file, Model model) throws java.io.IOException {
        byte[] bytes = file == null ? new byte[0] : file.getBytes();
        String text = Forms.attempt(model, () -> PeopleCsv.utf8(bytes));
        if (text != null) {
            preview(text, Forms.attempt(model, () -> people.importCsv(text, true)), model);
        }
        return importForm(model);
    }

    /** Adds every row of the checked file, or none; the file is checked again, not taken on trust. */
    @PreAuthorize("hasAuthority('people:write')")
    @PostMapping("/app/people/import/confirm")
    String importConfirm(@RequestParam(defaultValue = "") String csv, Model model,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        PeopleDirectory.ImportResult result = Forms.attempt(model, () -> people.importCsv(csv, false));
        if (result != null && result.imported()) {
            redirect.addFlashAttribute("importedCount", result.rows().size());
            return "redirect:/app/people";
        }
        preview(csv, result, model);
        return importForm(model);
    }

    private static void preview(String csv, PeopleDirectory.ImportResult result, Model model) {
        if (result == null) {
            return;
        }
        Map<Long, List<PeopleDirectory.RowProblem>> byLine = new java.util.TreeMap<>();
        result.problems().forEach(p -> byLine.computeIfAbsent(p.line(), k -> new java.util.ArrayList<>()).add(p));
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        long line = 1;
        for (Map<String, Object> values : result.rows()) {
            line++;
            rows.add(Map.of("values", values, "problems", byLine.getOrDefault(line, List.of())));
        }
        model.addAttribute("csv", csv);
        model.addAttribute("preview", rows);
        model.addAttribute("problemCount", result.problems().size());
        model.addAttribute("refusedRows", byLine.size());
        model.addAttribute("previewFields", List.of("given_name", "family_name", "work_email", "job_title", "department",
                "start_date", "status"));
    }

    @PreAuthorize("hasAuthority('people:write')")
    @GetMapping("/app/people/new")
    String newPerson(Model model) {
        model.addAttribute("person", Map.of("status", "active"));
        model.addAttribute("editing", false);
        return "people/form";
    }

    @PreAuthorize("hasAuthority('people:write')")
    @PostMapping("/app/people")
    String create(@RequestParam MultiValueMap<String, String> form, Model model) {
        Map<String, Object> values = Forms.values(form, fieldsOf(form));
        values.values().removeIf(java.util.Objects::isNull);
        Person created = Forms.attempt(model, () -> people.create(values));
        if (created == null) {
            model.addAttribute("person", values);
            model.addAttribute("editing", false);
            managerName(values.get("manager_id") instanceof String m ? parseId(m) : null, model);
            return "people/form";
        }
        return "redirect:/app/people/" + created.id() + "?created";
    }

    @SelfService(PeopleController.OWN_RECORD)
    @GetMapping("/app/people/{id}")
    String detail(@PathVariable UUID id, Model model) {
        Person person = people.get(id);
        model.addAttribute("person", person.fields());
        model.addAttribute("version", person.version());
        model.addAttribute("personalFields", PERSONAL_FIELDS);
        model.addAttribute("masks", masks(person));
        if (mayLinkAccounts()) {
            List<io.strongroom.access.AccessAdministration.UserView> accounts = java.util.Optional.ofNullable(
                    Forms.attempt(model, () -> access.users(null, null, null, 200).items())).orElse(List.of());
            model.addAttribute("accounts", accounts);
            model.addAttribute("linkedAccount", person.userId() == null ? null : accounts.stream()
                    .filter(a -> a.id().equals(person.userId())).findFirst().orElse(null));
        }
        if (person.managerId() instanceof UUID manager) {
            try {
                model.addAttribute("manager", people.get(manager).fields());
            } catch (ApiProblem ignored) {
                // not visible to this caller
            }
        }
        return "people/detail";
    }

    /**
     * Shows one sensitive field (date of birth, national id, IBAN), recorded in the audit trail; an
     * htmx request gets just the value, a plain form post the page with the value shown.
     */
    @SelfService(PeopleController.OWN_RECORD)
    @PostMapping("/app/people/{id}/reveal/{field}")
    String reveal(@PathVariable UUID id, @PathVariable String field,
            @org.springframework.web.bind.annotation.RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model) {
        String value = people.reveal(id, field);
        if (htmx != null) {
            model.addAttribute("value", value);
            return "people/detail :: revealed";
        }
        String page = detail(id, model);
        model.addAttribute("revealed", Map.of(field, value == null ? "—" : value));
        return page;
    }

    /** What a sensitive field shows before "show": the IBAN's last four characters, nothing of the others. */
    static Map<String, String> masks(Person person) {
        Map<String, String> masks = new java.util.HashMap<>();
        if (person.personal() != null) {
            for (PersonField field : PersonField.personalFields()) {
                Object value = field.valueIn(person);
                if (field.sensitive() && value != null) {
                    String text = value.toString();
                    masks.put(field.apiName(), field == PersonField.IBAN && text.length() > 8
                            ? "•••• " + text.substring(text.length() - 4) : "••••••");
                }
            }
        }
        return masks;
    }

    @SelfService(PeopleController.OWN_RECORD)
    @GetMapping("/app/people/{id}/edit")
    String edit(@PathVariable UUID id, Model model) {
        Person person = people.get(id);
        model.addAttribute("person", withoutSensitive(person.fields()));
        model.addAttribute("masks", masks(person));
        model.addAttribute("version", person.version());
        model.addAttribute("editing", true);
        managerName(person.managerId(), model);
        return "people/form";
    }

    /**
     * A record's fields for a form: the sensitive ones (date of birth, national id, IBAN) left out,
     * so the form never carries them unmasked and unrecorded; it shows their masks, a blank input
     * keeps the saved value, and "remove" clears it ({@link #sensitiveChanges}).
     */
    static Map<String, Object> withoutSensitive(Map<String, Object> fields) {
        Map<String, Object> shown = new java.util.LinkedHashMap<>(fields);
        PersonField.personalFields().stream().filter(PersonField::sensitive).forEach(f -> shown.remove(f.apiName()));
        return shown;
    }

    /** What the form changes of the sensitive fields: a typed value replaces, "remove" clears, blank keeps. */
    static void sensitiveChanges(MultiValueMap<String, String> form, Map<String, Object> submitted) {
        for (PersonField field : PersonField.personalFields()) {
            if (!field.sensitive() || !form.containsKey(field.apiName())) {
                continue;
            }
            if (form.containsKey("clear_" + field.apiName())) {
                submitted.put(field.apiName(), null);
            } else if (submitted.get(field.apiName()) == null) {
                submitted.remove(field.apiName());
            }
        }
    }

    /** People to choose as a manager, by name, job title or e-mail (an htmx fragment of the form). */
    @PreAuthorize("hasAuthority('people:read')")
    @GetMapping("/app/people/manager-options")
    String managerOptions(@RequestParam(name = "manager_search", required = false) String search, Model model) {
        List<Person> options = search == null || search.isBlank() ? List.of()
                : java.util.Optional.ofNullable(Forms.attempt(model, () -> people.list(search, null, null, null, 10)))
                        .map(PeopleDirectory.Page::items).orElse(List.of());
        model.addAttribute("options", options);
        return "people/form :: managerOptions";
    }

    /** The manager's name for the form's picker, when the caller may see that record. */
    private void managerName(UUID manager, Model model) {
        if (manager != null) {
            try {
                Person boss = people.get(manager);
                model.addAttribute("managerName", boss.givenName() + " " + boss.familyName());
            } catch (ApiProblem notVisible) {
                // the id stays in the form; the picker starts empty
            }
        }
    }

    /** Links the record to a user account, or (with none chosen) unlinks it; audited as any change of the record. */
    @PreAuthorize("hasAuthority('users:manage')")
    @PostMapping("/app/people/{id}/account")
    String linkAccount(@PathVariable UUID id, @RequestParam(defaultValue = "0") int version,
            @RequestParam(name = "user_id", defaultValue = "") String userId, Model model,
            org.springframework.web.servlet.mvc.support.RedirectAttributes redirect) {
        Map<String, Object> change = new java.util.HashMap<>();
        change.put("user_id", userId.isBlank() ? null : userId.strip());
        Person updated = Forms.attempt(model, () -> people.update(id, "\"" + version + "\"", change));
        if (updated == null) {
            return detail(id, model);
        }
        redirect.addFlashAttribute("notice", userId.isBlank() ? "person.account-unlinked" : "person.account-linked");
        return "redirect:/app/people/" + id;
    }

    /** Saves an edit; the hidden version is the ETag, so a concurrent change is shown, not overwritten. */
    @SelfService(PeopleController.OWN_RECORD)
    @PostMapping("/app/people/{id}")
    String update(@PathVariable UUID id, @RequestParam(defaultValue = "0") int version,
            @RequestParam MultiValueMap<String, String> form, Model model) {
        Person current = people.get(id);
        Map<String, Object> submitted = Forms.values(form, fieldsOf(form));
        sensitiveChanges(form, submitted);
        // send only what the form changed, so hidden fields are never touched
        Map<String, Object> changes = new java.util.LinkedHashMap<>();
        submitted.forEach((field, value) -> {
            Object before = current.fields().get(field);
            if (!java.util.Objects.equals(before == null ? null : before.toString(), value)) {
                changes.put(field, value);
            }
        });
        Person updated = Forms.attempt(model, () -> people.update(id, "\"" + version + "\"", changes));
        if (updated == null) {
            Map<String, Object> shown = withoutSensitive(current.fields());
            shown.putAll(submitted);
            model.addAttribute("masks", masks(current));
            model.addAttribute("person", shown);
            model.addAttribute("version", version);
            model.addAttribute("editing", true);
            managerName(shown.get("manager_id") == null ? null : parseId(shown.get("manager_id").toString()), model);
            if (Integer.valueOf(412).equals(model.getAttribute("errorStatus"))) {
                model.addAttribute("conflict", current.fields());
                model.addAttribute("currentVersion", current.version());
                model.addAttribute("differences", differences(current, submitted));
                // the form now holds the saved record with this form's values on top: choosing per field
                // and saving again applies exactly what is shown, against the version just read
                model.addAttribute("version", current.version());
            }
            return "people/form";
        }
        return "redirect:/app/people/" + id + "?saved";
    }

    @PreAuthorize("hasAuthority('people:write')")
    @PostMapping("/app/people/{id}/delete")
    String delete(@PathVariable UUID id, @RequestParam(defaultValue = "0") int version) {
        people.delete(id, "\"" + version + "\"");
        return "redirect:/app/people?deleted";
    }

    /** The fields where this form and the saved record disagree: field, saved value, the form's value. */
    static List<Map<String, String>> differences(Person current, Map<String, Object> submitted) {
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        submitted.forEach((field, yours) -> {
            Object saved = current.fields().get(field);
            String theirs = saved == null ? "" : saved.toString();
            String mine = yours == null ? "" : yours.toString();
            if (!theirs.equals(mine)) {
                boolean sensitive = PersonField.byApiName(field).map(PersonField::sensitive).orElse(false);
                // a sensitive saved value is shown masked, and "use the saved value" keeps it (a blank input)
                rows.add(Map.of("field", field, "saved", sensitive ? masks(current).getOrDefault(field, "") : theirs,
                        "yours", mine, "use", sensitive ? "" : theirs));
            }
        });
        return rows;
    }

    private static UUID parseId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null; // the service names the field
        }
    }

    private static List<String> fieldsOf(MultiValueMap<String, String> form) {
        return form.keySet().stream().filter(FORM_FIELDS::contains).toList();
    }
}
