package io.strongroom.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * People in and out as CSV: the export is the list as filtered, with personal columns only for
 * those who may read them, neutralised against formula injection and audited; the import checks
 * every row as one create would, adds all or nothing, and refuses unreadable files by name.
 */
class PeopleCsvTest extends ApiTest {

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "csv");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @Test
    @Tag("R2")
    @Tag("L1")
    @Tag("D1")
    void theExportIsTheFilteredListWithPersonalColumnsOnlyForThoseAllowedAndIsAudited() {
        bearer(owner).post("/api/v1/people", Map.of("given_name", "Ada", "family_name", "Adams", "iban",
                "DE89 3704 0044 0532 0130 00", "job_title", "=HYPERLINK(\"http://evil.example\",\"x\")"));
        bearer(owner).post("/api/v1/people", Map.of("given_name", "Bob", "family_name", "Brown", "status", "terminated"));

        Response all = bearer(owner).get("/api/v1/people.csv");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.header("Content-Type")).startsWith("text/csv");
        assertThat(all.header("Content-Disposition")).contains("people.csv");
        assertThat(all.header("Cache-Control")).contains("no-store");
        String[] lines = all.body().replace("\ufeff", "").split("\r\n");
        assertThat(lines[0]).startsWith("id,given_name,family_name").contains(",iban,");
        assertThat(lines).hasSize(3);
        assertThat(all.body()).contains("DE89370400440532013000")
                .as("a formula is neutralised").contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");

        Response active = bearer(owner).get("/api/v1/people.csv?status=active&sort=-name");
        assertThat(active.body()).contains("Adams").doesNotContain("Brown");

        // without people.personal:read: no personal column at all
        String hrEmail = "hr." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), hrEmail, "hr-reader-passphrase-1", "employee");
        String roleId = bearer(owner).post("/api/v1/roles", Map.of("name", "Directory readers", "description", "read",
                "permissions", List.of("people:read"))).json().get("id").asString();
        UUID hrId = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("select id from app_user where email = :e")
                .param("e", hrEmail).query(UUID.class).single());
        assertThat(bearer(owner).method("PUT", "/api/v1/users/" + hrId + "/roles", Map.of("roles", List.of(roleId))).status())
                .isEqualTo(200);
        String hr = TestUsers.tokens(client(), ws.workspace(), hrEmail, "hr-reader-passphrase-1").access();
        Response masked = bearer(hr).get("/api/v1/people.csv");
        assertThat(masked.status()).isEqualTo(200);
        assertThat(masked.body()).contains("Adams").doesNotContain("iban").doesNotContain("DE89").doesNotContain("date_of_birth");

        // a member without people:read may not export
        String noneEmail = "none." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), noneEmail, "no-roles-passphrase-22");
        String none = TestUsers.tokens(client(), ws.workspace(), noneEmail, "no-roles-passphrase-22").access();
        assertThat(bearer(none).get("/api/v1/people.csv").status()).isEqualTo(403);

        // each export is in the trail: how many, whether with personal data, the filters
        String trail = bearer(owner).get("/api/v1/audit/events?action=employee.exported").body();
        assertThat(trail).contains("\"personal_data\":\"true\"").contains("\"personal_data\":\"false\"").contains("\"status\":\"active\"")
                .doesNotContain("DE89");
    }

    @Test
    @Tag("D1")
    void anExportedFileImportsIntoAnotherWorkspace() {
        bearer(owner).post("/api/v1/people", Map.of("given_name", "Jürgen", "family_name", "Müller", "department", "Bau",
                "start_date", "2024-02-01", "job_title", "-5 Leiter", "phone", "+49 30 1234567"));
        bearer(owner).post("/api/v1/people", Map.of("given_name", "Zoë", "family_name", "Ångström", "status", "on_leave"));
        String exported = bearer(owner).get("/api/v1/people.csv").body();

        Workspace other = TestUsers.signUp(client(), "csv-into");
        String otherOwner = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        Response imported = csv(otherOwner, "/api/v1/people/import", exported);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        String list = bearer(otherOwner).get("/api/v1/people?sort=name").body();
        assertThat(list).contains("Müller").contains("Ångström").contains("\"-5 Leiter\"").contains("+49 30 1234567")
                .contains("on_leave").contains("2024-02-01");
        assertThat(bearer(otherOwner).get("/api/v1/audit/events?action=employee.created").json().get("items").size()).isEqualTo(2);
    }

    @Test
    void oneWrongRowAddsNobodyAndEveryWrongRowIsNamed() {
        String file = """
                given_name,family_name,iban,start_date
                Ada,Adams,DE89 3704 0044 0532 0130 00,2024-01-01
                Bob,,DE00 0000,2024-13-01
                Cid,Clark,,
                Dan,Dunn,,yesterday
                """;
        Response refused = csv(owner, "/api/v1/people/import", file);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .contains("rows[3].family_name", "rows[3].iban", "rows[3].start_date", "rows[5].start_date")
                .noneMatch(f -> f.startsWith("rows[2]") || f.startsWith("rows[4]"));
        assertThat(bearer(owner).get("/api/v1/people").json().get("total").asLong()).as("nothing half-imported").isZero();
        assertThat(bearer(owner).get("/api/v1/audit/events?action=employee.created").json().get("items").size()).isZero();

        Response preview = csv(owner, "/api/v1/people/import?dry_run=true", file);
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.json().get("rows").asInt()).isEqualTo(4);
        assertThat(preview.json().get("valid").asBoolean()).isFalse();
        assertThat(preview.json().get("errors").valueStream().map(e -> e.get("line").asInt()).distinct().toList())
                .containsExactly(3, 5);

        Response fine = csv(owner, "/api/v1/people/import?dry_run=true", "given_name,family_name\nAda,Adams\n");
        assertThat(fine.json().get("valid").asBoolean()).isTrue();
        assertThat(bearer(owner).get("/api/v1/people").json().get("total").asLong()).as("a dry run adds nobody").isZero();
    }

    @Test
    void spreadsheetFilesWithSemicolonsTranslatedHeadersAndAByteOrderMarkAreRead() {
        String file = "\ufeffVorname;Nachname;Position;Abteilung\r\nAnna;Nowak;'=Chefin;Vertrieb\r\n";
        Response imported = csv(owner, "/api/v1/people/import", file);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        assertThat(bearer(owner).get("/api/v1/people").body()).contains("\"job_title\":\"=Chefin\"").contains("Vertrieb");
    }

    @Test
    void unreadableFilesAreRefusedByNameAndChangeNothing() {
        StringBuilder big = new StringBuilder("given_name,family_name\n");
        for (int i = 0; i <= 5_000; i++) {
            big.append("P,").append(i).append('\n');
        }
        Map<String, String> files = Map.of(
                "empty", "",
                "header only", "given_name,family_name\n",
                "unknown column", "given_name,family_name,salary\nA,B,100\n",
                "twice", "given_name,family_name,Vorname\nA,B,C\n",
                "ragged", "given_name,family_name\nA,B,C\n",
                "broken quote", "given_name,family_name\n\"A,B\n",
                "nul", "given_name,family_name\nA\u0000,B\n",
                "too many rows", big.toString());
        files.forEach((what, file) -> {
            Response refused = csv(owner, "/api/v1/people/import", file);
            assertThat(refused.status()).as(what + ": " + refused).isEqualTo(400);
            assertThat(refused.json().has("errors")).as(what + ": " + refused).isTrue();
            assertThat(refused.json().get("errors").get(0).get("field").asString()).as(what).isEqualTo("file");
        });
        Response latin1 = send(owner, "/api/v1/people/import", "given_name,family_name\nJ\u00fcrgen,M\u00fcller\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin1.status()).isEqualTo(400);
        assertThat(latin1.body()).contains("UTF-8");
        assertThat(bearer(owner).get("/api/v1/people").json().get("total").asLong()).isZero();

        String employeeEmail = "emp." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), employeeEmail, "employee-passphrase-22", "employee");
        String employee = TestUsers.tokens(client(), ws.workspace(), employeeEmail, "employee-passphrase-22").access();
        assertThat(csv(employee, "/api/v1/people/import", "given_name,family_name\nA,B\n").status()).isEqualTo(403);
    }

    /**
     * A file with a column the importer may not write (personal data without people.personal:write)
     * is refused as a whole with 403, not answered as row problems, and adds nobody.
     */
    @Test
    @Tag("R2")
    void aColumnTheImporterMayNotWriteRefusesTheWholeImport() {
        String clerkEmail = "clerk." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), clerkEmail, "clerk-passphrase-4711");
        String roleId = bearer(owner).post("/api/v1/roles", Map.of("name", "Directory clerks", "description", "work fields",
                "permissions", List.of("people:read", "people:write"))).json().get("id").asString();
        UUID clerkId = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("select id from app_user where email = :e")
                .param("e", clerkEmail).query(UUID.class).single());
        assertThat(bearer(owner).method("PUT", "/api/v1/users/" + clerkId + "/roles", Map.of("roles", List.of(roleId))).status())
                .isEqualTo(200);
        String clerk = TestUsers.tokens(client(), ws.workspace(), clerkEmail, "clerk-passphrase-4711").access();

        String file = "given_name,family_name,iban\nAda,Adams,\nBob,Brown,DE89 3704 0044 0532 0130 00\n";
        Response refused = csv(clerk, "/api/v1/people/import", file);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(csv(clerk, "/api/v1/people/import?dry_run=true", file).status()).as("the preview says so too").isEqualTo(403);
        assertThat(bearer(owner).get("/api/v1/people").json().get("total").asLong()).isZero();
        assertThat(csv(clerk, "/api/v1/people/import", "given_name,family_name\nAda,Adams\n").status())
                .as("work fields alone are fine").isEqualTo(201);
    }

    private Response csv(String token, String path, String body) {
        return send(token, path, body.getBytes(StandardCharsets.UTF_8));
    }

    private Response send(String token, String path, byte[] body) {
        ApiClient api = new ApiClient(port);
        return api.send(api.request(path).header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
