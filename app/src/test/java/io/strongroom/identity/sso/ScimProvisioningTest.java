package io.strongroom.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A7, SCIM 2.0 provisioning with the UnboundID SCIM 2 client (JAX-RS over Jersey) as an identity
 * provider's provisioning is: a token shown once and kept hashed; users created with the token's
 * default roles, found by filter, renamed, deactivated (their access token refused at once) and
 * deleted; groups whose members get the roles the token maps them to and lose them on leaving; an
 * Owner untouchable; every other token, a user's own token and another workspace refused.
 */
class ScimProvisioningTest extends ApiTest {

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
    Workspace ws;
    String owner;
    Client jaxrs;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "scim");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @AfterEach
    void close() {
        if (jaxrs != null) {
            jaxrs.close();
        }
    }

    private ScimService scim(String token) {
        // Apache HttpClient under Jersey: the JDK's HttpURLConnection knows no PATCH
        jaxrs = ClientBuilder.newBuilder().sslContext(ApiClient.trustingTestCertificate())
                .withConfig(new org.glassfish.jersey.client.ClientConfig()
                        .connectorProvider(new org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider()))
                .build();
        jaxrs.register((ClientRequestFilter) request -> request.getHeaders().putSingle("Authorization", "Bearer " + token));
        return new ScimService(jaxrs.target("https://localhost:" + port + "/scim/v2"));
    }

    private String roleId(String name) {
        for (var role : bearer(owner).get("/api/v1/roles").json().get("roles")) {
            if (name.equals(role.get("name").asString())) {
                return role.get("id").asString();
            }
        }
        throw new AssertionError(name);
    }

    private String roles(String email) {
        return all.sql("""
                select coalesce(string_agg(r.name, ',' order by r.name), '') from user_role ur
                join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                join app_user u on u.tenant_id = ur.tenant_id and u.id = ur.user_id
                where u.tenant_id = :t and lower(u.email) = lower(:e)
                """).param("t", ws.tenantId()).param("e", email).query(String.class).single();
    }

    private List<String> actions() {
        return all.sql("select action from audit_event where tenant_id = :t order by seq").param("t", ws.tenantId())
                .query(String.class).list();
    }

    private String newToken() {
        Response created = bearer(owner).post("/api/v1/scim/tokens", Map.of("name", "Okta"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("secret").asString();
    }

    @Test
    @Tag("A7")
    void aDirectoryCreatesFindsRenamesDeactivatesAndDeletesUsers() throws Exception {
        Response created = bearer(owner).post("/api/v1/scim/tokens", Map.of("name", "Okta"));
        String secret = created.json().get("secret").asString();
        String tokenId = created.json().get("token").get("id").asString();
        assertThat(bearer(owner).get("/api/v1/scim/tokens").body()).contains("Okta").doesNotContain(secret);
        assertThat(all.sql("select count(*) from scim_token where token_hash = sha256(convert_to(:s, 'UTF8'))")
                .param("s", secret).query(Long.class).single()).as("kept as its hash").isEqualTo(1);
        assertThat(bearer(owner).method("PUT", "/api/v1/scim/tokens/" + tokenId + "/provisioning", Map.of(
                "default_role_ids", List.of(roleId("Employee")))).status()).isEqualTo(200);
        ScimService directory = scim(secret);
        assertThat(directory.getServiceProviderConfig().getPatch().isSupported()).isTrue();

        UserResource ada = new UserResource().setUserName("ada@acme.example")
                .setName(new Name().setGivenName("Ada").setFamilyName("Lovelace"))
                .setEmails(List.of(new Email().setValue("ada@acme.example").setPrimary(true)));
        UserResource made = directory.create("Users", ada);
        assertThat(made.getId()).isNotBlank();
        assertThat(made.getActive()).isTrue();
        assertThat(made.getDisplayName()).isEqualTo("Ada Lovelace");
        assertThat(all.sql("select status || ' ' || (password_hash is null) from app_user where id = cast(:id as uuid)")
                .param("id", made.getId()).query(String.class).single()).isEqualTo("active true");
        assertThat(roles("ada@acme.example")).isEqualTo("Employee");
        assertThat(actions()).contains("user.provisioned");

        // found by the filter providers use before creating; other filters are refused plainly
        var found = directory.searchRequest("Users").filter("userName eq \"ADA@acme.example\"")
                .invoke(UserResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);
        assertThat(found.getResources().getFirst().getId()).isEqualTo(made.getId());
        assertThatThrownBy(() -> directory.searchRequest("Users").filter("userName co \"a\"").invoke(UserResource.class))
                .isInstanceOf(ScimException.class).satisfies(e -> assertThat(((ScimException) e).getScimError().getStatus())
                        .isEqualTo(400));
        assertThatThrownBy(() -> directory.create("Users", new UserResource().setUserName("ada@acme.example")))
                .as("the same userName twice").satisfies(e -> assertThat(((ScimException) e).getScimError().getStatus())
                        .isEqualTo(409));
        assertThatThrownBy(() -> directory.create("Users", new UserResource().setUserName("not an address")))
                .satisfies(e -> assertThat(((ScimException) e).getScimError().getStatus()).isEqualTo(400));

        // renamed by the directory
        made.setDisplayName("Ada King");
        assertThat(directory.replace(made).getDisplayName()).isEqualTo("Ada King");

        // someone already signed in is deactivated: the session and its access token end at once
        String eveEmail = "eve." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), eveEmail, "eve-signs-in-with-this-1", "employee");
        var eveTokens = TestUsers.tokens(client(), ws.workspace(), eveEmail, "eve-signs-in-with-this-1");
        assertThat(bearer(eveTokens.access()).get("/api/v1/me").status()).isEqualTo(200);
        String eveId = directory.searchRequest("Users").filter("userName eq \"" + eveEmail + "\"")
                .invoke(UserResource.class).getResources().getFirst().getId();
        UserResource off = directory.modifyRequest("Users", eveId).replaceValue("active", false)
                .invoke(UserResource.class);
        assertThat(off.getActive()).isFalse();
        assertThat(bearer(eveTokens.access()).get("/api/v1/me").status()).as("refused at once").isEqualTo(401);
        assertThat(client().post("/api/v1/auth/refresh", Map.of("refresh_token", eveTokens.refresh())).status())
                .isEqualTo(401);
        assertThat(TestUsers.login(client(), ws.workspace(), eveEmail, "eve-signs-in-with-this-1").status()).isEqualTo(401);
        assertThat(actions()).contains("user.disabled");

        // an Owner's account is the workspace's own
        String ownerId = ws.ownerId().toString();
        assertThatThrownBy(() -> directory.modifyRequest("Users", ownerId).replaceValue("active", false)
                .invoke(UserResource.class)).satisfies(e -> assertThat(((ScimException) e).getScimError().getStatus())
                        .isEqualTo(403));
        assertThatThrownBy(() -> directory.delete("Users", ownerId))
                .satisfies(e -> assertThat(((ScimException) e).getScimError().getStatus()).isEqualTo(403));

        directory.delete("Users", made.getId());
        assertThatThrownBy(() -> directory.retrieve("Users", made.getId(), UserResource.class))
                .satisfies(e -> assertThat(((ScimException) e).getScimError().getStatus()).isEqualTo(404));
        assertThat(actions()).contains("user.deleted");
    }

    @Test
    @Tag("A7")
    void groupsGiveTheRolesTheTokenMapsAndTakeThemBack() throws Exception {
        Response created = bearer(owner).post("/api/v1/scim/tokens", Map.of("name", "Entra ID"));
        String secret = created.json().get("secret").asString();
        String tokenId = created.json().get("token").get("id").asString();
        Response owners = bearer(owner).method("PUT", "/api/v1/scim/tokens/" + tokenId + "/provisioning", Map.of(
                "role_mappings", List.of(Map.of("group", "Admins", "role_id", roleId("Owner")))));
        assertThat(owners.status()).as("no group makes an Owner").isEqualTo(400);
        assertThat(bearer(owner).method("PUT", "/api/v1/scim/tokens/" + tokenId + "/provisioning", Map.of(
                "role_mappings", List.of(Map.of("group", "HR", "role_id", roleId("HR manager"))))).status())
                .isEqualTo(200);
        ScimService directory = scim(secret);
        UserResource bo = directory.create("Users", new UserResource().setUserName("bo@acme.example"));

        GroupResource hr = directory.create("Groups", new GroupResource().setDisplayName("HR")
                .setMembers(List.of(new Member().setValue(bo.getId()))));
        assertThat(roles("bo@acme.example")).isEqualTo("HR manager");
        GroupResource other = directory.create("Groups", new GroupResource().setDisplayName("Everyone")
                .setMembers(List.of(new Member().setValue(bo.getId()))));
        assertThat(roles("bo@acme.example")).as("an unmapped group gives nothing").isEqualTo("HR manager");
        assertThat(directory.retrieve("Users", bo.getId(), UserResource.class).getGroups()).hasSize(2);

        // Entra ID's way: a patch removing the member
        directory.modifyRequest("Groups", hr.getId()).removeValues("members[value eq \"" + bo.getId() + "\"]")
                .invoke(GroupResource.class);
        assertThat(roles("bo@acme.example")).isEmpty();
        directory.modifyRequest("Groups", hr.getId()).addValues("members", new Member().setValue(bo.getId()))
                .invoke(GroupResource.class);
        assertThat(roles("bo@acme.example")).isEqualTo("HR manager");
        directory.delete("Groups", hr.getId());
        assertThat(roles("bo@acme.example")).as("the group's roles go with it").isEmpty();
        assertThat(directory.searchRequest("Groups").filter("displayName eq \"everyone\"").invoke(GroupResource.class)
                .getResources().getFirst().getId()).isEqualTo(other.getId());
        assertThatThrownBy(() -> directory.create("Groups", new GroupResource().setDisplayName("X")
                .setMembers(List.of(new Member().setValue(java.util.UUID.randomUUID().toString())))))
                .as("a member that is no user here").satisfies(e -> assertThat(((ScimException) e).getScimError()
                        .getStatus()).isEqualTo(400));
        assertThat(actions()).contains("scim.group.changed", "role.assigned");
    }

    @Test
    @Tag("A7")
    void onlyALiveTokenOfTheWorkspaceGetsIn() throws Exception {
        String secret = newToken();
        ApiClient raw = client();
        assertThat(raw.get("/scim/v2/Users").status()).isEqualTo(401);
        assertThat(bearer(owner).get("/scim/v2/Users").status()).as("a user's access token is no SCIM token")
                .isEqualTo(401);
        assertThat(client().header("Authorization", "Bearer " + secret + "x").get("/scim/v2/Users").status())
                .isEqualTo(401);
        assertThat(client().header("Authorization", "Bearer " + secret).get("/api/v1/me").status())
                .as("a SCIM token is nothing on the API").isEqualTo(401);

        Workspace other = TestUsers.signUp(client(), "scim-other");
        TestUsers.addUser(other.tenantId(), "someone@other.example", "someone-elses-password-1", "employee");
        ApiClient directory = client().header("Authorization", "Bearer " + secret);
        Response listed = directory.get("/scim/v2/Users?count=500");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.header("Content-Type")).startsWith("application/scim+json");
        assertThat(listed.body()).contains(ws.ownerEmail()).doesNotContain("someone@other.example")
                .doesNotContain(other.ownerEmail());
        String otherOwner = other.ownerId().toString();
        assertThat(directory.get("/scim/v2/Users/" + otherOwner).status()).isEqualTo(404);

        // hostile bodies: a SCIM error, nothing made
        Response broken = directory.send(directory.request("/scim/v2/Users")
                .header("Content-Type", "application/scim+json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"userName\": ")));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(directory.get("/scim/v2/Users/not-a-uuid").status()).isEqualTo(404);
        Map<String, Object> huge = new HashMap<>();
        huge.put("userName", "x@acme.example");
        huge.put("displayName", "n".repeat(300));
        assertThat(directory.post("/scim/v2/Users", huge).status()).isEqualTo(400);

        // the workspace's networks apply to its directory as to its people
        ApiClient office = new ApiClient(port, "192.0.2.10");
        String atOffice = TestUsers.tokens(office, ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(new ApiClient(port, "192.0.2.10").header("Authorization", "Bearer " + atOffice).method("PUT",
                "/api/v1/settings/network", Map.of("allowed_networks", List.of("192.0.2.0/24"))).status()).isEqualTo(200);
        assertThat(directory.get("/scim/v2/Users").status()).as("from outside the networks").isEqualTo(403);
        assertThat(new ApiClient(port, "192.0.2.11").header("Authorization", "Bearer " + secret).get("/scim/v2/Users")
                .status()).isEqualTo(200);
        assertThat(new ApiClient(port, "192.0.2.10").header("Authorization", "Bearer " + atOffice).method("PUT",
                "/api/v1/settings/network", Map.of("allowed_networks", List.of())).status()).isEqualTo(200);

        // a suspended workspace is read-only for its directory too; a closed one has none
        all.sql("update tenant set status = 'suspended' where id = :t").param("t", ws.tenantId()).update();
        assertThat(directory.get("/scim/v2/Users").status()).isEqualTo(200);
        Response readOnly = directory.post("/scim/v2/Users", Map.of("userName", "late@acme.example"));
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.body()).contains("urn:ietf:params:scim:api:messages:2.0:Error");
        all.sql("update tenant set status = 'closed' where id = :t").param("t", ws.tenantId()).update();
        assertThat(directory.get("/scim/v2/Users").status()).isEqualTo(401);
        all.sql("update tenant set status = 'active' where id = :t").param("t", ws.tenantId()).update();

        String id = bearer(owner).get("/api/v1/scim/tokens").json().get("items").get(0).get("id").asString();
        assertThat(bearer(owner).delete("/api/v1/scim/tokens/" + id).status()).isEqualTo(204);
        assertThat(directory.get("/scim/v2/Users").status()).as("revoked: refused at once").isEqualTo(401);
        assertThat(actions()).contains("settings.scim.token_created", "settings.scim.token_revoked");
    }
}
