package io.strongroom.privacy.internal;

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

/**
 * The record of processing (G4) as a page, in a real browser (Debian's chromium), for an employee:
 * in the workspace's language, every text from the bundles, accessible (axe-core), within the CSP,
 * with nothing in browser storage.
 */
class PrivacyPagesTest extends ApiTest {

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
    @Tag("G4")
    void everyMemberReadsTheRecordOfProcessingInTheirLanguage() {
        Workspace ws = TestUsers.signUp(client(), "record-page");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/regional", Map.of("language", "de", "time_zone",
                "Europe/Berlin")).status()).isEqualTo(200);
        String email = "reader." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "record-page-passphrase-77", "employee");

        browser = new Browser(port, 1280, 900);
        browser.open("/w/" + ws.workspace() + "/login");
        browser.type("#email", email).type("#password", "record-page-passphrase-77").submit("main button[type=submit]");
        browser.open("/app/privacy");
        assertThat(browser.find("h1").getText()).isEqualTo("Wie Ihre Daten verarbeitet werden");
        String page = browser.text();
        assertThat(page).contains("Personalverwaltung").contains("Geburtsdatum").contains("employee.date_of_birth")
                .contains("(besondere Kategorie)").contains("180 Tage");
        assertThat(page).as("every text from the bundles").doesNotContain("??");
        assertThat(browser.findAll("nav a[href='/app/privacy']")).as("in the navigation").isNotEmpty();
    }
}
