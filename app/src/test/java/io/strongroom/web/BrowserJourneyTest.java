package io.strongroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.WindowType;

import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.Browser;
import io.strongroom.testsupport.Fixtures;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * The pages in a real headless Chromium: sign-up to audit trail, masking, generic sign-in errors,
 * sessions past the access-token lifetime, sign-out everywhere, phone width and labels — and on
 * every page: no console error, no CSP violation, nothing in browser storage, and no WCAG 2.1 A/AA
 * violation found by axe-core (every page loaded is checked, and the states scripts make).
 */
class BrowserJourneyTest extends ApiTest {

    @org.springframework.beans.factory.annotation.Value("${strongroom.home}")
    java.nio.file.Path home;

    final List<Browser> browsers = new ArrayList<>();

    /**
     * Per test, not per class: a missing browser then reports every test as skipped with this
     * reason (a failed class-level assumption reports zero tests), and .ci/run fails on skipped
     * browser tests.
     */
    @BeforeEach
    void chromium() {
        Assumptions.assumeTrue(Browser.available(),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed "
                        + "(apt-get install chromium chromium-driver). They are NOT counted as passed.");
    }

    @AfterEach
    void closeBrowsers(TestInfo test) {
        for (int i = 0; i < browsers.size(); i++) {
            Browser browser = browsers.get(i);
            try {
                browser.screenshot(test.getTestMethod().orElseThrow().getName() + (i == 0 ? "" : "-" + i));
                assertThat(browser.consoleProblems()).as("console errors or CSP violations").isEmpty();
                assertThat(browser.accessibilityViolations()).as("axe-core: WCAG 2.1 A/AA violations").isEmpty();
                assertThat(browser.storage()).as("nothing in localStorage or sessionStorage (N3)").isEmpty();
            } finally {
                browser.close();
            }
        }
    }

    private Browser browser() {
        return browser(1280, 900);
    }

    private Browser browser(int width, int height) {
        Browser browser = new Browser(port, width, height);
        browsers.add(browser);
        return browser;
    }

    private void signIn(Browser browser, String workspace, String email, String password) {
        browser.open("/w/" + workspace + "/login");
        assertThat(browser.find("#workspace").getAttribute("value")).isEqualTo(workspace);
        browser.type("#email", email).type("#password", password).submit("main button[type=submit]");
    }

