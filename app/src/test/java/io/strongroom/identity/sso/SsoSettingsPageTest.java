package io.strongroom.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Browser;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * A7's settings page in a real browser (Debian's chromium), in German: an Owner adds an OpenID
 * Connect connection, tests it, is told plainly what is wrong with a bad form, and removes it; the
 * client secret never comes back into the page; the sign-in page then offers the connection. Every
 * page accessible (axe-core), within the CSP, with nothing in browser storage.
 */
class SsoSettingsPageTest extends ApiTest {

    Browser browser;
    MockOAuth2Server provider;

    @BeforeEach
    void chromium() {
        Assumptions.assumeTrue(Browser.available(),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed "
                        + "(apt-get install chromium chromium-driver). They are NOT counted as passed.");
        provider = new MockOAuth2Server();
        provider.start();
    }

    @AfterEach
    void close() {
        provider.shutdown();
        if (browser == null) {
            return;
        }
        try {
            assertThat(browser.consoleProblems()).as("console errors or CSP violations").isEmpty();
            assertThat(browser.accessibilityViolations()).as("axe-core: WCAG 2.1 A/AA violations").isEmpty();
            assertThat(browser.accessibilityChecks()).isPositive();
            assertThat(browser.storage()).isEmpty();
        } finally {
            browser.close();
        }
    }

