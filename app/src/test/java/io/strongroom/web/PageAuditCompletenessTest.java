package io.strongroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

/**
 * L1 for the pages, by enumeration: every form post of the pages (from the handler mappings) is
 * listed with the record it must leave, and each is posted once as a browser would — cookies,
 * CSRF token, through a trusted proxy — leaving exactly one record with that action, the forwarded
 * client IP and the running build's version.
 */
class PageAuditCompletenessTest extends ApiTest {

    /** Page form post -> its record's action; "-" for posts that change nothing. */
    static final Map<String, String> RECORDS = new LinkedHashMap<>();

    static {
        RECORDS.put("/signup", "tenant.created + auth.login");
        RECORDS.put("/login", "auth.login");
        RECORDS.put("/login/mfa", "auth.login"); // the second step: the first records nothing then
        RECORDS.put("/saml/acs", "auth.login"); // a SAML provider's post; SamlSignInTest signs in through it
        RECORDS.put("/app/people", "employee.created");
        RECORDS.put("/app/people/import", "-");
        RECORDS.put("/app/people/import/confirm", "employee.created");
        RECORDS.put("/app/people/{id}", "employee.updated");
        RECORDS.put("/app/people/{id}/account", "employee.updated");
        RECORDS.put("/app/people/{id}/delete", "employee.deleted");
        RECORDS.put("/app/people/{id}/reveal/{field}", "employee.personal_revealed");
        RECORDS.put("/app/roles", "role.created");
        RECORDS.put("/app/roles/{id}", "role.updated");
        RECORDS.put("/app/roles/{id}/delete", "role.deleted");
        RECORDS.put("/app/users", "user.invited");
        RECORDS.put("/app/users/{id}/roles", "role.assigned");
        RECORDS.put("/app/users/{id}/{action:disable|enable|unlock|password-reset|resend-invitation}", "(per action)");
        RECORDS.put("/app/users/{id}/delete", "user.deleted");
        RECORDS.put("/app/settings/password-policy", "settings.password_policy.updated");
        RECORDS.put("/app/settings/sessions", "settings.sessions.updated");
        RECORDS.put("/app/settings/regional", "settings.regional.updated");
        RECORDS.put("/app/account/preferences", "user.preferences.updated");
        RECORDS.put("/app/account/mfa/totp", "-"); // a key shown, not yet a factor: its confirmation is recorded
        RECORDS.put("/app/account/mfa/totp/{id}/confirm", "user.mfa.factor_added");
        RECORDS.put("/app/account/mfa/passkey", "-"); // the browser is asked to make one: its answer is recorded
        RECORDS.put("/app/account/mfa/passkey/add", "user.mfa.factor_added");
        RECORDS.put("/login/passkey", "auth.login");
        RECORDS.put("/app/account/mfa/sms", "-"); // a code sent: its confirmation is recorded
        RECORDS.put("/app/account/mfa/sms/{id}/confirm", "user.mfa.factor_added");
        RECORDS.put("/login/mfa/sms", "-");
        RECORDS.put("/app/step-up/sms", "-");
        RECORDS.put("/app/account/devices/{id}/forget", "user.device.forgotten");
        RECORDS.put("/app/account/mfa/recovery-codes", "user.mfa.recovery_codes_generated");
        RECORDS.put("/app/account/mfa/factors/{id}/remove", "user.mfa.factor_removed");
        RECORDS.put("/app/settings/mfa", "settings.mfa.updated");
        RECORDS.put("/app/settings/network", "settings.network.updated");
        RECORDS.put("/app/step-up", "auth.step_up");
        RECORDS.put("/app/users/{id}/mfa-reset", "user.mfa.reset");
        RECORDS.put("/app/account/password", "auth.password.changed");
        RECORDS.put("/app/account/sessions/{id}/end", "auth.session.revoked");
        RECORDS.put("/app/account/sessions/end-all", "auth.session.revoked_all");
        RECORDS.put("/logout", "auth.logout");
        RECORDS.put("/forgot-password", "auth.password.reset_requested");
        RECORDS.put("/w/{workspace}/reset-password", "auth.password.reset_completed");
        RECORDS.put("/w/{workspace}/accept-invitation", "user.invitation_accepted");
        RECORDS.put("/app/audit/verify", "-");
        RECORDS.put("/app/backups", "backup.requested");
        RECORDS.put("/app/backups/{id}/restore", "backup.restore_requested");
        RECORDS.put("/app/backups/{id}/copy", "backup.restore_requested");
        RECORDS.put("/ui/password-strength", "-");
        RECORDS.put("/app/time-off/settings/types", "timeoff.type.created");
        RECORDS.put("/app/time-off/settings/locations", "timeoff.location.created");
        RECORDS.put("/app/time-off/settings/policies", "timeoff.policy.created");
        RECORDS.put("/app/time-off/settings/holidays", "timeoff.holiday.created");
        RECORDS.put("/app/time-off/settings/holidays/{id}/delete", "timeoff.holiday.deleted");
        RECORDS.put("/app/time-off/settings/people", "timeoff.member.updated");
        RECORDS.put("/app/time-off/requests", "timeoff.request.created");
        RECORDS.put("/app/time-off/requests/{id}/cancel", "timeoff.request.cancelled");
        RECORDS.put("/app/time-off/requests/{id}/approve", "timeoff.request.approved");
        RECORDS.put("/app/time-off/requests/{id}/decline", "timeoff.request.declined");
        RECORDS.put("/app/settings/sso/connections", "settings.sso.connection_added");
        RECORDS.put("/app/settings/sso/connections/{id}/test", "-");
        RECORDS.put("/app/settings/sso/connections/{id}/delete", "settings.sso.connection_removed");
        RECORDS.put("/app/settings/sso/policy", "settings.sso.updated");
        RECORDS.put("/app/settings/saml", "settings.sso.connection_added");
        RECORDS.put("/app/settings/saml/{id}/test", "-");
        RECORDS.put("/app/settings/saml/{id}/delete", "settings.sso.connection_removed");
        RECORDS.put("/app/settings/scim/tokens", "settings.scim.token_created");
        RECORDS.put("/app/settings/scim/tokens/{id}/delete", "settings.scim.token_revoked");
        RECORDS.put("/app/settings/directories", "settings.sso.connection_added");
        RECORDS.put("/app/settings/directories/{id}/test", "-");
        RECORDS.put("/app/settings/directories/{id}/delete", "settings.sso.connection_removed");
        RECORDS.put("/app/privacy/requests", "privacy.request.recorded");
        RECORDS.put("/app/privacy/requests/{id}/extend", "privacy.request.extended");
        RECORDS.put("/app/privacy/requests/{id}/complete", "privacy.request.completed");
        RECORDS.put("/app/privacy/requests/{id}/refuse", "privacy.request.refused");
        RECORDS.put("/app/privacy/requests/{id}/restrict", "privacy.processing.restricted");
        RECORDS.put("/app/privacy/requests/{id}/lift", "privacy.processing.lifted");
        RECORDS.put("/app/privacy/requests/{id}/erase", "privacy.subject_erased");
    }

