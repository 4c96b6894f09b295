package io.strongroom.privacy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Browser;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * The register of data-subject requests (G1) as an HR manager uses it, in a real browser (Debian's
 * chromium), in German: record a request by finding the person, see its deadline, get the readable
 * copy of the person's data, be told plainly when a form is wrong, restrict processing. Every page
 * accessible (axe-core), within the CSP, with nothing in browser storage.
 */
class RequestPagesTest extends ApiTest {

    Browser browser;

    @BeforeEach
    void chromium() {
        Assumptions.assumeTrue(Browser.available(),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed "
                        + "(apt-get install chromium chromium-driver). They are NOT counted as passed.");
    }

    @AfterEach
    void closeBrowser() {
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
    @Tag("G1")
    void anHrManagerRecordsARequestAndHandsThePersonAReadableCopy() {
        Workspace ws = TestUsers.signUp(client(), "dsr-pages");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/regional", Map.of("language", "de", "time_zone",
                "Europe/Berlin")).status()).isEqualTo(200);
        Response dana = bearer(owner).post("/api/v1/people", Map.of("given_name", "Dana", "family_name", "Betroffen",
                "work_email", "dana." + ws.workspace() + "@example.org", "national_id", "DSR-PAGE-7"));
        assertThat(dana.status()).as(dana.toString()).isEqualTo(201);
        String hr = "hr." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), hr, "privacy-pages-passphrase-3", "hr_manager");

        browser = new Browser(port, 1280, 900);
        browser.open("/w/" + ws.workspace() + "/login");
        browser.type("#email", hr).type("#password", "privacy-pages-passphrase-3").submit("main button[type=submit]");
        browser.open("/app/privacy/requests");
        assertThat(browser.find("h1").getText()).isEqualTo("Anfragen betroffener Personen");
        assertThat(browser.text()).contains("Keine Anfragen.");
        assertThat(browser.findAll("nav a[href='/app/privacy/requests']")).as("in the navigation").isNotEmpty();

        browser.click("a[href='/app/privacy/requests/new']");
        browser.waitForReady();
        browser.type("#person_search", "Dana").submit("form[role=search] button[type=submit]");
        browser.submit("ul.plain a");
        assertThat(browser.text()).contains("Betrifft Dana Betroffen");
        browser.type("#identity_check", "Persönlich, Ausweis gesehen");
        browser.type("#details", "Alles, was Sie über mich speichern");
        browser.submit("form.stack button.primary");
        assertThat(browser.path()).startsWith("/app/privacy/requests/");
        assertThat(browser.text()).contains("Die Anfrage ist erfasst.").contains("Dana Betroffen")
                .contains("Persönlich, Ausweis gesehen");

        // a wrong form is answered next to its field, in the reader's language, and changes nothing
        browser.submit("section[aria-labelledby=extend-heading] button[type=submit]");
        assertThat(browser.find("#reason-error").getText()).isEqualTo("Ist erforderlich, höchstens 500 Zeichen.");
        assertThat(browser.findAll(".badge")).isEmpty();

        browser.click("a[href$='/copy']");
        browser.waitForReady();
        browser.checkAccessibility();
        assertThat(browser.find("h1").getText()).isEqualTo("Eine Kopie Ihrer personenbezogenen Daten");
        String copy = browser.find("main").getText();
        assertThat(copy).contains("Personaldatensatz").contains("DSR-PAGE-7").contains("Anfragen betroffener Personen")
                .contains("Was mit den Daten geschah").contains("Person hinzugefügt").contains("Betroffenenanfrage erfasst");
        assertThat(copy).as("the staff who made changes are not named").doesNotContain(ws.ownerEmail()).doesNotContain(hr);
        assertThat(copy).as("every text from the bundles").doesNotContain("??");

        browser.open("/app/privacy/requests");
        assertThat(browser.text()).contains("Auskunft").contains("offen");
        browser.open("/app/privacy/requests?status=bogus");
        assertThat(browser.text()).contains("muss eines davon sein: open, completed, refused");
    }

    @Test
    @Tag("G1")
    void aRestrictionIsSetAndLiftedFromItsRequest() {
        Workspace ws = TestUsers.signUp(client(), "dsr-restrict");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        String person = bearer(owner).post("/api/v1/people", Map.of("given_name", "Rhea", "family_name", "Restricted"))
                .json().get("id").asString();
        String request = bearer(owner).post("/api/v1/privacy/requests", Map.of("kind", "restriction", "person_id", person,
                "identity_check", "Called back")).json().get("id").asString();

        browser = new Browser(port, 1280, 900);
        browser.open("/w/" + ws.workspace() + "/login");
        browser.type("#email", ws.ownerEmail()).type("#password", ws.ownerPassword()).submit("main button[type=submit]");
        browser.open("/app/privacy/requests/" + request);
        browser.submit("section[aria-labelledby=restrict-heading] button[type=submit]");
        assertThat(browser.text()).contains("Processing of the person's data is restricted.").contains("processing restricted");
        assertThat(bearer(owner).delete("/api/v1/people/" + person).status()).isEqualTo(409);
        browser.submit("section[aria-labelledby=restrict-heading] button[type=submit]");
        assertThat(browser.text()).contains("The restriction is lifted.");
        assertThat(browser.findAll(".badge")).isEmpty();
    }
}
