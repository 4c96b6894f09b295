package io.strongroom.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.platform.TenantContext;
import io.strongroom.platform.database.TenantBindingTransactionManager;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestClock;
import io.strongroom.testsupport.TestDatabase;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/signup}: the happy path, and every way a request can be bad. */
@StrongroomTest
class SignupApiTest {

    @LocalServerPort
    int port;

    ApiClient api;
    /** Sees every tenant's rows: the observer that proves "changes nothing". */
    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());

    @Autowired
    FieldEncryption encryption;

    @Autowired
    TestClock clock;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    @Tag("T1")
    @Tag("A3")
    void createsTenantAndOwnerInOneGo() {
        String workspace = Fixtures.uniqueWorkspace("acme");
        Response response = api.post("/api/v1/signup", Fixtures.signup(workspace));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode body = response.json();
        UUID tenantId = UUID.fromString(body.get("tenant_id").asString());
        assertThat(body.get("workspace").asString()).isEqualTo(workspace);
        assertThat(body.get("region").asString()).isEqualTo("eu");
        assertThat(response.body()).doesNotContain(Fixtures.STRONG_PASSWORD).doesNotContain("argon2");

        Map<String, Object> tenant = asTenant(tenantId, "select workspace, company_name, region, plan, status from tenant where id = :id", tenantId);
        assertThat(tenant).containsEntry("workspace", workspace).containsEntry("region", "eu")
                .containsEntry("plan", "trial").containsEntry("status", "active")
                .containsEntry("company_name", "Company " + workspace);

        Map<String, Object> user = asTenant(tenantId, "select email, display_name, status, password_hash from app_user where tenant_id = :id", tenantId);
        assertThat(user).containsEntry("email", Fixtures.OWNER_EMAIL)
                .containsEntry("display_name", "Olive Owner").containsEntry("status", "active");
        byte[] sealed = (byte[]) user.get("password_hash");
        assertThat(sealed[0]).as("stored encrypted under the workspace key (E2)").isEqualTo((byte) 0x01);
        UUID ownerId = (UUID) asTenant(tenantId, "select id from app_user where tenant_id = :id", tenantId).get("id");
        assertThat(TenantContext.callAs(tenantId, () -> encryption.decrypt("app_user", "password_hash", ownerId, sealed)))
                .startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(Fixtures.STRONG_PASSWORD);
    }

    @Test
    @Tag("T3")
    void normalizesTheWorkspaceAndAcceptsAChosenRegion() {
        String workspace = Fixtures.uniqueWorkspace("mixed");
        Map<String, Object> body = Fixtures.signup("  " + workspace.toUpperCase() + " ");
        body.put("region", "us");
        Response response = api.post("/api/v1/signup", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.json().get("workspace").asString()).isEqualTo(workspace);
        assertThat(response.json().get("region").asString()).isEqualTo("us");
    }

    @Test
    void aTakenWorkspaceIsAConflictAndChangesNothing() {
        String workspace = Fixtures.uniqueWorkspace("taken");
        assertThat(api.post("/api/v1/signup", Fixtures.signup(workspace)).status()).isEqualTo(201);
        long before = tenantCount();

        Map<String, Object> again = Fixtures.signup(workspace);
        again.put("admin_email", "someone-else@other.example");
        Response response = api.post("/api/v1/signup", again);

        assertProblem(response, 409, "urn:strongroom:problem:workspace-taken");
        assertThat(fields(response)).containsExactly("workspace");
        assertThat(tenantCount()).isEqualTo(before);
        assertThat(all.sql("select count(*) from app_user where email = 'someone-else@other.example'")
                .query(Long.class).single()).isZero();
    }

    @Test
    @Tag("T3")
    @Tag("A2")
    void reportsEveryInvalidFieldAtOnce() {
        long before = tenantCount();
        Response response = api.post("/api/v1/signup", Map.of(
                "workspace", "-x", "company_name", " ", "region", "mars", "admin_email", "not-an-address",
                "admin_name", "", "password", "short"));
        assertProblem(response, 400, "urn:strongroom:problem:validation-failed");
        assertThat(fields(response)).containsOnly("workspace", "company_name", "region", "admin_email",
                "admin_name", "password");
        assertThat(tenantCount()).isEqualTo(before);
    }

    @Test
    void refusesBadWorkspaceNames() {
        for (String bad : List.of("ab", "a".repeat(41), "-lead", "trail-", "under_score", "space name", "ünï",
                "www", "api", "admin", "acme'; drop table tenant;--")) {
            Response response = new ApiClient(port).post("/api/v1/signup", Fixtures.signup(bad));
            assertProblem(response, 400, "urn:strongroom:problem:validation-failed");
            assertThat(fields(response)).as(bad).containsExactly("workspace");
        }
    }

    @Test
    void refusesMissingAndMistypedFields() {
        Response missing = api.post("/api/v1/signup", Map.of());
        assertProblem(missing, 400, "urn:strongroom:problem:validation-failed");
        assertThat(fields(missing)).contains("workspace", "company_name", "admin_email", "admin_name", "password");

        Map<String, Object> unknown = Fixtures.signup(Fixtures.uniqueWorkspace("unknown"));
        unknown.put("plan", "enterprise");
        Response unknownField = api.post("/api/v1/signup", unknown);
        assertProblem(unknownField, 400, "urn:strongroom:problem:validation-failed");
        assertThat(fields(unknownField)).containsExactly("plan");

        Map<String, Object> wrongType = Fixtures.signup(Fixtures.uniqueWorkspace("types"));
        wrongType.put("company_name", Map.of("nested", true));
        Response typed = api.post("/api/v1/signup", wrongType);
        assertProblem(typed, 400, "urn:strongroom:problem:validation-failed");
        assertThat(fields(typed)).containsExactly("company_name");
    }

    @Test
    void storesInjectionStringsAsPlainText() {
        String workspace = Fixtures.uniqueWorkspace("inject");
        Map<String, Object> body = Fixtures.signup(workspace);
        String hostile = "Robert'); DROP TABLE tenant; -- <script>alert(1)</script>";
        body.put("company_name", hostile);
        body.put("admin_name", hostile);
        Response response = api.post("/api/v1/signup", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        UUID tenantId = UUID.fromString(response.json().get("tenant_id").asString());
        assertThat(asTenant(tenantId, "select company_name from tenant where id = :id", tenantId))
                .containsEntry("company_name", hostile);
    }

    @Test
    void malformedJsonIsABadRequest() {
        long before = tenantCount();
        for (String body : List.of("{\"workspace\": ", "not json", "[]", "", "{\"workspace\": \"a\"} trailing")) {
            Response response = api.postRaw("/api/v1/signup", "application/json", body);
            assertProblem(response, 400, null);
            assertThat(response.json().get("type").asString()).as(body)
                    .isIn("urn:strongroom:problem:malformed-json", "urn:strongroom:problem:validation-failed");
        }
        assertThat(tenantCount()).isEqualTo(before);
    }

    @Test
    void wrongContentTypeIsUnsupported() {
        Response response = api.postRaw("/api/v1/signup", "text/plain", "workspace=acme");
        assertProblem(response, 415, "urn:strongroom:problem:unsupported-media-type");
        Response form = api.postRaw("/api/v1/signup", "application/x-www-form-urlencoded", "workspace=acme");
        assertProblem(form, 415, "urn:strongroom:problem:unsupported-media-type");
    }

    @Test
    void bodiesOverOneMebibyteAreRefused() {
        long before = tenantCount();
        String huge = "{\"workspace\": \"" + "a".repeat(1024 * 1024 + 10) + "\"}";
        // announced by Content-Length: refused before the body is read
        Response announced = api.send(api.request("/api/v1/signup").header("Content-Type", "application/json")
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString(huge)));
        assertProblem(announced, 413, "urn:strongroom:problem:payload-too-large");
        // chunked, no length: refused while reading (a new client: the server closes the connection
        // that carried the refused upload)
        ApiClient fresh = new ApiClient(port);
        Response chunked = fresh.send(fresh.request("/api/v1/signup").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))));
        assertProblem(chunked, 413, "urn:strongroom:problem:payload-too-large");
        assertThat(tenantCount()).isEqualTo(before);
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        assertProblem(api.get("/api/v1/no-such-thing"), 404, "urn:strongroom:problem:not-found");
        assertProblem(api.get("/definitely/not/here"), 404, "urn:strongroom:problem:not-found");
        assertProblem(api.get("/api/v1/signup"), 405, "urn:strongroom:problem:method-not-allowed");
    }

    @Test
    @Tag("A9")
    void signupsAreRateLimitedPerClientIp() {
        clock.freeze();
        ApiClient sameIp = new ApiClient(port);
        int created = 0;
        Response last = null;
        for (int i = 0; i < 11; i++) {
            last = sameIp.post("/api/v1/signup", Fixtures.signup(Fixtures.uniqueWorkspace("rate")));
            if (last.status() == 201) {
                created++;
            }
        }
        assertThat(created).isEqualTo(10);
        assertProblem(last, 429, "urn:strongroom:problem:rate-limited");
        assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
        // another client is not affected
        assertThat(new ApiClient(port).post("/api/v1/signup", Fixtures.signup(Fixtures.uniqueWorkspace("other")))
                .status()).isEqualTo(201);
    }

    static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        if (type != null) {
            assertThat(problem.get("type").asString()).isEqualTo(type);
        }
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("request_id").asString()).isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("at io.")
                .doesNotContainIgnoringCase("sql").doesNotContain("org.springframework");
    }

    /** The distinct fields named by the problem's errors, in order. */
    static List<String> fields(Response response) {
        return response.json().get("errors").valueStream().map(e -> e.get("field").asString()).distinct().toList();
    }

    private long tenantCount() {
        return all.sql("select count(*) from tenant").query(Long.class).single();
    }

    /** Reads as the application does: runtime role, bound to {@code tenant}. */
    private Map<String, Object> asTenant(UUID tenant, String sql, UUID id) {
        DataSource runtime = TestDatabase.get().runtimeDataSource();
        TransactionTemplate tx = new TransactionTemplate(new TenantBindingTransactionManager(runtime));
        return TenantContext.callAs(tenant,
                () -> tx.execute(s -> JdbcClient.create(runtime).sql(sql).param("id", id).query().singleRow()));
    }
}
