package io.strongroom.privacy.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.crypto.FieldEncryption;
import io.strongroom.identity.Regional;
import io.strongroom.identity.UserDirectory;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.MailTemplates;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.Ids;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/**
 * The register of data-subject requests (G1): each with its kind, its subject (a person record or
 * an e-mail address), how the identity was checked, and its deadline: one month from receipt,
 * extendable once by up to two further months with a reason (GDPR Art. 12(3)). Whoever recorded a
 * request is reminded 7 and 2 days before the deadline and when it has passed. The request's
 * personal texts are encrypted under the workspace's key; its audit records carry none of them.
 */
final class SubjectRequests {

    private static final Logger log = LoggerFactory.getLogger(SubjectRequests.class);
    static final String TABLE = "subject_request";
    static final Set<String> KINDS = Set.of("access", "rectification", "erasure", "portability", "restriction",
            "objection", "information");
    static final List<Integer> REMINDER_DAYS = List.of(7, 2, 0);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final FieldEncryption fields;
    private final AuditLog audit;
    private final UserDirectory users;
    private final MailOutbox outbox;
    private final MailTemplates templates;
    private final Clock clock;
    private final String publicUrl;

    SubjectRequests(JdbcClient jdbc, TransactionTemplate transactions, FieldEncryption fields, AuditLog audit,
            UserDirectory users, MailOutbox outbox, MailTemplates templates, Clock clock, String publicUrl) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.fields = fields;
        this.audit = audit;
        this.users = users;
        this.outbox = outbox;
        this.templates = templates;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    record NewRequest(String kind, UUID personId, String subjectEmail, String subjectName, String identityCheck,
            String details, LocalDate receivedOn) {
    }

    record Request(UUID id, String kind, UUID personId, String subjectEmail, String subjectName, String identityCheck,
            String details, Instant receivedAt, Instant dueAt, Instant extendedAt, String extensionReason, String status,
            String answer, Instant closedAt, UUID createdBy) {
    }