    @Test
    @Tag("A2")
    @Tag("R1")
    @Tag("L1")
    void signUpSignInCreateEditWithAConflictAndSeeItInTheAuditTrail() {
        Browser browser = browser();
        String workspace = Fixtures.uniqueWorkspace("browser");
        browser.open("/signup");
        browser.type("#company_name", "Browser Works Ltd").type("#workspace", workspace)
                .type("#admin_name", "Brenda Browser").type("#admin_email", "brenda@" + workspace + ".example");
        browser.type("#password", "password");
        browser.waitUntil(d -> !browser.findAll("#password-strength .strength-reasons li").isEmpty());
        assertThat(browser.find("#password-strength").getText()).contains("commonly used");
        browser.checkAccessibility();
        browser.type("#password", "violet tractor humming under seven lanterns");
        browser.waitUntil(d -> !browser.findAll("#password-strength .strength-ok").isEmpty());
        browser.submit("main button[type=submit]");
        assertThat(browser.path()).startsWith("/app/people");
        assertThat(browser.text()).contains("Your workspace is ready").contains("Browser Works Ltd");

        browser.submit("form.signout button");
        assertThat(browser.path()).startsWith("/login");
        assertThat(browser.text()).contains("You are signed out");
        signIn(browser, workspace, "brenda@" + workspace + ".example", "violet tractor humming under seven lanterns");
        assertThat(browser.path()).as("a sign-in lands on the home page").startsWith("/app/home");
        assertThat(browser.find("h1").getText()).isEqualTo("Hello, Brenda Browser");
        assertThat(browser.text()).contains("Nobody joins in the next 30 days.").contains("Nothing is waiting for you.");

        browser.open("/app/people/new");
        browser.type("#given_name", "Grace").type("#family_name", "Hopper").type("#job_title", "Engineer")
                .type("#iban", "DE89 3704 0044 0532 0130 00");
        browser.submit("main form.stack button[type=submit]");
        assertThat(browser.text()).contains("Grace Hopper").contains("The person was added");
        // the IBAN is masked until asked for; showing it is recorded
        assertThat(browser.text()).contains("•••• 3000").doesNotContain("DE89370400440532013000");
        browser.click("dd.sensitive button");
        browser.waitUntil(d -> browser.text().contains("DE89370400440532013000"));
        browser.checkAccessibility();
        String personPath = browser.path().replaceAll("\\?.*", "");

        // two tabs edit the same record: the second save must not overwrite the first
        browser.open(personPath + "/edit");
        String first = browser.driver().getWindowHandle();
        browser.driver().switchTo().newWindow(WindowType.TAB);
        browser.open(personPath + "/edit");
        browser.type("#job_title", "Rear Admiral").submit("main form.stack button[type=submit]");
        assertThat(browser.text()).contains("Rear Admiral");
        browser.driver().close();
        browser.driver().switchTo().window(first);
        browser.type("#job_title", "Commodore").submit("main form.stack button[type=submit]");
        assertThat(browser.text()).contains("Someone else changed this record").contains("Rear Admiral");
        // the difference is shown by field label, saved value beside this form's; the saved one can be taken per field
        String difference = browser.find("table.conflicts tbody tr").getText();
        assertThat(difference).startsWith("Job title").contains("Rear Admiral").contains("Commodore");
        assertThat(browser.findAll("table.conflicts tbody tr")).hasSize(1);
        browser.click("table.conflicts button[data-use-field=job_title]");
        assertThat(browser.find("#job_title").getAttribute("value")).isEqualTo("Rear Admiral");
        browser.submit("main form.stack button[type=submit]");
        assertThat(browser.path()).startsWith(personPath);
        assertThat(browser.text()).contains("Rear Admiral").doesNotContain("Someone else changed this record");
        browser.open(personPath);
        assertThat(browser.text()).contains("Rear Admiral").doesNotContain("Commodore");
        // the refused save (412, shown on the form) is in the audit trail as on the API
        browser.open("/app/audit?action=request.failed");
        assertThat(browser.text()).contains("Request refused").contains("POST " + personPath);

        browser.open("/app/audit?action=employee.updated");
        assertThat(browser.findAll("table.list tbody tr")).hasSize(1);
        // readable: the action's label, the person's name, the time in the reader's zone (the workspace's UTC) and language
        String row = browser.find("table.list tbody tr").getText();
        assertThat(row).contains("Person changed").contains("Grace Hopper").doesNotContain("employee.updated");
        org.openqa.selenium.WebElement time = browser.find("table.list tbody tr time");
        assertThat(time.getAttribute("datetime")).endsWith("Z");
        assertThat(time.getText()).as("formatted for the reader, not ISO").doesNotContain("T").matches(".*\\d{4}.*");
        assertThat(browser.find("table.list thead").getText()).contains("Time (UTC)");
        // the day filters are date pickers; a date the server cannot read is named on its field
        assertThat(browser.find("#from").getAttribute("type")).isEqualTo("date");
        browser.open("/app/audit?from=31.01.2026");
        assertThat(browser.find("#from-error").getText()).isEqualTo("Must be a date like 2026-01-31.");
        assertThat(browser.find("#error-summary a").getText()).isEqualTo("From (day, UTC) must be a date like 2026-01-31.");
        String today = java.time.LocalDate.now(clock).toString();
        browser.open("/app/audit?action=employee.updated&from=" + today + "&to=" + today);
        assertThat(browser.findAll("table.list tbody tr")).as("the to day is included").hasSize(1);
        browser.open("/app/audit?action=employee.updated");
        browser.submit("table.list tbody tr a");
        assertThat(browser.text()).contains("employee.updated").contains("job_title").contains("Engineer")
                .contains("Rear Admiral").contains("brenda@" + workspace + ".example");
        browser.open("/app/audit?action=employee.personal_revealed");
        assertThat(browser.find("table.list tbody tr").getText()).contains("Sensitive field shown").contains("Grace Hopper");
        browser.open("/app/audit");
        browser.click("#verify-heading + form button");
        browser.waitUntil(d -> !browser.findAll("#verification .verified").isEmpty());
        assertThat(browser.find("#verification").getText()).contains("intact");
    }

    @Test
    @Tag("R2")
    void anEmployeeSeesNoPersonalFieldsOfOthersButSeesTheirOwn() {
        Workspace ws = TestUsers.signUp(client(), "masking");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        String email = "emma." + ws.workspace() + "@example.org";
        UUID emma = TestUsers.addUser(ws.tenantId(), email, "employee-browser-passphrase", "employee");
        String other = bearer(owner).post("/api/v1/people", Map.of("given_name", "Otto", "family_name", "Other",
                "iban", "GB82 WEST 1234 5698 7654 32", "phone", "+44 20 7946 0018")).json().get("id").asString();
        String own = bearer(owner).post("/api/v1/people", Map.of("given_name", "Emma", "family_name", "Ployee",
                "iban", "DE89 3704 0044 0532 0130 00", "user_id", emma.toString())).json().get("id").asString();

        Browser browser = browser();
        signIn(browser, ws.workspace(), email, "employee-browser-passphrase");
        assertThat(browser.findAll("nav a").stream().map(a -> a.getText()).toList())
                .contains("People", "My account").doesNotContain("Users", "Roles", "Audit trail", "Settings");
        browser.open("/app/people/" + other);
        assertThat(browser.text()).contains("Otto Other").doesNotContain("Personal data").doesNotContain("GB82")
                .doesNotContain("7946");
        assertThat(browser.findAll("#personal-heading")).isEmpty();
        browser.open("/app/people/" + own);
        assertThat(browser.text()).contains("Personal data").contains("•••• 3000");
        browser.click("dd.sensitive button");
        browser.waitUntil(d -> browser.text().contains("DE89370400440532013000"));
        browser.open("/app/users");
        assertThat(browser.path()).isEqualTo("/app/denied");
        assertThat(browser.text()).contains("Not allowed");
    }

