package io.strongroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * D1, CSV from each list page: users, roles, backups and the data-subject register download as the
 * list shows them (as filtered), each within the permission of its page, formula cells neutralised,
 * the lists that name people recorded in the trail. (People, the audit trail and time-off balances
 * have theirs in their own tests.)
 */
class ListCsvExportTest extends ApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "list-csv");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    private static List<CSVRecord> parse(Response response) throws java.io.IOException {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/csv");
        assertThat(response.header("Content-Disposition")).startsWith("attachment");
        return CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(response.body())).getRecords();
    }

    @Test
    @Tag("D1")
    void theUserListDownloadsAsFilteredWithFormulasNeutralisedAndIsRecorded() throws Exception {
        assertThat(bearer(owner).post("/api/v1/users", Map.of("email", "formula." + ws.workspace() + "@example.org",
                "display_name", "=HYPERLINK(\"http://evil.example\",\"x\")")).status()).isEqualTo(201);
        assertThat(bearer(owner).post("/api/v1/users", Map.of("email", "plain." + ws.workspace() + "@example.org",
                "display_name", "Plain Person")).status()).isEqualTo(201);

        List<CSVRecord> all = parse(bearer(owner).get("/api/v1/users.csv"));
        assertThat(all).hasSize(3);
        assertThat(all).extracting(r -> r.get("display_name")).contains("'=HYPERLINK(\"http://evil.example\",\"x\")");
        assertThat(all.stream().filter(r -> r.get("email").equals(ws.ownerEmail())).findFirst().orElseThrow().get("roles"))
                .isEqualTo("Owner");

        List<CSVRecord> filtered = parse(bearer(owner).get("/api/v1/users.csv?q=plain"));
        assertThat(filtered).extracting(r -> r.get("display_name")).containsExactly("Plain Person");
        assertThat(bearer(owner).get("/api/v1/users.csv?status=bogus").status()).isEqualTo(400);

        String trail = bearer(owner).get("/api/v1/audit/events?action=user.exported").body();
        assertThat(trail).contains("\"query\":\"plain\"").contains("\"rows\":\"1\"");

        String employee = "employee." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), employee, "list-csv-passphrase-4", "employee");
        String token = TestUsers.tokens(client(), ws.workspace(), employee, "list-csv-passphrase-4").access();
        assertThat(bearer(token).get("/api/v1/users.csv").status()).isEqualTo(403);
        assertThat(bearer(token).get("/api/v1/roles.csv").status()).isEqualTo(403);
        assertThat(bearer(token).get("/api/v1/backups.csv").status()).isEqualTo(403);
        assertThat(bearer(token).get("/api/v1/privacy/requests.csv").status()).isEqualTo(403);
    }

    @Test
    @Tag("D1")
    void rolesBackupsAndTheRegisterDownloadAsTheirListsShowThem() throws Exception {
        assertThat(bearer(owner).post("/api/v1/roles", Map.of("name", "+Readers", "description", "read",
                "permissions", List.of("people:read", "audit:read"))).status()).isEqualTo(201);
        List<CSVRecord> roles = parse(bearer(owner).get("/api/v1/roles.csv"));
        CSVRecord readers = roles.stream().filter(r -> r.get("name").equals("'+Readers")).findFirst().orElseThrow();
        assertThat(readers.get("permissions")).contains("people:read").contains("; ");
        assertThat(readers.get("builtin")).isEqualTo("false");
        assertThat(roles).extracting(r -> r.get("name")).contains("Owner");

        assertThat(bearer(owner).post("/api/v1/backups", Map.of()).status()).isEqualTo(202);
        io.strongroom.backup.internal.TestBackups.runOpenJobs(context);
        List<CSVRecord> backups = parse(bearer(owner).get("/api/v1/backups.csv"));
        assertThat(backups).hasSize(1);
        assertThat(backups.getFirst().get("state")).isEqualTo("verified");
        assertThat(Long.parseLong(backups.getFirst().get("size_bytes"))).isPositive();

        String person = bearer(owner).post("/api/v1/people", Map.of("given_name", "Dana", "family_name", "Asker"))
                .json().get("id").asString();
        assertThat(bearer(owner).post("/api/v1/privacy/requests", Map.of("kind", "access", "person_id", person,
                "subject_name", "Dana Asker", "identity_check", "In person")).status()).isEqualTo(201);
        String refused = bearer(owner).post("/api/v1/privacy/requests", Map.of("kind", "information",
                "subject_email", "asker@example.org", "identity_check", "From the address")).json().get("id").asString();
        assertThat(bearer(owner).post("/api/v1/privacy/requests/" + refused + "/refuse", Map.of("reason", "Not ours"))
                .status()).isEqualTo(200);
        List<CSVRecord> open = parse(bearer(owner).get("/api/v1/privacy/requests.csv?status=open"));
        assertThat(open).extracting(r -> r.get("subject_name")).containsExactly("Dana Asker");
        assertThat(open.getFirst().get("due_at")).isNotBlank();
        assertThat(parse(bearer(owner).get("/api/v1/privacy/requests.csv"))).hasSize(2);
        assertThat(bearer(owner).get("/api/v1/privacy/requests.csv?status=bogus").status()).isEqualTo(400);
        assertThat(bearer(owner).get("/api/v1/audit/events?action=privacy.requests.exported").json().get("items").size())
                .isEqualTo(2);
    }
}