    Request record(NewRequest request, UUID actor) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.kind() == null || !KINDS.contains(request.kind())) {
            problems.add(new FieldProblem("kind", "must be one of " + String.join(", ", KINDS.stream().sorted().toList())));
        }
        if (request.personId() == null && blank(request.subjectEmail())) {
            problems.add(new FieldProblem("person_id", "is required when subject_email is not given"));
        }
        text(problems, "subject_email", request.subjectEmail(), 254);
        if (!blank(request.subjectEmail()) && !request.subjectEmail().strip().matches("[^@\\s]+@[^@\\s]+")) {
            problems.add(new FieldProblem("subject_email", "is not an e-mail address"));
        }
        text(problems, "subject_name", request.subjectName(), 200);
        if (blank(request.identityCheck())) {
            problems.add(new FieldProblem("identity_check", "is required"));
        }
        text(problems, "identity_check", request.identityCheck(), 500);
        text(problems, "details", request.details(), 5000);
        Instant now = now();
        ZoneId zone = users.workspaceRegional().zone();
        if (request.receivedOn() != null && (request.receivedOn().isAfter(LocalDate.ofInstant(now, zone))
                || request.receivedOn().isBefore(LocalDate.ofInstant(now, zone).minusYears(1)))) {
            problems.add(new FieldProblem("received_on", "must be a day of the last year, not in the future"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        Instant received = request.receivedOn() == null ? now : request.receivedOn().atStartOfDay(zone).toInstant();
        Instant due = received.atZone(zone).plusMonths(1).toInstant();
        UUID id = Ids.newId();
        try {
            return transactions.execute(tx -> {
                jdbc.sql("""
                        insert into subject_request (tenant_id, id, kind, person_id, subject_email, subject_name,
                            identity_check, details, received_at, due_at, status, created_by)
                        values (:tenant, :id, :kind, :person, :email, :name, :check, :details, :received, :due, 'open', :actor)
                        """).param("tenant", TenantContext.require()).param("id", id).param("kind", request.kind())
                        .param("person", request.personId())
                        .param("email", seal(id, "subject_email", strip(request.subjectEmail())), java.sql.Types.BINARY)
                        .param("name", seal(id, "subject_name", strip(request.subjectName())), java.sql.Types.BINARY)
                        .param("check", seal(id, "identity_check", strip(request.identityCheck())), java.sql.Types.BINARY)
                        .param("details", seal(id, "details", strip(request.details())), java.sql.Types.BINARY)
                        .param("received", Timestamp.from(received)).param("due", Timestamp.from(due))
                        .param("actor", actor).update();
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("kind", request.kind());
                facts.put("due_at", due.toString());
                if (request.personId() != null) {
                    facts.put("person_id", request.personId().toString());
                }
                audit.record(AuditEntry.of("privacy.request.recorded", TABLE, id).details(facts));
                return find(id).orElseThrow();
            });
        } catch (DataIntegrityViolationException e) {
            throw ApiProblem.validation("person_id", "is not a person of this workspace");
        }
    }

    List<Request> list(String status) {
        if (status != null && !Set.of("open", "completed", "refused").contains(status)) {
            throw ApiProblem.validation("status", "must be one of open, completed, refused");
        }
        return transactions.execute(tx -> jdbc.sql("select * from subject_request"
                + (status == null ? "" : " where status = :status") + " order by due_at, id limit 500")
                .params(status == null ? Map.of() : Map.of("status", status)).query(this::request).list());
    }

    Optional<Request> find(UUID id) {
        return transactions.execute(tx -> jdbc.sql("select * from subject_request where id = :id").param("id", id)
                .query(this::request).optional());
    }

    /** One extension, by one or two months, with its reason recorded. */
    Request extend(UUID id, Integer months, String reason) {
        if (months == null || months < 1 || months > 2) {
            throw ApiProblem.validation("months", "must be 1 or 2");
        }
        if (blank(reason) || reason.strip().length() > 500) {
            throw ApiProblem.validation("reason", "is required, at most 500 characters");
        }
        return change(id, "privacy.request.extended", request -> {
            if (request.extendedAt() != null) {
                throw new ApiProblem(ProblemType.CONFLICT, "This request was extended already; a deadline is extended once.");
            }
            ZoneId zone = users.workspaceRegional().zone();
            Instant due = request.dueAt().atZone(zone).plusMonths(months).toInstant();
            jdbc.sql("""
                    update subject_request set due_at = :due, extended_at = :now, extension_reason = :reason,
                           reminded_days = '{}' where id = :id
                    """).param("due", Timestamp.from(due)).param("now", Timestamp.from(now())).param("reason", reason.strip())
                    .param("id", id).update();
            return Map.of("due_at", due.toString(), "months", months, "reason", reason.strip());
        });
    }

    /** Answered ({@code completed}) or refused, with the answer or the reasons (kept encrypted). */
    Request close(UUID id, boolean refused, String answer) {
        if (blank(answer) || answer.strip().length() > 5000) {
            throw ApiProblem.validation(refused ? "reason" : "answer", "is required, at most 5000 characters");
        }
        return change(id, refused ? "privacy.request.refused" : "privacy.request.completed", request -> {
            jdbc.sql("update subject_request set status = :status, answer = :answer, closed_at = :now where id = :id")
                    .param("status", refused ? "refused" : "completed")
                    .param("answer", seal(id, "answer", answer.strip()), java.sql.Types.BINARY)
                    .param("now", Timestamp.from(now())).param("id", id).update();
            return Map.of("kind", request.kind());
        });
    }

    private Request change(UUID id, String action, java.util.function.Function<Request, Map<String, Object>> work) {
        return transactions.execute(tx -> {
            Request request = jdbc.sql("select * from subject_request where id = :id for update").param("id", id)
                    .query(this::request).optional().orElseThrow(() -> ApiProblem.notFound("The request"));
            if (!request.status().equals("open")) {
                throw new ApiProblem(ProblemType.CONFLICT, "This request is closed already.");
            }
            Map<String, Object> facts = work.apply(request);
            audit.record(AuditEntry.of(action, TABLE, id).details(new LinkedHashMap<>(facts)));
            return find(id).orElseThrow();
        });
    }

    /** Mails the reminders that are due, in every workspace (the job); answers how many were sent. */
    int remind() {
        Instant now = now();
        List<Map.Entry<UUID, UUID>> due = jdbc.sql("select tenant_id, id from subject_requests_due(:until, 500)")
                .param("until", Timestamp.from(now.plus(7, ChronoUnit.DAYS)))
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class))).list();
        int sent = 0;
        for (Map.Entry<UUID, UUID> request : due) {
            try {
                if (Boolean.TRUE.equals(TenantContext.callAs(request.getKey(), () -> transactions.execute(tx ->
                        remind(request.getValue(), now))))) {
                    sent++;
                }
            } catch (RuntimeException e) {
                log.error("Reminder of data-subject request {} failed", request.getValue(), e);
            }
        }
        return sent;
    }

    private boolean remind(UUID id, Instant now) {
        Map<String, Object> row = jdbc.sql("""
                select kind, due_at, created_by, reminded_days from subject_request
                 where id = :id and status = 'open' for update skip locked
                """).param("id", id).query().listOfRows().stream().findFirst().orElse(null);
        if (row == null) {
            return false;
        }
        Instant due = ((Timestamp) row.get("due_at")).toInstant();
        int lead = REMINDER_DAYS.stream().filter(days -> !now.isBefore(due.minus(days, ChronoUnit.DAYS)))
                .mapToInt(Integer::intValue).min().orElse(-1);
        Integer[] sent = row.get("reminded_days") instanceof java.sql.Array array ? toIntegers(array) : new Integer[0];
        if (lead < 0 || Arrays.asList(sent).contains(lead)) {
            return false;
        }
        jdbc.sql("update subject_request set reminded_days = array_append(reminded_days, :lead) where id = :id")
                .param("lead", lead).param("id", id).update();
        UUID creator = (UUID) row.get("created_by");
        Optional<String> email = users.isActive(creator) ? users.emailOf(creator) : Optional.empty();
        if (email.isEmpty()) {
            return false;
        }
        Regional reader = users.regionalOf(email.get());
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("kind", row.get("kind"));
        variables.put("due", java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.LONG)
                .withLocale(reader.language().locale()).withZone(reader.zone()).format(due));
        variables.put("link", publicUrl + "/api/v1/privacy/requests/" + id);
        outbox.enqueue(templates.render(email.get(), reader.language(), "privacy",
                lead == 0 ? "request-overdue" : "request-due", variables));
        return true;
    }

    private static Integer[] toIntegers(java.sql.Array array) {
        try {
            return (Integer[]) array.getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Request request(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        UUID id = rs.getObject("id", UUID.class);
        return new Request(id, rs.getString("kind"), rs.getObject("person_id", UUID.class),
                open(id, "subject_email", rs.getBytes("subject_email")), open(id, "subject_name", rs.getBytes("subject_name")),
                open(id, "identity_check", rs.getBytes("identity_check")), open(id, "details", rs.getBytes("details")),
                instant(rs, "received_at"), instant(rs, "due_at"), instant(rs, "extended_at"),
                rs.getString("extension_reason"), rs.getString("status"), open(id, "answer", rs.getBytes("answer")),
                instant(rs, "closed_at"), rs.getObject("created_by", UUID.class));
    }

    private byte[] seal(UUID id, String column, String value) {
        return value == null ? null : fields.encrypt(TABLE, column, id, value);
    }

    private String open(UUID id, String column, byte[] stored) {
        return stored == null ? null : fields.decrypt(TABLE, column, id, stored);
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static void text(List<FieldProblem> problems, String field, String value, int max) {
        if (value != null && (value.strip().length() > max || value.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t'))) {
            problems.add(new FieldProblem(field, "must be at most " + max + " characters without control characters"));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String strip(String value) {
        return blank(value) ? null : value.strip();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
