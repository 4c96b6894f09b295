package io.strongroom.audit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditPermission;
import io.strongroom.audit.AuditTrail;
import io.strongroom.audit.PersonalValueDisclosure;
import io.strongroom.identity.Caller;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.KeysetPage;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AuditTrail} and the CSV export: filtered lists with keyset pagination, one record, chain
 * verification. Personal values in diffs are shown only to callers who may also read personal
 * data; commitments are never shown as values.
 */
@Service
class AuditTrailService implements AuditTrail {

    static final int MAX_LIMIT = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditRepository records;
    private final AuditVerifier verifier;
    private final TransactionTemplate transactions;
    private final List<PersonalValueDisclosure> disclosures;

    AuditTrailService(AuditRepository records, AuditVerifier verifier, TransactionTemplate transactions,
            List<PersonalValueDisclosure> disclosures) {
        this.records = records;
        this.verifier = verifier;
        this.transactions = transactions;
        this.disclosures = List.copyOf(disclosures);
    }

    @Override
    public Page search(Filter filter, Long after, int limit) {
        Caller me = requireAuditor();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        AuditRepository.AuditFilter parsed = parse(filter);
        boolean personal = mayReadPersonalValues(me);
        KeysetPage<AuditRecord, Long> page = KeysetPage.of(
                transactions.execute(tx -> records.search(parsed, after, limit + 1)), limit, AuditRecord::seq);
        return new Page(page.items().stream().map(r -> view(r, personal)).toList(), page.nextAfter());
    }

    @Override
    public Map<String, Object> get(UUID id) {
        boolean personal = mayReadPersonalValues(requireAuditor());
        return transactions.execute(tx -> records.find(id)).map(r -> view(r, personal))
                .orElseThrow(() -> ApiProblem.notFound("The audit record"));
    }

    @Override
    public Verification verify() {
        requireAuditor();
        AuditVerifier.Result result = verifier.verify();
        return new Verification(result.ok(), result.recordsChecked(), result.firstBrokenSeq(), result.firstBrokenId(),
                result.problem());
    }

    /** Streams every matching record as CSV (RFC 4180, formula cells neutralized) to {@code out}. */
    void writeCsv(UUID tenant, Filter filter, boolean personal, OutputStream out) throws IOException {
        AuditRepository.AuditFilter parsed = parse(filter);
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        Csv.row(writer, List.of("seq", "occurred_at", "actor_type", "actor_email", "actor_user_id", "client_ip",
                "user_agent", "request_id", "app_version", "app_commit", "action", "target_type", "target_id",
                "outcome", "reason", "diff", "details"));
        Long before = null;
        while (true) {
            Long cursor = before;
            List<AuditRecord> page = TenantContext.callAs(tenant,
                    () -> transactions.execute(tx -> records.search(parsed, cursor, 500)));
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
                return;
            }
            before = page.getLast().seq();
        }
    }

    /** Checks the filter before any streaming starts, so a bad filter is a 400 and not a broken download. */
    void check(Filter filter) {
        parse(filter);
    }

    /** Personal values only when every module that records them agrees; with none, never. */
    boolean mayReadPersonalValues(Caller caller) {
        return !disclosures.isEmpty() && disclosures.stream().allMatch(d -> d.mayReadPersonalValues(caller));
    }

    static Caller requireAuditor() {
        Caller me = Caller.require();
        if (!me.has(AuditPermission.AUDIT_READ)) {
            throw new ApiProblem(ProblemType.FORBIDDEN, "Reading the audit trail needs the audit:read permission.");
        }
        return me;
    }

    private static AuditRepository.AuditFilter parse(Filter filter) {
        Filter f = filter == null ? Filter.none() : filter;
        if (f.outcome() != null && !f.outcome().isBlank() && !List.of("success", "denied", "failed").contains(f.outcome())) {
            throw ApiProblem.validation("outcome", "must be success, denied or failed");
        }
        for (String text : new String[] {f.actor(), f.action(), f.targetType(), f.targetId()}) {
            if (text != null && text.length() > 300) {
                throw ApiProblem.validation("filter", "values must be at most 300 characters");
            }
        }
        return new AuditRepository.AuditFilter(blank(f.actor()), blank(f.action()), blank(f.targetType()),
                blank(f.targetId()), blank(f.outcome()), time("from", f.from()), time("to", f.to()));
    }

    private static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ApiProblem.validation(field, "must be an RFC 3339 time in UTC, e.g. 2026-01-31T12:00:00Z");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> view(AuditRecord r, boolean showPersonal) {
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
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("type", r.actorType());
        actor.put("user_id", r.actorUserId());
        actor.put("email", r.actorType().equals("system") ? "system" : r.actorEmail());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", r.id());
        view.put("seq", r.seq());
        view.put("occurred_at", r.occurredAt());
        view.put("actor", actor);
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
