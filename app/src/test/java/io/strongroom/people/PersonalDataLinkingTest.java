package io.strongroom.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import io.strongroom.access.PermissionCatalog;
import io.strongroom.audit.AuditTrail;
import io.strongroom.identity.Caller;
import io.strongroom.platform.Permission;
import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * R2 as a property: for every role that can be made from the permission catalog without
 * {@code people.personal:read}, no sequence of calls — linking someone else's record to one's own
 * account (which would make its person "self"), re-reading it, listing, searching, reading the
 * audit trail — shows a personal field of that record. The whole catalog (256 roles) runs through
 * the module APIs the JSON API and the pages share; the reported attack also over HTTP.
 */
class PersonalDataLinkingTest extends ApiTest {

    @Autowired
    PeopleDirectory people;

    @Autowired
    AuditTrail audit;

    @Autowired
    PermissionCatalog permissions;

    @Test
    @Tag("R2")
    void noRoleWithoutThePersonalReadPermissionEverSeesAPersonalFieldOfAnother() {
        Workspace ws = TestUsers.signUp(client(), "linking");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Response victim = bearer(owner).post("/api/v1/people", PeopleApiTest.person("Vera", "Victim"));
        assertThat(victim.status()).as(victim.toString()).isEqualTo(201);
        UUID victimId = UUID.fromString(victim.json().get("id").asString());
        List<String> secrets = secretsOf(victim);
        UUID mallory = TestUsers.addUser(ws.tenantId(), "mallory." + ws.workspace() + "@example.org",
                "mallory-linking-passphrase");

        List<Permission> catalog = new ArrayList<>(permissions.all());
        catalog.remove(PeoplePermission.PERSONAL_READ);
        // time-off permissions reach no person's personal field: every combination carries all of them, which
        // proves they add nothing and keeps the power set at 2^12 combinations; so do exports:create and
        // privacy:manage, which change none of the operations tried here (what they give is all of a person's or the
        // workspace's data by design: ExportTest, SubjectRequestTest)
        java.util.function.Predicate<Permission> alongside = p -> p instanceof io.strongroom.timeoff.TimeOffPermission
                || p == io.strongroom.backup.BackupPermission.EXPORTS_CREATE || p instanceof io.strongroom.privacy.PrivacyPermission;
        List<String> timeOff = catalog.stream().filter(alongside).map(Permission::key).toList();
        catalog.removeIf(alongside);
        int roles = 0;
        for (int mask = 0; mask < (1 << catalog.size()); mask++) {
            List<String> permissions = new ArrayList<>(timeOff);
            for (int bit = 0; bit < catalog.size(); bit++) {
                if ((mask & (1 << bit)) != 0) {
                    permissions.add(catalog.get(bit).key());
                }
            }
            List<Object> seen = new ArrayList<>();
            asCaller(ws.tenantId(), mallory, permissions, () -> {
                seen.add(attempt(() -> people.update(victimId, "*", Map.of("user_id", mallory.toString()))));
                seen.add(attempt(() -> people.get(victimId)));
                seen.add(attempt(() -> people.list(null, null, null, null, 100)));
                seen.add(attempt(() -> people.list("Victim", null, null, null, 100)));
                seen.add(attempt(() -> audit.search(AuditTrail.Filter.none(), null, 100)));
                return null;
            });
            for (Object result : seen) {
                for (String secret : secrets) {
                    assertThat(String.valueOf(result)).as(permissions + " must not see " + secret).doesNotContain(secret);
                }
            }
            long linked = TestUsers.<Long>inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                    "select count(*) from employee where id = :id and user_id is not null")
                    .param("id", victimId).query(Long.class).single());
            assertThat(linked).as(permissions + " linked the record to the caller").isZero();
            roles++;
        }
        assertThat(roles).isEqualTo(1 << (permissions.all().size() - 1 - timeOff.size()));
    }

    @Test
    @Tag("R2")
    void aUserManagerWithoutPersonalDataCannotLinkARecordToThemselvesOverHttp() {
        clock.freeze();
        Workspace ws = TestUsers.signUp(client(), "linkhttp");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Response victim = bearer(owner).post("/api/v1/people", PeopleApiTest.person("Vera", "Victim"));
        String victimId = victim.json().get("id").asString();
        List<String> secrets = secretsOf(victim);
        String role = bearer(owner).post("/api/v1/roles", Map.of("name", "Directory and users",
                "permissions", List.of("users:manage", "people:read", "people:write"))).json().get("id").asString();
        String email = "mallory." + ws.workspace() + "@example.org";
        UUID mallory = TestUsers.addUser(ws.tenantId(), email, "mallory-linking-passphrase");
        bearer(owner).method("PUT", "/api/v1/users/" + mallory + "/roles", Map.of("roles", List.of(role)));
        var tokens = TestUsers.tokens(client(), ws.workspace(), email, "mallory-linking-passphrase");

        Response link = bearer(tokens.access()).header("If-Match", victim.header("ETag"))
                .method("PATCH", "/api/v1/people/" + victimId, Map.of("user_id", mallory.toString()));
        assertThat(link.status()).as(link.toString()).isEqualTo(403);
        assertThat(link.json().get("detail").asString()).contains("user_id");
        Response read = bearer(tokens.access()).get("/api/v1/people/" + victimId);
        assertThat(read.status()).isEqualTo(200);
        secrets.forEach(secret -> assertThat(read.body()).doesNotContain(secret));
        assertThat(bearer(owner).get("/api/v1/people/" + victimId).json().path("user_id").isNull())
                .as("nothing changed").isTrue();

        // with both personal-data permissions as well, linking is allowed, and "self" then sees the fields
        Map<String, Object> patch = new HashMap<>();
        patch.put("user_id", mallory.toString());
        Response allowed = bearer(owner).header("If-Match", "*").method("PATCH", "/api/v1/people/" + victimId, patch);
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(bearer(tokens.access()).get("/api/v1/people/" + victimId).body()).contains(secrets.get(0));
    }

    private static List<String> secretsOf(Response person) {
        List<String> secrets = new ArrayList<>();
        for (String field : PeopleApiTest.PERSONAL) {
            String value = person.json().get(field).asString();
            secrets.add(value.contains("\n") ? value.substring(0, value.indexOf('\n')) : value);
        }
        return secrets;
    }

    /** The result, or the refusal (whose message must not leak either). */
    private static Object attempt(Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException refused) {
            return refused.getMessage();
        }
    }

    private static <T> T asCaller(UUID tenant, UUID user, List<String> permissions, Supplier<T> work) {
        Caller caller = new Caller(user, tenant, UUID.randomUUID(), Set.copyOf(permissions), "192.0.2.1",
                UUID.randomUUID().toString(), "test", Caller.Kind.USER);
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(caller, null,
                permissions.toArray(String[]::new)));
        try {
            return TenantContext.callAs(tenant, work);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
