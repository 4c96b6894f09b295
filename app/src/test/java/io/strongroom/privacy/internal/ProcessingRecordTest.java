package io.strongroom.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.strongroom.platform.TenantDataRegistry;
import io.strongroom.platform.TenantTable;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * The record of processing (G4) is generated from the registry and the configuration: every module
 * that keeps tenant data has a purpose, every personal column appears under its category with its
 * retention, and every member of the workspace may read it.
 */
class ProcessingRecordTest extends ApiTest {

    @Autowired
    TenantDataRegistry registry;

    @Test
    @Tag("G4")
    void everyMemberReadsARecordThatCoversEveryModuleAndEveryPersonalColumn() {
        Workspace ws = TestUsers.signUp(client(), "record");
        String email = "reader." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "record-reader-passphrase", "employee");
        String employee = TestUsers.tokens(client(), ws.workspace(), email, "record-reader-passphrase").access();
        Response response = bearer(employee).get("/api/v1/privacy/processing-record");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode record = response.json();
        assertThat(record.get("controller").get("workspace").asString()).isEqualTo(ws.workspace());

        List<String> modules = registry.tables().stream().map(TenantTable::module).distinct().toList();
        assertThat(modules).as("a module keeps tenant data without a purpose in ProcessingRecord.PURPOSES")
                .allSatisfy(m -> assertThat(ProcessingRecord.PURPOSES.get(m)).as(m).isNotBlank());
        assertThat(record.get("activities").valueStream().map(a -> a.get("module").asString()))
                .containsExactlyInAnyOrderElementsOf(modules);

        List<String> listed = new ArrayList<>();
        record.get("personal_data_categories").forEach(c -> {
            assertThat(c.get("retention").asString()).isNotBlank();
            c.get("stored_in").forEach(column -> listed.add(column.asString()));
        });
        List<String> personal = new ArrayList<>();
        registry.tables().forEach(t -> t.personalColumns().forEach(column -> personal.add(t.name() + "." + column)));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(personal);
        assertThat(record.get("personal_data_categories").valueStream()
                .filter(c -> c.get("key").asString().equals("absence_reason")).findFirst().orElseThrow()
                .get("special_category").asBoolean()).isTrue();
        assertThat(record.get("retention_schedule").get("unsubscribed-deletion_days").asInt()).isEqualTo(180);
        assertThat(record.get("security_measures").size()).isPositive();
        assertThat(response.body()).as("no personal data in it").doesNotContain(ws.ownerEmail()).doesNotContain(email);

        assertThat(client().get("/api/v1/privacy/processing-record").status()).isEqualTo(401);
    }
}