    /** The list counts what it finds, shows each status, filters by status and finds names without their accents. */
    @Test
    void thePeopleListSearchesAccentsAwayAndFiltersByStatus() {
        Workspace ws = TestUsers.signUp(client(), "peoplelist");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        bearer(owner).post("/api/v1/people", Map.of("given_name", "Jürgen", "family_name", "Müller", "status", "on_leave"));
        bearer(owner).post("/api/v1/people", Map.of("given_name", "Ada", "family_name", "Byron", "job_title", "Analyst"));
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/people");
        assertThat(browser.find("#people-rows .count span").getText()).isEqualTo("2 people");
        assertThat(browser.text()).contains("On leave").contains("Active");

        browser.type("#q", "muller");
        browser.waitUntil(d -> browser.findAll("#people-rows tbody tr").size() == 1
                && browser.find("#people-rows tbody tr").getText().contains("Jürgen Müller")
                && browser.find("#people-rows tbody tr").getText().contains("On leave")
                && browser.find("#people-rows .count span").getText().equals("One person"));
        browser.checkAccessibility();

        browser.find("#q").clear();
        new org.openqa.selenium.support.ui.Select(browser.find("#status")).selectByValue("active");
        browser.waitUntil(d -> browser.findAll("#people-rows tbody tr").size() == 1
                && browser.find("#people-rows tbody tr").getText().contains("Byron"));
    }

    /** The list sorts by a column header (again: the other way) or the sort menu, and pages forwards and back. */
    @Test
    void thePeopleListSortsByColumnAndPagesBothWays() {
        Workspace ws = TestUsers.signUp(client(), "sorting");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        for (int i = 0; i < 27; i++) {
            bearer(owner).post("/api/v1/people", Map.of("given_name", "Person", "family_name", "Number %02d".formatted(i),
                    "job_title", "Title %02d".formatted(26 - i), "start_date", "2020-01-%02d".formatted(i + 1)));
        }
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/people");
        assertThat(browser.find("#people-rows .count span").getText()).isEqualTo("27 people");
        assertThat(browser.find("th[aria-sort=ascending]").getText()).isEqualTo("Name");
        assertThat(browser.find("#people-rows tbody tr").getText()).contains("Number 00");
        assertThat(browser.findAll("a[rel=prev]")).as("the first page has no previous").isEmpty();

        browser.submit("#people-rows a[rel=next]");
        assertThat(browser.findAll("#people-rows tbody tr")).hasSize(2);
        assertThat(browser.find("#people-rows tbody tr").getText()).contains("Number 25");
        browser.submit("#people-rows a[rel=prev]");
        assertThat(browser.findAll("#people-rows tbody tr")).hasSize(25);
        assertThat(browser.find("#people-rows tbody tr").getText()).contains("Number 00");

        browser.submit("th:nth-child(2) a"); // Job title, ascending
        assertThat(browser.find("th[aria-sort=ascending]").getText()).isEqualTo("Job title");
        assertThat(browser.find("#people-rows tbody tr").getText()).contains("Title 00").contains("Number 26");
        browser.submit("th[aria-sort=ascending] a"); // the same header again: descending
        assertThat(browser.find("th[aria-sort=descending]").getText()).isEqualTo("Job title");
        assertThat(browser.find("#people-rows tbody tr").getText()).contains("Title 26");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.find("#sort")).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("-job_title");