    @Test
    @Tag("A7")
    void anOwnerAddsTestsAndRemovesAConnectionAndTheSignInPageOffersIt() {
        Workspace ws = TestUsers.signUp(client(), "sso-page");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/regional", Map.of("language", "de", "time_zone",
                "Europe/Berlin")).status()).isEqualTo(200);

        browser = new Browser(port, 1280, 900);
        browser.open("/w/" + ws.workspace() + "/login");
        browser.type("#email", ws.ownerEmail()).type("#password", ws.ownerPassword()).submit("main button[type=submit]");
        browser.open("/app/settings");
        assertThat(browser.find("#sso-heading").getText()).isEqualTo("Single Sign-on");
        assertThat(browser.text()).contains("/sso/callback").contains("Noch keine Verbindung");

        // a form without a client id or secret: each named at its field, nothing added
        browser.type("#name", "Firmenkonto").submit("section[aria-labelledby=sso-heading] button.primary");
        assertThat(browser.find("#client_id-error").getText()).isNotBlank();
        assertThat(browser.find("#client_secret-error").getText()).isNotBlank();
        assertThat(browser.text()).contains("Noch keine Verbindung");

        browser.find("#provider option[value=oidc]").click();
        browser.type("#name", "Firmenkonto").type("#client_id", "strongroom").type("#client_secret", "page-secret-77")
                .type("#issuer", provider.issuerUrl("page").toString())
                .submit("section[aria-labelledby=sso-heading] button.primary");
        assertThat(browser.text()).contains("Die Verbindung ist hinzugefügt.").contains("Firmenkonto").contains("OpenID Connect");
        assertThat(browser.driver().getPageSource()).as("the secret never comes back").doesNotContain("page-secret-77");

        browser.submit("section[aria-labelledby=sso-heading] td.actions form:first-child button");
        assertThat(browser.text()).contains("Der Anbieter hat geantwortet");

        browser.open("/w/" + ws.workspace() + "/login");
        assertThat(browser.find("a[href^='/w/" + ws.workspace() + "/sso/']").getText()).isEqualTo("Anmelden mit Firmenkonto");

        // SSO only, switched on by this Owner, who stays a break-glass Owner; the last connection then stays
        browser.open("/app/settings");
        browser.click("input[name=sso_only]").submit("form[action='/app/settings/sso/policy'] button");
        assertThat(browser.text()).contains("Die Anmelderichtlinie ist gespeichert.")
                .contains("Anmeldung nur per SSO").contains(ws.ownerEmail());
        assertThat(TestUsers.login(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).status())
                .as("the break-glass Owner's own password").isEqualTo(200);
        browser.find("section[aria-labelledby=sso-heading] button.danger").click();
        browser.driver().switchTo().alert().accept();
        browser.waitUntil(d -> d.getPageSource().contains("Nur SSO") || d.getPageSource().contains("letzte"));
        assertThat(browser.text()).contains("Firmenkonto");
        browser.click("input[name=sso_only]").submit("form[action='/app/settings/sso/policy'] button");
        assertThat(browser.text()).contains("Passwörter und Passkeys funktionieren weiterhin");

        browser.open("/app/settings");
        browser.find("section[aria-labelledby=sso-heading] button.danger").click();
        browser.driver().switchTo().alert().accept();
        browser.waitUntil(d -> d.getPageSource().contains("Die Verbindung ist entfernt."));
        browser.checkAccessibility();
        assertThat(browser.text()).contains("Noch keine Verbindung");
    }

    @Test
    @Tag("A7")
    void anOwnerAddsTestsAndRemovesADirectory() {
        Workspace ws = TestUsers.signUp(client(), "ldap-page");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/regional", Map.of("language", "de", "time_zone",
                "Europe/Berlin")).status()).isEqualTo(200);

        browser = new Browser(port, 1280, 900);
        browser.open("/w/" + ws.workspace() + "/login");
        browser.type("#email", ws.ownerEmail()).type("#password", ws.ownerPassword()).submit("main button[type=submit]");
        browser.open("/app/settings");
        browser.click("a[href='/app/settings/directories']");
        assertThat(browser.find("h1").getText()).isEqualTo("Active Directory und LDAP");
        assertThat(browser.text()).contains("Noch kein Verzeichnis");

        // plain LDAP without StartTLS cannot be given, and each missing field is named
        browser.type("#name", "Firmen-AD").type("#url", "http://ad.example").type("#bind_password", "bind-secret-42")
                .submit("section[aria-labelledby=add-heading] button.primary");
        assertThat(browser.find("#url-error").getText()).isNotBlank();
        assertThat(browser.find("#domains-error").getText()).isNotBlank();
        assertThat(browser.find("#base_dn-error").getText()).isNotBlank();
        assertThat(browser.driver().getPageSource()).as("the password never comes back").doesNotContain("bind-secret-42");

        browser.type("#url", "ldaps://127.0.0.1:9").type("#domains", "acme.example").type("#base_dn", "dc=acme,dc=example")
                .type("#bind_dn", "cn=svc,dc=acme,dc=example").type("#bind_password", "bind-secret-42")
                .submit("section[aria-labelledby=add-heading] button.primary");
        assertThat(browser.text()).contains("Das Verzeichnis ist hinzugefügt.").contains("Firmen-AD")
                .contains("ldaps://127.0.0.1:9");
        assertThat(browser.driver().getPageSource()).doesNotContain("bind-secret-42");

        browser.submit("td.actions form:first-child button");
        assertThat(browser.text()).as("nobody listens there").contains("Der Server war nicht erreichbar.");

        browser.find("td.actions button.danger").click();
        browser.driver().switchTo().alert().accept();
        browser.waitUntil(d -> d.getPageSource().contains("Das Verzeichnis ist entfernt."));
        browser.checkAccessibility();
        assertThat(browser.text()).contains("Noch kein Verzeichnis");
    }

    @Test
    @Tag("A7")
    void anOwnerAddsASamlProviderAndMakesAScimTokenShownOnce() {
        Workspace ws = TestUsers.signUp(client(), "saml-page");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/regional", Map.of("language", "de", "time_zone",
                "Europe/Berlin")).status()).isEqualTo(200);

        browser = new Browser(port, 1280, 900);
        browser.open("/w/" + ws.workspace() + "/login");
        browser.type("#email", ws.ownerEmail()).type("#password", ws.ownerPassword()).submit("main button[type=submit]");
        browser.open("/app/settings");
        browser.click("a[href='/app/settings/saml']");
        assertThat(browser.find("h1").getText()).isEqualTo("SAML-Identitätsanbieter");
        browser.type("#name", "Okta").type("#sso_url", "ftp://idp.example")
                .submit("section[aria-labelledby=add-heading] button.primary");
        assertThat(browser.find("#sso_url-error").getText()).isNotBlank();
        assertThat(browser.find("#idp_certificate-error").getText()).isNotBlank();
        browser.type("#idp_entity_id", "http://www.okta.com/exk1").type("#sso_url", "https://acme.okta.example/sso/saml")
                .type("#domains", "acme.example").type("#idp_certificate", SamlTestCertificate.PEM)
                .submit("section[aria-labelledby=add-heading] button.primary");
        assertThat(browser.text()).contains("Der Anbieter ist hinzugefügt.").contains("http://www.okta.com/exk1");
        String metadata = browser.find("td a[href*='/saml/']").getAttribute("href");
        assertThat(metadata).endsWith("/metadata");
        browser.checkAccessibility();

        browser.open("/app/settings/scim");
        assertThat(browser.find("h1").getText()).isEqualTo("SCIM-Bereitstellung");
        browser.type("#name", "Okta").submit("section[aria-labelledby=add-heading] button.primary");
        String token = browser.find("#scim-token").getText();
        assertThat(token).startsWith("ssc1.");
        assertThat(client().header("Authorization", "Bearer " + token).get("/scim/v2/Users").status())
                .as("the token shown works").isEqualTo(200);
        browser.checkAccessibility();
        browser.open("/app/settings/scim");
        assertThat(browser.driver().getPageSource()).as("never shown again").doesNotContain(token);
        browser.find("td.actions button.danger").click();
        browser.driver().switchTo().alert().accept();
        browser.waitUntil(d -> d.getPageSource().contains("Das Token ist widerrufen."));
        assertThat(client().header("Authorization", "Bearer " + token).get("/scim/v2/Users").status()).isEqualTo(401);
    }
}
