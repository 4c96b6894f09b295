package io.strongroom.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * R1: built-in roles are not copies. Their rows store no permissions (so a new module's
 * permissions reach every workspace without a data migration), the database refuses storing some,
 * and what a built-in role holds is still served and enforced from the catalog.
 */
class BuiltInRolesFromCodeTest extends ApiTest {

    @Test
    @Tag("R1")
    void builtInRoleRowsStoreNoPermissionsAndTheirPermissionsComeFromTheCatalog() {
        Workspace ws = TestUsers.signUp(client(), "builtins");
        List<String> stored = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "select array_to_string(permissions, ',') from role where builtin_key is not null")
                .query(String.class).list());
        assertThat(stored).hasSize(6).allSatisfy(p -> assertThat(p).isEmpty());

        assertThatThrownBy(() -> TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "update role set permissions = '{people:read}' where builtin_key = 'auditor'").update()))
                .isInstanceOf(DataIntegrityViolationException.class);

        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        var hr = bearer(owner).get("/api/v1/roles").json().get("roles").valueStream()
                .filter(r -> r.get("name").asString().equals("HR manager")).findFirst().orElseThrow();
        assertThat(hr.get("permissions").valueStream().map(p -> p.asString()).toList())
                .containsExactly("people.personal:read", "people.personal:write", "people:read", "people:write",
                        "privacy:manage", "timeoff.health:read", "timeoff:approve", "timeoff:manage", "timeoff:request");

        String email = "auditor." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "auditor-from-code-passphrase", "auditor");
        String auditor = TestUsers.tokens(client(), ws.workspace(), email, "auditor-from-code-passphrase").access();
        assertThat(bearer(auditor).get("/api/v1/audit/events").status()).isEqualTo(200);
        assertThat(bearer(auditor).get("/api/v1/people").status()).isEqualTo(403);
    }
}
