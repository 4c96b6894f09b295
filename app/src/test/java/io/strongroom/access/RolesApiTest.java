package io.strongroom.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/** R1 and R4: roles are sets of permissions; every built-in role gets exactly what it should; escalation is refused. */
class RolesApiTest extends ApiTest {

    Workspace ws;
    String ownerAccess;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "roles");
        ownerAccess = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @Test
    @Tag("R1")
    void thePermissionCatalogIsServedWithDescriptions() {
        Response response = bearer(ownerAccess).get("/api/v1/permissions");
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> permissions = response.json().get("permissions").valueStream().toList();
        assertThat(permissions).extracting(p -> p.get("key").asString()).containsExactlyInAnyOrder("people:read",
                "people:write", "people.personal:read", "people.personal:write", "users:manage", "roles:manage",
                "audit:read", "settings:manage", "owners:manage", "backups:read", "backups:create", "backups:restore",
                "exports:create", "privacy:manage", "timeoff:request", "timeoff:approve", "timeoff:manage", "timeoff.health:read");
        assertThat(permissions).allSatisfy(p -> assertThat(p.get("description").asString()).hasSizeGreaterThan(15));
    }

    @Test
    @Tag("R1")
    void everyTenantStartsWithTheSixBuiltInRoles() {
        List<JsonNode> roles = bearer(ownerAccess).get("/api/v1/roles").json().get("roles").valueStream().toList();
        assertThat(roles).filteredOn(r -> r.get("builtin").asBoolean()).extracting(r -> r.get("name").asString())
                .containsExactlyInAnyOrder("Owner", "Administrator", "HR manager", "Manager", "Employee", "Auditor");
    }

    /** For each built-in role, which calls it may make: the matrix of R1 and R4. */
    @Test
    @Tag("R1")
    @Tag("R4")
    void eachBuiltInRoleIsAllowedExactlyItsCalls() {
        Map<String, Function<ApiClient, Response>> calls = new LinkedHashMap<>();
        calls.put("list people", c -> c.get("/api/v1/people"));
        calls.put("add person", c -> c.post("/api/v1/people", Map.of("given_name", "Rita", "family_name", "Role")));
        calls.put("read audit", c -> c.get("/api/v1/audit/events"));
        calls.put("verify audit", c -> c.get("/api/v1/audit/verify"));
        calls.put("list users", c -> c.get("/api/v1/users"));
        calls.put("list roles", c -> c.get("/api/v1/roles"));
        calls.put("create role", c -> c.post("/api/v1/roles", Map.of("name", "R " + UUID.randomUUID(), "permissions", List.of())));
        calls.put("change policy", c -> c.method("PUT", "/api/v1/settings/password-policy",
                Map.of("mode", "enforced", "min_length", 12, "min_score", 3)));
        calls.put("read policy", c -> c.get("/api/v1/settings/password-policy"));
        calls.put("permissions", c -> c.get("/api/v1/permissions"));
        calls.put("me", c -> c.get("/api/v1/me"));

        Map<String, List<String>> allowed = Map.of(
                "owner", List.copyOf(calls.keySet()),
                "administrator", List.copyOf(calls.keySet()),
                "hr_manager", List.of("list people", "add person", "read policy", "permissions", "me"),
                "manager", List.of("list people", "read policy", "permissions", "me"),
                "employee", List.of("list people", "read policy", "permissions", "me"),
                "auditor", List.of("read audit", "verify audit", "read policy", "permissions", "me"));

        allowed.forEach((role, permitted) -> {
            String email = "as-" + role + "." + ws.workspace() + "@example.org";
            TestUsers.addUser(ws.tenantId(), email, "matrix-passphrase-for-" + role, role);
            String access = TestUsers.tokens(client(), ws.workspace(), email, "matrix-passphrase-for-" + role).access();
            calls.forEach((name, call) -> {
                int status = call.apply(bearer(access)).status();
                if (permitted.contains(name)) {
                    assertThat(status).as(role + " may " + name).isBetween(200, 299);
                } else {
                    assertThat(status).as(role + " may not " + name).isEqualTo(403);
                }
            });
        });
        calls.forEach((name, call) -> assertThat(call.apply(client()).status()).as("anonymous " + name).isEqualTo(401));
    }

    @Test
    @Tag("R1")
    void customRolesChangeWhatTheirHoldersMayDoAtTheNextToken() {
        Response created = bearer(ownerAccess).post("/api/v1/roles",
                Map.of("name", "Directory readers", "description", "See the directory", "permissions", List.of("people:read")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String roleId = created.json().get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/v1/roles/" + roleId);

        String email = "reader." + ws.workspace() + "@example.org";
        UUID user = TestUsers.addUser(ws.tenantId(), email, "directory-reader-passphrase");
        var tokens = TestUsers.tokens(client(), ws.workspace(), email, "directory-reader-passphrase");
        assertThat(bearer(tokens.access()).get("/api/v1/people").status()).as("no roles yet").isEqualTo(403);

        Response assigned = bearer(ownerAccess).method("PUT", "/api/v1/users/" + user + "/roles", Map.of("roles", List.of(roleId)));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(bearer(tokens.access()).get("/api/v1/people").status()).as("the old token does not know yet").isEqualTo(403);
        String refreshed = client().post("/api/v1/auth/refresh", Map.of("refresh_token", tokens.refresh()))
                .json().get("access_token").asString();
        assertThat(bearer(refreshed).get("/api/v1/people").status()).isEqualTo(200);

        Response edited = bearer(ownerAccess).method("PUT", "/api/v1/roles/" + roleId,
                Map.of("name", "Directory readers", "description", "Nothing anymore", "permissions", List.of()));
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.json().get("permissions").valueStream().toList()).isEmpty();

        assertThat(bearer(ownerAccess).delete("/api/v1/roles/" + roleId).status()).isEqualTo(204);
        assertThat(bearer(ownerAccess).get("/api/v1/roles/" + roleId).status()).isEqualTo(404);
    }

    @Test
    @Tag("R1")
    void builtInRolesCannotBeChangedOrDeletedAndBadRolesAreRefused() {
        String employeeRole = roleId("Employee");
        assertThat(bearer(ownerAccess).method("PUT", "/api/v1/roles/" + employeeRole,
                Map.of("name", "Employee", "permissions", List.of("people:read", "audit:read"))).status()).isEqualTo(409);
        assertThat(bearer(ownerAccess).delete("/api/v1/roles/" + employeeRole).status()).isEqualTo(409);

        Response unknown = bearer(ownerAccess).post("/api/v1/roles", Map.of("name", "X", "permissions", List.of("root:all")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("permissions");
        assertThat(bearer(ownerAccess).post("/api/v1/roles", Map.of("name", "", "permissions", List.of())).status()).isEqualTo(400);
        assertThat(bearer(ownerAccess).post("/api/v1/roles", Map.of("name", "Employee", "permissions", List.of())).status())
                .as("name taken, case-insensitively").isEqualTo(409);
        assertThat(bearer(ownerAccess).post("/api/v1/roles", Map.of("name", "employee", "permissions", List.of())).status())
                .isEqualTo(409);
    }

    @Test
    @Tag("R1")
    void nobodyGrantsAPermissionTheyDoNotHold() {
        // an administrator holds everything but owners:manage
        String admin = "admin." + ws.workspace() + "@example.org";
        UUID adminId = TestUsers.addUser(ws.tenantId(), admin, "administrator-passphrase-1", "administrator");
        String adminAccess = TestUsers.tokens(client(), ws.workspace(), admin, "administrator-passphrase-1").access();
        Response makeOwner = bearer(adminAccess).method("PUT", "/api/v1/users/" + adminId + "/roles",
                Map.of("roles", List.of(roleId("Owner"))));
        assertThat(makeOwner.status()).as("an administrator cannot make anyone an Owner, themself included").isEqualTo(403);
        assertThat(makeOwner.json().get("detail").asString()).contains("owners:manage");
        Response ownerRole = bearer(adminAccess).post("/api/v1/roles", Map.of("name", "Shadow owner",
                "permissions", List.of("owners:manage")));
        assertThat(ownerRole.status()).isEqualTo(403);

        // a delegate who may manage users and roles but not read the audit trail
        Response delegateRole = bearer(ownerAccess).post("/api/v1/roles", Map.of("name", "User desk",
                "permissions", List.of("users:manage", "roles:manage")));
        String delegate = "desk." + ws.workspace() + "@example.org";
        UUID delegateId = TestUsers.addUser(ws.tenantId(), delegate, "user-desk-passphrase-2");
        bearer(ownerAccess).method("PUT", "/api/v1/users/" + delegateId + "/roles",
                Map.of("roles", List.of(delegateRole.json().get("id").asString())));
        String deskAccess = TestUsers.tokens(client(), ws.workspace(), delegate, "user-desk-passphrase-2").access();

        assertThat(bearer(deskAccess).method("PUT", "/api/v1/users/" + delegateId + "/roles",
                Map.of("roles", List.of(roleId("Administrator")))).status()).as("self-escalation").isEqualTo(403);
        assertThat(bearer(deskAccess).method("PUT", "/api/v1/users/" + delegateId + "/roles",
                Map.of("roles", List.of(delegateRole.json().get("id").asString(), roleId("Auditor")))).status())
                .isEqualTo(403);
        assertThat(bearer(deskAccess).post("/api/v1/roles", Map.of("name", "Peek", "permissions", List.of("audit:read")))
                .status()).isEqualTo(403);
        String deskRoleId = delegateRole.json().get("id").asString();
        assertThat(bearer(deskAccess).method("PUT", "/api/v1/roles/" + deskRoleId, Map.of("name", "User desk",
                "permissions", List.of("users:manage", "roles:manage", "people.personal:read"))).status())
                .as("growing your own role").isEqualTo(403);
        assertThat(bearer(deskAccess).method("PUT", "/api/v1/users/" + ws.ownerId() + "/roles",
                Map.of("roles", List.of())).status()).as("demoting the owner takes permissions the desk lacks").isEqualTo(403);
        // but it may hand out what it holds
        Response granted = bearer(deskAccess).post("/api/v1/users", Map.of("email", "new." + ws.workspace() + "@example.org",
                "display_name", "New Hire", "roles", List.of(deskRoleId)));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
    }

    @Test
    @Tag("R1")
    void escalationIsCheckedAgainstCurrentRolesNotTheToken() {
        Response deskRole = bearer(ownerAccess).post("/api/v1/roles", Map.of("name", "Desk with audit",
                "permissions", List.of("users:manage", "roles:manage", "audit:read")));
        String deskRoleId = deskRole.json().get("id").asString();
        String delegate = "stale." + ws.workspace() + "@example.org";
        UUID delegateId = TestUsers.addUser(ws.tenantId(), delegate, "stale-token-passphrase-3");
        bearer(ownerAccess).method("PUT", "/api/v1/users/" + delegateId + "/roles", Map.of("roles", List.of(deskRoleId)));
        String stale = TestUsers.tokens(client(), ws.workspace(), delegate, "stale-token-passphrase-3").access();
        String colleague = "colleague." + ws.workspace() + "@example.org";
        UUID colleagueId = TestUsers.addUser(ws.tenantId(), colleague, "colleague-passphrase-44");

        // the role loses audit:read; the delegate's token, valid for up to a minute more, still lists it
        assertThat(bearer(ownerAccess).method("PUT", "/api/v1/roles/" + deskRoleId, Map.of("name", "Desk with audit",
                "permissions", List.of("users:manage", "roles:manage"))).status()).isEqualTo(200);
        Response grant = bearer(stale).method("PUT", "/api/v1/users/" + colleagueId + "/roles",
                Map.of("roles", List.of(roleId("Auditor"))));
        assertThat(grant.status()).as("granting a permission the caller no longer holds: " + grant).isEqualTo(403);
        assertThat(grant.json().get("detail").asString()).contains("audit:read");
        Response peek = bearer(stale).post("/api/v1/roles", Map.of("name", "Peek", "permissions", List.of("audit:read")));
        assertThat(peek.status()).isEqualTo(403);
        assertThat(bearer(ownerAccess).get("/api/v1/users/" + colleagueId).json().get("roles").valueStream().toList())
                .as("nothing was granted").isEmpty();
        // what it still holds, it may still grant
        Response allowed = bearer(stale).post("/api/v1/roles", Map.of("name", "Desk copy", "permissions", List.of("users:manage")));
        assertThat(allowed.status()).isEqualTo(201);
    }

    @Test
    @Tag("R1")
    void theLastOwnerCannotBeRemovedOrDemoted() {
        Response demote = bearer(ownerAccess).method("PUT", "/api/v1/users/" + ws.ownerId() + "/roles",
                Map.of("roles", List.of(roleId("Administrator"))));
        assertThat(demote.status()).isEqualTo(409);
        assertThat(demote.json().get("type").asString()).isEqualTo("urn:strongroom:problem:last-owner");
        assertThat(bearer(ownerAccess).delete("/api/v1/users/" + ws.ownerId()).status()).as("own account").isEqualTo(400);

        String employee = roleId("Employee");
        String second = "second." + ws.workspace() + "@example.org";
        UUID secondId = TestUsers.addUser(ws.tenantId(), second, "second-owner-passphrase", "owner");
        String secondAccess = TestUsers.tokens(client(), ws.workspace(), second, "second-owner-passphrase").access();
        assertThat(bearer(secondAccess).post("/api/v1/users/" + ws.ownerId() + "/disable", "").status()).isEqualTo(204);
        assertThat(bearer(ownerAccess).get("/api/v1/roles").status())
                .as("disabling ended the first owner's sessions and their access tokens at once").isEqualTo(401);
        // the first owner is disabled, so the second is the last active owner
        assertThat(bearer(secondAccess).method("PUT", "/api/v1/users/" + secondId + "/roles",
                Map.of("roles", List.of(employee))).status()).isEqualTo(409);
        assertThat(bearer(secondAccess).post("/api/v1/users/" + ws.ownerId() + "/enable", "").status()).isEqualTo(204);
        assertThat(bearer(secondAccess).method("PUT", "/api/v1/users/" + secondId + "/roles",
                Map.of("roles", List.of(employee))).status()).isEqualTo(200);
    }

    @Test
    @Tag("T1")
    void anotherTenantsRolesAndUsersAreNotFound() {
        Workspace other = TestUsers.signUp(client(), "otherroles");
        String otherAccess = TestUsers.tokens(client(), other.workspace(), other.ownerEmail(), other.ownerPassword()).access();
        String otherRole = bearer(otherAccess).get("/api/v1/roles").json().get("roles").get(0).get("id").asString();

        assertThat(bearer(ownerAccess).get("/api/v1/roles/" + otherRole).status()).isEqualTo(404);
        assertThat(bearer(ownerAccess).method("PUT", "/api/v1/roles/" + otherRole, Map.of("name", "x", "permissions", List.of()))
                .status()).isEqualTo(404);
        assertThat(bearer(ownerAccess).delete("/api/v1/roles/" + otherRole).status()).isEqualTo(404);
        assertThat(bearer(ownerAccess).method("PUT", "/api/v1/users/" + ws.ownerId() + "/roles",
                Map.of("roles", List.of(otherRole))).status()).as("another tenant's role cannot be assigned").isEqualTo(400);
        for (String path : List.of("/api/v1/users/" + other.ownerId())) {
            assertThat(bearer(ownerAccess).get(path).status()).isEqualTo(404);
            assertThat(bearer(ownerAccess).delete(path).status()).isEqualTo(404);
        }
        for (String action : List.of("unlock", "disable", "enable", "password-reset")) {
            assertThat(bearer(ownerAccess).post("/api/v1/users/" + other.ownerId() + "/" + action, "").status())
                    .as(action).isEqualTo(404);
        }
        assertThat(bearer(ownerAccess).method("PUT", "/api/v1/users/" + other.ownerId() + "/roles",
                Map.of("roles", List.of())).status()).isEqualTo(404);
        assertThat(bearer(otherAccess).get("/api/v1/users").json().get("items").valueStream()
                .map(u -> u.get("email").asString()).toList()).doesNotContain(ws.ownerEmail());
    }

    private String roleId(String name) {
        return bearer(ownerAccess).get("/api/v1/roles").json().get("roles").valueStream()
                .filter(r -> r.get("name").asString().equals(name)).findFirst().orElseThrow().get("id").asString();
    }
}
