package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.strongroom.platform.AppVersion;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestPasskey;
import io.strongroom.testsupport.TestSms;
import io.strongroom.testsupport.TestTotp;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * L1 by enumeration: every state-changing endpoint of the JSON API is listed here with the record
 * it must leave (a new endpoint fails this test until it is), and each is called once through a
 * trusted proxy: exactly one record per call, with the action, the actor, the target, the client
 * IP the proxy forwarded and the version and commit of the running build.
 */
class AuditCompletenessTest extends ApiTest {

    /** Endpoint -> the action of its one record; "-" for the one endpoint that records nothing by design. */
    static final Map<String, String> RECORDS = new LinkedHashMap<>();

    static {
        RECORDS.put("POST /api/v1/signup", "tenant.created");
        RECORDS.put("POST /api/v1/auth/login", "auth.login");
        RECORDS.put("POST /api/v1/auth/refresh", "-"); // rotations are not recorded one by one; failures and reuse are
        RECORDS.put("POST /api/v1/deletion-certificates/verify", "-"); // a check by anyone: it changes nothing
        RECORDS.put("POST /api/v1/people", "employee.created");
        RECORDS.put("POST /api/v1/backups", "backup.requested");
        RECORDS.put("POST /api/v1/backups/{id}/restore", "backup.restore_requested");
        RECORDS.put("POST /api/v1/exports", "export.requested");
        RECORDS.put("POST /api/v1/privacy/requests", "privacy.request.recorded");
        RECORDS.put("POST /api/v1/privacy/requests/{id}/extend", "privacy.request.extended");
        RECORDS.put("POST /api/v1/privacy/requests/{id}/complete", "privacy.request.completed");
        RECORDS.put("POST /api/v1/privacy/requests/{id}/refuse", "privacy.request.refused");
        RECORDS.put("POST /api/v1/privacy/requests/{id}/erase", "privacy.subject_erased");
        RECORDS.put("POST /api/v1/privacy/requests/{id}/restrict", "privacy.processing.restricted");
        RECORDS.put("POST /api/v1/privacy/requests/{id}/lift", "privacy.processing.lifted");
        RECORDS.put("POST /api/v1/people/import", "employee.created"); // one a row: the test imports one
        RECORDS.put("PATCH /api/v1/people/{id}", "employee.updated");
        RECORDS.put("DELETE /api/v1/people/{id}", "employee.deleted");
        RECORDS.put("POST /api/v1/roles", "role.created");
        RECORDS.put("PUT /api/v1/roles/{id}", "role.updated");
        RECORDS.put("DELETE /api/v1/roles/{id}", "role.deleted");
        RECORDS.put("POST /api/v1/users", "user.invited");
        RECORDS.put("POST /api/v1/auth/invitation/accept", "user.invitation_accepted");
        RECORDS.put("PUT /api/v1/users/{id}/roles", "role.assigned");
        RECORDS.put("POST /api/v1/users/{id}/disable", "user.disabled");
        RECORDS.put("POST /api/v1/users/{id}/enable", "user.enabled");
        RECORDS.put("POST /api/v1/users/{id}/unlock", "auth.unlock");
        RECORDS.put("POST /api/v1/users/{id}/invitation", "user.invitation_resent");
        RECORDS.put("POST /api/v1/users/{id}/password-reset", "auth.password.reset_requested");
        RECORDS.put("POST /api/v1/auth/recovery", "auth.password.reset_requested");
        RECORDS.put("POST /api/v1/auth/recovery/complete", "auth.password.reset_completed");
        RECORDS.put("PUT /api/v1/settings/password-policy", "settings.password_policy.updated");
        RECORDS.put("PUT /api/v1/settings/sessions", "settings.sessions.updated");
        RECORDS.put("PUT /api/v1/settings/regional", "settings.regional.updated");
        RECORDS.put("PUT /api/v1/me/preferences", "user.preferences.updated");
        RECORDS.put("POST /api/v1/me/password", "auth.password.changed");
        RECORDS.put("DELETE /api/v1/me/sessions/{id}", "auth.session.revoked");
        RECORDS.put("POST /api/v1/auth/logout", "auth.logout");
        RECORDS.put("POST /api/v1/me/sessions/revoke-all", "auth.session.revoked_all");
        RECORDS.put("DELETE /api/v1/users/{id}", "user.deleted");
        RECORDS.put("POST /api/v1/me/mfa/totp", "-"); // a secret shown, not yet a factor: its confirmation is recorded
        RECORDS.put("POST /api/v1/me/mfa/totp/{id}/confirm", "user.mfa.factor_added");
        RECORDS.put("POST /api/v1/me/mfa/recovery-codes", "user.mfa.recovery_codes_generated");
        RECORDS.put("DELETE /api/v1/me/mfa/factors/{id}", "user.mfa.factor_removed");
        RECORDS.put("DELETE /api/v1/users/{id}/mfa", "user.mfa.reset");
        RECORDS.put("PUT /api/v1/settings/mfa", "settings.mfa.updated");
        RECORDS.put("POST /api/v1/auth/login/mfa", "auth.login");
        RECORDS.put("POST /api/v1/auth/login/mfa/enrolment", "-"); // as POST /api/v1/me/mfa/totp, during sign-in
        RECORDS.put("PUT /api/v1/settings/network", "settings.network.updated");
        RECORDS.put("POST /api/v1/sso/connections", "settings.sso.connection_added");
        RECORDS.put("POST /api/v1/sso/connections/{id}/test", "-"); // reads the provider's documents, changes nothing
        RECORDS.put("DELETE /api/v1/sso/connections/{id}", "settings.sso.connection_removed");
        RECORDS.put("POST /api/v1/sso/directories", "settings.sso.connection_added");
        RECORDS.put("POST /api/v1/sso/directories/{id}/test", "-"); // connects and reads, changes nothing
        RECORDS.put("DELETE /api/v1/sso/directories/{id}", "settings.sso.connection_removed");
        RECORDS.put("PUT /api/v1/sso/connections/{id}/provisioning", "settings.sso.connection_updated");
        RECORDS.put("POST /api/v1/sso/saml", "settings.sso.connection_added");
        RECORDS.put("PUT /api/v1/sso/saml/{id}/provisioning", "settings.sso.connection_updated");
        RECORDS.put("POST /api/v1/sso/saml/{id}/test", "-"); // reads the certificate and the provider's URL
        RECORDS.put("DELETE /api/v1/sso/saml/{id}", "settings.sso.connection_removed");
        RECORDS.put("POST /api/v1/scim/tokens", "settings.scim.token_created");
        RECORDS.put("PUT /api/v1/scim/tokens/{id}/provisioning", "settings.scim.token_updated");
        RECORDS.put("DELETE /api/v1/scim/tokens/{id}", "settings.scim.token_revoked");
        RECORDS.put("POST /scim/v2/Users", "user.provisioned");
        RECORDS.put("PUT /scim/v2/Users/{id}", "user.updated");
        RECORDS.put("PATCH /scim/v2/Users/{id}", "user.disabled");
        RECORDS.put("DELETE /scim/v2/Users/{id}", "user.deleted");
        RECORDS.put("POST /scim/v2/Groups", "scim.group.changed");
        RECORDS.put("PUT /scim/v2/Groups/{id}", "scim.group.changed");
        RECORDS.put("PATCH /scim/v2/Groups/{id}", "scim.group.changed");
        RECORDS.put("DELETE /scim/v2/Groups/{id}", "scim.group.changed");
        RECORDS.put("PUT /api/v1/sso/directories/{id}/provisioning", "settings.sso.connection_updated");
        RECORDS.put("PUT /api/v1/settings/sso", "settings.sso.updated");
        RECORDS.put("POST /api/v1/auth/step-up", "auth.step_up");
        // a passkey ceremony's options are a challenge handed out, not yet a change: the answer is recorded
        RECORDS.put("POST /api/v1/me/mfa/passkeys/options", "-");
        RECORDS.put("POST /api/v1/me/mfa/passkeys", "user.mfa.factor_added");
        RECORDS.put("POST /api/v1/auth/passkey/options", "-");
        RECORDS.put("POST /api/v1/auth/passkey", "auth.login");
        RECORDS.put("POST /api/v1/auth/login/mfa/passkey", "-");
        RECORDS.put("POST /api/v1/auth/step-up/passkey", "-");
        // a code sent by SMS is not yet a change either: the confirmation (or the sign-in) is recorded
        RECORDS.put("POST /api/v1/me/mfa/sms", "-");
        RECORDS.put("POST /api/v1/me/mfa/sms/{id}/confirm", "user.mfa.factor_added");
        RECORDS.put("POST /api/v1/auth/login/mfa/sms", "-");
        RECORDS.put("POST /api/v1/auth/step-up/sms", "-");
        RECORDS.put("DELETE /api/v1/me/devices/{id}", "user.device.forgotten");
        RECORDS.put("POST /api/v1/time-off/types", "timeoff.type.created");
        RECORDS.put("PATCH /api/v1/time-off/types/{id}", "timeoff.type.updated");
        RECORDS.put("POST /api/v1/time-off/locations", "timeoff.location.created");
        RECORDS.put("PATCH /api/v1/time-off/locations/{id}", "timeoff.location.updated");
        RECORDS.put("POST /api/v1/time-off/policies", "timeoff.policy.created");
        RECORDS.put("PATCH /api/v1/time-off/policies/{id}", "timeoff.policy.updated");
        RECORDS.put("POST /api/v1/time-off/holidays", "timeoff.holiday.created");
        RECORDS.put("DELETE /api/v1/time-off/holidays/{id}", "timeoff.holiday.deleted");
        RECORDS.put("PUT /api/v1/time-off/people/{id}", "timeoff.member.updated");
        RECORDS.put("POST /api/v1/time-off/balances/{id}/corrections", "timeoff.balance.corrected");
        RECORDS.put("POST /api/v1/time-off/balances/recompute", "timeoff.balances.recomputed");
        RECORDS.put("POST /api/v1/time-off/requests", "timeoff.request.created");
        RECORDS.put("POST /api/v1/time-off/requests/{id}/approve", "timeoff.request.approved");
        RECORDS.put("POST /api/v1/time-off/requests/{id}/decline", "timeoff.request.declined");
        RECORDS.put("POST /api/v1/time-off/requests/{id}/cancel", "timeoff.request.cancelled");
        RECORDS.put("POST /api/v1/time-off/feeds", "timeoff.feed.created");
        RECORDS.put("DELETE /api/v1/time-off/feeds/{id}", "timeoff.feed.revoked");
        RECORDS.put("POST /api/v1/time-off/substitutes", "timeoff.substitute.created");
        RECORDS.put("DELETE /api/v1/time-off/substitutes/{id}", "timeoff.substitute.deleted");
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    AppVersion version;

    @org.springframework.beans.factory.annotation.Value("${strongroom.home}")
    java.nio.file.Path home;

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
    int ip = 10;

    @Test
    @Tag("L1")
    void everyStateChangingEndpointIsListed() {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/") && !path.startsWith("/scim/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    if (method != RequestMethod.GET && method != RequestMethod.HEAD && method != RequestMethod.OPTIONS) {
                        endpoints.add(method + " " + path);
                    }
                }
            }
        }
        assertThat(endpoints).as("state-changing API endpoints and the records they must leave")
                .containsExactlyInAnyOrderElementsOf(RECORDS.keySet());
    }

    @Test
    @Tag("L1")
    void eachCallLeavesExactlyOneRightRecord() {
        String workspace = Fixtures.uniqueWorkspace("complete");
        Response signup = call("POST /api/v1/signup", null, api -> api.post("/api/v1/signup", Fixtures.signup(workspace)));
        UUID tenant = UUID.fromString(signup.json().get("tenant_id").asString());
        UUID ownerId = all.sql("select id from app_user where tenant_id = :t").param("t", tenant).query(UUID.class).single();
        expect(signup, tenant, "POST /api/v1/signup", ownerId, tenant.toString());

        Response login = call("POST /api/v1/auth/login", null,
                api -> TestUsers.login(api, workspace, Fixtures.OWNER_EMAIL, Fixtures.STRONG_PASSWORD));
        expect(login, tenant, "POST /api/v1/auth/login", ownerId, ownerId.toString());
        String owner = login.json().get("access_token").asString();
        Response refreshed = call("POST /api/v1/auth/refresh", null, api -> api.post("/api/v1/auth/refresh",
                Map.of("refresh_token", login.json().get("refresh_token").asString())));
        assertThat(records(tenant, refreshed)).isEmpty();

        Response person = call("POST /api/v1/people", owner, api -> api.post("/api/v1/people",
                Map.of("given_name", "Ada", "family_name", "Audit")));
        String personId = person.json().get("id").asString();
        expect(person, tenant, "POST /api/v1/people", ownerId, personId);
        Response imported = call("POST /api/v1/people/import", owner, api -> api.postRaw("/api/v1/people/import",
                "text/csv", "given_name,family_name\nImre,Importer\n"));
        String importedId = TestUsers.inTenant(tenant, jdbc -> jdbc.sql(
                "select id::text from employee where family_name = 'Importer'").query(String.class).single());
        expect(imported, tenant, "POST /api/v1/people/import", ownerId, importedId);
        expect(call("PATCH /api/v1/people/{id}", owner, api -> api.header("If-Match", "\"1\"")
                .method("PATCH", "/api/v1/people/" + personId, Map.of("job_title", "Auditor"))), tenant,
                "PATCH /api/v1/people/{id}", ownerId, personId);

        Response role = call("POST /api/v1/roles", owner, api -> api.post("/api/v1/roles",
                Map.of("name", "Readers", "permissions", List.of("people:read"))));
        String roleId = role.json().get("id").asString();
        expect(role, tenant, "POST /api/v1/roles", ownerId, roleId);
        expect(call("PUT /api/v1/roles/{id}", owner, api -> api.method("PUT", "/api/v1/roles/" + roleId,
                Map.of("name", "Readers", "permissions", List.of()))), tenant, "PUT /api/v1/roles/{id}", ownerId, roleId);

        String inviteeEmail = "invitee." + workspace + "@example.org";
        Response invited = call("POST /api/v1/users", owner, api -> api.post("/api/v1/users",
                Map.of("email", inviteeEmail, "display_name", "In Vitee", "roles", List.of())));
        String invitee = invited.json().get("id").asString();
        expect(invited, tenant, "POST /api/v1/users", ownerId, invitee);
        String firstInvitation = TestMail.linkToken(inviteeEmail, "You are invited");
        expect(call("POST /api/v1/users/{id}/invitation", owner, api -> api.post("/api/v1/users/" + invitee + "/invitation", "")),
                tenant, "POST /api/v1/users/{id}/invitation", ownerId, invitee);
        String invitation = TestMail.newerLinkToken(inviteeEmail, "You are invited", firstInvitation);
        expect(call("POST /api/v1/auth/invitation/accept", null, api -> api.post("/api/v1/auth/invitation/accept",
                Map.of("token", invitation, "password", "quartz-meadow-lantern-58"))), tenant,
                "POST /api/v1/auth/invitation/accept", UUID.fromString(invitee), invitee);
        expect(call("PUT /api/v1/users/{id}/roles", owner, api -> api.method("PUT", "/api/v1/users/" + invitee + "/roles",
                Map.of("roles", List.of(roleId)))), tenant, "PUT /api/v1/users/{id}/roles", ownerId, invitee);
        expect(call("POST /api/v1/users/{id}/disable", owner, api -> api.post("/api/v1/users/" + invitee + "/disable", "")),
                tenant, "POST /api/v1/users/{id}/disable", ownerId, invitee);
        expect(call("POST /api/v1/users/{id}/enable", owner, api -> api.post("/api/v1/users/" + invitee + "/enable", "")),
                tenant, "POST /api/v1/users/{id}/enable", ownerId, invitee);
        expect(call("POST /api/v1/users/{id}/unlock", owner, api -> api.post("/api/v1/users/" + invitee + "/unlock", "")),
                tenant, "POST /api/v1/users/{id}/unlock", ownerId, invitee);
        expect(call("POST /api/v1/users/{id}/password-reset", owner,
                api -> api.post("/api/v1/users/" + invitee + "/password-reset", "")),
                tenant, "POST /api/v1/users/{id}/password-reset", ownerId, invitee);
        expect(call("POST /api/v1/auth/recovery", null, api -> api.post("/api/v1/auth/recovery",
                Map.of("workspace", workspace, "email", inviteeEmail))), tenant, "POST /api/v1/auth/recovery", null, invitee);
        String recovery = TestMail.linkToken(inviteeEmail, "Reset your");
        expect(call("POST /api/v1/auth/recovery/complete", null, api -> api.post("/api/v1/auth/recovery/complete",
                Map.of("token", recovery, "new_password", "harbor-violet-compass-73"))), tenant,
                "POST /api/v1/auth/recovery/complete", UUID.fromString(invitee), invitee);

        expect(call("PUT /api/v1/settings/password-policy", owner, api -> api.method("PUT", "/api/v1/settings/password-policy",
                Map.of("mode", "enforced", "min_length", 14, "min_score", 3))), tenant,
                "PUT /api/v1/settings/password-policy", ownerId, tenant.toString());
        expect(call("PUT /api/v1/settings/sessions", owner, api -> api.method("PUT", "/api/v1/settings/sessions",
                Map.of("idle_timeout_minutes", 20, "absolute_lifetime_minutes", 600))), tenant,
                "PUT /api/v1/settings/sessions", ownerId, tenant.toString());
        expect(call("PUT /api/v1/settings/regional", owner, api -> api.method("PUT", "/api/v1/settings/regional",
                Map.of("language", "de", "time_zone", "Europe/Vienna"))), tenant,
                "PUT /api/v1/settings/regional", ownerId, tenant.toString());
        expect(call("PUT /api/v1/me/preferences", owner, api -> api.method("PUT", "/api/v1/me/preferences",
                Map.of("language", "nl", "time_zone", "Europe/Amsterdam"))), tenant,
                "PUT /api/v1/me/preferences", ownerId, ownerId.toString());
        expect(call("POST /api/v1/me/password", owner, api -> api.post("/api/v1/me/password", Map.of(
                "current_password", Fixtures.STRONG_PASSWORD, "new_password", "granite-willow-beacon-41"))), tenant,
                "POST /api/v1/me/password", ownerId, ownerId.toString());

        String second = TestUsers.tokens(new ApiClient(port), workspace, Fixtures.OWNER_EMAIL, "granite-willow-beacon-41")
                .access();
        String secondSession = bearer(owner).get("/api/v1/me/sessions").json().get("sessions").valueStream()
                .filter(s -> !s.get("current").asBoolean()).findFirst().orElseThrow().get("id").asString();
        expect(call("DELETE /api/v1/me/sessions/{id}", owner, api -> api.delete("/api/v1/me/sessions/" + secondSession)),
                tenant, "DELETE /api/v1/me/sessions/{id}", ownerId, ownerId.toString());
        assertThat(bearer(second).get("/api/v1/me").status()).isEqualTo(401);

        timeOff(tenant, ownerId, owner, personId);

        expect(call("DELETE /api/v1/people/{id}", owner, api -> api.header("If-Match", "\"2\"")
                .delete("/api/v1/people/" + personId)), tenant, "DELETE /api/v1/people/{id}", ownerId, personId);
        expect(call("DELETE /api/v1/users/{id}", owner, api -> api.delete("/api/v1/users/" + invitee)), tenant,
                "DELETE /api/v1/users/{id}", ownerId, invitee);
        expect(call("DELETE /api/v1/roles/{id}", owner, api -> api.delete("/api/v1/roles/" + roleId)), tenant,
                "DELETE /api/v1/roles/{id}", ownerId, roleId);

        String third = TestUsers.tokens(new ApiClient(port), workspace, Fixtures.OWNER_EMAIL, "granite-willow-beacon-41")
                .access();
        expect(call("POST /api/v1/auth/logout", third, api -> api.post("/api/v1/auth/logout", "")), tenant,
                "POST /api/v1/auth/logout", ownerId, ownerId.toString());
        // a verified backup in the catalog (BackupAndRestoreTest takes real ones): the restore request is what is audited
        UUID backup = UUID.randomUUID();
        all.sql("""
                insert into backup (tenant_id, id, kind, state, store, object_key, started_at)
                values (:t, :id, 'on_demand', 'verified', 'directory', '', now())
                """).param("t", tenant).param("id", backup).update();
        Response restore = call("POST /api/v1/backups/{id}/restore", owner, api -> api.post("/api/v1/backups/" + backup
                + "/restore", Map.of("mode", "in_place")));
        expect(restore, tenant, "POST /api/v1/backups/{id}/restore", ownerId, backup.toString());
        all.sql("update backup_job set state = 'failed' where tenant_id = :t").param("t", tenant).update();
        Response backupNow = call("POST /api/v1/backups", owner, api -> api.post("/api/v1/backups", Map.of()));
        expect(backupNow, tenant, "POST /api/v1/backups", ownerId, backupNow.json().get("id").asString());
        Response exportNow = call("POST /api/v1/exports", owner, api -> api.post("/api/v1/exports", Map.of()));
        expect(exportNow, tenant, "POST /api/v1/exports", ownerId, exportNow.json().get("id").asString());
        for (String end : new String[] {"complete", "refuse"}) {
            Response recorded = call("POST /api/v1/privacy/requests", owner, api -> api.post("/api/v1/privacy/requests",
                    Map.of("kind", "information", "subject_email", "someone@example.org", "identity_check", "replied from it")));
            String request = recorded.json().get("id").asString();
            expect(recorded, tenant, "POST /api/v1/privacy/requests", ownerId, request);
            if (end.equals("complete")) {
                Response extended = call("POST /api/v1/privacy/requests/{id}/extend", owner, api -> api.post(
                        "/api/v1/privacy/requests/" + request + "/extend", Map.of("months", 1, "reason", "many records")));
                expect(extended, tenant, "POST /api/v1/privacy/requests/{id}/extend", ownerId, request);
            }
            String endpoint = "POST /api/v1/privacy/requests/{id}/" + end;
            Response closed = call(endpoint, owner, api -> api.post("/api/v1/privacy/requests/" + request + "/" + end,
                    Map.of(end.equals("complete") ? "answer" : "reason", "done")));
            expect(closed, tenant, endpoint, ownerId, request);
        }
        String leaver = sameClient(owner).post("/api/v1/people", Map.of("given_name", "Erased", "family_name", "Person"))
                .json().get("id").asString();
        String erasureRequest = sameClient(owner).post("/api/v1/privacy/requests", Map.of("kind", "erasure",
                "person_id", leaver, "identity_check", "in person")).json().get("id").asString();
        Response erased = call("POST /api/v1/privacy/requests/{id}/erase", owner, api -> api.post(
                "/api/v1/privacy/requests/" + erasureRequest + "/erase", Map.of()));
        expect(erased, tenant, "POST /api/v1/privacy/requests/{id}/erase", ownerId, erasureRequest);
        String objector = sameClient(owner).post("/api/v1/people", Map.of("given_name", "Objecting", "family_name", "Person"))
                .json().get("id").asString();
        String objection = sameClient(owner).post("/api/v1/privacy/requests", Map.of("kind", "objection",
                "person_id", objector, "identity_check", "in person")).json().get("id").asString();
        for (String step : new String[] {"restrict", "lift"}) {
            String endpoint = "POST /api/v1/privacy/requests/{id}/" + step;
            Response changed = call(endpoint, owner, api -> api.post("/api/v1/privacy/requests/" + objection + "/" + step,
                    Map.of()));
            expect(changed, tenant, endpoint, ownerId, objection);
        }
        all.sql("update backup_job set state = 'failed' where tenant_id = :t").param("t", tenant).update();
        expect(call("POST /api/v1/me/sessions/revoke-all", owner, api -> api.post("/api/v1/me/sessions/revoke-all", "")),
                tenant, "POST /api/v1/me/sessions/revoke-all", ownerId, ownerId.toString());

        // second factors (A6)
        String mfaOwner = TestUsers.tokens(new ApiClient(port), workspace, Fixtures.OWNER_EMAIL, "granite-willow-beacon-41")
                .access();
        Response started = call("POST /api/v1/me/mfa/totp", mfaOwner, api -> api.post("/api/v1/me/mfa/totp",
                Map.of("name", "Phone")));
        assertThat(records(tenant, started)).isEmpty();
        String secret = started.json().get("secret").asString();
        String factor = started.json().get("id").asString();
        expect(call("POST /api/v1/me/mfa/totp/{id}/confirm", mfaOwner, api -> api.post("/api/v1/me/mfa/totp/" + factor
                + "/confirm", Map.of("code", TestTotp.code(secret, clock.instant())))), tenant,
                "POST /api/v1/me/mfa/totp/{id}/confirm", ownerId, ownerId.toString());
        clock.advance(java.time.Duration.ofSeconds(30)); // the confirming code is spent
        String challenge = new ApiClient(port, "203.0.113." + ip).header("User-Agent", "AuditCompleteness/1.0")
                .post("/api/v1/auth/login", Map.of("workspace", workspace, "email", Fixtures.OWNER_EMAIL,
                        "password", "granite-willow-beacon-41")).json().get("challenge").asString();
        Response secondStep = call("POST /api/v1/auth/login/mfa", null, api -> api.post("/api/v1/auth/login/mfa",
                Map.of("challenge", challenge, "method", "totp", "code", TestTotp.code(secret, clock.instant()))));
        expect(secondStep, tenant, "POST /api/v1/auth/login/mfa", ownerId, ownerId.toString());
        String strong = secondStep.json().get("access_token").asString();
        // with a factor, changing how the account or the workspace signs in needs a session that used it
        expect(call("POST /api/v1/me/mfa/recovery-codes", strong, api -> api.post("/api/v1/me/mfa/recovery-codes", "")),
                tenant, "POST /api/v1/me/mfa/recovery-codes", ownerId, ownerId.toString());
        expect(call("PUT /api/v1/settings/mfa", strong, api -> api.method("PUT", "/api/v1/settings/mfa",
                Map.of("mode", "everyone", "grace_days", 0))), tenant, "PUT /api/v1/settings/mfa", ownerId,
                tenant.toString());
        // the next step's code (the sign-in's is spent); the 60-second token is half its life older then
        clock.advance(java.time.Duration.ofSeconds(30));
        Response stepped = call("POST /api/v1/auth/step-up", strong, api -> api.post("/api/v1/auth/step-up",
                Map.of("method", "totp", "code", TestTotp.code(secret, clock.instant()))));
        expect(stepped, tenant, "POST /api/v1/auth/step-up", ownerId, ownerId.toString());
        String afresh = stepped.json().get("access_token").asString();

        // passkeys: a ceremony's options and its answer come from one client (the ceremony is bound to it)
        TestPasskey passkey = new TestPasskey("https://localhost:" + port);
        Response creation = call("POST /api/v1/me/mfa/passkeys/options", afresh,
                api -> api.post("/api/v1/me/mfa/passkeys/options", ""));
        assertThat(records(tenant, creation)).isEmpty();
        JsonNode creationOptions = sameClient(afresh).post("/api/v1/me/mfa/passkeys/options", "").json().get("public_key");
        Response added = call("POST /api/v1/me/mfa/passkeys", afresh, api -> api.post("/api/v1/me/mfa/passkeys",
                Map.of("name", "Laptop", "credential", ApiClient.JSON.readTree(passkey.create(creationOptions)))));
        expect(added, tenant, "POST /api/v1/me/mfa/passkeys", ownerId, ownerId.toString());
        Response checked = call("POST /api/v1/deletion-certificates/verify", null, api -> api.post(
                "/api/v1/deletion-certificates/verify", Map.of("document", "{}", "signature", "e30..c2ln")));
        assertThat(records(tenant, checked)).isEmpty();
        Response signInOptions = call("POST /api/v1/auth/passkey/options", null,
                api -> api.post("/api/v1/auth/passkey/options", Map.of("workspace", workspace)));
        assertThat(records(tenant, signInOptions)).isEmpty();
        JsonNode requestOptions = sameClient(null).post("/api/v1/auth/passkey/options", Map.of("workspace", workspace))
                .json().get("public_key");
        expect(call("POST /api/v1/auth/passkey", null, api -> api.post("/api/v1/auth/passkey", Map.of("workspace",
                workspace, "credential", ApiClient.JSON.readTree(passkey.get(requestOptions))))), tenant,
                "POST /api/v1/auth/passkey", ownerId, ownerId.toString());
        String passkeyChallenge = sameClient(null).post("/api/v1/auth/login", Map.of("workspace", workspace, "email",
                Fixtures.OWNER_EMAIL, "password", "granite-willow-beacon-41")).json().get("challenge").asString();
        Response again = call("POST /api/v1/auth/login/mfa/passkey", null, api -> api.post("/api/v1/auth/login/mfa/passkey",
                Map.of("challenge", passkeyChallenge)));
        assertThat(records(tenant, again)).isEmpty();
        Response stepUpOptions = call("POST /api/v1/auth/step-up/passkey", afresh,
                api -> api.post("/api/v1/auth/step-up/passkey", ""));
        assertThat(records(tenant, stepUpOptions)).isEmpty();

        // a phone for codes by SMS (no gateway here: the messages are files under the home directory)
        Response phone = call("POST /api/v1/me/mfa/sms", afresh, api -> api.post("/api/v1/me/mfa/sms",
                Map.of("phone", "+4915100000042")));
        assertThat(records(tenant, phone)).isEmpty();
        expect(call("POST /api/v1/me/mfa/sms/{id}/confirm", afresh, api -> api.post("/api/v1/me/mfa/sms/"
                + phone.json().get("id").asString() + "/confirm", Map.of("code", TestSms.lastCode(home, "+4915100000042")))),
                tenant, "POST /api/v1/me/mfa/sms/{id}/confirm", ownerId, ownerId.toString());
        String smsChallenge = sameClient(null).post("/api/v1/auth/login", Map.of("workspace", workspace, "email",
                Fixtures.OWNER_EMAIL, "password", "granite-willow-beacon-41")).json().get("challenge").asString();
        Response smsSent = call("POST /api/v1/auth/login/mfa/sms", null, api -> api.post("/api/v1/auth/login/mfa/sms",
                Map.of("challenge", smsChallenge)));
        assertThat(records(tenant, smsSent)).isEmpty();
        Response stepUpSms = call("POST /api/v1/auth/step-up/sms", afresh, api -> api.post("/api/v1/auth/step-up/sms", ""));
        assertThat(records(tenant, stepUpSms)).isEmpty();
        UUID device = all.sql("""
                insert into remembered_device (tenant_id, id, user_id, token_hash, label, created_at, expires_at)
                values (:t, gen_random_uuid(), :u, sha256(gen_random_uuid()::text::bytea), 'Laptop', now(), now() + interval '30 days')
                returning id""").param("t", tenant).param("u", ownerId).query(UUID.class).single();
        expect(call("DELETE /api/v1/me/devices/{id}", afresh, api -> api.delete("/api/v1/me/devices/" + device)), tenant,
                "DELETE /api/v1/me/devices/{id}", ownerId, ownerId.toString());

        String enrolling = "enrolling." + workspace + "@example.org";
        UUID enrollingId = TestUsers.addUser(tenant, enrolling, "harbor-violet-compass-73", "employee");
        String enrolChallenge = new ApiClient(port, "203.0.113." + ip).header("User-Agent", "AuditCompleteness/1.0")
                .post("/api/v1/auth/login", Map.of("workspace", workspace, "email", enrolling,
                        "password", "harbor-violet-compass-73")).json().get("challenge").asString();
        Response enrolment = call("POST /api/v1/auth/login/mfa/enrolment", null, api -> api.post(
                "/api/v1/auth/login/mfa/enrolment", Map.of("challenge", enrolChallenge)));
        assertThat(records(tenant, enrolment)).isEmpty();
        expect(call("DELETE /api/v1/users/{id}/mfa", afresh, api -> api.delete("/api/v1/users/" + enrollingId + "/mfa")),
                tenant, "DELETE /api/v1/users/{id}/mfa", ownerId, enrollingId.toString());
        expect(call("DELETE /api/v1/me/mfa/factors/{id}", afresh, api -> api.delete("/api/v1/me/mfa/factors/" + factor)),
                tenant, "DELETE /api/v1/me/mfa/factors/{id}", ownerId, ownerId.toString());
        expect(call("PUT /api/v1/settings/network", afresh, api -> api.method("PUT", "/api/v1/settings/network",
                Map.of("allowed_networks", List.of("203.0.113.0/24")))), tenant, "PUT /api/v1/settings/network", ownerId,
                tenant.toString());

        // single sign-on connections (A7), against an OpenID provider in this process
        no.nav.security.mock.oauth2.MockOAuth2Server provider = new no.nav.security.mock.oauth2.MockOAuth2Server();
        provider.start();
        try {
            Response ssoAdded = call("POST /api/v1/sso/connections", afresh, api -> api.post("/api/v1/sso/connections",
                    Map.of("provider", "oidc", "name", "Company", "issuer", provider.issuerUrl("audit").toString(),
                            "client_id", "strongroom", "client_secret", "audit-completeness-secret")));
            expect(ssoAdded, tenant, "POST /api/v1/sso/connections", ownerId, tenant.toString());
            String connection = ssoAdded.json().get("id").asString();
            Response tested = call("POST /api/v1/sso/connections/{id}/test", afresh,
                    api -> api.post("/api/v1/sso/connections/" + connection + "/test", Map.of()));
            assertThat(tested.status()).isEqualTo(200);
            assertThat(records(tenant, tested)).isEmpty();
            expect(call("PUT /api/v1/sso/connections/{id}/provisioning", afresh, api -> api.method("PUT",
                    "/api/v1/sso/connections/" + connection + "/provisioning", Map.of("create_accounts", false,
                            "role_mappings", List.of()))), tenant, "PUT /api/v1/sso/connections/{id}/provisioning",
                    ownerId, tenant.toString());
            expect(call("PUT /api/v1/settings/sso", afresh, api -> api.method("PUT", "/api/v1/settings/sso",
                    Map.of("sso_only", false, "break_glass_user_ids", List.of(ownerId.toString())))), tenant,
                    "PUT /api/v1/settings/sso", ownerId, tenant.toString());
            expect(call("DELETE /api/v1/sso/connections/{id}", afresh, api -> api.delete("/api/v1/sso/connections/"
                    + connection)), tenant, "DELETE /api/v1/sso/connections/{id}", ownerId, tenant.toString());
        } finally {
            provider.shutdown();
        }
        // an Active Directory (A7): added without connecting; its test finds nobody listening
        Response directory = call("POST /api/v1/sso/directories", afresh, api -> api.post("/api/v1/sso/directories",
                Map.of("name", "AD", "url", "ldaps://127.0.0.1:9", "base_dn", "dc=example,dc=org", "bind_dn",
                        "cn=svc,dc=example,dc=org", "bind_password", "audit-completeness-bind", "domains",
                        List.of("ad.example"))));
        expect(directory, tenant, "POST /api/v1/sso/directories", ownerId, tenant.toString());
        String directoryId = directory.json().get("id").asString();
        Response directoryTested = call("POST /api/v1/sso/directories/{id}/test", afresh,
                api -> api.post("/api/v1/sso/directories/" + directoryId + "/test", Map.of()));
        assertThat(directoryTested.status()).isEqualTo(200);
        assertThat(records(tenant, directoryTested)).isEmpty();
        expect(call("PUT /api/v1/sso/directories/{id}/provisioning", afresh, api -> api.method("PUT",
                "/api/v1/sso/directories/" + directoryId + "/provisioning", Map.of("create_accounts", true))), tenant,
                "PUT /api/v1/sso/directories/{id}/provisioning", ownerId, tenant.toString());
        // a SAML identity provider (A7)
        Response samlAdded = call("POST /api/v1/sso/saml", afresh, api -> api.post("/api/v1/sso/saml", Map.of("name",
                "IdP", "idp_entity_id", "https://idp.example/metadata", "sso_url", "https://idp.example/sso",
                "idp_certificate", io.strongroom.identity.sso.SamlTestCertificate.PEM, "domains", List.of("saml.example"))));
        expect(samlAdded, tenant, "POST /api/v1/sso/saml", ownerId, tenant.toString());
        String samlId = samlAdded.json().get("id").asString();
        Response samlTested = call("POST /api/v1/sso/saml/{id}/test", afresh, api -> api.post("/api/v1/sso/saml/"
                + samlId + "/test", Map.of()));
        assertThat(records(tenant, samlTested)).isEmpty();
        expect(call("PUT /api/v1/sso/saml/{id}/provisioning", afresh, api -> api.method("PUT", "/api/v1/sso/saml/" + samlId
                + "/provisioning", Map.of("create_accounts", true))), tenant, "PUT /api/v1/sso/saml/{id}/provisioning",
                ownerId, tenant.toString());
        expect(call("DELETE /api/v1/sso/saml/{id}", afresh, api -> api.delete("/api/v1/sso/saml/" + samlId)), tenant,
                "DELETE /api/v1/sso/saml/{id}", ownerId, tenant.toString());
        // SCIM provisioning (A7): a token, then the directory's calls with it, each one record by the token
        Response scimToken = call("POST /api/v1/scim/tokens", afresh, api -> api.post("/api/v1/scim/tokens",
                Map.of("name", "Okta")));
        expect(scimToken, tenant, "POST /api/v1/scim/tokens", ownerId, tenant.toString());
        String scimSecret = scimToken.json().get("secret").asString();
        String scimTokenId = scimToken.json().get("token").get("id").asString();
        UUID scimActor = UUID.fromString(scimTokenId);
        Response scimUser = call("POST /scim/v2/Users", scimSecret, api -> api.post("/scim/v2/Users",
                Map.of("userName", "scim.user@example.org", "displayName", "Scim User")));
        String scimUserId = scimUser.json().get("id").asString();
        expect(scimUser, tenant, "POST /scim/v2/Users", scimActor, scimUserId);
        expect(call("PUT /scim/v2/Users/{id}", scimSecret, api -> api.method("PUT", "/scim/v2/Users/" + scimUserId,
                Map.of("userName", "scim.user@example.org", "displayName", "Scim Renamed"))), tenant,
                "PUT /scim/v2/Users/{id}", scimActor, scimUserId);
        Response scimGroup = call("POST /scim/v2/Groups", scimSecret, api -> api.post("/scim/v2/Groups",
                Map.of("displayName", "Staff", "members", List.of(Map.of("value", scimUserId)))));
        expect(scimGroup, tenant, "POST /scim/v2/Groups", scimActor, tenant.toString());
        String scimGroupId = scimGroup.json().get("id").asString();
        expect(call("PUT /scim/v2/Groups/{id}", scimSecret, api -> api.method("PUT", "/scim/v2/Groups/" + scimGroupId,
                Map.of("displayName", "All staff"))), tenant, "PUT /scim/v2/Groups/{id}", scimActor, tenant.toString());
        expect(call("PATCH /scim/v2/Groups/{id}", scimSecret, api -> api.method("PATCH", "/scim/v2/Groups/"
                + scimGroupId, Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                        "Operations", List.of(Map.of("op", "add", "path", "members", "value",
                                List.of(Map.of("value", scimUserId))))))), tenant, "PATCH /scim/v2/Groups/{id}",
                scimActor, tenant.toString());
        expect(call("DELETE /scim/v2/Groups/{id}", scimSecret, api -> api.delete("/scim/v2/Groups/" + scimGroupId)),
                tenant, "DELETE /scim/v2/Groups/{id}", scimActor, tenant.toString());
        expect(call("PATCH /scim/v2/Users/{id}", scimSecret, api -> api.method("PATCH", "/scim/v2/Users/" + scimUserId,
                Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"), "Operations",
                        List.of(Map.of("op", "replace", "path", "active", "value", false))))), tenant,
                "PATCH /scim/v2/Users/{id}", scimActor, scimUserId);
        expect(call("DELETE /scim/v2/Users/{id}", scimSecret, api -> api.delete("/scim/v2/Users/" + scimUserId)),
                tenant, "DELETE /scim/v2/Users/{id}", scimActor, scimUserId);
        expect(call("PUT /api/v1/scim/tokens/{id}/provisioning", afresh, api -> api.method("PUT",
                "/api/v1/scim/tokens/" + scimTokenId + "/provisioning", Map.of("role_mappings", List.of()))), tenant,
                "PUT /api/v1/scim/tokens/{id}/provisioning", ownerId, tenant.toString());
        expect(call("DELETE /api/v1/scim/tokens/{id}", afresh, api -> api.delete("/api/v1/scim/tokens/" + scimTokenId)),
                tenant, "DELETE /api/v1/scim/tokens/{id}", ownerId, tenant.toString());
        expect(call("DELETE /api/v1/sso/directories/{id}", afresh, api -> api.delete("/api/v1/sso/directories/"
                + directoryId)), tenant, "DELETE /api/v1/sso/directories/{id}", ownerId, tenant.toString());
    }

    private final Map<Response, String> sentFrom = new LinkedHashMap<>();

    /** A client with the address and agent the next {@link #call} will use. */
    private ApiClient sameClient(String bearer) {
        ApiClient api = new ApiClient(port, "203.0.113." + ip).header("User-Agent", "AuditCompleteness/1.0");
        return bearer == null ? api : api.header("Authorization", "Bearer " + bearer);
    }

    /** Every time-off change; the owner manages the person Ada, whose record is linked to the owner's account. */
    private void timeOff(UUID tenant, UUID ownerId, String owner, String personId) {
        Response type = call("POST /api/v1/time-off/types", owner, api -> api.post("/api/v1/time-off/types",
                Map.of("name", "Training", "uses_balance", true)));
        String typeId = type.json().get("id").asString();
        expect(type, tenant, "POST /api/v1/time-off/types", ownerId, typeId);
        expect(call("PATCH /api/v1/time-off/types/{id}", owner, api -> api.header("If-Match", "\"1\"")
                .method("PATCH", "/api/v1/time-off/types/" + typeId, Map.of("colour", "#00897b"))), tenant,
                "PATCH /api/v1/time-off/types/{id}", ownerId, typeId);
        Response location = call("POST /api/v1/time-off/locations", owner, api -> api.post("/api/v1/time-off/locations",
                Map.of("name", "Munich", "country", "de", "region", "by")));
        String locationId = location.json().get("id").asString();
        expect(location, tenant, "POST /api/v1/time-off/locations", ownerId, locationId);
        expect(call("PATCH /api/v1/time-off/locations/{id}", owner, api -> api.header("If-Match", "\"1\"")
                .method("PATCH", "/api/v1/time-off/locations/" + locationId, Map.of("name", "München"))), tenant,
                "PATCH /api/v1/time-off/locations/{id}", ownerId, locationId);
        Response policy = call("POST /api/v1/time-off/policies", owner, api -> api.post("/api/v1/time-off/policies",
                Map.of("leave_type_id", typeId, "annual_days", 5)));
        String policyId = policy.json().get("id").asString();
        expect(policy, tenant, "POST /api/v1/time-off/policies", ownerId, policyId);
        expect(call("PATCH /api/v1/time-off/policies/{id}", owner, api -> api.header("If-Match", "\"1\"")
                .method("PATCH", "/api/v1/time-off/policies/" + policyId, Map.of("annual_days", 6))), tenant,
                "PATCH /api/v1/time-off/policies/{id}", ownerId, policyId);
        Response holiday = call("POST /api/v1/time-off/holidays", owner, api -> api.post("/api/v1/time-off/holidays",
                Map.of("day", "2030-12-24", "name", "Christmas Eve", "half_day", true)));
        String holidayId = holiday.json().get("id").asString();
        expect(holiday, tenant, "POST /api/v1/time-off/holidays", ownerId, holidayId);
        expect(call("DELETE /api/v1/time-off/holidays/{id}", owner, api -> api.delete("/api/v1/time-off/holidays/"
                + holidayId)), tenant, "DELETE /api/v1/time-off/holidays/{id}", ownerId, holidayId);
        expect(call("PUT /api/v1/time-off/people/{id}", owner, api -> api.method("PUT", "/api/v1/time-off/people/"
                + personId, Map.of("location_id", locationId))), tenant, "PUT /api/v1/time-off/people/{id}", ownerId,
                personId);

        // a reporter of Ada's with an account of their own; Ada's record is the owner's
        all.sql("update employee set user_id = :u where tenant_id = :t and id = :id").param("u", ownerId)
                .param("t", tenant).param("id", UUID.fromString(personId)).update();
        String email = "rita.reporter@example.org";
        UUID rita = TestUsers.addUser(tenant, email, "lantern-meadow-harbor-58", "employee");
        UUID ritaPerson = UUID.randomUUID();
        all.sql("""
                insert into employee (tenant_id, id, given_name, family_name, manager_id, user_id, start_date)
                values (:t, :id, 'Rita', 'Reporter', :manager, :user, date '2020-01-01')
                """).param("t", tenant).param("id", ritaPerson).param("manager", UUID.fromString(personId))
                .param("user", rita).update();
        String ritaToken = TestUsers.tokens(new ApiClient(port), all.sql("select workspace from tenant where id = :t")
                .param("t", tenant).query(String.class).single(), email, "lantern-meadow-harbor-58").access();
        expect(call("POST /api/v1/time-off/balances/{id}/corrections", owner, api -> api.post("/api/v1/time-off/balances/"
                + ritaPerson + "/corrections", Map.of("leave_type_id", typeId, "year", java.time.LocalDate.now(clock)
                .getYear(), "days", 1, "reason", "Course booked by agreement"))), tenant,
                "POST /api/v1/time-off/balances/{id}/corrections", ownerId, ritaPerson.toString());
        expect(call("POST /api/v1/time-off/balances/recompute", owner, api -> api.post("/api/v1/time-off/balances/recompute",
                Map.of())), tenant, "POST /api/v1/time-off/balances/recompute", ownerId, null);

        String unpaid = bearer(ritaToken).get("/api/v1/time-off/types").json().get("items").valueStream()
                .filter(t -> "unpaid".equals(t.path("builtin").asString(""))).findFirst().orElseThrow().get("id").asString();
        List<String> requests = new ArrayList<>();
        for (String day : List.of("2030-03-04", "2030-03-05", "2030-03-06")) {
            Response asked = call("POST /api/v1/time-off/requests", ritaToken, api -> api.post("/api/v1/time-off/requests",
                    Map.of("leave_type_id", unpaid, "start_date", day, "end_date", day)));
            requests.add(asked.json().get("id").asString());
            expect(asked, tenant, "POST /api/v1/time-off/requests", rita, requests.getLast());
        }
        expect(call("POST /api/v1/time-off/requests/{id}/approve", owner, api -> api.post("/api/v1/time-off/requests/"
                + requests.get(0) + "/approve", Map.of())), tenant, "POST /api/v1/time-off/requests/{id}/approve", ownerId,
                requests.get(0));
        expect(call("POST /api/v1/time-off/requests/{id}/decline", owner, api -> api.post("/api/v1/time-off/requests/"
                + requests.get(1) + "/decline", Map.of("note", "Audit week"))), tenant,
                "POST /api/v1/time-off/requests/{id}/decline", ownerId, requests.get(1));
        expect(call("POST /api/v1/time-off/requests/{id}/cancel", ritaToken, api -> api.post("/api/v1/time-off/requests/"
                + requests.get(2) + "/cancel", Map.of())), tenant, "POST /api/v1/time-off/requests/{id}/cancel", rita,
                requests.get(2));
        Response feed = call("POST /api/v1/time-off/feeds", ritaToken, api -> api.post("/api/v1/time-off/feeds",
                Map.of("scope", "team")));
        String feedId = feed.json().get("id").asString();
        expect(feed, tenant, "POST /api/v1/time-off/feeds", rita, feedId);
        expect(call("DELETE /api/v1/time-off/feeds/{id}", ritaToken, api -> api.delete("/api/v1/time-off/feeds/" + feedId)),
                tenant, "DELETE /api/v1/time-off/feeds/{id}", rita, feedId);
        Response substitute = call("POST /api/v1/time-off/substitutes", owner, api -> api.post("/api/v1/time-off/substitutes",
                Map.of("substitute_id", ritaPerson.toString(), "start_date", "2030-07-01", "end_date", "2030-07-14")));
        String substituteId = substitute.json().get("id").asString();
        expect(substitute, tenant, "POST /api/v1/time-off/substitutes", ownerId, substituteId);
        expect(call("DELETE /api/v1/time-off/substitutes/{id}", owner, api -> api.delete("/api/v1/time-off/substitutes/"
                + substituteId)), tenant, "DELETE /api/v1/time-off/substitutes/{id}", ownerId, substituteId);
        // Ada's record can be removed again only without reports
        all.sql("delete from employee where tenant_id = :t and id = :id").param("t", tenant).param("id", ritaPerson).update();
        all.sql("update employee set user_id = null where tenant_id = :t and id = :id").param("t", tenant)
                .param("id", UUID.fromString(personId)).update();
    }

    private Response call(String endpoint, String bearer, java.util.function.Function<ApiClient, Response> request) {
        String clientIp = "203.0.113." + (ip++);
        ApiClient api = new ApiClient(port, clientIp).header("User-Agent", "AuditCompleteness/1.0");
        if (bearer != null) {
            api = api.header("Authorization", "Bearer " + bearer);
        }
        Response response = request.apply(api);
        assertThat(response.status()).as(endpoint + ": " + response).isBetween(200, 299);
        sentFrom.put(response, clientIp);
        return response;
    }

    private void expect(Response response, UUID tenant, String endpoint, UUID actor, String target) {
        List<Map<String, Object>> records = records(tenant, response);
        assertThat(records).as(endpoint + " leaves exactly one record").hasSize(1);
        Map<String, Object> record = records.getFirst();
        assertThat(record.get("action")).as(endpoint).isEqualTo(RECORDS.get(endpoint));
        assertThat(record.get("outcome")).as(endpoint).isEqualTo("success");
        assertThat(record.get("client_ip")).as(endpoint + ": the address the trusted proxy forwarded")
                .isEqualTo(sentFrom.get(response));
        assertThat(record.get("user_agent")).as(endpoint).isEqualTo("AuditCompleteness/1.0");
        assertThat(record.get("app_version")).as(endpoint).isEqualTo(version.version());
        assertThat(record.get("app_commit")).as(endpoint).isEqualTo(version.commit());
        assertThat(record.get("actor_user_id")).as(endpoint + ": actor").isEqualTo(actor);
        assertThat(record.get("target_id")).as(endpoint + ": target").isEqualTo(target);
    }

    private List<Map<String, Object>> records(UUID tenant, Response response) {
        return new ArrayList<>(all.sql("select * from audit_event where tenant_id = :t and request_id = :r")
                .param("t", tenant).param("r", response.header("X-Request-Id")).query().listOfRows());
    }
}
