package io.strongroom.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import io.strongroom.identity.Caller;
import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/** People records (R2): CRUD, validation, masking per field and role, self-service, ETags, isolation. */
class PeopleApiTest extends ApiTest {

    static final List<String> PERSONAL = List.of("date_of_birth", "personal_email", "phone", "home_address",
            "national_id", "iban", "emergency_contact");

    Workspace ws;
    String owner;

    @Autowired
    PeopleDirectory directory;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "people");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    static Map<String, Object> person(String given, String family) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("given_name", given);
        body.put("family_name", family);
        body.put("work_email", given.toLowerCase() + "@work.example");
        body.put("job_title", "Engineer");
        body.put("department", "Platform");
        body.put("start_date", "2024-03-01");
        body.put("date_of_birth", "1990-05-17");
        body.put("personal_email", given.toLowerCase() + "@home.example");
        body.put("phone", "+49 30 1234567");
        body.put("home_address", "Hauptstr. 1\n10115 Berlin");
        body.put("national_id", "T" + Integer.toUnsignedString((given + " " + family).hashCode())); // unique per person
        body.put("iban", "DE89 3704 0044 0532 0130 00");
        body.put("emergency_contact", "Max Mustermann, +49 30 7654321");
        return body;
    }

    @Test
    @Tag("R2")
    void createReadUpdateDelete() {
        Response created = bearer(owner).post("/api/v1/people", person("Ada", "Lovelace"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/v1/people/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.json().get("iban").asString()).as("normalized").isEqualTo("DE89370400440532013000");
        assertThat(created.json().get("status").asString()).isEqualTo("active");

        Response read = bearer(owner).get("/api/v1/people/" + id);
        assertThat(read.json().get("family_name").asString()).isEqualTo("Lovelace");
        Response updated = bearer(owner).header("If-Match", read.header("ETag"))
                .method("PATCH", "/api/v1/people/" + id, Map.of("job_title", "Principal Engineer", "phone", "+44 20 7946 0000"));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");
        assertThat(updated.json().get("job_title").asString()).isEqualTo("Principal Engineer");

        Map<String, Object> clear = new HashMap<>();
        clear.put("department", null);
        Response cleared = bearer(owner).header("If-Match", "\"2\"").method("PATCH", "/api/v1/people/" + id, clear);
        assertThat(cleared.json().has("department")).as(cleared.toString()).isTrue();
        assertThat(cleared.json().get("department").isNull()).isTrue();

        assertThat(bearer(owner).delete("/api/v1/people/" + id).status()).isEqualTo(204);
        assertThat(bearer(owner).get("/api/v1/people/" + id).status()).isEqualTo(404);
    }

    @Test
    @Tag("R2")
    void invalidInputIsRefusedFieldByFieldAndChangesNothing() {
        Map<String, Object> bad = person("", "X".repeat(101));
        bad.put("work_email", "nope");
        bad.put("iban", "DE00 1234 5678 9012 3456 78");
        bad.put("date_of_birth", "2999-01-01");
        bad.put("start_date", "31/01/2020");
        bad.put("phone", "call me maybe");
        bad.put("status", "retired");
        bad.put("salary", 100000);
        bad.put("manager_id", "not-a-uuid");
        Response response = bearer(owner).post("/api/v1/people", bad);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").valueStream().map(e -> e.get("field").asString()).distinct().toList())
                .containsExactlyInAnyOrder("given_name", "family_name", "work_email", "iban", "date_of_birth",
                        "start_date", "phone", "status", "salary", "manager_id", "personal_email");
        assertThat(bearer(owner).get("/api/v1/people").json().get("items").valueStream().toList()).isEmpty();

        Map<String, Object> dates = person("Date", "Order");
        dates.put("end_date", "2020-01-01");
        assertThat(bearer(owner).post("/api/v1/people", dates).json().get("errors").get(0).get("field").asString())
                .isEqualTo("end_date");
        Map<String, Object> nul = person("Nul\u0000", "Byte");
        assertThat(bearer(owner).post("/api/v1/people", nul).status()).isEqualTo(400);
        assertThat(bearer(owner).postRaw("/api/v1/people", "application/json", "{\"given_name\": ").status()).isEqualTo(400);
        assertThat(bearer(owner).post("/api/v1/people", Map.of("given_name", "Only")).json().get("errors").get(0)
                .get("field").asString()).isEqualTo("family_name");
    }

    /** "Not in the future" is judged on the application clock, like every other time rule. */
    @Test
    void aBirthDateInTheFutureIsRefusedOnTheApplicationClock() {
        Map<String, Object> tomorrow = person("Fut", "Ure");
        tomorrow.put("date_of_birth", LocalDate.now(clock).plusDays(1).toString());
        Response refused = bearer(owner).post("/api/v1/people", tomorrow);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactly("date_of_birth");
        // in-process (no token, whose lifetime the moved clock would end): the application's date decides
        clock.advance(Duration.ofDays(400));
        Map<String, Object> born = person("Past", "Now");
        born.put("date_of_birth", LocalDate.now(Clock.systemUTC()).plusDays(30).toString());
        Caller caller = new Caller(ws.ownerId(), ws.tenantId(),
                UUID.randomUUID(), Set.of("people:read", "people:write", "people.personal:read",
                        "people.personal:write"), "192.0.2.1", "test", "test", Caller.Kind.USER);
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken(caller, null));
        try {
            Person created = TenantContext.callAs(ws.tenantId(), () -> directory.create(born));
            assertThat(created.personal().dateOfBirth()).as("in the future of the machine, not of the application")
                    .isEqualTo(LocalDate.parse((String) born.get("date_of_birth")));
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    @Tag("R2")
    void injectionStringsAreStoredAsText() {
        String hostile = "Robert'); DROP TABLE employee; -- <img src=x onerror=alert(1)>";
        Map<String, Object> body = person("Bobby", "Tables");
        body.put("job_title", hostile.substring(0, 60));
        Response created = bearer(owner).post("/api/v1/people", body);
        assertThat(created.status()).isEqualTo(201);
        assertThat(bearer(owner).get("/api/v1/people?q=%27%29%3B%20DROP").status()).isEqualTo(200);
        assertThat(bearer(owner).get("/api/v1/people/" + created.json().get("id").asString()).json().get("job_title").asString())
                .isEqualTo(hostile.substring(0, 60));
        assertThat(bearer(owner).get("/api/v1/people?q=%25").json().get("items").valueStream().toList())
                .as("a % is a literal, not a wildcard").isEmpty();
    }

    @Test
    @Tag("R2")
    void personalFieldsAreShownOnlyToThoseAllowedAndToThePersonThemself() {
        String hrEmail = "hr." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), hrEmail, "hr-manager-passphrase-1", "hr_manager");
        String mgrEmail = "mgr." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), mgrEmail, "manager-passphrase-2", "manager");
        String empEmail = "emp." + ws.workspace() + "@example.org";
        UUID empUser = TestUsers.addUser(ws.tenantId(), empEmail, "employee-passphrase-3", "employee");

        String colleague = bearer(owner).post("/api/v1/people", person("Cole", "League")).json().get("id").asString();
        Map<String, Object> mine = person("Emma", "Ployee");
        mine.put("user_id", empUser.toString());
        String self = bearer(owner).post("/api/v1/people", mine).json().get("id").asString();

        Map<String, String> tokens = Map.of(
                "owner", owner,
                "hr_manager", TestUsers.tokens(client(), ws.workspace(), hrEmail, "hr-manager-passphrase-1").access(),
                "manager", TestUsers.tokens(client(), ws.workspace(), mgrEmail, "manager-passphrase-2").access(),
                "employee", TestUsers.tokens(client(), ws.workspace(), empEmail, "employee-passphrase-3").access());
        Map<String, Boolean> seesPersonal = Map.of("owner", true, "hr_manager", true, "manager", false, "employee", false);

        seesPersonal.forEach((role, sees) -> {
            JsonNode detail = bearer(tokens.get(role)).get("/api/v1/people/" + colleague).json();
            JsonNode listed = bearer(tokens.get(role)).get("/api/v1/people?q=cole").json().get("items").get(0);
            for (String field : PERSONAL) {
                assertThat(detail.has(field)).as(role + " sees " + field + " in detail").isEqualTo(sees);
                assertThat(listed.has(field)).as(role + " sees " + field + " in list").isEqualTo(sees);
            }
            assertThat(detail.get("family_name").asString()).isEqualTo("League");
        });
        JsonNode own = bearer(tokens.get("employee")).get("/api/v1/people/" + self).json();
        for (String field : PERSONAL) {
            assertThat(own.has(field)).as("the person sees their own " + field).isTrue();
        }
        assertThat(own.get("iban").asString()).isEqualTo("DE89370400440532013000");
        String body = bearer(tokens.get("manager")).get("/api/v1/people").body();
        assertThat(body).doesNotContain("DE8937").doesNotContain("T22000129").doesNotContain("1990-05-17");
    }

    @Test
    @Tag("R2")
    void writingPersonalFieldsNeedsItsPermissionAndPeopleMayUpdateTheirOwnContactDetails() {
        String empEmail = "self." + ws.workspace() + "@example.org";
        UUID empUser = TestUsers.addUser(ws.tenantId(), empEmail, "self-service-passphrase", "employee");
        Map<String, Object> mine = person("Sam", "Self");
        mine.put("user_id", empUser.toString());
        Response created = bearer(owner).post("/api/v1/people", mine);
        String self = created.json().get("id").asString();
        String other = bearer(owner).post("/api/v1/people", person("Oth", "Er")).json().get("id").asString();
        String employee = TestUsers.tokens(client(), ws.workspace(), empEmail, "self-service-passphrase").access();

        Response contact = bearer(employee).header("If-Match", "\"1\"").method("PATCH", "/api/v1/people/" + self,
                Map.of("phone", "+49 151 0000000", "personal_email", "sam@new.example", "emergency_contact", "Pat, +49 30 1"));
        assertThat(contact.status()).as(contact.toString()).isEqualTo(200);
        for (Map<String, Object> forbidden : List.of(Map.<String, Object>of("iban", "GB82 WEST 1234 5698 7654 32"),
                Map.<String, Object>of("national_id", "X1"), Map.<String, Object>of("job_title", "CEO"),
                Map.<String, Object>of("user_id", UUID.randomUUID().toString()))) {
            Response refused = bearer(employee).header("If-Match", "\"2\"").method("PATCH", "/api/v1/people/" + self, forbidden);
            assertThat(refused.status()).as(forbidden.toString()).isEqualTo(403);
        }
        assertThat(bearer(employee).header("If-Match", "\"1\"").method("PATCH", "/api/v1/people/" + other,
                Map.of("phone", "+1 555 0100")).status()).as("someone else's record").isEqualTo(403);
        assertThat(bearer(employee).post("/api/v1/people", person("New", "Person")).status()).isEqualTo(403);
        assertThat(bearer(employee).delete("/api/v1/people/" + other).status()).isEqualTo(403);

        // people:write without people.personal:write: work fields yes, personal fields no, links no
        Response role = bearer(owner).post("/api/v1/roles", Map.of("name", "Directory editors",
                "permissions", List.of("people:read", "people:write")));
        String editorEmail = "editor." + ws.workspace() + "@example.org";
        UUID editorUser = TestUsers.addUser(ws.tenantId(), editorEmail, "directory-editor-passphrase");
        bearer(owner).method("PUT", "/api/v1/users/" + editorUser + "/roles", Map.of("roles", List.of(role.json().get("id").asString())));
        String editor = TestUsers.tokens(client(), ws.workspace(), editorEmail, "directory-editor-passphrase").access();
        assertThat(bearer(editor).header("If-Match", "\"1\"").method("PATCH", "/api/v1/people/" + other,
                Map.of("job_title", "Staff Engineer")).status()).isEqualTo(200);
        assertThat(bearer(editor).header("If-Match", "\"2\"").method("PATCH", "/api/v1/people/" + other,
                Map.of("iban", "GB82 WEST 1234 5698 7654 32")).status()).isEqualTo(403);
        Map<String, Object> withPersonal = person("Pers", "Onal");
        assertThat(bearer(editor).post("/api/v1/people", withPersonal).status()).isEqualTo(403);
        assertThat(bearer(editor).post("/api/v1/people", Map.of("given_name", "Work", "family_name", "Only")).status()).isEqualTo(201);
        assertThat(bearer(editor).header("If-Match", "\"2\"").method("PATCH", "/api/v1/people/" + other,
                Map.of("user_id", editorUser.toString())).status()).as("linking a record to an account makes it 'self'")
                .isEqualTo(403);
    }

    @Test
    @Tag("R2")
    void concurrentEditsNeverOverwriteEachOtherSilently() {
        String id = bearer(owner).post("/api/v1/people", person("Con", "Current")).json().get("id").asString();
        String etag = bearer(owner).get("/api/v1/people/" + id).header("ETag");
        Response first = bearer(owner).header("If-Match", etag).method("PATCH", "/api/v1/people/" + id, Map.of("job_title", "A"));
        Response second = bearer(owner).header("If-Match", etag).method("PATCH", "/api/v1/people/" + id, Map.of("job_title", "B"));
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(412);
        assertThat(second.json().get("type").asString()).isEqualTo("urn:strongroom:problem:precondition-failed");
        assertThat(bearer(owner).get("/api/v1/people/" + id).json().get("job_title").asString()).isEqualTo("A");
        Response missing = bearer(owner).method("PATCH", "/api/v1/people/" + id, Map.of("job_title", "C"));
        assertThat(missing.status()).isEqualTo(428);
        assertThat(bearer(owner).header("If-Match", "\"99\"").delete("/api/v1/people/" + id).status()).isEqualTo(412);
        assertThat(bearer(owner).header("If-Match", "garbage").method("PATCH", "/api/v1/people/" + id, Map.of("job_title", "D"))
                .status()).isEqualTo(412);
    }

    @Test
    @Tag("R2")
    void managersAreSameTenantPeopleWithoutCycles() {
        String boss = bearer(owner).post("/api/v1/people", person("Big", "Boss")).json().get("id").asString();
        Map<String, Object> report = person("Rep", "Ort");
        report.put("manager_id", boss);
        Response created = bearer(owner).post("/api/v1/people", report);
        String reportId = created.json().get("id").asString();
        assertThat(created.json().get("manager_id").asString()).isEqualTo(boss);

        Response cycle = bearer(owner).header("If-Match", "\"1\"").method("PATCH", "/api/v1/people/" + boss, Map.of("manager_id", reportId));
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.json().get("errors").get(0).get("message").asString()).contains("cycle");
        assertThat(bearer(owner).header("If-Match", "\"1\"").method("PATCH", "/api/v1/people/" + boss, Map.of("manager_id", boss))
                .status()).isEqualTo(400);
        assertThat(bearer(owner).delete("/api/v1/people/" + boss).status()).as("has reports").isEqualTo(409);

        Workspace other = TestUsers.signUp(client(), "othermgr");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        String foreign = bearer(otherOwner).post("/api/v1/people", person("For", "Eign")).json().get("id").asString();
        Map<String, Object> crossTenant = person("Cross", "Tenant");
        crossTenant.put("manager_id", foreign);
        Response refused = bearer(owner).post("/api/v1/people", crossTenant);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("manager_id");
    }

    @Test
    @Tag("R2")
    void searchByNameAndDepartmentWithKeysetPagination() {
        for (String[] p : new String[][] {{"Alice", "Zeta", "Sales"}, {"Bob", "Young", "Sales"}, {"Carol", "Xu", "Platform"},
                {"Dan", "Walker", "sales"}, {"Eve", "Vance", "Legal"}}) {
            Map<String, Object> body = person(p[0], p[1]);
            body.put("department", p[2]);
            assertThat(bearer(owner).post("/api/v1/people", body).status()).isEqualTo(201);
        }
        List<String> sales = bearer(owner).get("/api/v1/people?department=SALES").json().get("items").valueStream()
                .map(e -> e.get("family_name").asString()).toList();
        assertThat(sales).containsExactly("Walker", "Young", "Zeta");
        assertThat(bearer(owner).get("/api/v1/people?q=aro").json().get("items").valueStream()
                .map(e -> e.get("given_name").asString()).toList()).containsExactly("Carol");

        List<String> all = new java.util.ArrayList<>();
        String after = null;
        do {
            JsonNode page = bearer(owner).get("/api/v1/people?limit=2" + (after == null ? "" : "&after=" + after)).json();
            page.get("items").valueStream().forEach(e -> all.add(e.get("family_name").asString()));
            after = page.get("next_after").isNull() ? null : page.get("next_after").asString();
        } while (after != null);
        assertThat(all).containsExactly("Vance", "Walker", "Xu", "Young", "Zeta");
        assertThat(bearer(owner).get("/api/v1/people?after=bogus").status()).isEqualTo(400);
        assertThat(bearer(owner).get("/api/v1/people?limit=1000").status()).isEqualTo(400);
        assertThat(bearer(owner).get("/api/v1/people?q=%00").status()).isEqualTo(400);
    }

    /** Showing a sensitive field on the pages: only for those who may read it, only sensitive fields, and recorded. */
    @Test
    @Tag("R2")
    void revealingASensitiveFieldNeedsThePersonalReadPermissionAndIsRecorded() {
        Map<String, Object> body = person("Rita", "Reveal");
        body.put("iban", "DE89 3704 0044 0532 0130 00");
        String id = bearer(owner).post("/api/v1/people", body).json().get("id").asString();
        java.util.function.Function<Set<String>, Caller> caller = permissions -> new Caller(ws.ownerId(), ws.tenantId(),
                UUID.randomUUID(), permissions, "192.0.2.1", "test", "test", Caller.Kind.USER);
        java.util.function.BiFunction<Caller, String, Object> reveal = (who, field) -> {
            SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(who, null));
            try {
                return TenantContext.callAs(ws.tenantId(), () -> directory.reveal(UUID.fromString(id), field));
            } catch (io.strongroom.platform.ApiProblem problem) {
                return problem.status().value();
            } finally {
                SecurityContextHolder.clearContext();
            }
        };
        assertThat(reveal.apply(caller.apply(Set.of("people:read")), "iban")).as("without people.personal:read").isEqualTo(403);
        assertThat(reveal.apply(caller.apply(Set.of("people:read", "people.personal:read")), "phone"))
                .as("not a sensitive field").isEqualTo(400);
        assertThat(reveal.apply(caller.apply(Set.of("people:read", "people.personal:read")), "iban"))
                .isEqualTo("DE89370400440532013000");
        JsonNode records = bearer(owner).get("/api/v1/audit/events?action=employee.personal_revealed&target_id=" + id).json();
        assertThat(records.get("items").size()).as("one record, for the one reveal").isEqualTo(1);
        assertThat(records.get("items").get(0).toString()).contains("iban").doesNotContain("DE89");
    }

    /**
     * An API answer that carries a sensitive value (date of birth, national id, IBAN) is recorded
     * with the fields' names, never the values: one record for a record read, one for a page.
     */
    @Test
    @Tag("R2")
    @Tag("L1")
    void everyApiAnswerCarryingASensitiveValueIsRecorded() {
        Map<String, Object> body = person("Sina", "Sensitive");
        body.put("iban", "DE89 3704 0044 0532 0130 00");
        body.put("national_id", "L01X00T47");
        String id = bearer(owner).post("/api/v1/people", body).json().get("id").asString();
        String plain = bearer(owner).post("/api/v1/people", Map.of("given_name", "Paul", "family_name", "Plain"))
                .json().get("id").asString();
        java.util.function.Supplier<List<JsonNode>> reads = () -> bearer(owner)
                .get("/api/v1/audit/events?action=employee.personal_read").json().get("items").valueStream().toList();
        assertThat(reads.get()).as("creating is not reading").isEmpty();

        assertThat(bearer(owner).get("/api/v1/people/" + id).body()).contains("DE89370400440532013000");
        assertThat(reads.get()).hasSize(1);
        JsonNode read = reads.get().getFirst();
        assertThat(read.get("target_id").asString()).isEqualTo(id);
        assertThat(read.get("details").get("fields").asString()).isEqualTo("date_of_birth, iban, national_id");
        assertThat(read.toString()).doesNotContain("DE89").doesNotContain("L01X00T47");

        bearer(owner).get("/api/v1/people/" + plain);
        assertThat(reads.get()).as("nothing sensitive in the answer, nothing recorded").hasSize(1);
        bearer(owner).get("/api/v1/people?limit=50");
        assertThat(reads.get()).as("a page: one record").hasSize(2);
        assertThat(reads.get().getFirst().get("target_id").asString()).as("the one person of the page with such values").isEqualTo(id);

        Map<String, Object> second = person("Sam", "Second");
        second.put("iban", "GB82 WEST 1234 5698 7654 32");
        bearer(owner).post("/api/v1/people", second);
        bearer(owner).get("/api/v1/people?limit=50");
        assertThat(reads.get()).hasSize(3);
        assertThat(reads.get().getFirst().get("target_id").isNull()).as("a page of several: one record").isTrue();
        assertThat(reads.get().getFirst().get("details").get("people").asString()).isEqualTo("2");

        // without people.personal:read the answer has no personal field, so there is nothing to record
        String readerEmail = "reader." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), readerEmail, "reader-passphrase-31", "employee");
        String reader = TestUsers.tokens(client(), ws.workspace(), readerEmail, "reader-passphrase-31").access();
        assertThat(bearer(reader).get("/api/v1/people/" + id).body()).doesNotContain("DE89");
        assertThat(reads.get()).hasSize(3);
    }

    @Test
    void searchIgnoresCaseAndAccentsAndCoversJobTitleAndWorkEmailWithATotal() {
        String[][] people = {{"Jürgen", "Müller", "Data Engineer", "jm@acme.example", "active"},
                {"José", "Núñez", "Recruiter", "jose@acme.example", "on_leave"},
                {"Zoë", "Ångström", "Accountant", "zoe@finance.example", "terminated"}};
        for (String[] p : people) {
            Map<String, Object> body = person(p[0], p[1]);
            body.put("job_title", p[2]);
            body.put("work_email", p[3]);
            body.put("status", p[4]);
            body.put("personal_email", "private." + p[3]);
            assertThat(bearer(owner).post("/api/v1/people", body).status()).isEqualTo(201);
        }
        Map<String, List<String>> expected = Map.of(
                "muller", List.of("Müller"), "MÜLLER", List.of("Müller"), "jurgen mul", List.of("Müller"),
                "nunez", List.of("Núñez"), "angstrom", List.of("Ångström"), "recruit", List.of("Núñez"),
                "finance.example", List.of("Ångström"), "private", List.of());
        expected.forEach((q, names) -> {
            JsonNode page = bearer(owner).get("/api/v1/people?q=" + java.net.URLEncoder.encode(q,
                    java.nio.charset.StandardCharsets.UTF_8)).json();
            assertThat(page.get("items").valueStream().map(e -> e.get("family_name").asString()).toList())
                    .as("q=" + q + " (a personal field is never searched)").containsExactlyElementsOf(names);
            assertThat(page.get("total").asLong()).as("total for q=" + q).isEqualTo(names.size());
        });
        JsonNode onLeave = bearer(owner).get("/api/v1/people?status=on_leave").json();
        assertThat(onLeave.get("items").valueStream().map(e -> e.get("family_name").asString()).toList())
                .containsExactly("Núñez");
        JsonNode firstOfTwo = bearer(owner).get("/api/v1/people?q=example&limit=2").json();
        assertThat(firstOfTwo.get("items").size()).isEqualTo(2);
        assertThat(firstOfTwo.get("total").asLong()).as("the total counts every page").isEqualTo(3);
    }

    @Test
    @Tag("T1")
    @Tag("R2")
    void anotherTenantsPersonAnswers404LikeANonExistentOne() {
        Workspace other = TestUsers.signUp(client(), "otherppl");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        String foreign = bearer(otherOwner).post("/api/v1/people", person("Secret", "Person")).json().get("id").asString();
        String missing = UUID.randomUUID().toString();
        for (String id : List.of(foreign, missing)) {
            ApiClient me = bearer(owner);
            Response get = me.get("/api/v1/people/" + id);
            Response patch = bearer(owner).header("If-Match", "\"1\"").method("PATCH", "/api/v1/people/" + id, Map.of("job_title", "x"));
            Response delete = bearer(owner).delete("/api/v1/people/" + id);
            assertThat(List.of(get.status(), patch.status(), delete.status())).as(id).containsOnly(404);
            assertThat(get.json().get("detail").asString()).isEqualTo("The person was not found.");
        }
        assertThat(bearer(otherOwner).get("/api/v1/people/" + foreign).json().get("job_title").asString()).isEqualTo("Engineer");
        assertThat(bearer(owner).get("/api/v1/people?q=secret").json().get("items").valueStream().toList()).isEmpty();
    }
}
