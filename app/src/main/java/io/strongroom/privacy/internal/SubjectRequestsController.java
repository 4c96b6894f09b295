package io.strongroom.privacy.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;

/**
 * {@code /api/v1/privacy/requests}: the register of data-subject requests (G1), for holders of
 * {@code privacy:manage}: record one, list them by deadline, extend a deadline once, answer or
 * refuse, and take everything the workspace holds about the request's person (access, portability).
 */
@RestController
class SubjectRequestsController {

    private final SubjectRequests requests;
    private final SubjectRights rights;
    private final AuditLog audit;

    SubjectRequestsController(SubjectRequests requests, SubjectRights rights, AuditLog audit) {
        this.requests = requests;
        this.rights = rights;
        this.audit = audit;
    }

    /** A restriction or objection request restricts its person's processing until it is lifted (Art. 18, 21). */
    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/api/v1/privacy/requests/{id}/restrict")
    Map<String, Object> restrict(@PathVariable UUID id) {
        return rights.restriction(id, true);
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/api/v1/privacy/requests/{id}/lift")
    Map<String, Object> lift(@PathVariable UUID id) {
        return rights.restriction(id, false);
    }

    /**
     * Carries out an erasure request: the person is erased from every module, at once and for good (a
     * restore erases them again). The request stays open for its answer.
     */
    @PreAuthorize("hasAuthority('privacy:manage')")
    @io.strongroom.platform.StepUp("erases a person from every module, irreversibly")
    @PostMapping("/api/v1/privacy/requests/{id}/erase")
    Map<String, Object> erase(@PathVariable UUID id) {
        return rights.erase(id);
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/api/v1/privacy/requests")
    ResponseEntity<Map<String, Object>> record(@RequestBody SubjectRequests.NewRequest request) {
        SubjectRequests.Request recorded = requests.record(request, Caller.require().userId());
        return ResponseEntity.created(URI.create("/api/v1/privacy/requests/" + recorded.id())).body(view(recorded));
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @GetMapping("/api/v1/privacy/requests")
    Map<String, Object> list(@RequestParam(required = false) String status) {
        return Map.of("items", requests.list(status).stream().map(SubjectRequestsController::view).toList());
    }

    /**
     * The register as CSV, as filtered: for the privacy officer's records or a supervisory authority.
     * Recorded as {@code privacy.requests.exported}, since it names the people who asked.
     */
    @PreAuthorize("hasAuthority('privacy:manage')")
    @GetMapping("/api/v1/privacy/requests.csv")
    ResponseEntity<String> export(@RequestParam(required = false) String status) {
        List<Map<String, Object>> rows = requests.list(status).stream().map(SubjectRequestsController::view).toList();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("rows", rows.size());
        if (status != null) {
            facts.put("status", status);
        }
        audit.record(AuditEntry.of("privacy.requests.exported", SubjectRequests.TABLE, null).details(facts));
        return io.strongroom.platform.CsvDownload.of("data-subject-requests.csv", List.of("id", "kind", "status",
                "person_id", "subject_name", "subject_email", "identity_check", "details", "received_at", "due_at",
                "extended_at", "extension_reason", "answer", "closed_at", "created_by"), rows);
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @GetMapping("/api/v1/privacy/requests/{id}")
    Map<String, Object> get(@PathVariable UUID id) {
        return view(requests.find(id).orElseThrow(() -> ApiProblem.notFound("The request")));
    }

    record Extension(Integer months, String reason) {
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/api/v1/privacy/requests/{id}/extend")
    Map<String, Object> extend(@PathVariable UUID id, @RequestBody Extension extension) {
        return view(requests.extend(id, extension.months(), extension.reason()));
    }

    record Answer(String answer) {
    }

    record Refusal(String reason) {
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/api/v1/privacy/requests/{id}/complete")
    Map<String, Object> complete(@PathVariable UUID id, @RequestBody Answer answer) {
        return view(requests.close(id, false, answer.answer()));
    }

    @PreAuthorize("hasAuthority('privacy:manage')")
    @PostMapping("/api/v1/privacy/requests/{id}/refuse")
    Map<String, Object> refuse(@PathVariable UUID id, @RequestBody Refusal refusal) {
        return view(requests.close(id, true, refusal.reason()));
    }

    /** Everything the workspace holds about the request's person, as JSON (access, portability). */
    @PreAuthorize("hasAuthority('privacy:manage')")
    @GetMapping("/api/v1/privacy/requests/{id}/subject-data")
    Map<String, Object> subjectData(@PathVariable UUID id) {
        return rights.subjectData(id);
    }

    static Map<String, Object> view(SubjectRequests.Request r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("kind", r.kind());
        view.put("status", r.status());
        view.put("person_id", r.personId());
        view.put("subject_email", r.subjectEmail());
        view.put("subject_name", r.subjectName());
        view.put("identity_check", r.identityCheck());
        view.put("details", r.details());
        view.put("received_at", r.receivedAt());
        view.put("due_at", r.dueAt());
        view.put("extended_at", r.extendedAt());
        view.put("extension_reason", r.extensionReason());
        view.put("answer", r.answer());
        view.put("closed_at", r.closedAt());
        view.put("created_by", r.createdBy());
        return view;
    }
}
