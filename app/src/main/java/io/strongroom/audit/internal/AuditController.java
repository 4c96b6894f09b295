package io.strongroom.audit.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.strongroom.audit.AuditTrail;
import io.strongroom.audit.AuditTrail.Filter;
import io.strongroom.platform.TenantContext;

/**
 * Reading the trail (L1): filtered list with keyset pagination, one record, CSV export with
 * spreadsheet-formula neutralization, and chain verification (L3). Needs {@code audit:read}.
 */
@RestController
@PreAuthorize("hasAuthority('audit:read')")
class AuditController {

    private final AuditTrailService trail;
    private final AuditCheckpoints checkpoints;

    AuditController(AuditTrailService trail, AuditCheckpoints checkpoints) {
        this.trail = trail;
        this.checkpoints = checkpoints;
    }

    /** The latest signed checkpoint of the workspace's trail and the key that verifies it: keep your own copy. */
    @GetMapping("/api/v1/audit/checkpoint")
    Map<String, Object> checkpoint() {
        AuditTrailService.requireAuditor();
        try {
            return checkpoints.latest(io.strongroom.platform.TenantContext.require()).map(checkpoints::describe)
                    .orElseThrow(() -> io.strongroom.platform.ApiProblem.notFound("A checkpoint (the first is written within the hour)"));
        } catch (AuditCheckpoints.TamperedCheckpoint e) {
            throw new io.strongroom.platform.ApiProblem(org.springframework.http.HttpStatus.CONFLICT,
                    io.strongroom.platform.ProblemType.uri("checkpoint-tampered"), "Checkpoint does not verify",
                    e.getMessage(), java.util.List.of(), Map.of());
        }
    }

    @GetMapping("/api/v1/audit/events")
    Map<String, Object> events(@RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(name = "target_type", required = false) String targetType,
            @RequestParam(name = "target_id", required = false) String targetId, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long after, @RequestParam(defaultValue = "50") int limit) {
        AuditTrail.Page page = trail.search(new Filter(actor, action, targetType, targetId, outcome, from, to), after, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("next_after", page.nextAfter());
        return body;
    }

    @GetMapping("/api/v1/audit/events/{id}")
    Map<String, Object> event(@PathVariable UUID id) {
        return trail.get(id);
    }

    @GetMapping("/api/v1/audit/verify")
    AuditTrail.Verification verify() {
        return trail.verify();
    }

    @GetMapping(path = "/api/v1/audit/events.csv")
    ResponseEntity<StreamingResponseBody> csv(@RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(name = "target_type", required = false) String targetType,
            @RequestParam(name = "target_id", required = false) String targetId, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        Filter filter = new Filter(actor, action, targetType, targetId, outcome, from, to);
        trail.check(filter);
        boolean personal = trail.mayReadPersonalValues(AuditTrailService.requireAuditor());
        UUID tenant = TenantContext.require();
        StreamingResponseBody body = out -> trail.writeCsv(tenant, filter, personal, out);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\"")
                .body(body);
    }

}
