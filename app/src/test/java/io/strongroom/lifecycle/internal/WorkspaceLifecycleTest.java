package io.strongroom.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.backup.internal.TestBackups;
import io.strongroom.crypto.FileEncryption;
import io.strongroom.crypto.TenantKeysDestroyed;
import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Await;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * The retention schedule by account state (D3, D4) driven through on the application clock, and the
 * deletion at its end (D2): every row gone, backups removed and undecryptable, a signed certificate.
 * Each test sweeps only its own workspace (the suite's others share the database).
 */
class WorkspaceLifecycleTest extends ApiTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Autowired
    Lifecycle lifecycle;

    @Autowired
    ApplicationContext context;

    @Autowired
    FileEncryption files;

    private final JdbcClient superuser = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "life");
    }

    private ApiClient operator() {
        return client().header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN);
    }

    private Response act(String action, Map<String, Object> more) {
        Map<String, Object> body = new java.util.LinkedHashMap<>(more);
        body.put("action", action);
        return operator().post("/actuator/workspaces/" + ws.tenantId(), body);
    }

    private JsonNode acted(String action) {
        Response response = act(action, Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode state() {
        Response response = operator().get("/actuator/workspaces/" + ws.tenantId());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String owner() {
        return TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    private Response signIn() {
        return client().post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", ws.ownerEmail(),
                "password", ws.ownerPassword()));
    }

    private Response addPerson(String token, String given) {
        return bearer(token).post("/api/v1/people", Map.of("given_name", given, "family_name", "Lifecycle",
                "national_id", "LC-" + given, "iban", "DE89 3704 0044 0532 0130 00"));
    }

    /** Moves the clock to {@code from + days} and sweeps this workspace. */
    private void sweepAt(Instant from, long days) {
        clock.advance(Duration.between(clock.instant(), from.plus(DAY.multipliedBy(days))));
        lifecycle.sweep(ws.tenantId());
    }

    private List<String> subjects() {
        return TestMail.get().messagesTo(ws.ownerEmail()).stream().map(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private long count(String subjectPart) {
        return subjects().stream().filter(s -> s.contains(subjectPart)).count();
    }

    @Test
    @Tag("D3")
    void aNewWorkspaceIsATrialAndAnEndedTrialIsReadOnlyButStillExportsAndSignsIn() {
        JsonNode fresh = state();
        assertThat(fresh.get("account_state").asString()).isEqualTo("trial");
        assertThat(fresh.get("access").asString()).isEqualTo("active");
        Instant trialEnd = Instant.parse(fresh.get("trial_ends_at").asString());
        assertThat(Duration.between(Instant.parse(fresh.get("state_since").asString()), trialEnd)).isEqualTo(Duration.ofDays(30));
        assertThat(fresh.get("upcoming").get(0).get("step").asString()).isEqualTo("restrict");
        assertThat(Instant.parse(fresh.get("upcoming").get(1).get("due").asString())).isEqualTo(trialEnd.plus(DAY.multipliedBy(12)));

        Instant start = clock.instant();
        sweepAt(start, 17); // 13 days before the end: the 14-day notice
        TestMail.get().await(ws.ownerEmail(), "trial of your Strongroom workspace");
        sweepAt(start, 18);
        assertThat(count("trial of your Strongroom workspace")).as("each notice once").isEqualTo(1);
        sweepAt(start, 28); // 2 days before: the 3-day notice
        Await.until(() -> count("trial of your Strongroom workspace") == 2, "the 3-day notice");

        sweepAt(start, 30);
        assertThat(state().get("access").asString()).isEqualTo("suspended");
        TestMail.get().await(ws.ownerEmail(), "is now read-only");
        String token = owner(); // people still sign in
        Response refused = addPerson(token, "Late");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("type").asString()).endsWith("workspace-read-only");
        assertThat(bearer(token).get("/api/v1/people").status()).isEqualTo(200);
        assertThat(bearer(token).get("/api/v1/people.csv").status()).as("export stays open").isEqualTo(200);
        assertThat(bearer(token).post("/api/v1/privacy/requests", Map.of("kind", "access", "subject_email",
                "someone@example.org", "identity_check", "replied from it")).status())
                .as("data-subject requests are answered whatever the account's state").isEqualTo(201);
        assertThat(bearer(token).post("/api/v1/auth/logout", Map.of()).status()).isLessThan(300);

        // subscribing opens it again and ends the schedule
        assertThat(acted("activate").get("upcoming").size()).isZero();
        assertThat(addPerson(owner(), "Paid").status()).isEqualTo(201);
        TestMail.get().await(ws.ownerEmail(), "is open again");
    }

    @Test
    @Tag("D3")
    @Tag("D2")
    @Tag("E3")
    void aFailedPaymentRunsToDeletionAndLeavesOnlyATombstoneAndASignedCertificate() throws Exception {
        String token = owner();
        assertThat(addPerson(token, "Anna").status()).isEqualTo(201);
        Response backupJob = bearer(token).post("/api/v1/backups", Map.of());
        assertThat(backupJob.status()).as(backupJob.toString()).isEqualTo(202);
        assertThat(TestBackups.runOpenJobs(context)).isPositive();
        UUID backup = UUID.fromString(bearer(token).get(backupJob.header("Location")).json().get("backup_id").asString());
        Path stored = TestBackups.file(context, ws.tenantId(), backup);
        byte[] copy = Files.readAllBytes(stored); // a copy someone kept elsewhere
        Response exportJob = bearer(token).post("/api/v1/exports", Map.of());
        assertThat(exportJob.status()).as(exportJob.toString()).isEqualTo(202);
        assertThat(TestBackups.runExports(context)).isPositive();
        UUID export = UUID.fromString(exportJob.json().get("id").asString());
        Path exported = TestBackups.exportFile(context, ws.tenantId(), export);
        assertThat(Files.exists(exported)).isTrue();

        acted("activate");
        JsonNode afterFailure = acted("payment_failed");
        Instant failed = Instant.parse(afterFailure.get("payment_failed_at").asString());
        // the workspace's Owner sees what is ahead, not only in mails; an employee does not
        JsonNode own = bearer(owner()).get("/api/v1/workspace/account").json();
        assertThat(own.get("account_state").asString()).isEqualTo("payment_failed");
        assertThat(own.get("upcoming").findValuesAsString("step")).containsExactly("suspend", "close", "delete");
        assertThat(own.has("legal_hold_reason")).isFalse();
        String email = "staff." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "staff-lifecycle-passphrase", "employee");
        assertThat(bearer(TestUsers.tokens(client(), ws.workspace(), email, "staff-lifecycle-passphrase").access())
                .get("/api/v1/workspace/account").status()).isEqualTo(403);
        assertThat(afterFailure.get("upcoming").findValuesAsString("step")).containsExactly("suspend", "close", "delete");

        sweepAt(failed, 2); // 13 days before the suspension
        TestMail.get().await(ws.ownerEmail(), "will be suspended");
        sweepAt(failed, 15);
        assertThat(state().get("account_state").asString()).isEqualTo("suspended");
        assertThat(addPerson(owner(), "Blocked").status()).isEqualTo(403);

        sweepAt(failed, 80); // 10 days before the closure
        TestMail.get().await(ws.ownerEmail(), "will be closed");
        String before = owner();
        sweepAt(failed, 90);
        JsonNode closed = state();
        assertThat(closed.get("account_state").asString()).isEqualTo("closed");
        assertThat(closed.get("access").asString()).isEqualTo("closed");
        assertThat(signIn().status()).as("nobody signs in").isEqualTo(401);
        assertThat(bearer(before).get("/api/v1/people").status()).as("every session ended").isEqualTo(401);
        TestMail.get().await(ws.ownerEmail(), "is closed");

        sweepAt(failed, 94); // 3 days before the deletion (7 after the closure)
        TestMail.get().await(ws.ownerEmail(), "will be deleted");
        sweepAt(failed, 98); // 7 days after the closure (which the sweep made a moment after day 90)

        JsonNode deleted = state();
        assertThat(deleted.get("account_state").asString()).isEqualTo("deleted");
        assertThat(deleted.get("deleted_at").isNull()).isFalse();
        String certificateId = deleted.get("deletion_certificate").asString();
        assertThat(Files.exists(stored)).as("the backup left its store").isFalse();
        assertThat(Files.exists(exported)).as("so did the export archive").isFalse();

        // no row anywhere carries the workspace's id but its tombstone, its destroyed keys' ids and the certificate
        assertThat(rowsCarrying(ws.tenantId())).containsExactlyInAnyOrder("deletion_certificate.workspace_id",
                "tenant.id", "tenant_keyset.tenant_id");
        assertThat(superuser.sql("select count(*) from tenant_keyset where tenant_id = :t and (wrapped is not null"
                + " or destroyed_at is null)").param("t", ws.tenantId()).query(Long.class).single()).isZero();
        assertThat(superuser.sql("select company_name from tenant where id = :t").param("t", ws.tenantId())
                .query(String.class).single()).isEqualTo("(deleted)");
        // and the copy of the backup no longer decrypts: its key is gone
        assertThatThrownBy(() -> TenantContext.callAs(ws.tenantId(), () -> {
            try (InputStream in = files.decrypting(new java.io.ByteArrayInputStream(copy), "backup/" + backup)) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).isInstanceOf(TenantKeysDestroyed.class);

        // the certificate reaches the former Owner, and anyone can check it
        MimeMessage mail = TestMail.get().await(ws.ownerEmail(), "Deletion certificate");
        String body = TestMail.body(mail);
        assertThat(body).contains(certificateId).contains("/deletion-certificates/" + certificateId);
        Map<String, Object> issued = superuser.sql("select document, signature from deletion_certificate where id = :id")
                .param("id", UUID.fromString(certificateId)).query().singleRow();
        String document = (String) issued.get("document");
        String signature = (String) issued.get("signature");
        JsonNode certificate = ApiClient.JSON.readTree(document);
        assertThat(certificate.get("workspace").get("id").asString()).isEqualTo(ws.tenantId().toString());
        assertThat(certificate.get("account_state").asString()).isEqualTo("closed");
        assertThat(certificate.get("deleted").get("rows_total").asLong()).isPositive();
        assertThat(certificate.get("deleted").get("audit_records").asLong()).isPositive();
        assertThat(certificate.get("keys_destroyed").size()).isEqualTo(3);
        assertThat(certificate.get("backups").get(0).get("id").asString()).isEqualTo(backup.toString());
        assertThat(certificate.get("exports").get(0).get("id").asString()).isEqualTo(export.toString());
        assertThat(body).contains(signature);

        Response valid = client().post("/api/v1/deletion-certificates/verify", Map.of("document", document,
                "signature", signature));
        assertThat(valid.status()).as(valid.toString()).isEqualTo(200);
        assertThat(valid.json().get("valid").asBoolean()).isTrue();
        assertThat(valid.json().get("certificate_id").asString()).isEqualTo(certificateId);
        Response forged = client().post("/api/v1/deletion-certificates/verify", Map.of("document",
                document.replace("\"closed\"", "\"active\""), "signature", signature));
        assertThat(forged.json().get("valid").asBoolean()).as("an altered certificate").isFalse();
        // verifiable offline with the published key set (any JOSE library)
        var keys = com.nimbusds.jose.jwk.JWKSet.parse(client().get("/.well-known/deletion-certificate-keys").body());
        var jws = com.nimbusds.jose.JWSObject.parse(signature, new com.nimbusds.jose.Payload(document));
        var key = (com.nimbusds.jose.jwk.ECKey) keys.getKeyByKeyId(jws.getHeader().getKeyID());
        assertThat(key.isPrivate()).isFalse();
        assertThat(jws.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(key))).isTrue();

        Response pdf = client().get("/deletion-certificates/" + certificateId);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.header("Content-Type")).startsWith("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF-");
        assertThat(client().get("/deletion-certificates/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(client().get("/deletion-certificates/not-an-id").status()).isEqualTo(404);

        // the catalog's queue keeps nothing once sent
        assertThat(superuser.sql("select count(*) from catalog_mail where recipient = :r").param("r", ws.ownerEmail())
                .query(Long.class).single()).isZero();
        // a deleted workspace stays deleted
        assertThat(act("activate", Map.of()).status()).isEqualTo(409);
    }

    /** Every (table.column) of the database whose uuid value is {@code id}, read as the superuser (no RLS). */
    private List<String> rowsCarrying(UUID id) {
        List<String> found = new ArrayList<>();
        List<Map<String, Object>> columns = superuser.sql("""
                select c.table_name, c.column_name from information_schema.columns c
                  join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                 where c.table_schema = 'public' and c.data_type = 'uuid' and t.table_type = 'BASE TABLE'
                """).query().listOfRows();
        for (Map<String, Object> column : columns) {
            String table = (String) column.get("table_name");
            String name = (String) column.get("column_name");
            Long rows = superuser.sql("select count(*) from " + table + " where " + name + " = :id").param("id", id)
                    .query(Long.class).single();
            if (rows > 0) {
                found.add(table + "." + name);
            }
        }
        return found;
    }

    @Test
    @Tag("D3")
    void aLegalHoldStopsTheDeletionAndItsNoticesUntilLifted() {
        acted("unsubscribe");
        Instant since = clock.instant();
        Response noReason = act("hold", Map.of());
        assertThat(noReason.status()).as(noReason.toString()).isEqualTo(400);
        JsonNode held = act("hold", Map.of("reason", "Litigation 4 O 123/26")).json();
        assertThat(held.get("legal_hold").get("reason").asString()).isEqualTo("Litigation 4 O 123/26");
        assertThat(held.get("upcoming").get(0).get("held").asBoolean()).isTrue();
        assertThat(act("hold", Map.of("reason", "again")).status()).isEqualTo(409);
        assertThat(act("request_deletion", Map.of("confirm", ws.tenantId().toString())).status())
                .as("erasure under a legal hold").isEqualTo(409);

        sweepAt(since, 170);
        sweepAt(since, 200);
        assertThat(state().get("account_state").asString()).isEqualTo("unsubscribed");
        assertThat(count("will be deleted")).as("no deletion notice while held").isZero();
        assertThat(owner()).as("still there, read-only").isNotEmpty();

        acted_with("release", "Case closed");
        sweepAt(since, 201);
        assertThat(state().get("account_state").asString()).isEqualTo("deleted");
        assertThat(superuser.sql("select count(*) from audit_event where tenant_id = :t").param("t", ws.tenantId())
                .query(Long.class).single()).isZero();
    }

    private void acted_with(String action, String reason) {
        Response response = act(action, Map.of("reason", reason));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    @Tag("D3")
    void reSubscribingCancelsAPendingDeletionAndAnEarlierDeletionIsOnRequest() {
        acted("unsubscribe");
        Instant since = clock.instant();
        sweepAt(since, 170);
        TestMail.get().await(ws.ownerEmail(), "will be deleted");
        JsonNode back = acted("resubscribe");
        assertThat(back.get("account_state").asString()).isEqualTo("active");
        assertThat(back.get("upcoming").size()).isZero();
        sweepAt(since, 400);
        assertThat(state().get("account_state").asString()).isEqualTo("active");

        acted("unsubscribe");
        Response unconfirmed = act("request_deletion", Map.of());
        assertThat(unconfirmed.status()).as("the workspace id again as confirmation").isEqualTo(400);
        JsonNode requested = act("request_deletion", Map.of("confirm", ws.tenantId().toString())).json();
        assertThat(requested.get("upcoming").get(0).get("step").asString()).isEqualTo("delete");
        assertThat(Instant.parse(requested.get("upcoming").get(0).get("due").asString())).isBeforeOrEqualTo(clock.instant());
        assertThat(acted("sweep").get("account_state").asString()).isEqualTo("deleted");
    }

    @Test
    @Tag("D3")
    @Tag("D4")
    void aFreeWorkspaceIsDeletedAfterSixtyDaysWithoutASignIn() {
        acted("free");
        Instant since = clock.instant();
        sweepAt(since, 40);
        owner(); // a sign-in: the sixty days start again
        sweepAt(since, 61);
        assertThat(state().get("account_state").asString()).isEqualTo("free");
        sweepAt(since, 99);
        assertThat(state().get("account_state").asString()).isEqualTo("free");
        sweepAt(since, 101);
        assertThat(state().get("account_state").asString()).isEqualTo("deleted");
        // the account data (users, sessions, mail) went on the same schedule
        assertThat(superuser.sql("select count(*) from app_user where tenant_id = :t").param("t", ws.tenantId())
                .query(Long.class).single()).isZero();
        assertThat(superuser.sql("select count(*) from mail_outbox where tenant_id = :t").param("t", ws.tenantId())
                .query(Long.class).single()).isZero();
    }

    @Test
    @Tag("D3")
    void endingATrialMakesTheWorkspaceReadOnlyAtOnce() {
        JsonNode ended = acted("end_trial");
        assertThat(ended.get("access").asString()).isEqualTo("suspended");
        assertThat(ended.get("upcoming").get(0).get("step").asString()).isEqualTo("delete");
        assertThat(addPerson(owner(), "Late").status()).isEqualTo(403);
    }

    @Test
    @Tag("D3")
    void licenceExpiryErasesWithinAMonthAndCancellationAfterNinetyDays() {
        Instant since = Instant.parse(acted("licence_expired").get("state_since").asString());
        assertThat(Instant.parse(state().get("upcoming").get(0).get("due").asString()))
                .isEqualTo(since.plus(DAY.multipliedBy(30)));
        acted("activate");
        acted("cancel");
        assertThat(Instant.parse(state().get("upcoming").get(0).get("due").asString()))
                .isEqualTo(Instant.parse(state().get("state_since").asString()).plus(DAY.multipliedBy(90)));
    }

    @Test
    @Tag("D3")
    void badRequestsAreRefusedAndChangeNothing() {
        JsonNode before = state();
        assertThat(act("explode", Map.of()).status()).isEqualTo(400);
        assertThat(act("payment_failed", Map.of()).status()).as("a trial has no payment to fail").isEqualTo(409);
        assertThat(act("resubscribe", Map.of()).status()).isEqualTo(409);
        assertThat(act("release", Map.of("reason", "none held")).status()).isEqualTo(409);
        assertThat(act("hold", Map.of("reason", "x".repeat(501))).status()).isEqualTo(400);
        assertThat(operator().get("/actuator/workspaces/not-a-uuid").status()).isEqualTo(400);
        assertThat(operator().get("/actuator/workspaces/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(operator().post("/actuator/workspaces/" + UUID.randomUUID(), Map.of("action", "close")).status())
                .isEqualTo(404);
        assertThat(client().post("/actuator/workspaces/" + ws.tenantId(), Map.of("action", "close")).status())
                .as("no management token").isIn(401, 403);
        assertThat(bearer(owner()).post("/actuator/workspaces/" + ws.tenantId(), Map.of("action", "close")).status())
                .as("a workspace's own Owner is no operator").isIn(401, 403);
        assertThat(state()).isEqualTo(before);
        assertThat(client().post("/api/v1/deletion-certificates/verify", Map.of("document", "{}")).status()).isEqualTo(400);
        Response garbage = client().post("/api/v1/deletion-certificates/verify", Map.of("document", "{}",
                "signature", "not.a.jws"));
        assertThat(garbage.status()).isEqualTo(200);
        assertThat(garbage.json().get("valid").asBoolean()).isFalse();
    }

    /** The one way past the append-only audit trail opens only for a workspace being deleted. */
    @Test
    @Tag("D2")
    @Tag("L1")
    void theAuditTrailOfALiveWorkspaceCannotBePurged() {
        owner(); // a sign-in: the trail has records
        io.strongroom.testsupport.TestUsers.inTenant(ws.tenantId(), jdbc -> {
            assertThatThrownBy(() -> jdbc.sql("select purge_deleted_workspace_trail(:t)").param("t", ws.tenantId())
                    .query(Long.class).single()).rootCause().hasMessageContaining("is not being deleted");
            return null;
        });
        assertThatThrownBy(() -> {
            try (java.sql.Connection c = TestDatabase.get().ownerDataSource().getConnection()) {
                c.setAutoCommit(false);
                try (java.sql.PreparedStatement bind = c.prepareStatement("select set_config('app.tenant_id', ?, true)");
                        java.sql.PreparedStatement delete = c.prepareStatement("delete from audit_event where tenant_id = ?")) {
                    bind.setString(1, ws.tenantId().toString());
                    bind.execute();
                    delete.setObject(1, ws.tenantId());
                    delete.executeUpdate();
                } finally {
                    c.rollback();
                }
            }
        }).as("not even the owner role deletes from the trail outside the function").hasMessageContaining("append-only");
        assertThat(superuser.sql("select count(*) from audit_event where tenant_id = :t").param("t", ws.tenantId())
                .query(Long.class).single()).isPositive();
    }

    @Test
    @Tag("D2")
    void aDeletionInterruptedHalfwayIsFinishedByTheNextSweep() {
        String token = owner();
        assertThat(addPerson(token, "Resume").status()).isEqualTo(201);
        // a backup still being written: the deletion destroys the keys, then stops before the rows
        UUID job = UUID.randomUUID();
        superuser.sql("""
                insert into backup_job (tenant_id, id, kind, trigger, state, requested_at, started_at)
                values (:t, :id, 'backup', 'request', 'running', now(), now())
                """).param("t", ws.tenantId()).param("id", job).update();
        acted("unsubscribe");
        act("request_deletion", Map.of("confirm", ws.tenantId().toString()));
        assertThatThrownBy(() -> lifecycle.sweep(ws.tenantId())).isInstanceOf(IllegalStateException.class);
        assertThat(state().get("account_state").asString()).isEqualTo("deleting");
        assertThat(signIn().status()).as("nobody signs in while it is deleted").isEqualTo(401);
        assertThat(superuser.sql("select count(*) from employee where tenant_id = :t").param("t", ws.tenantId())
                .query(Long.class).single()).isEqualTo(1);

        superuser.sql("update backup_job set state = 'failed', finished_at = now() where id = :id").param("id", job).update();
        lifecycle.sweep(ws.tenantId());
        assertThat(state().get("account_state").asString()).isEqualTo("deleted");
        assertThat(rowsCarrying(ws.tenantId())).containsExactlyInAnyOrder("deletion_certificate.workspace_id",
                "tenant.id", "tenant_keyset.tenant_id");
    }
}