        new org.openqa.selenium.support.ui.Select(browser.find("#sort")).selectByValue("-start_date");
        browser.waitUntil(d -> browser.find("#people-rows tbody tr").getText().contains("Number 26")
                && browser.find("th[aria-sort=descending]").getText().equals("Start date"));
        browser.checkAccessibility();
    }

    /** People come in from a spreadsheet: offered on the empty list, checked row by row, added all at once. */
    @Test
    void peopleAreImportedFromACsvFileAfterAPreview() throws Exception {
        Workspace ws = TestUsers.signUp(client(), "importing");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("strongroom-import");
        java.nio.file.Path wrong = java.nio.file.Files.writeString(dir.resolve("wrong.csv"),
                "given_name;family_name;iban\nAda;Lovelace;DE00 1234\nCharles;Babbage;\n");
        java.nio.file.Path right = java.nio.file.Files.writeString(dir.resolve("right.csv"),
                "given_name;family_name;job_title\nAda;Lovelace;Analyst\nCharles;Babbage;Engineer\n");
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/people");
        browser.submit("#people-rows a[href='/app/people/import']");
        assertThat(browser.find("h1").getText()).isEqualTo("Import people");

        browser.find("#file").sendKeys(wrong.toString());
        browser.submit("main form.stack button[type=submit]");
        assertThat(browser.text()).contains("One row of 2 cannot be added").contains("Bank account (IBAN) must be a valid IBAN.");
        assertThat(browser.findAll("form[action='/app/people/import/confirm']")).as("nothing to confirm").isEmpty();
        assertThat(client().header("Authorization", "Bearer " + TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(),
                ws.ownerPassword()).access()).get("/api/v1/people").json().get("total").asLong()).isZero();

        browser.find("#file").sendKeys(right.toString());
        browser.submit("main form.stack button[type=submit]");
        assertThat(browser.text()).contains("All 2 rows can be added").contains("Babbage");
        browser.submit("form[action='/app/people/import/confirm'] button");
        assertThat(browser.path()).startsWith("/app/people");
        assertThat(browser.text()).contains("2 people were added.").contains("Lovelace").contains("Babbage");
        assertThat(browser.find("#people-rows .count").getText()).startsWith("2 people");
        assertThat(browser.find("#people-rows a.export").getAttribute("href")).contains("/api/v1/people.csv");
    }

    /**
     * An administrator holding both personal-data permissions links a record to its person's user
     * account from the record's page; someone without them is not offered it.
     */
    @Test
    @Tag("R2")
    void aRecordIsLinkedToItsPersonsUserAccountFromItsPage() {
        Workspace ws = TestUsers.signUp(client(), "linking");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        String email = "lina." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "linked-user-passphrase", "employee");
        String record = bearer(owner).post("/api/v1/people", Map.of("given_name", "Lina", "family_name", "Linked",
                "iban", "DE89 3704 0044 0532 0130 00")).json().get("id").asString();
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/people/" + record);
        assertThat(browser.text()).contains("No user account is linked.");
        new org.openqa.selenium.support.ui.Select(browser.find("#user_id")).selectByVisibleText("Test " + email + " · " + email);
        browser.submit("section[aria-labelledby=account-heading] button[type=submit]");
        assertThat(browser.text()).contains("The record is linked to the user account.")
                .contains("Linked to the account of Test " + email + " (" + email + ").");
        // the linked user now sees their own personal data
        String linked = TestUsers.tokens(client(), ws.workspace(), email, "linked-user-passphrase").access();
        assertThat(bearer(linked).get("/api/v1/people/" + record).body()).contains("DE89370400440532013000");
        // an employee is not offered the link
        Browser other = browser();
        signIn(other, ws.workspace(), email, "linked-user-passphrase");
        other.open("/app/people/" + record);
        assertThat(other.findAll("#account-heading")).isEmpty();
    }

    /**
     * The edit form never carries a saved date of birth, national id or IBAN: it shows the mask,
     * keeps the value when the input stays empty, replaces it when typed and clears it on request.
     */
    @Test
    @Tag("R2")
    void theEditFormKeepsSensitiveValuesMasked() {
        Workspace ws = TestUsers.signUp(client(), "masked");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        String id = bearer(owner).post("/api/v1/people", Map.of("given_name", "Mia", "family_name", "Masked",
                "iban", "DE89 3704 0044 0532 0130 00", "national_id", "L01X00T47")).json().get("id").asString();
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/people/" + id + "/edit");
        assertThat(browser.driver().getPageSource()).doesNotContain("DE89370400440532013000").doesNotContain("L01X00T47");
        assertThat(browser.find("#iban").getAttribute("value")).isEmpty();
        assertThat(browser.find("#iban-saved").getText()).contains("•••• 3000");
        browser.type("#job_title", "Auditor").submit("main form.stack button[type=submit]");
        java.util.function.Supplier<tools.jackson.databind.JsonNode> record = () -> client().header("Authorization", "Bearer "
                + TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access())
                .get("/api/v1/people/" + id).json();
        assertThat(record.get().get("iban").asString()).as("an empty input keeps the value").isEqualTo("DE89370400440532013000");
        assertThat(record.get().get("job_title").asString()).isEqualTo("Auditor");

        browser.open("/app/people/" + id + "/edit");
        browser.type("#iban", "GB82 WEST 1234 5698 7654 32");
        browser.click("input[name=clear_national_id]");
        browser.submit("main form.stack button[type=submit]");
        assertThat(record.get().get("iban").asString()).isEqualTo("GB82WEST12345698765432");
        assertThat(record.get().get("national_id").isNull()).as("removed on request").isTrue();
    }

    /** The manager is chosen by typing a name, not by pasting an id. */
    @Test
    void theManagerIsPickedByName() {
        Workspace ws = TestUsers.signUp(client(), "managerpick");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        bearer(owner).post("/api/v1/people", Map.of("given_name", "Ada", "family_name", "Boss", "job_title", "Head of Platform"));
        String report = bearer(owner).post("/api/v1/people", Map.of("given_name", "Bob", "family_name", "Report"))
                .json().get("id").asString();
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/people/" + report + "/edit");
        assertThat(browser.find("#manager_id").getAttribute("type")).isEqualTo("hidden");
        browser.type("#manager_search", "boss");
        browser.waitUntil(d -> !browser.findAll("#manager-options button").isEmpty());
        assertThat(browser.find("#manager-options button").getText()).isEqualTo("Ada Boss · Head of Platform");
        browser.checkAccessibility();
        browser.click("#manager-options button");
        assertThat(browser.find("#manager_search").getAttribute("value")).isEqualTo("Ada Boss");
        browser.submit("main form.stack button[type=submit]");
        assertThat(browser.path()).startsWith("/app/people/" + report);
        assertThat(browser.find("main dl").getText()).contains("Ada Boss");
        browser.open("/app/people/" + report + "/edit");
        assertThat(browser.find("#manager_search").getAttribute("value")).as("the form names the manager").isEqualTo("Ada Boss");
    }

    /**
     * The accessibility check finds what it is there to find: an unlabelled input and text too faint
     * to read, put on a real page, are both reported (so "no violations" elsewhere means something).
     */
    @Test
    void theAccessibilityCheckReportsViolations() {
        Browser browser = new Browser(port, 1280, 900);
        try {
            browser.open("/login");
            assertThat(browser.accessibilityViolations()).isEmpty();
            assertThat(browser.accessibilityChecks()).isEqualTo(1);
            browser.script("""
                    var input = document.createElement('input'); input.id = 'unlabelled';
                    var faint = document.createElement('p'); faint.textContent = 'faint text'; faint.style.color = '#eeeeee';
                    document.querySelector('main').append(input, faint);""");
            browser.checkAccessibility();
            assertThat(browser.accessibilityViolations()).anySatisfy(v -> assertThat(v).startsWith("/login: label "))
                    .anySatisfy(v -> assertThat(v).startsWith("/login: color-contrast "));
        } finally {
            browser.close();
        }
    }

    /**
     * A user switches the pages to German and their own time zone on My account: the pages, their
     * language attribute and the times follow at once; the workspace's other members are untouched.
     */
    @Test
    void aUserReadsThePagesInTheirOwnLanguageAndTimeZone() {
        Workspace ws = TestUsers.signUp(client(), "language");
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/account");
        new org.openqa.selenium.support.ui.Select(browser.find("#language")).selectByValue("de");
        new org.openqa.selenium.support.ui.Select(browser.find("#time_zone")).selectByValue("Europe/Berlin");
        browser.submit("section[aria-labelledby=preferences-heading] button[type=submit]");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("de");
        assertThat(browser.find("h1").getText()).isEqualTo("Mein Konto");
        assertThat(browser.text()).contains("Ihre Sprache und Zeitzone wurden gespeichert.").contains("Personen")
                .contains("Prüfprotokoll");
        browser.open("/app/audit");
        assertThat(browser.find("table.list thead").getText()).contains("Zeit (Europe/Berlin)");
        assertThat(browser.text()).contains("Eigene Sprache und Zeitzone geändert");
        browser.open("/app/roles");
        assertThat(browser.text()).as("built-in roles in the reader's language").contains("Mitarbeitende")
                .contains("Liest das Prüfprotokoll");
        // a wrong value sent by hand is named on its field, in German, and changes nothing
        browser.open("/app/account");
        browser.script("document.querySelector('#time_zone').add(new Option('Mars/Olympus', 'Mars/Olympus', true, true))");
        browser.submit("section[aria-labelledby=preferences-heading] button[type=submit]");
        assertThat(browser.find("#error-summary").getText()).startsWith("Bitte korrigieren Sie diese Felder:");
        assertThat(browser.find("#time_zone-error").getText()).isEqualTo("Muss eine IANA-Zeitzone sein, etwa Europe/Prague oder UTC.");
        assertThat(browser.find("#error-summary a").getText()).isEqualTo("Zeitzone muss eine IANA-Zeitzone sein, etwa Europe/Prague oder UTC.");
        assertThat(client().header("Authorization", "Bearer " + TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(),
                ws.ownerPassword()).access()).get("/api/v1/me").json().get("time_zone").asString()).isEqualTo("Europe/Berlin");
    }

    /** With the system in dark mode, the pages follow it (colour contrast: ColorContrastTest). */
    @Test
    void pagesFollowTheSystemsDarkMode() {
        Browser browser = browser();
        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        browser.open("/login");
        assertThat(browser.script("return getComputedStyle(document.documentElement).backgroundColor"))
                .isEqualTo("rgb(13, 17, 23)");
        assertThat(browser.script("return getComputedStyle(document.documentElement).color")).isEqualTo("rgb(230, 237, 243)");
    }

    /** Swagger UI renders the whole API under the strict Content-Security-Policy (a violation fails in closeBrowsers). */
    @Test
    void theApiDocumentationRendersUnderTheStrictPolicy() {
        Browser browser = browser();
        browser.open("/swagger-ui/index.html");
        browser.waitUntil(d -> d.findElements(org.openqa.selenium.By.cssSelector(".opblock")).size() > 40);
        assertThat(browser.text()).contains("Strongroom API").contains("/api/v1/people/{id}");
    }

    @Test
    @Tag("A9")
    void aWrongPasswordShowsTheGenericError() {
        Workspace ws = TestUsers.signUp(client(), "wrongpw");
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), "not the password at all");
        assertThat(browser.path()).startsWith("/login");
        String generic = browser.find("#login-error").getText();
        assertThat(generic).contains("workspace, e-mail address or password is not right");
        signIn(browser, "no-such-workspace-here", ws.ownerEmail(), ws.ownerPassword());
        assertThat(browser.find("#login-error").getText()).isEqualTo(generic);
        assertThat(browser.find("#email").getAttribute("value")).isEqualTo(ws.ownerEmail());
        assertThat(browser.find("#password").getAttribute("value")).as("the password is not sent back").isEmpty();
    }

    @Test
    @Tag("A8")
    @Tag("A10")
    void theSessionSurvivesTheSixtySecondAccessTokenUnnoticed() {
        Workspace ws = TestUsers.signUp(client(), "longsession");
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(70)); // the access token in the cookie has expired
            browser.open(i % 2 == 0 ? "/app/account" : "/app/people");
            assertThat(browser.path()).as("still signed in after " + (i + 1) * 70 + " s").startsWith("/app/");
        }
        assertThat(browser.text()).contains("People");
    }

    @Test
    @Tag("A6")
    void aWorkspaceThatRequiresASecondFactorHasItsUsersSetOneUpWhileSigningInThenAsksForIt() {
        Workspace ws = TestUsers.signUp(client(), "twofactor");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "everyone", "grace_days", 0))
                .status()).isEqualTo(200);
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(browser.find("img.qr").getAttribute("src")).startsWith("data:image/svg+xml;base64,");
        String secret = browser.find("#mfa-secret").getText();
        browser.type("#code", io.strongroom.testsupport.TestTotp.code(secret, clock.instant()))
                .submit("main button[type=submit]");
        assertThat(browser.findAll("#recovery-codes li")).hasSize(10);
        browser.click("main a.button");
        assertThat(browser.path()).startsWith("/app/");

        Browser other = browser();
        signIn(other, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(other.findAll("img.qr")).as("set up once").isEmpty();
        other.type("#code", "000000".equals(io.strongroom.testsupport.TestTotp.code(secret, clock.instant()))
                ? "111111" : "000000").submit("main button[type=submit]");
        assertThat(other.find("#mfa-error").getText()).contains("not right");
        clock.advance(Duration.ofSeconds(30)); // the first code is spent
        other.type("#code", io.strongroom.testsupport.TestTotp.code(secret, clock.instant()))
                .submit("main button[type=submit]");
        assertThat(other.path()).startsWith("/app/");

        // a second app from the account page; the policy on the settings page
        other.open("/app/account");
        assertThat(other.findAll("section[aria-labelledby=mfa-heading] tbody tr")).hasSize(1);
        other.type("#factor-name", "Tablet").click("#add-authenticator");
        String tablet = other.find("#mfa-secret").getText();
        other.type("#code", io.strongroom.testsupport.TestTotp.code(tablet, clock.instant()))
                .submit("main button[type=submit]");
        assertThat(other.text()).contains("Tablet");
        assertThat(other.findAll("section[aria-labelledby=mfa-heading] tbody tr")).hasSize(2);
        other.open("/app/settings");
        assertThat(other.find("input[name=mfa_mode][value=everyone]").isSelected()).isTrue();
    }

    /**
     * A6 passkeys in a real browser: Chromium's virtual authenticator (CTAP2, internal, resident keys,
     * user verification) stands in for the laptop's platform authenticator.
     */
    @Test
    @Tag("A6")
    void aPasskeyMadeOnTheAccountPageSignsInWithoutAPasswordServesAsTheSecondStepAndIsRemoved() {
        Workspace ws = TestUsers.signUp(client(), "passkey");
        Browser browser = browser();
        org.openqa.selenium.virtualauthenticator.VirtualAuthenticator authenticator = browser.driver()
                .addVirtualAuthenticator(new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
                        .setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true)
                        .setIsUserConsenting(true));
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());

        // make it: the account page, then the browser's own dialog (answered by the virtual authenticator)
        browser.open("/app/account");
        browser.type("#factor-name", "Work laptop").submit("#add-passkey");
        assertThat(browser.path()).isEqualTo("/app/account/mfa/passkey");
        browser.submit("#create-passkey");
        assertThat(browser.findAll("#recovery-codes li")).as("a first factor brings recovery codes").hasSize(10);
        assertThat(authenticator.getCredentials()).hasSize(1);
        assertThat(authenticator.getCredentials().getFirst().isResidentCredential()).isTrue();
        browser.submit("main a.button");
        browser.open("/app/account");
        assertThat(browser.find("section[aria-labelledby=mfa-heading] tbody").getText()).contains("Work laptop")
                .contains("passkey");

        // without a password: the workspace, then the passkey
        browser.submit("form.signout button");
        browser.open("/w/" + ws.workspace() + "/login");
        browser.submit("#passkey-sign-in");
        assertThat(browser.path()).startsWith("/app/");

        // as the second step after the password
        browser.submit("form.signout button");
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(browser.path()).isEqualTo("/login");
        assertThat(browser.find("#use-passkey").isDisplayed()).isTrue();
        browser.submit("#use-passkey");
        assertThat(browser.path()).startsWith("/app/");

        // removed: the password alone signs in again, and the passkey no longer does
        browser.open("/app/account");
        browser.submit("section[aria-labelledby=mfa-heading] tbody button.danger");
        assertThat(browser.findAll("section[aria-labelledby=mfa-heading] tbody tr")).isEmpty();
        browser.submit("form.signout button");
        browser.open("/w/" + ws.workspace() + "/login");
        browser.submit("#passkey-sign-in");
        assertThat(browser.path()).isEqualTo("/login/passkey");
        assertThat(browser.find("#login-error").getText()).contains("passkey was not accepted");
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(browser.path()).startsWith("/app/");
    }

    /** A6 codes by SMS in a browser (no gateway configured: the messages are files under the home directory). */
    @Test
    @Tag("A6")
    void aPhoneAddedOnTheAccountPageGetsTheCodeOfTheSecondStep() {
        Workspace ws = TestUsers.signUp(client(), "texting");
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/account");
        browser.type("#mobile", "0049 151 0000 0099").submit("#add-phone");
        assertThat(browser.text()).contains("+49 •••• 99");
        browser.type("#code", "000000".equals(io.strongroom.testsupport.TestSms.lastCode(home, "+4915100000099"))
                ? "111111" : "000000").submit("main button[type=submit]");
        assertThat(browser.find("#sms-error").getText()).contains("not right");
        browser.type("#code", io.strongroom.testsupport.TestSms.lastCode(home, "+4915100000099"))
                .submit("main button[type=submit]");
        assertThat(browser.findAll("#recovery-codes li")).hasSize(10);
        browser.submit("main a.button");

        browser.submit("form.signout button");
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.submit("#send-sms");
        assertThat(browser.text()).contains("+49 •••• 99");
        assertThat(browser.find("#method").getAttribute("value")).isEqualTo("sms");
        browser.type("#code", io.strongroom.testsupport.TestSms.lastCode(home, "+4915100000099"))
                .submit("main button[type=submit]");
        assertThat(browser.path()).startsWith("/app/");

        // the settings page names the factors a workspace allows
        browser.open("/app/settings");
        assertThat(browser.find("input[name=mfa_methods][value=sms]").isSelected()).isTrue();
    }

    /** A6 remembered devices: the second step offers it where the workspace allows; the account page forgets it. */
    @Test
    @Tag("A6")
    void aRememberedDeviceSkipsTheSecondStepUntilItIsForgottenOnTheAccountPage() {
        Workspace ws = TestUsers.signUp(client(), "rememberme");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "off", "remember_device_days", 30))
                .status()).isEqualTo(200);
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        browser.open("/app/account");
        browser.type("#factor-name", "Phone").submit("#add-authenticator");
        String secret = browser.find("#mfa-secret").getText();
        browser.type("#code", io.strongroom.testsupport.TestTotp.code(secret, clock.instant()))
                .submit("main button[type=submit]");
        browser.submit("main a.button");
        clock.advance(Duration.ofSeconds(30));

        browser.submit("form.signout button");
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(browser.find("label:has(#remember-device)").getText()).contains("30");
        browser.click("#remember-device");
        browser.type("#code", io.strongroom.testsupport.TestTotp.code(secret, clock.instant()))
                .submit("main button[type=submit]");
        assertThat(browser.path()).startsWith("/app/");

        browser.submit("form.signout button");
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(browser.path()).as("this device skips the second step").startsWith("/app/");
        browser.open("/app/account");
        assertThat(browser.findAll("#remembered-devices tbody tr")).hasSize(1);
        browser.submit("#remembered-devices button.danger");
        assertThat(browser.path()).as("forgetting it ended this session, which began on it").startsWith("/login");

        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(browser.findAll("#code")).as("the second step again").hasSize(1);
    }

    @Test
    @Tag("A10")
    void signOutEverywhereEndsTheSessionInAnotherBrowser() {
        Workspace ws = TestUsers.signUp(client(), "everywhere");
        Browser laptop = browser();
        Browser phone = browser(412, 900);
        signIn(laptop, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        signIn(phone, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        laptop.open("/app/account");
        assertThat(laptop.findAll("table.list tbody tr")).hasSize(2);
        laptop.submit("button.danger");
        assertThat(laptop.path()).startsWith("/login");
        assertThat(laptop.text()).contains("signed out on every device");

        clock.advance(Duration.ofSeconds(70)); // the phone's last access token runs out
        phone.open("/app/people");
        assertThat(phone.path()).startsWith("/login");
    }

    @Test
    @Tag("N3")
    void pagesWorkOnAPhoneAndEveryInputHasALabel() {
        Workspace ws = TestUsers.signUp(client(), "phone");
        Browser phone = browser(360, 780);
        for (String path : List.of("/signup", "/login", "/forgot-password")) {
            phone.open(path);
            assertNoHorizontalScroll(phone, path);
            assertEveryInputLabelled(phone, path);
        }
        signIn(phone, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        for (String path : List.of("/app/people", "/app/people/new", "/app/users", "/app/roles", "/app/roles/new",
                "/app/audit", "/app/account", "/app/settings")) {
            phone.open(path);
            assertThat(phone.path()).startsWith(path);
            assertNoHorizontalScroll(phone, path);
            assertEveryInputLabelled(phone, path);
        }
    }

    @Test
    @Tag("R1")
    void administratorsInviteAssignRolesAndChangeThePolicy() {
        Workspace ws = TestUsers.signUp(client(), "admin");
        Browser browser = browser();
        signIn(browser, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());

        browser.open("/app/roles/new");
        browser.type("#name", "Directory readers").type("#description", "See the people directory");
        browser.click("input[name=permissions][value='people:read']");
        browser.submit("main form.stack button[type=submit]");
        assertThat(browser.text()).contains("The role was saved").contains("Directory readers");

        browser.open("/app/users");
        browser.type("#email", "newbie." + ws.workspace() + "@example.org").type("#display_name", "Nora Newbie");
        assertThat(browser.text()).as("roles are offered with their descriptions").contains("See the people directory");
        browser.findAll("input[name=roles]").stream()
                .filter(i -> i.findElement(org.openqa.selenium.By.xpath("following-sibling::span[1]")).getText()
                        .equals("Directory readers"))
                .findFirst().orElseThrow().click();
        browser.submit("section.card button[type=submit]");
        assertThat(browser.text()).contains("The invitation was sent").contains("Nora Newbie").contains("Invited");
        assertThat(browser.findAll("input[name=roles]:checked")).hasSize(1);

        browser.open("/app/settings");
        browser.click("input[name=mode][value=recommended]");
        browser.submit("section.card button[type=submit]");
        assertThat(browser.text()).contains("The settings were saved");
        assertThat(browser.find("input[name=mode][value=recommended]").isSelected()).isTrue();
        browser.type("#min_length", "8");
        browser.submit("section.card button[type=submit]");
        assertThat(browser.find("#min_length-error").getText()).isEqualTo("Must be between 12 and 128.");
        assertThat(browser.find("#min_length").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#min_length").getAttribute("value")).as("what was typed stays").isEqualTo("8");
        // the summary says it in a sentence and links to the field; fixing the field clears its error
        org.openqa.selenium.WebElement link = browser.find("#error-summary a");
        assertThat(link.getText()).isEqualTo("Minimum length must be between 12 and 128.");
        assertThat(link.getAttribute("href")).endsWith("#min_length");
        browser.type("#min_length", "14");
        assertThat(browser.findAll("#min_length-error")).isEmpty();
        assertThat(browser.findAll("#error-summary")).as("nothing left to correct").isEmpty();
        assertThat(browser.find("#min_length").getAttribute("aria-invalid")).isNull();
    }

    private static void assertNoHorizontalScroll(Browser browser, String path) {
        long scrollWidth = ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
        long viewport = ((Number) browser.script("return window.innerWidth")).longValue();
        assertThat(scrollWidth).as(path + " fits the screen").isLessThanOrEqualTo(viewport);
    }

    private static void assertEveryInputLabelled(Browser browser, String path) {
        Object unlabelled = browser.script("""
                return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                  .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label'))
                  .map(e => e.name || e.id);""");
        assertThat((List<?>) unlabelled).as(path + ": inputs without a label").isEmpty();
    }
}
