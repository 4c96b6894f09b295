package io.strongroom.audit.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.strongroom.identity.CurrentUser;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.TenantContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading the trail (L1): filtered list with keyset pagination, one record, CSV export with
 * spreadsheet-formula neutralization, and chain verification (L3). Needs {@code audit:read};
 * personal values in diffs are shown only to callers who may also read personal data.
 */
@RestController
@PreAuthorize("hasAuthority('audit:read')")
class AuditController {

    static final int MAX_LIMIT = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditRepository records;
    private final AuditVerifier verifier;
    private final TransactionTemplate transactions;

    AuditController(AuditRepository records, AuditVerifier verifier, TransactionTemplate transactions) {
        this.records = records;
        this.verifier = verifier;
        this.transactions = transactions;
    }

    @GetMapping("/api/v1/audit/events")
    Map<String, Object> events(@RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) Long after, @RequestParam(defaultValue = "50") int limit) {
        AuditRepository.AuditFilter filter = filter(actor, action, targetType, targetId, outcome, from, to);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        boolean personal = CurrentUser.require().has("people.personal:read");
        List<AuditRecord> page = transactions.execute(tx -> records.search(filter, after, limit + 1));
        boolean more = page.size() > limit;
        List<Map<String, Object>> items = page.stream().limit(limit).map(r -> view(r, personal)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("next_after", more ? page.get(limit - 1).seq() : null);
        return body;
    }

    @GetMapping("/api/v1/audit/events/{id}")
    Map<String, Object> event(@PathVariable UUID id) {
        boolean personal = CurrentUser.require().has("people.personal:read");
        return transactions.execute(tx -> records.find(id)).map(r -> view(r, personal))
                .orElseThrow(() -> ApiProblem.notFound("The audit record"));
    }

    @GetMapping("/api/v1/audit/verify")
    AuditVerifier.Result verify() {
        return verifier.verify();
    }

    @GetMapping(path = "/api/v1/audit/events.csv")
    ResponseEntity<StreamingResponseBody> csv(@RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId, @RequestParam(required = false) String outcome,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        AuditRepository.AuditFilter filter = filter(actor, action, targetType, targetId, outcome, from, to);
        boolean personal = CurrentUser.require().has("people.personal:read");
        UUID tenant = TenantContext.require();
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Csv.row(writer, List.of("seq", "occurred_at", "actor_type", "actor_email", "actor_user_id", "client_ip",
                    "user_agent", "request_id", "app_version", "app_commit", "action", "target_type", "target_id",
                    "outcome", "reason", "diff", "details"));
            Long before = null;
            while (true) {
                Long cursor = before;
                List<AuditRecord> page = TenantContext.callAs(tenant,
                        () -> transactions.execute(tx -> records.search(filter, cursor, 500)));
                for (AuditRecord r : page) {
                    Map<String, Object> view = view(r, personal);
                    Csv.row(writer, List.of(Long.toString(r.seq()), r.occurredAt().toString(), r.actorType(),
                            nz(r.actorEmail()), r.actorUserId() == null ? "" : r.actorUserId().toString(),
                            nz(r.clientIp()), nz(r.userAgent()), nz(r.requestId()), r.appVersion(), r.appCommit(),
                            r.action(), nz(r.targetType()), nz(r.targetId()), r.outcome(), nz(r.reason()),
                            JSON.writeValueAsString(view.get("diff")), JSON.writeValueAsString(r.details())));
                }
                writer.flush();
                if (page.size() < 500) {
                    break;
                }
                before = page.getLast().seq();
            }
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-events.csv\"")
                .body(body);
    }

    private static AuditRepository.AuditFilter filter(String actor, String action, String targetType, String targetId,
            String outcome, String from, String to) {
        if (outcome != null && !List.of("success", "denied", "failed").contains(outcome)) {
            throw ApiProblem.validation("outcome", "must be success, denied or failed");
        }
        for (String text : new String[] {actor, action, targetType, targetId}) {
            if (text != null && text.length() > 300) {
                throw ApiProblem.validation("filter", "values must be at most 300 characters");
            }
        }
        return new AuditRepository.AuditFilter(blank(actor), blank(action), blank(targetType), blank(targetId), outcome,
                time("from", from), time("to", to));
    }

    private static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.validation(field, "must be an RFC 3339 time in UTC, e.g. 2026-01-31T12:00:00Z");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> view(AuditRecord r, boolean showPersonal) {
        Map<String, Object> diff = new LinkedHashMap<>(r.diff());
        Map<String, Object> personalValues = r.personalDiff() == null ? Map.of()
                : (Map<String, Object>) r.personalDiff().get("fields");
        diff.replaceAll((field, change) -> {
            Map<String, Object> c = (Map<String, Object>) change;
            if (!isCommitment(c.get("from")) && !isCommitment(c.get("to"))) {
                return change;
            }
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("personal", true);
            if (!showPersonal) {
                shown.put("from", "[personal data]");
                shown.put("to", "[personal data]");
            } else if (personalValues.get(field) instanceof Map<?, ?> values) {
                shown.put("from", values.get("from"));
                shown.put("to", values.get("to"));
            } else {
                shown.put("from", "[erased]");
                shown.put("to", "[erased]");
            }
            return shown;
        });
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("seq", r.seq());
        view.put("occurred_at", r.occurredAt());
        view.put("actor", actorView(r));
        view.put("client_ip", r.clientIp());
        view.put("user_agent", r.userAgent());
        view.put("request_id", r.requestId());
        view.put("app_version", r.appVersion());
        view.put("app_commit", r.appCommit());
        view.put("action", r.action());
        view.put("target_type", r.targetType());
        view.put("target_id", r.targetId());
        view.put("outcome", r.outcome());
        view.put("reason", r.reason());
        view.put("diff", diff);
        view.put("details", r.details());
        return view;
    }

    private static Map<String, Object> actorView(AuditRecord r) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("type", r.actorType());
        actor.put("user_id", r.actorUserId());
        actor.put("email", r.actorType().equals("system") ? "system" : r.actorEmail());
        return actor;
    }

    private static boolean isCommitment(Object value) {
        return value instanceof String s && s.startsWith(AuditHashing.COMMITMENT_PREFIX);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    /** RFC 4180 CSV, with cells that a spreadsheet would run as a formula turned into text. */
    static final class Csv {

        private Csv() {
        }

        static void row(Writer writer, List<String> cells) throws IOException {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    writer.write(',');
                }
                writer.write(cell(cells.get(i)));
            }
            writer.write("\r\n");
        }

        static String cell(String value) {
            String text = value == null ? "" : value;
            if (!text.isEmpty() && "=+-@\t\r\n".indexOf(text.charAt(0)) >= 0) {
                text = "'" + text;
            }
            if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                    || text.startsWith("'")) {
                text = "\"" + text.replace("\"", "\"\"") + "\"";
            }
            return text;
        }
    }
}
