package io.strongroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

/**
 * Languages and time zones: each user's own choice over the workspace's defaults, on the API, the
 * pages and the e-mails; wrong values are refused by field and change nothing; changes are audited.
 */
class LanguageAndTimeZoneTest extends ApiTest {

    Workspace ws;
    String owner;
    String email;
    final String password = "regional-test-passphrase-9";
    UUID userId;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "regional");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        email = "member." + ws.workspace() + "@example.org";
        userId = TestUsers.addUser(ws.tenantId(), email, password, "employee");
    }

    @Test
    void aUserChoosesTheirLanguageAndTimeZoneOverTheWorkspaceDefaults() {
        String member = TestUsers.tokens(client(), ws.workspace(), email, password).access();
        JsonNode me = bearer(member).get("/api/v1/me").json();
        assertThat(me.get("language").asString()).isEqualTo("en");
        assertThat(me.get("time_zone").asString()).isEqualTo("UTC");
        assertThat(me.get("preferences").get("language").isNull()).isTrue();

        Response defaults = bearer(owner).method("PUT", "/api/v1/settings/regional",
                Map.of("language", "nl", "time_zone", "Europe/Amsterdam"));
        assertThat(defaults.status()).as(defaults.toString()).isEqualTo(200);
        me = bearer(member).get("/api/v1/me").json();
        assertThat(me.get("language").asString()).as("the workspace's default").isEqualTo("nl");
        assertThat(me.get("time_zone").asString()).isEqualTo("Europe/Amsterdam");

        Response chosen = bearer(member).method("PUT", "/api/v1/me/preferences",
                Map.of("language", "cs", "time_zone", "Europe/Prague"));
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(200);
        assertThat(chosen.json().get("language").asString()).isEqualTo("cs");
        me = bearer(member).get("/api/v1/me").json();
        assertThat(me.get("language").asString()).as("their own choice wins").isEqualTo("cs");
        assertThat(me.get("time_zone").asString()).isEqualTo("Europe/Prague");
        assertThat(bearer(owner).get("/api/v1/me").json().get("language").asString()).as("others keep the default")
                .isEqualTo("nl");

        // the pages speak it: the account page in Czech, with html lang
        Response page = bearer(member).header("Accept", "text/html").get("/app/account");
        assertThat(page.body()).contains("lang=\"cs\"").contains("Můj účet").contains("Jazyk a časové pásmo");

        // the error page too, title and sentence
        Response missing = bearer(member).header("Accept", "text/html").get("/app/people/not-a-person");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("<h1>Nenalezeno</h1>").contains("Tato stránka neexistuje.");

        // clearing the choice returns to the workspace's default
        Map<String, Object> cleared = new java.util.HashMap<>();
        cleared.put("language", null);
        cleared.put("time_zone", "");
        assertThat(bearer(member).method("PUT", "/api/v1/me/preferences", cleared).status()).isEqualTo(200);
        assertThat(bearer(member).get("/api/v1/me").json().get("language").asString()).isEqualTo("nl");

        // audited, with the change
        Response audit = bearer(owner).get("/api/v1/audit/events?action=user.preferences.updated");
        assertThat(audit.body()).contains("Europe/Prague").contains("\"cs\"");
        assertThat(bearer(owner).get("/api/v1/audit/events?action=settings.regional.updated").body())
                .contains("Europe/Amsterdam");
    }

    @Test
    void wrongLanguagesAndTimeZonesAreRefusedByFieldAndChangeNothing() {
        String member = TestUsers.tokens(client(), ws.workspace(), email, password).access();
        for (Map<String, Object> body : java.util.List.<Map<String, Object>>of(
                Map.of("language", "fr", "time_zone", "Mars/Olympus"),
                Map.of("language", "de-DE", "time_zone", "+02:00"),
                Map.of("language", "<script>", "time_zone", "../../etc/passwd"),
                Map.of("language", "x".repeat(10_000), "time_zone", "Europe/Prague/".repeat(500)))) {
            Response refused = bearer(member).method("PUT", "/api/v1/me/preferences", body);
            assertThat(refused.status()).as(body.toString()).isEqualTo(400);
            assertThat(refused.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                    .as(refused.body()).containsExactlyInAnyOrder("language", "time_zone");
            assertThat(refused.body()).doesNotContain("<script>");
            Response workspace = bearer(owner).method("PUT", "/api/v1/settings/regional", body);
            assertThat(workspace.status()).isEqualTo(400);
        }
        // a control character is refused before any service sees it
        assertThat(bearer(member).method("PUT", "/api/v1/me/preferences",
                Map.of("language", "de", "time_zone", "Europe/Prague\u0000")).status()).isEqualTo(400);
        assertThat(bearer(member).method("PUT", "/api/v1/settings/regional",
                Map.of("language", "de", "time_zone", "Europe/Berlin")).status()).as("needs settings:manage").isEqualTo(403);
        assertThat(bearer(member).get("/api/v1/me").json().get("language").asString()).isEqualTo("en");
        assertThat(bearer(owner).get("/api/v1/settings/regional").json().get("language").asString()).isEqualTo("en");
        Long changes = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "select count(*) from audit_event where tenant_id = :t and action in ('user.preferences.updated', 'settings.regional.updated')")
                .param("t", ws.tenantId()).query(Long.class).single());
        assertThat(changes).isZero();
    }

    @Test
    void mailsAreWrittenInTheRecipientsLanguageWithTimesInTheirZone() throws Exception {
        String member = TestUsers.tokens(client(), ws.workspace(), email, password).access();
        bearer(member).method("PUT", "/api/v1/me/preferences", Map.of("language", "de", "time_zone", "Asia/Tokyo"));
        Response changed = bearer(member).post("/api/v1/me/password",
                Map.of("current_password", password, "new_password", "a completely different passphrase"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        MimeMessage notice = TestMail.get().await(email, "Passwort wurde geändert");
        String text = (String) notice.getContent();
        assertThat(text).contains("Das Passwort Ihres Kontos im Arbeitsbereich " + ws.workspace()).contains("(Asia/Tokyo)")
                .doesNotContain("The password");

        // an invitation goes out in the workspace's default language (the invitee has chosen nothing yet)
        bearer(owner).method("PUT", "/api/v1/settings/regional", Map.of("language", "nl", "time_zone", "Europe/Amsterdam"));
        String invitee = "invitee." + ws.workspace() + "@example.org";
        Response invited = bearer(owner).post("/api/v1/users", Map.of("email", invitee, "display_name", "Ina Invitee",
                "roles", java.util.List.of(bearer(owner).get("/api/v1/roles").json().get("roles").valueStream()
                        .filter(r -> r.get("name").asString().equals("Employee")).findFirst().orElseThrow().get("id").asString())));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
        MimeMessage invitation = TestMail.get().await(invitee, "U bent uitgenodigd");
        assertThat((String) invitation.getContent()).contains("Kies hier binnen").contains("/accept-invitation?token=");
    }

    @Test
    void pagesBeforeSignInFollowTheBrowsersLanguage() {
        assertThat(client().header("Accept-Language", "de-AT,de;q=0.9,en;q=0.5").get("/login").body())
                .contains("lang=\"de\"").contains("Passwort vergessen?");
        assertThat(client().header("Accept-Language", "nl-BE").get("/login").body()).contains("Wachtwoord vergeten?");
        assertThat(client().header("Accept-Language", "cs").get("/signup").body()).contains("Zaregistrujte svou společnost");
        assertThat(client().header("Accept-Language", "fr-FR,fr;q=0.9").get("/login").body()).as("unsupported: English")
                .contains("lang=\"en\"").contains("Forgot your password?");
        assertThat(client().header("Accept-Language", ";;;q=x,\u00e9").get("/login").status()).as("malformed: English")
                .isEqualTo(200);
    }
}