    static final Pattern CSRF_META = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    AppVersion version;

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
    int ip = 10;

    @org.springframework.beans.factory.annotation.Value("${strongroom.home}")
    java.nio.file.Path home;
    UUID tenant;

    @Test
    @Tag("L1")
    void everyPageFormPostIsListed() {
        Set<String> posts = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            if (info.getMethodsCondition().getMethods().contains(RequestMethod.POST)) {
                info.getPatternValues().stream().filter(p -> !p.startsWith("/api/") && !p.startsWith("/actuator/")
                        && !p.startsWith("/scim/")) // SCIM is an API: AuditCompletenessTest
                        .forEach(posts::add);
            }
        }
        assertThat(posts).containsExactlyInAnyOrderElementsOf(RECORDS.keySet());
    }

    @Test
    @Tag("L1")
    void eachPageFormPostLeavesExactlyOneRecord() {
        String workspace = Fixtures.uniqueWorkspace("pages");
        Map<String, Object> signup = Fixtures.signup(workspace);
        Browser anonymous = new Browser();
        Posted created = anonymous.post("/signup", "/signup", Map.of("workspace", workspace,
                "company_name", (String) signup.get("company_name"), "region", "eu",
                "admin_email", Fixtures.OWNER_EMAIL, "admin_name", (String) signup.get("admin_name"),
                "password", Fixtures.STRONG_PASSWORD));
        tenant = all.sql("select id from tenant where workspace = :w").param("w", workspace).query(UUID.class).single();
        expect(created, "tenant.created", "auth.login"); // the page signs the new owner in

        Browser owner = new Browser();
        expect(owner.post("/login", "/login", Map.of("workspace", workspace, "email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.STRONG_PASSWORD)), "auth.login");

        expect(owner.post("/app/people/new", "/app/people", Map.of("given_name", "Page", "family_name", "Person")),
                "employee.created");
        UUID person = all.sql("select id from employee where tenant_id = :t").param("t", tenant).query(UUID.class).single();
        expect(owner.post("/app/people/" + person + "/edit", "/app/people/" + person,
                Map.of("version", "1", "given_name", "Page", "family_name", "Person", "job_title", "Clerk")), "employee.updated");
        expect(owner.post("/app/people/" + person, "/app/people/" + person + "/account",
                Map.of("version", "2", "user_id", all.sql("select id::text from app_user where tenant_id = :t and lower(email) = lower(:e)")
                        .param("t", tenant).param("e", Fixtures.OWNER_EMAIL).query(String.class).single())), "employee.updated");
        expect(owner.post("/app/people/" + person, "/app/people/" + person + "/reveal/iban", Map.of()),
                "employee.personal_revealed");

        expect(owner.post("/app/roles/new", "/app/roles", Map.of("name", "Page readers", "permissions", "people:read")),
                "role.created");
        UUID role = all.sql("select id from role where tenant_id = :t and name = 'Page readers'").param("t", tenant)
                .query(UUID.class).single();
        expect(owner.post("/app/roles/" + role, "/app/roles/" + role, Map.of("name", "Page readers", "description", "x")),
                "role.updated");

        String inviteeEmail = "page.invitee." + workspace + "@example.org";
        expect(owner.post("/app/users/new", "/app/users", Map.of("email", inviteeEmail, "display_name", "Page Invitee")),
                "user.invited");
        UUID invitee = all.sql("select id from app_user where tenant_id = :t and email = :e").param("t", tenant)
                .param("e", inviteeEmail).query(UUID.class).single();
        String firstInvitation = TestMail.linkToken(inviteeEmail, "You are invited");
        expect(owner.post("/app/users/" + invitee, "/app/users/" + invitee + "/resend-invitation", Map.of()),
                "user.invitation_resent");
        String invitation = TestMail.newerLinkToken(inviteeEmail, "You are invited", firstInvitation);
        Browser newcomer = new Browser();
        expect(newcomer.post("/w/" + workspace + "/accept-invitation?token=" + invitation,
                "/w/" + workspace + "/accept-invitation", Map.of("token", invitation, "password", "copper-kettle-sunrise-62")),
                "user.invitation_accepted");
        expect(owner.post("/app/users/" + invitee, "/app/users/" + invitee + "/roles", Map.of("roles", role.toString())),
                "role.assigned");
        for (String[] action : new String[][] {{"disable", "user.disabled"}, {"enable", "user.enabled"},
                {"unlock", "auth.unlock"}, {"password-reset", "auth.password.reset_requested"}}) {
            expect(owner.post("/app/users/" + invitee, "/app/users/" + invitee + "/" + action[0], Map.of()), action[1]);
        }
        expect(anonymous.post("/forgot-password", "/forgot-password", Map.of("workspace", workspace, "email", inviteeEmail)),
                "auth.password.reset_requested");
        String recovery = TestMail.linkToken(inviteeEmail, "Reset your");
        expect(newcomer.post("/w/" + workspace + "/reset-password?token=" + recovery, "/w/" + workspace + "/reset-password",
                Map.of("token", recovery, "password", "walnut-harbor-glimmer-85")), "auth.password.reset_completed");

        expect(owner.post("/app/settings", "/app/settings/password-policy",
                Map.of("mode", "enforced", "min_length", "14", "min_score", "3")), "settings.password_policy.updated");
        expect(owner.post("/app/settings", "/app/settings/sessions",
                Map.of("idle_timeout_minutes", "20", "absolute_lifetime_minutes", "600")), "settings.sessions.updated");
        expect(owner.post("/app/people/import", "/app/people/import", Map.of()), "-");
        expect(owner.post("/app/people/import", "/app/people/import/confirm",
                Map.of("csv", "given_name,family_name\nImre,Importer\nIlse,Importer\n")), "employee.created", "employee.created");
        expect(owner.post("/app/settings", "/app/settings/regional",
                Map.of("language", "cs", "time_zone", "Europe/Prague")), "settings.regional.updated");
        expect(owner.post("/app/account", "/app/account/preferences",
                Map.of("language", "en", "time_zone", "Europe/Dublin")), "user.preferences.updated");
        timeOff(owner, person);
        privacy(owner, person);
        expect(owner.post("/app/people/" + person, "/app/people/" + person + "/delete", Map.of("version", "3")),
                "employee.deleted");
        expect(owner.post("/app/users/" + invitee, "/app/users/" + invitee + "/delete", Map.of()), "user.deleted");
        expect(owner.post("/app/roles", "/app/roles/" + role + "/delete", Map.of()), "role.deleted");
        expect(owner.post("/app/audit", "/app/audit/verify", Map.of()), "-");
        expect(owner.post("/app/backups", "/app/backups", Map.of()), "backup.requested");
        all.sql("update backup_job set state = 'failed' where tenant_id = :t").param("t", tenant).update();
        // a verified backup in the catalog (BackupAndRestoreTest takes real ones): the request is what is audited
        UUID backup = UUID.randomUUID();
        all.sql("""
                insert into backup (tenant_id, id, kind, state, store, object_key, started_at)
                values (:t, :id, 'on_demand', 'verified', 'directory', '', now())
                """).param("t", tenant).param("id", backup).update();
        expect(owner.post("/app/backups/" + backup + "/restore", "/app/backups/" + backup + "/restore",
                Map.of("replace", "yes")), "backup.restore_requested");
        all.sql("update backup_job set state = 'failed' where tenant_id = :t").param("t", tenant).update();
        expect(owner.post("/app/backups/" + backup + "/restore", "/app/backups/" + backup + "/copy",
                Map.of("workspace", workspace + "-inspect")), "backup.restore_requested");
        all.sql("update backup_job set state = 'failed' where tenant_id = :t").param("t", tenant).update();
        expect(anonymous.post("/signup", "/ui/password-strength", Map.of("password", "x")), "-");

        Browser laptop = new Browser();
        laptop.post("/login", "/login", Map.of("workspace", workspace, "email", Fixtures.OWNER_EMAIL,
                "password", Fixtures.STRONG_PASSWORD));
        expect(owner.post("/app/account", "/app/account/password", Map.of("currentPassword", Fixtures.STRONG_PASSWORD,
                "newPassword", "saffron-glacier-meteor-19")), "auth.password.changed");
        Browser phone = new Browser();
        phone.post("/login", "/login", Map.of("workspace", workspace, "email", Fixtures.OWNER_EMAIL,
                "password", "saffron-glacier-meteor-19"));
        UUID phoneSession = all.sql("select id from auth_session where tenant_id = :t and revoked_at is null"
                + " order by created_at desc limit 1").param("t", tenant).query(UUID.class).single();
        expect(owner.post("/app/account", "/app/account/sessions/" + phoneSession + "/end", Map.of()),
                "auth.session.revoked");
        expect(laptop.post("/login", "/login", Map.of("workspace", workspace, "email", Fixtures.OWNER_EMAIL,
                "password", "saffron-glacier-meteor-19")), "auth.login");
        expect(laptop.post("/app/people", "/logout", Map.of()), "auth.logout");
        expect(owner.post("/app/account", "/app/account/sessions/end-all", Map.of()), "auth.session.revoked_all");

        // a sign-in with a second factor (A6): the password step shows the code form and records nothing
        String mfaEmail = "page.mfa." + workspace + "@example.org";
        TestUsers.addUser(tenant, mfaEmail, "saffron-glacier-meteor-19", "employee");
        String access = TestUsers.tokens(new ApiClient(port), workspace, mfaEmail, "saffron-glacier-meteor-19").access();
        String secret = TestTotp.enrol(new ApiClient(port), access, clock.instant());
        Browser twoFactor = new Browser();
        Posted password = twoFactor.post("/login", "/login", Map.of("workspace", workspace, "email", mfaEmail,
                "password", "saffron-glacier-meteor-19"));
        expect(password, "-");
        Matcher challenge = Pattern.compile("name=\"challenge\" value=\"([^\"]+)\"").matcher(password.response().body());
        assertThat(challenge.find()).as(password.response().body()).isTrue();
        expect(twoFactor.post("/login", "/login/mfa", Map.of("challenge", challenge.group(1), "method", "totp",
                "methods", "totp", "code", TestTotp.code(secret, clock.instant())), password.clientIp()), "auth.login");

        // a passkey: the page with the options, then the browser's answer from the same client
        Posted asked = twoFactor.post("/app/account", "/app/account/mfa/passkey", Map.of("name", "Laptop"));
        expect(asked, "-");
        Matcher options = Pattern.compile("data-passkey-options=\"([^\"]+)\"").matcher(asked.response().body());
        assertThat(options.find()).as(asked.response().body()).isTrue();
        TestPasskey passkey = new TestPasskey("https://localhost:" + port);
        String made = passkey.create(ApiClient.JSON.readTree(org.springframework.web.util.HtmlUtils.htmlUnescape(
                options.group(1))));
        expect(twoFactor.post("/app/account", "/app/account/mfa/passkey/add", Map.of("name", "Laptop",
                "credential", made), asked.clientIp()), "user.mfa.factor_added");
        String passkeyClient = "198.18.0." + (ip++);
        tools.jackson.databind.JsonNode signInOptions = new ApiClient(port, passkeyClient).post(
                "/api/v1/auth/passkey/options", Map.of("workspace", workspace)).json().get("public_key");
        expect(new Browser().post("/login", "/login/passkey", Map.of("workspace", workspace,
                "credential", passkey.get(signInOptions)), passkeyClient), "auth.login");

        // a phone for codes by SMS (no gateway: the messages are files under the home directory)
        Posted texting = twoFactor.post("/app/account", "/app/account/mfa/sms", Map.of("mobile", "+4915100000043"));
        expect(texting, "-");
        Matcher confirm = Pattern.compile("/app/account/mfa/sms/([0-9a-f-]{36})/confirm").matcher(texting.response().body());
        assertThat(confirm.find()).as(texting.response().body()).isTrue();
        expect(twoFactor.post("/app/account", "/app/account/mfa/sms/" + confirm.group(1) + "/confirm",
                Map.of("code", TestSms.lastCode(home, "+4915100000043"))), "user.mfa.factor_added");
        Browser texted = new Browser();
        Posted passwordStep = texted.post("/login", "/login", Map.of("workspace", workspace, "email", mfaEmail,
                "password", "saffron-glacier-meteor-19"));
        Matcher textedChallenge = Pattern.compile("name=\"challenge\" value=\"([^\"]+)\"")
                .matcher(passwordStep.response().body());
        assertThat(textedChallenge.find()).isTrue();
        expect(texted.post("/login", "/login/mfa/sms", Map.of("challenge", textedChallenge.group(1), "methods", "sms"),
                passwordStep.clientIp()), "-");
        expect(twoFactor.post("/app/step-up", "/app/step-up/sms", Map.of("next", "/app/account")), "-");
        UUID device = all.sql("""
                insert into remembered_device (tenant_id, id, user_id, token_hash, label, created_at, expires_at)
                select tenant_id, gen_random_uuid(), id, sha256(gen_random_uuid()::text::bytea), 'Laptop', now(), now() + interval '30 days'
                  from app_user where tenant_id = :t and email = :e returning id""").param("t", tenant).param("e", mfaEmail)
                .query(UUID.class).single();
        expect(twoFactor.post("/app/account", "/app/account/devices/" + device + "/forget", Map.of()),
                "user.device.forgotten");

        // second factors on the account page, the policy on the settings page
        Posted shown = twoFactor.post("/app/account", "/app/account/mfa/totp", Map.of("name", "Tablet"));
        expect(shown, "-");
        Matcher key = Pattern.compile("id=\"mfa-secret\">([A-Z2-7]+)<").matcher(shown.response().body());
        assertThat(key.find()).as(shown.response().body()).isTrue();
        UUID tablet = all.sql("select id from mfa_factor where tenant_id = :t and name = 'Tablet'").param("t", tenant)
                .query(UUID.class).single();
        expect(twoFactor.post("/app/account", "/app/account/mfa/totp/" + tablet + "/confirm",
                Map.of("code", TestTotp.code(key.group(1), clock.instant()))), "user.mfa.factor_added");
        expect(twoFactor.post("/app/account", "/app/account/mfa/recovery-codes", Map.of()),
                "user.mfa.recovery_codes_generated");
        expect(twoFactor.post("/app/account", "/app/account/mfa/factors/" + tablet + "/remove", Map.of()),
                "user.mfa.factor_removed");
        Browser settings = new Browser();
        settings.post("/login", "/login", Map.of("workspace", workspace, "email", Fixtures.OWNER_EMAIL,
                "password", "saffron-glacier-meteor-19"));
        expect(settings.post("/app/settings", "/app/settings/mfa", Map.of("mfa_mode", "permissions",
                "mfa_permissions", "people.personal:read, audit:read", "grace_days", "14")), "settings.mfa.updated");
        expect(settings.post("/app/step-up", "/app/step-up", Map.of("method", "password",
                "code", "saffron-glacier-meteor-19", "next", "/app/settings")), "auth.step_up");
        UUID mfaUser = all.sql("select id from app_user where tenant_id = :t and email = :e").param("t", tenant)
                .param("e", mfaEmail).query(UUID.class).single();
        expect(settings.post("/app/users/" + mfaUser, "/app/users/" + mfaUser + "/mfa-reset", Map.of()), "user.mfa.reset");
        // single sign-on connections (A7), against an OpenID provider in this process
        no.nav.security.mock.oauth2.MockOAuth2Server provider = new no.nav.security.mock.oauth2.MockOAuth2Server();
        provider.start();
        try {
            expect(settings.post("/app/settings", "/app/settings/sso/connections", Map.of("provider", "oidc",
                    "name", "Company", "issuer", provider.issuerUrl("pages").toString(), "client_id", "strongroom",
                    "client_secret", "page-audit-secret")), "settings.sso.connection_added");
            String connection = all.sql("select id::text from sso_connection where tenant_id = :t").param("t", tenant)
                    .query(String.class).single();
            expect(settings.post("/app/settings", "/app/settings/sso/connections/" + connection + "/test", Map.of()), "-");
            expect(settings.post("/app/settings", "/app/settings/sso/policy", Map.of("sso_only", "false")),
                    "settings.sso.updated");
            expect(settings.post("/app/settings", "/app/settings/sso/connections/" + connection + "/delete", Map.of()),
                    "settings.sso.connection_removed");
        } finally {
            provider.shutdown();
        }
        // a SAML provider and a SCIM token (A7)
        expect(settings.post("/app/settings/saml", "/app/settings/saml", Map.of("name", "IdP", "idp_entity_id",
                "https://idp.example/metadata", "sso_url", "https://idp.example/sso", "idp_certificate",
                io.strongroom.identity.sso.SamlTestCertificate.PEM, "domains", "saml.example")),
                "settings.sso.connection_added");
        String samlId = all.sql("select id::text from saml_connection where tenant_id = :t").param("t", tenant)
                .query(String.class).single();
        expect(settings.post("/app/settings/saml", "/app/settings/saml/" + samlId + "/test", Map.of()), "-");
        expect(settings.post("/app/settings/saml", "/app/settings/saml/" + samlId + "/delete", Map.of()),
                "settings.sso.connection_removed");
        expect(settings.post("/app/settings/scim", "/app/settings/scim/tokens", Map.of("name", "Okta")),
                "settings.scim.token_created");
        String tokenId = all.sql("select id::text from scim_token where tenant_id = :t").param("t", tenant)
                .query(String.class).single();
        expect(settings.post("/app/settings/scim", "/app/settings/scim/tokens/" + tokenId + "/delete", Map.of()),
                "settings.scim.token_revoked");
        // an Active Directory (A7): added without connecting; its test finds nobody listening
        expect(settings.post("/app/settings/directories", "/app/settings/directories", Map.of("name", "AD", "url",
                "ldaps://127.0.0.1:9", "base_dn", "dc=example,dc=org", "bind_dn", "cn=svc,dc=example,dc=org",
                "bind_password", "page-audit-bind", "domains", "ad.example")), "settings.sso.connection_added");
        String directory = all.sql("select id::text from directory_connection where tenant_id = :t").param("t", tenant)
                .query(String.class).single();
        expect(settings.post("/app/settings/directories", "/app/settings/directories/" + directory + "/test", Map.of()),
                "-");
        expect(settings.post("/app/settings/directories", "/app/settings/directories/" + directory + "/delete",
                Map.of()), "settings.sso.connection_removed");
        expect(settings.post("/app/settings", "/app/settings/network", Map.of("allowed_networks",
                "198.18.0.0/16\n2001:db8::/32")), "settings.network.updated");

    }

    /** Every time-off form: HR's settings, a request of the owner's own and its cancellation, decisions on a report's. */
    private void timeOff(Browser owner, UUID person) {
        String settings = "/app/time-off/settings";
        expect(owner.post(settings, settings + "/types", Map.of("type_name", "Training", "paid", "yes",
                "uses_balance", "yes")), "timeoff.type.created");
        expect(owner.post(settings, settings + "/locations", Map.of("location_name", "Munich", "country", "de",
                "holiday_region", "by", "work_week", "monday")), "timeoff.location.created");
        String training = all.sql("select id::text from leave_type where tenant_id = :t and name = 'Training'")
                .param("t", tenant).query(String.class).single();
        String munich = all.sql("select id::text from work_location where tenant_id = :t").param("t", tenant)
                .query(String.class).single();
        expect(owner.post(settings, settings + "/policies", Map.of("leave_type", training, "annual_days", "5",
                "accrual", "yearly")), "timeoff.policy.created");
        expect(owner.post(settings, settings + "/holidays", Map.of("day", "2030-12-24", "holiday_name", "Christmas Eve",
                "half_day", "yes")), "timeoff.holiday.created");
        String holiday = all.sql("select id::text from company_holiday where tenant_id = :t").param("t", tenant)
                .query(String.class).single();
        expect(owner.post(settings, settings + "/holidays/" + holiday + "/delete", Map.of()), "timeoff.holiday.deleted");
        expect(owner.post(settings, settings + "/people", Map.of("person", person.toString(), "location", munich)),
                "timeoff.member.updated");
        String unpaid = all.sql("select id::text from leave_type where tenant_id = :t and builtin_key = 'unpaid'")
                .param("t", tenant).query(String.class).single();
        expect(owner.post("/app/time-off", "/app/time-off/requests", Map.of("leave_type", unpaid, "first_day",
                "2030-03-04", "last_day", "2030-03-04")), "timeoff.request.created");
        String own = all.sql("select id::text from leave_request where tenant_id = :t").param("t", tenant)
                .query(String.class).single();
        expect(owner.post("/app/time-off", "/app/time-off/requests/" + own + "/cancel", Map.of()),
                "timeoff.request.cancelled");

        // two requests of a report of the owner's, waiting on the approvals page
        UUID report = UUID.randomUUID();
        all.sql("""
                insert into employee (tenant_id, id, given_name, family_name, manager_id)
                values (:t, :id, 'Rita', 'Report', :manager)
                """).param("t", tenant).param("id", report).param("manager", person).update();
        List<String> pending = new java.util.ArrayList<>();
        for (String day : List.of("2030-03-11", "2030-03-18")) {
            pending.add(all.sql("""
                    insert into leave_request (tenant_id, id, employee_id, leave_type_id, start_date, end_date, days, status,
                                               requested_by)
                    values (:t, gen_random_uuid(), :person, cast(:type as uuid), cast(:day as date), cast(:day as date), 1,
                            'pending', gen_random_uuid())
                    returning id::text
                    """).param("t", tenant).param("person", report).param("type", unpaid).param("day", day)
                    .query(String.class).single());
        }
        expect(owner.post("/app/time-off/approvals", "/app/time-off/requests/" + pending.get(0) + "/approve",
                Map.of("note", "Fine")), "timeoff.request.approved");
        expect(owner.post("/app/time-off/approvals", "/app/time-off/requests/" + pending.get(1) + "/decline", Map.of()),
                "timeoff.request.declined");
        all.sql("delete from employee where tenant_id = :t and id = :id").param("t", tenant).param("id", report).update();
    }

    /** The register of data-subject requests: each form of its pages. */
    private void privacy(Browser owner, UUID person) {
        String list = "/app/privacy/requests";
        expect(owner.post(list + "/new?person_id=" + person, list, Map.of("kind", "access", "person_id", person.toString(),
                "identity_check", "Asked in person")), "privacy.request.recorded");
        String access = request("access");
        expect(owner.post(list + "/" + access, list + "/" + access + "/extend", Map.of("months", "1",
                "reason", "Three systems")), "privacy.request.extended");
        expect(owner.post(list + "/" + access, list + "/" + access + "/complete", Map.of("answer", "Sent")),
                "privacy.request.completed");
        expect(owner.post(list + "/new", list, Map.of("kind", "information", "subject_email", "asker@example.org",
                "identity_check", "Replied from the address")), "privacy.request.recorded");
        String information = request("information");
        expect(owner.post(list + "/" + information, list + "/" + information + "/refuse", Map.of("reason", "Not ours")),
                "privacy.request.refused");
        expect(owner.post(list + "/new", list, Map.of("kind", "restriction", "person_id", person.toString(),
                "identity_check", "Phone call back")), "privacy.request.recorded");
        String restriction = request("restriction");
        expect(owner.post(list + "/" + restriction, list + "/" + restriction + "/restrict", Map.of()),
                "privacy.processing.restricted");
        expect(owner.post(list + "/" + restriction, list + "/" + restriction + "/lift", Map.of()),
                "privacy.processing.lifted");
        UUID leaver = UUID.randomUUID();
        all.sql("insert into employee (tenant_id, id, given_name, family_name) values (:t, :id, 'Erin', 'Erased')")
                .param("t", tenant).param("id", leaver).update();
        expect(owner.post(list + "/new", list, Map.of("kind", "erasure", "person_id", leaver.toString(),
                "identity_check", "Signed letter")), "privacy.request.recorded");
        String erasure = request("erasure");
        expect(owner.post(list + "/" + erasure, list + "/" + erasure + "/erase", Map.of("confirm", "yes")),
                "privacy.subject_erased");
    }

    private String request(String kind) {
        return all.sql("select id::text from subject_request where tenant_id = :t and kind = :k").param("t", tenant)
                .param("k", kind).query(String.class).single();
    }

    /** A form post's answer and the client IP the trusted proxy forwarded for it. */
    record Posted(Response response, String clientIp) {
        int status() {
            return response.status();
        }
    }

    /** Exactly these records, in this order (most posts leave one). */
    private void expect(Posted posted, String action, String... more) {
        Response response = posted.response();
        assertThat(response.status()).as(action + ": " + response).isIn(200, 302, 303);
        List<Map<String, Object>> records = all.sql("select * from audit_event where tenant_id = :t and request_id = :r")
                .param("t", tenant).param("r", response.header("X-Request-Id")).query().listOfRows();
        if (action.equals("-")) {
            assertThat(records).as("a post that changes nothing").isEmpty();
            return;
        }
        List<String> expected = new java.util.ArrayList<>(List.of(action));
        expected.addAll(List.of(more));
        assertThat(records.stream().sorted(java.util.Comparator.comparing(r -> (Long) r.get("seq")))
                .map(r -> (String) r.get("action")).toList()).as(action + ": the records of this one post")
                .containsExactlyElementsOf(expected);
        for (Map<String, Object> record : records) {
            assertThat(record.get("outcome")).as(action).isEqualTo("success");
            assertThat(record.get("client_ip")).as(action).isEqualTo(posted.clientIp());
            assertThat(record.get("app_version")).isEqualTo(version.version());
            assertThat(record.get("app_commit")).isEqualTo(version.commit());
        }
    }

    /** One browser: its cookies, and the CSRF token of the page it last opened. */
    final class Browser {

        private final Map<String, String> cookies = new LinkedHashMap<>();

        /** Opens {@code page} (for its CSRF token), then posts the form to {@code action}. */
        Posted post(String page, String action, Map<String, String> form) {
            return post(page, action, form, "198.18.0." + (ip++));
        }

        /** The same from a given client address (a second step from the client of the first). */
        Posted post(String page, String action, Map<String, String> form, String clientIp) {
            Response opened = send(new ApiClient(port).header("Accept", "text/html"), page, null);
            Matcher csrf = CSRF_META.matcher(opened.body());
            assertThat(csrf.find()).as("a CSRF token on " + page + ": " + opened).isTrue();
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return new Posted(send(new ApiClient(port, clientIp).header("Accept", "text/html"), action,
                    body + (body.isEmpty() ? "" : "&") + "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)),
                    clientIp);
        }

        private Response send(ApiClient client, String path, String form) {
            if (!cookies.isEmpty()) {
                client = client.header("Cookie", cookies.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
            }
            Response response = form == null ? client.get(path)
                    : client.postRaw(path, "application/x-www-form-urlencoded", form);
            for (String cookie : response.raw().headers().allValues("Set-Cookie")) {
                String pair = cookie.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return response;
        }
    }
}
