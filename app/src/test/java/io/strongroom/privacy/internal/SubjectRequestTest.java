package io.strongroom.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Await;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * The register of data-subject requests (G1): kinds, subject, identity check, the one-month deadline
 * and its single extension, reminders before it, answers, and the person's data across every module
 * for access and portability.
 */
class SubjectRequestTest extends ApiTest {

    @Autowired
    SubjectRequests requests;

    Workspace ws;
    String owner;
    String person;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "dsr");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Response created = bearer(owner).post("/api/v1/people", Map.of("given_name", "Dana", "family_name", "Subject",
                "work_email", "dana." + ws.workspace() + "@example.org", "national_id", "DSR-42",
                "iban", "DE89 3704 0044 0532 0130 00", "phone", "+49 30 555"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        person = created.json().get("id").asString();
    }

    private Response record(Map<String, Object> body) {
        return bearer(owner).post("/api/v1/privacy/requests", body);
    }

    @Test
    @Tag("G1")
    void aRequestIsDueInAMonthExtendsOnceWithAReasonAndIsAnswered() {
        Response recorded = record(Map.of("kind", "access", "person_id", person, "subject_name", "Dana Subject",
                "identity_check", "Asked in person; staff card seen", "details", "Everything you hold about me"));
        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
        JsonNode request = recorded.json();
        Instant received = Instant.parse(request.get("received_at").asString());
        Instant due = Instant.parse(request.get("due_at").asString());
        ZoneId zone = ZoneId.of("UTC");
        assertThat(due).isEqualTo(received.atZone(zone).plusMonths(1).toInstant());
        String id = request.get("id").asString();

        Response extended = bearer(owner).post("/api/v1/privacy/requests/" + id + "/extend",
                Map.of("months", 2, "reason", "Records in three systems"));
        assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
        assertThat(Instant.parse(extended.json().get("due_at").asString()))
                .isEqualTo(received.atZone(zone).plusMonths(3).toInstant());
        assertThat(extended.json().get("extension_reason").asString()).isEqualTo("Records in three systems");
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/extend", Map.of("months", 1, "reason", "again"))
                .status()).as("a deadline is extended once").isEqualTo(409);

        Response answered = bearer(owner).post("/api/v1/privacy/requests/" + id + "/complete",
                Map.of("answer", "Sent the export by registered mail"));
        assertThat(answered.json().get("status").asString()).isEqualTo("completed");
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/refuse", Map.of("reason", "late")).status())
                .isEqualTo(409);
        assertThat(bearer(owner).get("/api/v1/privacy/requests?status=open").json().get("items").size()).isZero();
        assertThat(bearer(owner).get("/api/v1/privacy/requests?status=completed").json().get("items").size()).isEqualTo(1);
    }

    @Test
    @Tag("G1")
    void theSubjectsDataComesFromEveryModuleDecryptedAndWithoutSecrets() {
        String email = "dana.user." + ws.workspace() + "@example.org";
        java.util.UUID user = TestUsers.addUser(ws.tenantId(), email, "dana-subject-passphrase", "hr_manager");
        String etag = bearer(owner).get("/api/v1/people/" + person).header("ETag");
        Response linked = bearer(owner).send(bearer(owner).request("/api/v1/people/" + person)
                .header("Content-Type", "application/json").header("If-Match", etag)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"user_id\": \"" + user + "\"}")));
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        String id = record(Map.of("kind", "portability", "person_id", person, "identity_check", "Signed in as herself"))
                .json().get("id").asString();

        Response data = bearer(owner).get("/api/v1/privacy/requests/" + id + "/subject-data");
        assertThat(data.status()).as(data.toString()).isEqualTo(200);
        JsonNode tables = data.json().get("tables");
        assertThat(tables.get("employee").get(0).get("national_id").asString()).isEqualTo("DSR-42");
        assertThat(tables.get("employee").get(0).get("iban").asString()).isEqualTo("DE89370400440532013000");
        assertThat(tables.get("app_user").get(0).get("email").asString()).isEqualTo(email);
        assertThat(tables.get("subject_request").size()).as("her own requests are her data too").isEqualTo(1);
        assertThat(data.body()).doesNotContain("password_hash").doesNotContain("$argon2").doesNotContain("national_id_index");
        assertThat(data.json().get("email_addresses").valueStream().map(JsonNode::asString)).contains(email);

        // the audit trail's records about her rows, with their values, but not who of the staff made them
        JsonNode trail = data.json().get("audit_trail");
        assertThat(data.json().get("audit_trail_complete").asBoolean()).isTrue();
        JsonNode created = trail.valueStream().filter(r -> r.get("action").asString().equals("employee.created"))
                .findFirst().orElseThrow();
        assertThat(created.get("target_id").asString()).isEqualTo(person);
        assertThat(created.get("by").asString()).isEqualTo("user");
        assertThat(created.get("diff").get("national_id").get("to").asString()).isEqualTo("DSR-42");
        assertThat(created.has("client_ip")).as("the staff's address is theirs, not hers").isFalse();
        assertThat(trail.toString()).doesNotContain(ws.ownerEmail());
        // and what she did herself, with her own address, but not the values of the people she changed
        String dana = TestUsers.tokens(client(), ws.workspace(), email, "dana-subject-passphrase").access();
        Response colleague = bearer(owner).post("/api/v1/people", Map.of("given_name", "Colin", "family_name", "Colleague",
                "national_id", "THIRD-PARTY-99"));
        String colleagueId = colleague.json().get("id").asString();
        Response changed = bearer(dana).send(bearer(dana).request("/api/v1/people/" + colleagueId)
                .header("Content-Type", "application/json").header("If-Match", colleague.header("ETag"))
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"national_id\": \"THIRD-PARTY-77\"}")));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        JsonNode again = bearer(owner).get("/api/v1/privacy/requests/" + id + "/subject-data").json().get("audit_trail");
        JsonNode signIn = again.valueStream().filter(r -> r.get("action").asString().equals("auth.login")).findFirst()
                .orElseThrow();
        assertThat(signIn.get("by").asString()).isEqualTo("you");
        assertThat(signIn.get("client_ip").asString()).isNotBlank();
        assertThat(again.valueStream().map(r -> r.get("action").asString()))
                .as("the copy taken before is in it too").contains("privacy.subject_data.exported");
        JsonNode edit = again.valueStream().filter(r -> r.get("action").asString().equals("employee.updated")
                && r.get("target_id").asString().equals(colleagueId)).findFirst().orElseThrow();
        assertThat(edit.get("by").asString()).isEqualTo("you");
        assertThat(edit.get("diff").get("national_id").get("to").asString()).isEqualTo("[personal data]");
        assertThat(bearer(owner).get("/api/v1/privacy/requests/" + id + "/subject-data").body())
                .as("a colleague's values are not hers").doesNotContain("THIRD-PARTY");

        String other = record(Map.of("kind", "information", "subject_email", "stranger@example.org",
                "identity_check", "Replied from the address")).json().get("id").asString();
        assertThat(bearer(owner).get("/api/v1/privacy/requests/" + other + "/subject-data").status())
                .as("no person record to export").isEqualTo(409);
    }

    @Test
    @Tag("G1")
    void whoRecordedARequestIsRemindedBeforeItsDeadlineAndWhenItIsPast() {
        String id = record(Map.of("kind", "erasure", "person_id", person, "identity_check", "Video call"))
                .json().get("id").asString();
        Instant due = Instant.parse(bearer(owner).get("/api/v1/privacy/requests/" + id).json().get("due_at").asString());
        clock.advance(Duration.between(clock.instant(), due.minus(Duration.ofDays(6))));
        requests.remind();
        TestMail.get().await(ws.ownerEmail(), "is due on");
        requests.remind();
        clock.advance(Duration.ofDays(5));
        requests.remind();
        Await.until(() -> TestMail.get().messagesTo(ws.ownerEmail()).stream().filter(m -> subject(m).contains("is due on"))
                .count() == 2, "the 2-day reminder");
        clock.advance(Duration.ofDays(2));
        requests.remind();
        TestMail.get().await(ws.ownerEmail(), "is overdue");
        requests.remind();
        assertThat(TestMail.get().messagesTo(ws.ownerEmail()).stream().filter(m -> subject(m).contains("data-subject"))
                .count()).as("each reminder once").isEqualTo(3);
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    private final org.springframework.jdbc.core.simple.JdbcClient superuser = org.springframework.jdbc.core.simple.JdbcClient
            .create(io.strongroom.testsupport.TestDatabase.get().superuserDataSource());

    private long rows(String sql) {
        return superuser.sql(sql).param("t", ws.tenantId()).param("p", java.util.UUID.fromString(person))
                .query(Long.class).single();
    }

    @Test
    @Tag("G1")
    void anErasureRemovesThePersonFromEveryModuleAndARestoreOfAnOlderBackupErasesThemAgain() {
        // time off and an audit trail with personal values about Dana
        String vacation = bearer(owner).get("/api/v1/time-off/types").json().get("items").valueStream()
                .filter(t -> "unpaid".equals(t.path("builtin").asString(""))).findFirst().orElseThrow().get("id").asString();
        int year = java.time.LocalDate.now(clock).getYear() + 1;
        assertThat(bearer(owner).post("/api/v1/time-off/requests", Map.of("person_id", person, "leave_type_id", vacation,
                "start_date", year + "-02-02", "end_date", year + "-02-03", "note", "Moving house")).status()).isEqualTo(201);
        // (unpaid leave: no balance to hold it back)
        Response keeper = bearer(owner).post("/api/v1/people", Map.of("given_name", "Kept", "family_name", "Colleague"));
        assertThat(rows("select count(*) from audit_event where tenant_id = :t and target_id = cast(:p as text)"
                + " and personal_diff is not null")).isPositive();

        // a backup from before the erasure
        Response backupJob = bearer(owner).post("/api/v1/backups", Map.of());
        assertThat(io.strongroom.backup.internal.TestBackups.runOpenJobs(context)).isPositive();
        String backup = bearer(owner).get(backupJob.header("Location")).json().get("backup_id").asString();

        String id = record(Map.of("kind", "erasure", "person_id", person, "identity_check", "Letter with signature"))
                .json().get("id").asString();
        Response erased = bearer(owner).post("/api/v1/privacy/requests/" + id + "/erase", Map.of());
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.json().get("removed").get("employee").asLong()).isEqualTo(1);
        assertThat(rows("select count(*) from employee where tenant_id = :t and id = :p")).isZero();
        assertThat(rows("select count(*) from leave_request where tenant_id = :t and employee_id = :p")).isZero();
        assertThat(rows("select count(*) from audit_event where tenant_id = :t and target_id = cast(:p as text)"
                + " and personal_diff is not null")).as("the trail's personal values about her are blanked").isZero();
        assertThat(bearer(owner).get("/api/v1/audit/verify").json().get("ok").asBoolean())
                .as("and the hash chain still holds").isTrue();
        assertThat(bearer(owner).get("/api/v1/privacy/requests/" + id).json().get("status").asString())
                .as("the request stays, for its answer").isEqualTo("open");
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/erase", Map.of()).status())
                .as("she is gone: nothing to erase").isEqualTo(409);

        // a restore of the backup taken before: she stays erased, the others come back
        Response restore = bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "in_place"));
        assertThat(restore.status()).as(restore.toString()).isEqualTo(202);
        assertThat(io.strongroom.backup.internal.TestBackups.runOpenJobs(context)).isPositive();
        assertThat(rows("select count(*) from backup_job where tenant_id = :t and kind = 'restore' and state = 'succeeded'"
                + " and cast(:p as text) is not null")).isEqualTo(1);
        assertThat(rows("select count(*) from employee where tenant_id = :t and id = :p")).as("still erased").isZero();
        assertThat(rows("select count(*) from leave_request where tenant_id = :t and employee_id = :p")).isZero();
        assertThat(superuser.sql("select count(*) from employee where tenant_id = :t and id = :k").param("t", ws.tenantId())
                .param("k", java.util.UUID.fromString(keeper.json().get("id").asString())).query(Long.class).single())
                .as("the backup's other people are back").isEqualTo(1);

        // and a copy of that backup into a new workspace does not bring her back either
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access(); // signed out
        Response copy = bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "new_workspace",
                "workspace", ws.workspace() + "-copy"));
        assertThat(copy.status()).as(copy.toString()).isEqualTo(202);
        assertThat(io.strongroom.backup.internal.TestBackups.runOpenJobs(context)).isPositive();
        Response job = bearer(owner).get(copy.header("Location"));
        assertThat(job.json().get("state").asString()).as(job.toString()).isEqualTo("succeeded");
        java.util.UUID copyId = java.util.UUID.fromString(job.json().get("workspace_id").asString());
        assertThat(superuser.sql("select count(*) from employee where tenant_id = :t and id = cast(:p as uuid)")
                .param("t", copyId).param("p", person).query(Long.class).single()).as("erased in the copy too").isZero();
        assertThat(superuser.sql("select count(*) from leave_request where tenant_id = :t and employee_id = cast(:p as uuid)")
                .param("t", copyId).param("p", person).query(Long.class).single()).isZero();
        assertThat(superuser.sql("select count(*) from employee where tenant_id = :t").param("t", copyId)
                .query(Long.class).single()).as("the others are in the copy").isEqualTo(1);
        assertThat(superuser.sql("select count(*) from erasure_log where tenant_id = :t").param("t", copyId)
                .query(Long.class).single()).as("so later restores of the copy erase her again").isEqualTo(1);
    }

    @Test
    @Tag("G1")
    void anErasureIsRefusedUnderALegalHoldForAManagerAndForAnActiveAccount() {
        String id = record(Map.of("kind", "erasure", "person_id", person, "identity_check", "x")).json().get("id").asString();
        String access = record(Map.of("kind", "access", "person_id", person, "identity_check", "x")).json().get("id").asString();
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + access + "/erase", Map.of()).status())
                .as("only an erasure request erases").isEqualTo(409);

        Response report = bearer(owner).post("/api/v1/people", Map.of("given_name", "Rae", "family_name", "Report",
                "manager_id", person));
        assertThat(report.status()).as(report.toString()).isEqualTo(201);
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/erase", Map.of()).status())
                .as("she manages someone").isEqualTo(409);
        assertThat(bearer(owner).delete("/api/v1/people/" + report.json().get("id").asString()).status()).isLessThan(300);

        String email = "dana.account." + ws.workspace() + "@example.org";
        java.util.UUID user = TestUsers.addUser(ws.tenantId(), email, "dana-account-passphrase", "employee");
        superuser.sql("update employee set user_id = :u where id = :p").param("u", user)
                .param("p", java.util.UUID.fromString(person)).update();
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/erase", Map.of()).status())
                .as("her account is still active").isEqualTo(409);
        assertThat(bearer(owner).post("/api/v1/users/" + user + "/disable", Map.of()).status()).isLessThan(300);

        superuser.sql("update tenant set legal_hold_reason = 'Litigation', legal_hold_since = now() where id = :t")
                .param("t", ws.tenantId()).update();
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/erase", Map.of()).status())
                .as("under a legal hold").isEqualTo(409);
        superuser.sql("update tenant set legal_hold_reason = null, legal_hold_since = null where id = :t")
                .param("t", ws.tenantId()).update();
        assertThat(rows("select count(*) from employee where tenant_id = :t and id = :p")).as("nothing erased").isEqualTo(1);
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/erase", Map.of()).status()).isEqualTo(200);
        assertThat(superuser.sql("select count(*) from app_user where id = :u").param("u", user).query(Long.class).single())
                .as("her disabled account went with her").isZero();
    }

    @Test
    @Tag("G1")
    void aRestrictedPersonsRecordIsNotChangedUntilTheRestrictionIsLifted() {
        String id = record(Map.of("kind", "restriction", "person_id", person, "identity_check", "Phone call back"))
                .json().get("id").asString();
        // leave recorded before the restriction (HR's entries need no approval)
        String unpaidType = bearer(owner).get("/api/v1/time-off/types").json().get("items").valueStream()
                .filter(t -> "unpaid".equals(t.path("builtin").asString(""))).findFirst().orElseThrow().get("id").asString();
        Response earlier = bearer(owner).post("/api/v1/time-off/requests", Map.of("person_id", person, "leave_type_id",
                unpaidType, "start_date", "2030-05-06", "end_date", "2030-05-06"));
        assertThat(earlier.status()).as(earlier.toString()).isEqualTo(201);
        String access = record(Map.of("kind", "access", "person_id", person, "identity_check", "x")).json().get("id").asString();
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + access + "/restrict", Map.of()).status())
                .as("an access request restricts nothing").isEqualTo(409);
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/lift", Map.of()).status())
                .as("nothing to lift yet").isEqualTo(409);
        Response backupJob = bearer(owner).post("/api/v1/backups", Map.of()); // from before the restriction
        assertThat(io.strongroom.backup.internal.TestBackups.runOpenJobs(context)).isPositive();
        String backup = bearer(owner).get(backupJob.header("Location")).json().get("backup_id").asString();
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/restrict", Map.of()).status()).isEqualTo(200);
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/restrict", Map.of()).status()).isEqualTo(409);
        assertThat(bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "in_place")).status())
                .isEqualTo(202);
        assertThat(io.strongroom.backup.internal.TestBackups.runOpenJobs(context)).isPositive();
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access(); // signed out

        String etag = bearer(owner).get("/api/v1/people/" + person).header("ETag");
        Response refused = bearer(owner).send(bearer(owner).request("/api/v1/people/" + person)
                .header("Content-Type", "application/json").header("If-Match", etag)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"job_title\": \"Changed\"}")));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(bearer(owner).delete("/api/v1/people/" + person).status()).as("nor removed").isEqualTo(409);
        assertThat(bearer(owner).get("/api/v1/people/" + person).status()).as("reading stays").isEqualTo(200);
        Response copy = bearer(owner).post("/api/v1/backups/" + backup + "/restore", Map.of("mode", "new_workspace",
                "workspace", ws.workspace() + "-copy"));
        assertThat(copy.status()).as(copy.toString()).isEqualTo(202);
        assertThat(io.strongroom.backup.internal.TestBackups.runOpenJobs(context)).isPositive();
        java.util.UUID copyId = java.util.UUID.fromString(bearer(owner).get(copy.header("Location")).json()
                .get("workspace_id").asString());
        assertThat(superuser.sql("select count(*) from processing_restriction where tenant_id = :t and person_id = cast(:p as uuid)")
                .param("t", copyId).param("p", person).query(Long.class).single()).as("the copy keeps the restriction")
                .isEqualTo(1);
        // nor their time off processed: no request made for them, no settings changed
        String unpaid = bearer(owner).get("/api/v1/time-off/types").json().get("items").valueStream()
                .filter(t -> "unpaid".equals(t.path("builtin").asString(""))).findFirst().orElseThrow().get("id").asString();
        Map<String, Object> leave = Map.of("person_id", person, "leave_type_id", unpaid, "start_date", "2030-03-04",
                "end_date", "2030-03-04");
        Response noLeave = bearer(owner).post("/api/v1/time-off/requests", leave);
        assertThat(noLeave.status()).as(noLeave.toString()).isEqualTo(409);
        assertThat(noLeave.body()).contains("restricted");
        assertThat(bearer(owner).method("PUT", "/api/v1/time-off/people/" + person, Map.of())
                .status()).isEqualTo(409);
        Response cancelled = bearer(owner).post("/api/v1/time-off/requests/" + earlier.json().get("id").asString()
                + "/cancel", Map.of());
        assertThat(cancelled.status()).as("nor its leave cancelled: " + cancelled).isEqualTo(409);
        String vacationType = bearer(owner).get("/api/v1/time-off/types").json().get("items").valueStream()
                .filter(t -> "vacation".equals(t.path("builtin").asString(""))).findFirst().orElseThrow().get("id").asString();
        Response corrected = bearer(owner).post("/api/v1/time-off/balances/" + person + "/corrections", Map.of(
                "leave_type_id", vacationType, "year", 2030, "days", 1, "reason", "Restricted meanwhile"));
        assertThat(corrected.status()).as("nor its balance corrected: " + corrected).isEqualTo(409);

        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/lift", Map.of()).status()).isEqualTo(200);
        Response changed = bearer(owner).send(bearer(owner).request("/api/v1/people/" + person)
                .header("Content-Type", "application/json").header("If-Match", etag)
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"job_title\": \"Changed\"}")));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        Response leaveTaken = bearer(owner).post("/api/v1/time-off/requests", leave);
        assertThat(leaveTaken.status()).as(leaveTaken.toString()).isEqualTo(201);
    }

    private static String subject(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Tag("G1")
    void badRequestsAndOutsidersAreRefused() {
        assertThat(record(Map.of("kind", "gossip", "person_id", person, "identity_check", "x")).status()).isEqualTo(400);
        assertThat(record(Map.of("kind", "access", "identity_check", "x")).status()).as("no subject").isEqualTo(400);
        assertThat(record(Map.of("kind", "access", "person_id", person)).status()).as("no identity check").isEqualTo(400);
        assertThat(record(Map.of("kind", "access", "person_id", java.util.UUID.randomUUID().toString(),
                "identity_check", "x")).status()).as("a person of no workspace").isEqualTo(400);
        assertThat(record(Map.of("kind", "access", "subject_email", "not-an-address", "identity_check", "x")).status())
                .isEqualTo(400);
        assertThat(record(Map.of("kind", "access", "person_id", person, "identity_check", "x",
                "received_on", "2999-01-01")).status()).isEqualTo(400);
        assertThat(record(Map.of("kind", "access", "person_id", person, "identity_check", "x", "extra", 1)).status())
                .isEqualTo(400);
        assertThat(bearer(owner).get("/api/v1/privacy/requests?status=bogus").status()).isEqualTo(400);
        assertThat(bearer(owner).get("/api/v1/privacy/requests/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        String id = record(Map.of("kind", "access", "person_id", person, "identity_check", "x")).json().get("id").asString();
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/extend", Map.of("months", 3, "reason", "r"))
                .status()).isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + id + "/complete", Map.of()).status()).isEqualTo(400);

        String email = "emp." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "employee-dsr-passphrase", "employee");
        String employee = TestUsers.tokens(client(), ws.workspace(), email, "employee-dsr-passphrase").access();
        assertThat(bearer(employee).get("/api/v1/privacy/requests").status()).isEqualTo(403);
        assertThat(bearer(employee).get("/api/v1/privacy/requests/" + id + "/subject-data").status()).isEqualTo(403);
        Workspace other = TestUsers.signUp(client(), "dsr-other");
        String stranger = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        assertThat(bearer(stranger).get("/api/v1/privacy/requests/" + id).status()).as("another workspace's").isEqualTo(404);
    }
}
