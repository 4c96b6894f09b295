package io.strongroom.privacy.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.strongroom.identity.Caller;
import io.strongroom.people.PeopleDirectory;
import io.strongroom.people.Person;
import io.strongroom.platform.ApiProblem;
import io.strongroom.web.Forms;
import io.strongroom.web.PageController;

/**
 * The register of data-subject requests as pages, for holders of {@code privacy:manage}: the list by
 * deadline, a form to record one (finding the person by name), and per request its deadline, the
 * actions its kind allows (extend once, answer, refuse, erase, restrict and lift) and a readable copy
 * of everything held about its person, to print or save as PDF. The pages call what the JSON API
 * calls, so each post is checked and audited the same way.
 */
@PageController
class RequestPages {

    private final SubjectRequests requests;
    private final SubjectRights rights;
    private final PeopleDirectory people;

    RequestPages(SubjectRequests requests, SubjectRights rights, PeopleDirectory people) {
        this.requests = requests;
        this.rights = rights;
        this.people = people;
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @GetMapping("/app/privacy/requests")
    String list(@RequestParam(required = false) String status, Model model) {
        String shown = status == null || status.isBlank() ? null : status;
        List<SubjectRequests.Request> found = Forms.attempt(model, () -> requests.list(shown));
        model.addAttribute("requests", found == null ? List.of() : found);
        model.addAttribute("status", shown);
        model.addAttribute("now", requests.now());
        return "privacy/requests";
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @GetMapping("/app/privacy/requests/new")
    String form(@RequestParam(name = "person_search", required = false) String search,
            @RequestParam(name = "person_id", required = false) UUID personId, Model model) {
        model.addAttribute("kinds", SubjectRequests.KINDS.stream().sorted().toList());
        model.addAttribute("personSearch", search);
        if (search != null && !search.isBlank()) {
            PeopleDirectory.Page page = Forms.attempt(model, () -> people.list(search.strip(), null, null, null, 20));
            model.addAttribute("candidates", page == null ? List.of() : page.items());
        }
        if (personId != null) {
            model.addAttribute("chosen", person(personId));
        }
        model.addAttribute("form", Map.of());
        return "privacy/request-new";
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/app/privacy/requests")
    String record(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        UUID personId = uuid(form.get("person_id"));
        Person person = personId == null ? null : person(personId);
        String name = blank(form.get("subject_name")) && person != null ? person.givenName() + " " + person.familyName()
                : form.get("subject_name");
        LocalDate received = null;
        if (!blank(form.get("received_on"))) {
            try {
                received = LocalDate.parse(form.get("received_on").strip());
            } catch (java.time.format.DateTimeParseException e) {
                Forms.record(model, ApiProblem.validation("received_on", "must be a date like 2026-01-31"));
                return again(form, person, model);
            }
        }
        if (!blank(form.get("person_id")) && personId == null) {
            Forms.record(model, ApiProblem.validation("person_id", "is not a person of this workspace"));
            return again(form, person, model);
        }
        SubjectRequests.NewRequest request = new SubjectRequests.NewRequest(form.get("kind"), personId,
                form.get("subject_email"), name, form.get("identity_check"), form.get("details"), received);
        SubjectRequests.Request recorded = Forms.attempt(model, () -> requests.record(request, Caller.require().userId()));
        if (recorded == null) {
            return again(form, person, model);
        }
        redirect.addFlashAttribute("notice", "privacy.recorded");
        return "redirect:/app/privacy/requests/" + recorded.id();
    }

    private String again(Map<String, String> form, Person person, Model model) {
        model.addAttribute("kinds", SubjectRequests.KINDS.stream().sorted().toList());
        model.addAttribute("chosen", person);
        model.addAttribute("form", form);
        return "privacy/request-new";
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @GetMapping("/app/privacy/requests/{id}")
    String detail(@PathVariable UUID id, Model model) {
        SubjectRequests.Request request = requests.find(id).orElseThrow(() -> ApiProblem.notFound("The request"));
        model.addAttribute("request", request);
        model.addAttribute("person", request.personId() == null ? null : person(request.personId()));
        model.addAttribute("restricted", rights.restricted(request));
        model.addAttribute("now", requests.now());
        return "privacy/request";
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/app/privacy/requests/{id}/extend")
    String extend(@PathVariable UUID id, @RequestParam(required = false) String months,
            @RequestParam(required = false) String reason, Model model, RedirectAttributes redirect) {
        model.addAttribute("reasonValue", reason);
        return act(id, model, redirect, "privacy.extended", () -> requests.extend(id, Forms.integer(months), reason));
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/app/privacy/requests/{id}/complete")
    String complete(@PathVariable UUID id, @RequestParam(required = false) String answer, Model model,
            RedirectAttributes redirect) {
        return act(id, model, redirect, "privacy.completed", () -> requests.close(id, false, answer));
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/app/privacy/requests/{id}/refuse")
    String refuse(@PathVariable UUID id, @RequestParam(required = false) String reason, Model model,
            RedirectAttributes redirect) {
        if (blank(reason) || reason.strip().length() > 5000) {
            // named after its own input: the extension's form has a reason too
            Forms.record(model, ApiProblem.validation("refusal", "is required, at most 5000 characters"));
            return detail(id, model);
        }
        return act(id, model, redirect, "privacy.refused", () -> requests.close(id, true, reason));
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/app/privacy/requests/{id}/restrict")
    String restrict(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        return act(id, model, redirect, "privacy.restricted", () -> rights.restriction(id, true));
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/app/privacy/requests/{id}/lift")
    String lift(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
        return act(id, model, redirect, "privacy.lifted", () -> rights.restriction(id, false));
    }

    /** Needs the box ticked that says the erasure cannot be undone: an erasure is never one click away. */
    @PreAuthorize("hasAuthority('privacy:manage')")
    @io.strongroom.platform.StepUp("erases a person from every module, irreversibly")
    @PostMapping("/app/privacy/requests/{id}/erase")
    String erase(@PathVariable UUID id, @RequestParam(required = false) String confirm, Model model,
            RedirectAttributes redirect) {
        if (!"yes".equals(confirm)) {
            Forms.record(model, ApiProblem.validation("confirm", "must be confirmed"));
            return detail(id, model);
        }
        return act(id, model, redirect, "privacy.erased", () -> rights.erase(id));
    }

    /** Everything held about the request's person, readable: to print, or save as PDF, for the person. */
    @PreAuthorize("hasAuthority('privacy:manage')")
    @GetMapping("/app/privacy/requests/{id}/copy")
    String copy(@PathVariable UUID id, Model model) {
        SubjectRequests.Request request = requests.find(id).orElseThrow(() -> ApiProblem.notFound("The request"));
        model.addAttribute("request", request);
        model.addAttribute("data", rights.subjectData(id));
        model.addAttribute("madeAt", requests.now());
        return "privacy/copy";
    }

    private String act(UUID id, Model model, RedirectAttributes redirect, String notice,
            java.util.function.Supplier<Object> action) {
        if (Forms.attempt(model, action) == null) {
            return detail(id, model);
        }
        redirect.addFlashAttribute("notice", notice);
        return "redirect:/app/privacy/requests/" + id;
    }

    /** The person, when the caller may see the record; null otherwise (the page then shows the id). */
    private Person person(UUID id) {
        try {
            return people.get(id);
        } catch (ApiProblem notVisible) {
            return null;
        }
    }

    private static UUID uuid(String text) {
        try {
            return blank(text) ? null : UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
