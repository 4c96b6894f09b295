package io.strongroom.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/** Users administration: invitations, list, disable/enable, delete (R1, A4, A10). */
class UsersApiTest extends ApiTest {

    Workspace ws;
    String ownerAccess;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "users");
        ownerAccess = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @Test
    @Tag("R1")
    void anInvitedUserChoosesTheirOwnPasswordThroughTheEmailedLink() {
        String email = "invitee." + ws.workspace() + "@example.org";
        String employeeRole = roleId("Employee");
        Response invited = bearer(ownerAccess).post("/api/v1/users",
                Map.of("email", email, "display_name", "Ivy Invitee", "roles", List.of(employeeRole)));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        assertThat(invited.json().get("status").asString()).isEqualTo("invited");
        assertThat(invited.json().get("roles").get(0).get("name").asString()).isEqualTo("Employee");
        assertThat(invited.body()).doesNotContain("token").doesNotContain("password");
        assertThat(TestUsers.login(client(), ws.workspace(), email, "anything-at-all-123").status())
                .as("no password yet").isEqualTo(401);

        String token = TestMail.token(TestMail.get().await(email, "You are invited"));
        Response weak = client().post("/api/v1/auth/invitation/accept", Map.of("token", token, "password", "password123"));
        assertThat(weak.status()).isEqualTo(400);
        Response accepted = client().post("/api/v1/auth/invitation/accept",
                Map.of("token", token, "password", "maple-harbor-quartz-lantern"));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(client().post("/api/v1/auth/invitation/accept", Map.of("token", token, "password", "again-another-passphrase"))
                .status()).as("single use").isEqualTo(400);

        var tokens = TestUsers.tokens(client(), ws.workspace(), email, "maple-harbor-quartz-lantern");
        assertThat(bearer(tokens.access()).get("/api/v1/people").status()).isEqualTo(200);
        String userId = invited.json().get("id").asString();
        assertThat(bearer(ownerAccess).get("/api/v1/users/" + userId).json().get("status").asString()).isEqualTo("active");
        // a recovery link cannot be used as an invitation and vice versa
        assertThat(client().post("/api/v1/auth/recovery/complete", Map.of("token", token, "new_password", "x-y-z-passphrase-1"))
                .status()).isEqualTo(400);
    }

    @Test
    @Tag("R1")
    void anInvitationSentAgainReplacesTheEarlierLinkAndItsPageNamesTheCompanyAndAddress() {
        String email = "again." + ws.workspace() + "@example.org";
        String id = bearer(ownerAccess).post("/api/v1/users", Map.of("email", email, "display_name", "Ann Again"))
                .json().get("id").asString();
        String first = TestMail.linkToken(email, "You are invited");
        Response page = client().header("Accept", "text/html").get("/w/" + ws.workspace() + "/accept-invitation?token=" + first);
        assertThat(page.body()).contains("You were invited to join Company " + ws.workspace()).contains(email);

        Response resent = bearer(ownerAccess).post("/api/v1/users/" + id + "/invitation", "");
        assertThat(resent.status()).as(resent.toString()).isEqualTo(202);
        String second = TestMail.newerLinkToken(email, "You are invited", first);

        Response stale = client().header("Accept", "text/html").get("/w/" + ws.workspace() + "/accept-invitation?token=" + first);
        assertThat(stale.body()).as("the replaced link names nobody").doesNotContain(email)
                .contains("This invitation link is no longer valid");
        assertThat(client().post("/api/v1/auth/invitation/accept", Map.of("token", first, "password", "maple-harbor-quartz-lantern"))
                .status()).as("the replaced link").isEqualTo(400);
        assertThat(client().post("/api/v1/auth/invitation/accept", Map.of("token", second, "password", "maple-harbor-quartz-lantern"))
                .status()).as("the new link").isEqualTo(200);
        Response accepted = bearer(ownerAccess).post("/api/v1/users/" + id + "/invitation", "");
        assertThat(accepted.status()).as("nothing to resend once accepted").isEqualTo(409);
        assertThat(bearer(ownerAccess).post("/api/v1/users/" + UUID.randomUUID() + "/invitation", "").status()).isEqualTo(404);
        String employee = TestUsers.tokens(client(), ws.workspace(), email, "maple-harbor-quartz-lantern").access();
        assertThat(bearer(employee).post("/api/v1/users/" + id + "/invitation", "").status())
                .as("without users:manage").isEqualTo(403);
    }

    @Test
    @Tag("R1")
    void invitationsAreValidated() {
        assertThat(bearer(ownerAccess).post("/api/v1/users", Map.of("email", "not-an-email", "display_name", "X")).status())
                .isEqualTo(400);
        assertThat(bearer(ownerAccess).post("/api/v1/users", Map.of("email", ws.ownerEmail().toUpperCase(), "display_name", "Dup"))
                .status()).as("already a user, case-insensitively").isEqualTo(409);
        Response unknownRole = bearer(ownerAccess).post("/api/v1/users", Map.of("email", "rolefail." + ws.workspace() + "@example.org",
                "display_name", "R", "roles", List.of("00000000-0000-7000-8000-000000000000")));
        assertThat(unknownRole.status()).isEqualTo(400);
        assertThat(bearer(ownerAccess).get("/api/v1/users?q=rolefail." + ws.workspace()).json().get("items").valueStream().toList())
                .as("the failed invitation left nothing behind").isEmpty();
    }

    @Test
    @Tag("R1")
    void administratorsListUsersWithTheirRoles() {
        for (int i = 0; i < 3; i++) {
            TestUsers.addUser(ws.tenantId(), "list" + i + "." + ws.workspace() + "@example.org", "list-user-passphrase-" + i, "employee");
        }
        Response first = bearer(ownerAccess).get("/api/v1/users?limit=2");
        assertThat(first.status()).isEqualTo(200);
        List<JsonNode> page1 = first.json().get("items").valueStream().toList();
        assertThat(page1).hasSize(2);
        String after = first.json().get("next_after").asString();
        List<JsonNode> page2 = bearer(ownerAccess).get("/api/v1/users?limit=2&after=" + after).json().get("items").valueStream().toList();
        assertThat(page2).hasSize(2);
        assertThat(page1).extracting(u -> u.get("id").asString()).doesNotContainAnyElementsOf(
                page2.stream().map(u -> u.get("id").asString()).toList());
        assertThat(bearer(ownerAccess).get("/api/v1/users?q=LIST1").json().get("items").valueStream()
                .map(u -> u.get("roles").get(0).get("name").asString()).toList()).containsExactly("Employee");
        assertThat(first.body()).doesNotContain("argon2").doesNotContain("password_hash");
        assertThat(bearer(ownerAccess).get("/api/v1/users?status=deleted").status()).isEqualTo(400);
        assertThat(bearer(ownerAccess).get("/api/v1/users?limit=0").status()).isEqualTo(400);
        assertThat(bearer(ownerAccess).get("/api/v1/users?after=not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    @Tag("A10")
    void deletingAUserEndsTheirSessionsAndAccount() {
        String email = "leaver." + ws.workspace() + "@example.org";
        var id = TestUsers.addUser(ws.tenantId(), email, "leaver-passphrase-77", "employee");
        var tokens = TestUsers.tokens(client(), ws.workspace(), email, "leaver-passphrase-77");
        assertThat(bearer(ownerAccess).delete("/api/v1/users/" + id).status()).isEqualTo(204);
        assertThat(client().post("/api/v1/auth/refresh", Map.of("refresh_token", tokens.refresh())).status()).isEqualTo(401);
        assertThat(TestUsers.login(client(), ws.workspace(), email, "leaver-passphrase-77").status()).isEqualTo(401);
        assertThat(bearer(ownerAccess).get("/api/v1/users/" + id).status()).isEqualTo(404);
        assertThat(bearer(ownerAccess).delete("/api/v1/users/" + id).status()).isEqualTo(404);
    }

    @Test
    @Tag("R1")
    void onlyOwnersActOnAnOwnersAccount() {
        String adminEmail = "admin." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), adminEmail, "admin-passphrase-owner-guard", "administrator");
        String admin = TestUsers.tokens(client(), ws.workspace(), adminEmail, "admin-passphrase-owner-guard").access();
        String secondEmail = "second.owner." + ws.workspace() + "@example.org";
        var second = TestUsers.addUser(ws.tenantId(), secondEmail, "second-owner-passphrase-1", "owner");
        TestUsers.login(client(), ws.workspace(), secondEmail, "second-owner-passphrase-1");
        String target = "/api/v1/users/" + second;

        Map<String, Response> refused = new java.util.LinkedHashMap<>();
        refused.put("disable", bearer(admin).post(target + "/disable", Map.of()));
        refused.put("enable", bearer(admin).post(target + "/enable", Map.of()));
        refused.put("unlock", bearer(admin).post(target + "/unlock", Map.of()));
        refused.put("password reset", bearer(admin).post(target + "/password-reset", Map.of()));
        refused.put("role change", bearer(admin).method("PUT", target + "/roles",
                Map.of("roles", List.of(roleId("Owner"), roleId("Auditor")))));
        refused.put("delete", bearer(admin).delete(target));
        refused.forEach((action, response) -> {
            assertThat(response.status()).as(action + ": " + response).isEqualTo(403);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        });
        JsonNode user = bearer(ownerAccess).get(target).json();
        assertThat(user.get("status").asString()).as("nothing changed").isEqualTo("active");
        assertThat(user.get("roles").valueStream().map(r -> r.get("name").asString()).toList()).containsExactly("Owner");
        long resetLinks = TestUsers.<Long>inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "select count(*) from one_time_token where user_id = :u").param("u", second).query(Long.class).single());
        assertThat(resetLinks).as("no reset link was issued").isZero();
        assertThat(TestUsers.login(client(), ws.workspace(), secondEmail, "second-owner-passphrase-1").status())
                .as("the Owner can still sign in").isEqualTo(200);

        // an Owner may do each of these to another Owner; and an administrator to a non-owner
        assertThat(bearer(ownerAccess).post(target + "/disable", Map.of()).status()).isEqualTo(204);
        assertThat(bearer(ownerAccess).post(target + "/enable", Map.of()).status()).isEqualTo(204);
        assertThat(bearer(ownerAccess).post(target + "/unlock", Map.of()).status()).isEqualTo(204);
        String employeeEmail = "plain." + ws.workspace() + "@example.org";
        var employee = TestUsers.addUser(ws.tenantId(), employeeEmail, "plain-employee-passphrase", "employee");
        assertThat(bearer(admin).post("/api/v1/users/" + employee + "/disable", Map.of()).status()).isEqualTo(204);
        assertThat(bearer(admin).post("/api/v1/users/" + employee + "/enable", Map.of()).status()).isEqualTo(204);
    }

    private String roleId(String name) {
        return bearer(ownerAccess).get("/api/v1/roles").json().get("roles").valueStream()
                .filter(r -> r.get("name").asString().equals(name)).findFirst().orElseThrow().get("id").asString();
    }
}
