package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.FieldChange;
import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/** L1 and L3: every change leaves one complete record; the trail is append-only and tamper-evident. */
class AuditTrailTest extends ApiTest {

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transactions;

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "audit");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    /** Each write endpoint, and the one record it must leave (by the request id of the call). */
    @Test
    @Tag("L1")
    void everyWriteEndpointLeavesExactlyOneCompleteRecord() {
        String employeeRole = role("Employee");
        Map<String, Supplier<Response>> writes = new java.util.LinkedHashMap<>();
        String[] person = new String[1];
        String[] user = new String[1];
        String[] customRole = new String[1];
        writes.put("employee.created", () -> {
            Response r = bearer(owner).post("/api/v1/people", Map.of("given_name", "Audit", "family_name", "Me",
                    "job_title", "Clerk", "phone", "+49 30 111"));
            person[0] = r.json().get("id").asString();
            return r;
        });
        writes.put("employee.updated", () -> bearer(owner).header("If-Match", "\"1\"")
                .method("PATCH", "/api/v1/people/" + person[0], Map.of("job_title", "Head clerk", "phone", "+49 30 222")));
        writes.put("role.created", () -> {
            Response r = bearer(owner).post("/api/v1/roles", Map.of("name", "Readers", "permissions", List.of("people:read")));
            customRole[0] = r.json().get("id").asString();
            return r;
        });
        writes.put("role.updated", () -> bearer(owner).method("PUT", "/api/v1/roles/" + customRole[0],
                Map.of("name", "Readers", "permissions", List.of())));
        writes.put("user.invited", () -> {
            Response r = bearer(owner).post("/api/v1/users", Map.of("email", "aud." + ws.workspace() + "@example.org",
                    "display_name", "Aud It", "roles", List.of(employeeRole)));
            user[0] = r.json().get("id").asString();
            return r;
        });
        writes.put("role.assigned", () -> bearer(owner).method("PUT", "/api/v1/users/" + user[0] + "/roles",
                Map.of("roles", List.of(employeeRole, customRole[0]))));
        writes.put("role.deleted", () -> bearer(owner).delete("/api/v1/roles/" + customRole[0]));
        UUID active = TestUsers.addUser(ws.tenantId(), "active." + ws.workspace() + "@example.org", "active-user-passphrase-9",
                "employee");
        writes.put("auth.password.reset_requested", () -> bearer(owner).post("/api/v1/users/" + active + "/password-reset", ""));
        writes.put("settings.password_policy.updated", () -> bearer(owner).method("PUT", "/api/v1/settings/password-policy",
                Map.of("mode", "enforced", "min_length", 14, "min_score", 3)));
        writes.put("settings.sessions.updated", () -> bearer(owner).method("PUT", "/api/v1/settings/sessions",
                Map.of("idle_timeout_minutes", 20, "absolute_lifetime_minutes", 600)));
        writes.put("user.deleted", () -> bearer(owner).delete("/api/v1/users/" + user[0]));
        writes.put("employee.deleted", () -> bearer(owner).header("If-Match", "\"2\"").delete("/api/v1/people/" + person[0]));
        writes.put("auth.session.revoked_all", () -> bearer(owner).post("/api/v1/me/sessions/revoke-all", ""));

        writes.forEach((action, call) -> {
            Response response = call.get();
            assertThat(response.status()).as(action + ": " + response).isBetween(200, 299);
            List<Map<String, Object>> records = recordsOf(response.header("X-Request-Id"));
            assertThat(records).as(action).hasSize(1);
            Map<String, Object> record = records.getFirst();
            assertThat(record.get("action")).isEqualTo(action);
            assertThat(record.get("outcome")).isEqualTo("success");
            assertThat(record.get("actor_type")).isEqualTo("user");
            assertThat(record.get("actor_user_id")).isEqualTo(ws.ownerId());
            assertThat(record.get("actor_email")).isEqualTo(ws.ownerEmail());
            assertThat(record.get("client_ip")).isNotNull();
            assertThat(record.get("user_agent")).isNotNull();
            assertThat(record.get("app_version")).isNotNull();
            assertThat(record.get("app_commit")).isNotNull();
            assertThat(record.get("target_type")).isNotNull();
            assertThat(record.get("occurred_at")).isNotNull();
        });
        // "sign out everywhere" ended the owner's sessions and so its access token: sign in again
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();

        JsonNode updated = auditView("employee.updated");
        assertThat(updated.get("diff").get("job_title").get("from").asString()).isEqualTo("Clerk");
        assertThat(updated.get("diff").get("job_title").get("to").asString()).isEqualTo("Head clerk");
        assertThat(updated.get("diff").get("phone").get("from").asString()).isEqualTo("+49 30 111");
        assertThat(updated.get("diff").get("phone").get("personal").asBoolean()).isTrue();
        assertThat(updated.get("diff").size()).as("only what changed").isEqualTo(2);
        JsonNode assigned = auditView("role.assigned");
        assertThat(assigned.get("diff").get("roles").get("to").valueStream().map(JsonNode::asString).toList())
                .containsExactly("Employee", "Readers");
        JsonNode policy = auditView("settings.password_policy.updated");
        assertThat(policy.get("diff").get("min_length").get("from").asString()).isEqualTo("12");
        assertThat(policy.get("diff").get("min_length").get("to").asString()).isEqualTo("14");
        assertThat(client().header("Authorization", "Bearer " + owner).get("/api/v1/audit/verify").json().get("ok").asBoolean())
                .isTrue();
    }

    @Test
    @Tag("L1")
    void personalValuesStayOutOfTheHashedDiffAndAreShownOnlyToThoseAllowed() {
        Response created = bearer(owner).post("/api/v1/people", Map.of("given_name", "Pia", "family_name", "Private",
                "iban", "DE89 3704 0044 0532 0130 00", "national_id", "L01X00T47"));
        Map<String, Object> row = recordsOf(created.header("X-Request-Id")).getFirst();
        String hashedDiff = row.get("diff").toString();
        assertThat(hashedDiff).doesNotContain("DE8937").doesNotContain("L01X00T47").contains("sha256:");
        byte[] sealed = (byte[]) row.get("personal_diff");
        assertThat(sealed[0]).as("stored encrypted under the tenant key (E2)").isEqualTo((byte) 0x01);
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("DE8937")
                .doesNotContain("L01X00T47");

        JsonNode asOwner = auditView("employee.created");
        assertThat(asOwner.get("diff").get("iban").get("to").asString()).isEqualTo("DE89370400440532013000");
        String auditorEmail = "auditor." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), auditorEmail, "auditor-passphrase-42", "auditor");
        String auditor = TestUsers.tokens(client(), ws.workspace(), auditorEmail, "auditor-passphrase-42").access();
        Response asAuditor = bearer(auditor).get("/api/v1/audit/events?action=employee.created");
        assertThat(asAuditor.status()).isEqualTo(200);
        assertThat(asAuditor.body()).doesNotContain("DE8937").doesNotContain("L01X00T47").contains("[personal data]");
        assertThat(bearer(auditor).get("/api/v1/audit/events.csv").body()).doesNotContain("DE8937");
    }

    @Test
    @Tag("L1")
    void secretsNeverReachTheTrail() {
        String email = "sec." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "orbit-lantern-quiet-7341", "employee");
        var tokens = TestUsers.tokens(client(), ws.workspace(), email, "orbit-lantern-quiet-7341");
        assertThat(bearer(tokens.access()).post("/api/v1/me/password", Map.of("current_password", "orbit-lantern-quiet-7341",
                "new_password", "harbor-violet-sketch-2958")).status()).isEqualTo(200);
        client().post("/api/v1/auth/recovery", Map.of("workspace", ws.workspace(), "email", email));
        String token = TestMail.token(TestMail.get().await(email, "Reset your Strongroom password"));
        assertThat(client().post("/api/v1/auth/recovery/complete", Map.of("token", token, "new_password",
                "meadow-quartz-tractor-6617")).status()).isEqualTo(200);
        TestUsers.login(client(), ws.workspace(), email, "wrong-guess-copper-1234");
        String trail = all.sql("select string_agg(a::text, ' ') from audit_event a where tenant_id = :t")
                .param("t", ws.tenantId()).query(String.class).single();
        assertThat(trail).contains("auth.password.changed").contains("auth.password.reset_completed")
                .contains("auth.login.failed");
        assertThat(trail).doesNotContain("orbit-lantern").doesNotContain("harbor-violet").doesNotContain("meadow-quartz")
                .doesNotContain("wrong-guess-copper")
                .doesNotContain(token).doesNotContain(tokens.refresh()).doesNotContain(tokens.access())
                .doesNotContain("$argon2");
    }

    @Test
    @Tag("L1")
    void refusedAndFailedAttemptsAreRecordedAndRolledBackChangesAreNot() {
        String email = "emp." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "denied-employee-passphrase", "employee");
        String employee = TestUsers.tokens(client(), ws.workspace(), email, "denied-employee-passphrase").access();
        Response denied = bearer(employee).post("/api/v1/people", Map.of("given_name", "No", "family_name", "Way"));
        assertThat(denied.status()).isEqualTo(403);
        List<Map<String, Object>> records = recordsOf(denied.header("X-Request-Id"));
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.get("action")).isEqualTo("access.denied");
            assertThat(r.get("outcome")).isEqualTo("denied");
            assertThat(r.get("target_id")).isEqualTo("POST /api/v1/people");
            assertThat(r.get("actor_email")).isEqualTo(email);
        });
        assertThat(all.sql("select count(*) from employee where tenant_id = :t").param("t", ws.tenantId())
                .query(Long.class).single()).isZero();

        String id = bearer(owner).post("/api/v1/people", Map.of("given_name", "Sta", "family_name", "Le")).json().get("id").asString();
        Response stale = bearer(owner).header("If-Match", "\"7\"").method("PATCH", "/api/v1/people/" + id, Map.of("job_title", "X"));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(recordsOf(stale.header("X-Request-Id"))).singleElement()
                .satisfies(r -> assertThat(r.get("action")).isEqualTo("request.failed"));
        Response invalid = bearer(owner).post("/api/v1/people", Map.of("given_name", ""));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(recordsOf(invalid.header("X-Request-Id"))).isEmpty();

        // a change that fails after its record was written leaves neither
        assertThatThrownBy(() -> TenantContext.runAs(ws.tenantId(), () -> transactions.executeWithoutResult(tx -> {
            audit.record(AuditEntry.of("employee.updated", "employee", id).diff(Map.of("job_title", new FieldChange("a", "b"))));
            throw new IllegalStateException("the change fails");
        }))).isInstanceOf(IllegalStateException.class);
        assertThat(all.sql("select count(*) from audit_event where tenant_id = :t and action = 'employee.updated'")
                .param("t", ws.tenantId()).query(Long.class).single()).isZero();
    }

    @Test
    @Tag("L3")
    void theApplicationCanOnlyAppend() {
        JdbcClient runtime = JdbcClient.create(TestDatabase.get().runtimeDataSource());
        TestUsers.inTenant(ws.tenantId(), jdbc -> {
            assertThatThrownBy(() -> jdbc.sql("update audit_event set action = 'x.y' where tenant_id = :t")
                    .param("t", ws.tenantId()).update()).hasStackTraceContaining("permission denied");
            return null;
        });
        TestUsers.inTenant(ws.tenantId(), jdbc -> {
            assertThatThrownBy(() -> jdbc.sql("delete from audit_event where tenant_id = :t").param("t", ws.tenantId()).update())
                    .hasStackTraceContaining("permission denied");
            return null;
        });
        assertThatThrownBy(() -> runtime.sql("truncate audit_event").update()).hasStackTraceContaining("permission denied");
        // even the owner of the table is stopped by the trigger
        javax.sql.DataSource ownerRole = TestDatabase.get().ownerDataSource();
        TransactionTemplate asOwner = new TransactionTemplate(
                new io.strongroom.platform.database.TenantBindingTransactionManager(ownerRole));
        assertThatThrownBy(() -> TenantContext.runAs(ws.tenantId(), () -> asOwner.executeWithoutResult(tx ->
                JdbcClient.create(ownerRole).sql("delete from audit_event where tenant_id = :t").param("t", ws.tenantId())
                        .update()))).hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> TenantContext.runAs(ws.tenantId(), () -> asOwner.executeWithoutResult(tx ->
                JdbcClient.create(ownerRole).sql("update audit_event set reason = 'edited' where tenant_id = :t")
                        .param("t", ws.tenantId()).update()))).hasStackTraceContaining("append-only");
    }

    @Test
    @Tag("L3")
    void tamperingIsDetectedAndTheFirstBrokenRecordNamed() {
        for (int i = 0; i < 3; i++) {
            bearer(owner).post("/api/v1/people", Map.of("given_name", "T" + i, "family_name", "Amper"));
        }
        JsonNode ok = bearer(owner).get("/api/v1/audit/verify").json();
        assertThat(ok.get("ok").asBoolean()).isTrue();
        long count = ok.get("records_checked").asLong();
        assertThat(count).isGreaterThanOrEqualTo(5);

        long victim = count - 1;
        tamper("update audit_event set diff = jsonb_set(diff, '{given_name,to}', '\"Mallory\"') where tenant_id = :t and seq = :s",
                victim);
        JsonNode broken = bearer(owner).get("/api/v1/audit/verify").json();
        assertThat(broken.get("ok").asBoolean()).isFalse();
        assertThat(broken.get("first_broken_seq").asLong()).isEqualTo(victim);
        assertThat(broken.get("problem").asString()).contains("content");
    }

    @Test
    @Tag("L3")
    void deletedOrReorderedRecordsAreDetected() {
        bearer(owner).post("/api/v1/people", Map.of("given_name", "Del", "family_name", "Eted"));
        long last = bearer(owner).get("/api/v1/audit/verify").json().get("records_checked").asLong();
        bearer(owner).post("/api/v1/people", Map.of("given_name", "After", "family_name", "Wards"));
        tamper("delete from audit_event where tenant_id = :t and seq = :s", last);
        JsonNode broken = bearer(owner).get("/api/v1/audit/verify").json();
        assertThat(broken.get("ok").asBoolean()).isFalse();
        assertThat(broken.get("first_broken_seq").asLong()).isEqualTo(last + 1);
    }

    @Test
    @Tag("L3")
    void concurrentWritersOfOneTenantFormOneValidChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        int n = i;
                        TenantContext.runAs(ws.tenantId(), () -> transactions.executeWithoutResult(tx -> audit.record(
                                AuditEntry.of("test.parallel", "thread", thread).details(Map.of("n", n)))));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode result = bearer(owner).get("/api/v1/audit/verify").json();
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        List<Long> seqs = all.sql("select seq from audit_event where tenant_id = :t order by seq").param("t", ws.tenantId())
                .query(Long.class).list();
        assertThat(seqs).hasSize(seqs.getLast().intValue()).startsWith(1L);
        assertThat(all.sql("select count(*) from audit_event where tenant_id = :t and action = 'test.parallel'")
                .param("t", ws.tenantId()).query(Long.class).single()).isEqualTo(200);
    }

    @Test
    @Tag("L3")
    void writersOfDifferentTenantsDoNotWaitForEachOther() throws Exception {
        Workspace other = TestUsers.signUp(client(), "auditother");
        ExecutorService threads = Executors.newFixedThreadPool(2); // not the common pool: it has one thread on 2 cores
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> TenantContext.runAs(ws.tenantId(),
                () -> transactions.executeWithoutResult(tx -> {
                    audit.record(AuditEntry.of("test.slow", "tenant", ws.tenantId())); // holds this tenant's chain head
                    holding.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })), threads);
        try {
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> otherTenant = CompletableFuture.runAsync(() -> TenantContext.runAs(other.tenantId(),
                    () -> transactions.executeWithoutResult(tx -> audit.record(AuditEntry.of("test.fast", "tenant", other.tenantId())))),
                    threads);
            otherTenant.get(5, TimeUnit.SECONDS); // completes while the first tenant's writer still holds its lock
            assertThat(slow).isNotDone();
        } finally {
            release.countDown();
            slow.get(30, TimeUnit.SECONDS);
            threads.shutdownNow();
        }
    }

    @Test
    @Tag("L1")
    void csvExportNeutralizesFormulas() {
        for (String hostile : List.of("=HYPERLINK(\"http://evil\",\"x\")", "+SUM(1,2)", "-2+3", "@cmd", "\tTab")) {
            bearer(owner).post("/api/v1/people", Map.of("given_name", "Csv", "family_name", "Row", "job_title", hostile));
        }
        Response csv = bearer(owner).header("User-Agent", "=cmd|' /C calc'!A0").get("/api/v1/audit/events.csv?action=employee.created");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment");
        assertThat(csv.header("Cache-Control")).contains("no-store");
        List<String> cells = new ArrayList<>();
        for (String line : csv.body().split("\r\n")) {
            cells.addAll(List.of(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)));
        }
        assertThat(cells).allSatisfy(cell -> {
            String unquoted = cell.startsWith("\"") ? cell.substring(1) : cell;
            assertThat(unquoted).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@")
                    .doesNotStartWith("\t");
        });
        // the formula text is still there, as text
        assertThat(csv.body()).contains("HYPERLINK");
        Response uaRow = bearer(owner).header("User-Agent", "=cmd|' /C calc'!A0").post("/api/v1/people",
                Map.of("given_name", "Ua", "family_name", "Row"));
        assertThat(uaRow.status()).isEqualTo(201);
        String withUa = bearer(owner).get("/api/v1/audit/events.csv?action=employee.created").body();
        assertThat(withUa).contains("\"'=cmd|' /C calc'!A0\"").doesNotContain(",=cmd");
    }

    @Test
    @Tag("L1")
    void theTrailCanBeFilteredAndPaged() {
        for (int i = 0; i < 5; i++) {
            bearer(owner).post("/api/v1/people", Map.of("given_name", "Page" + i, "family_name", "Filter"));
        }
        JsonNode first = bearer(owner).get("/api/v1/audit/events?action=employee.created&limit=2").json();
        assertThat(first.get("items").size()).isEqualTo(2);
        long after = first.get("next_after").asLong();
        JsonNode second = bearer(owner).get("/api/v1/audit/events?action=employee.created&limit=2&after=" + after).json();
        assertThat(second.get("items").get(0).get("seq").asLong()).isLessThan(after);
        assertThat(bearer(owner).get("/api/v1/audit/events?action=employee.*").json().get("items").size()).isEqualTo(5);
        assertThat(bearer(owner).get("/api/v1/audit/events?actor=" + ws.ownerEmail() + "&action=employee.created")
                .json().get("items").size()).isEqualTo(5);
        assertThat(bearer(owner).get("/api/v1/audit/events?outcome=denied").json().get("items").size()).isZero();
        assertThat(bearer(owner).get("/api/v1/audit/events?from=2999-01-01T00:00:00Z").json().get("items").size()).isZero();
        assertThat(bearer(owner).get("/api/v1/audit/events?from=yesterday").status()).isEqualTo(400);
        assertThat(bearer(owner).get("/api/v1/audit/events?outcome=maybe").status()).isEqualTo(400);
        JsonNode one = first.get("items").get(0);
        assertThat(bearer(owner).get("/api/v1/audit/events/" + one.get("id").asString()).json().get("seq").asLong())
                .isEqualTo(one.get("seq").asLong());
        Workspace other = TestUsers.signUp(client(), "auditiso");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        assertThat(bearer(otherOwner).get("/api/v1/audit/events/" + one.get("id").asString()).status()).isEqualTo(404);
        assertThat(bearer(otherOwner).get("/api/v1/audit/events?action=employee.created").json().get("items").size()).isZero();
    }

    private void tamper(String sql, long seq) {
        // a privileged database user can switch the trigger off; the chain still tells
        all.sql("alter table audit_event disable trigger audit_event_append_only").update();
        try {
            all.sql(sql).param("t", ws.tenantId()).param("s", seq).update();
        } finally {
            all.sql("alter table audit_event enable trigger audit_event_append_only").update();
        }
    }

    private List<Map<String, Object>> recordsOf(String requestId) {
        return all.sql("select * from audit_event where tenant_id = :t and request_id = :r order by seq")
                .param("t", ws.tenantId()).param("r", requestId).query().listOfRows();
    }

    private JsonNode auditView(String action) {
        return bearer(owner).get("/api/v1/audit/events?action=" + action).json().get("items").get(0);
    }

    private String role(String name) {
        return bearer(owner).get("/api/v1/roles").json().get("roles").valueStream()
                .filter(r -> r.get("name").asString().equals(name)).findFirst().orElseThrow().get("id").asString();
    }

}
