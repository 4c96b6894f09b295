package io.strongroom.timeoff.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
 * Time off in a real browser (Debian's chromium), one journey per role: HR sets up a location, a
 * policy and a company holiday and places a person; the employee sees the balance with its
 * explanation, requests a week and sees it waiting; the manager sees the request with who else is
 * absent, approves it and finds it on the team calendar. Every page passes axe-core and the CSP and
 * keeps browser storage empty.
 */
class TimeOffPagesTest extends ApiTest {

    static final String PASSWORD = "copper-lantern-meadow-27-rain";

    final List<Browser> browsers = new ArrayList<>();
    Workspace ws;

    @BeforeEach
    void chromium() {
        Assumptions.assumeTrue(Browser.available(),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed "
                        + "(apt-get install chromium chromium-driver). They are NOT counted as passed.");
    }

    @AfterEach
    void closeBrowsers() {
        for (Browser browser : browsers) {
            try {
                assertThat(browser.consoleProblems()).as("console errors or CSP violations").isEmpty();
                assertThat(browser.accessibilityViolations()).as("axe-core: WCAG 2.1 A/AA violations").isEmpty();
                assertThat(browser.storage()).isEmpty();
            } finally {
                browser.close();
            }
        }
    }

    private Browser signedIn(String email, String password) {
        Browser browser = new Browser(port, 1280, 900);
        browsers.add(browser);
        browser.open("/w/" + ws.workspace() + "/login");
        browser.type("#email", email).type("#password", password).submit("main button[type=submit]");
        return browser;
    }

    private UUID person(String name, UUID manager, String role, String department) {
        UUID user = TestUsers.addUser(ws.tenantId(), name.toLowerCase() + "." + ws.workspace() + "@example.org", PASSWORD,
                role);
        UUID id = UUID.randomUUID();
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("""
                insert into employee (tenant_id, id, given_name, family_name, manager_id, user_id, start_date, department)
                values (current_setting('app.tenant_id')::uuid, :id, :name, 'Tester', :manager, :user, :start, :department)
                """).param("id", id).param("name", name).param("manager", manager).param("user", user)
                .param("start", LocalDate.of(2020, 1, 1)).param("department", department).update());
        return id;
    }

    /** Sets a form control's value as a person picking it would (date inputs and selects vary by browser locale). */
    private static void set(Browser browser, String css, String value) {
        browser.script("const e = document.querySelector('" + css + "'); e.value = '" + value + "';"
                + " e.dispatchEvent(new Event('change', {bubbles: true}));");
    }

    @Test
    @Tag("R1")
    @Tag("R2")
    void hrSetsUpTheEmployeeRequestsTheManagerApprovesAndSeesTheTeamCalendar() {
        ws = TestUsers.signUp(client(), "timeoffpages");
        UUID mia = person("Mia", null, "manager", "Platform");
        UUID eve = person("Eve", mia, "employee", "Platform");
        person("Carl", mia, "employee", "Platform");
        int year = LocalDate.now(clock).getYear() + 1;

        // HR (the owner): a location with Berlin's holidays, a vacation policy, a company holiday, Eve placed there
        Browser hr = signedIn(ws.ownerEmail(), ws.ownerPassword());
        hr.open("/app/time-off");
        assertThat(hr.text()).contains("not linked to a person record");
        hr.open("/app/time-off/settings");
        hr.type("#location_name", "Berlin").type("#holiday_region", "xx");
        hr.submit("#location-form button[type=submit]");
        assertThat(hr.text()).as("an unknown region is refused by name").contains("is not a region of this country");
        assertThat(hr.find("#holiday_region").getAttribute("aria-invalid")).isEqualTo("true");
        hr.type("#location_name", "Berlin").type("#holiday_region", "be");
        hr.submit("#location-form button[type=submit]");
        assertThat(hr.text()).contains("Saved.");
        assertThat(hr.find("#locations").getText()).contains("Berlin").contains("Monday, Tuesday");
        hr.type("#annual_days", "30");
        hr.submit("#policy-form button[type=submit]");
        assertThat(hr.find("#policies").getText()).contains("Vacation").contains("30 (granted yearly)");
        set(hr, "#day", year + "-12-24");
        hr.type("#holiday_name", "Christmas Eve").click("#holiday-form input[name=half_day]");
        hr.submit("#holiday-form button[type=submit]");
        String berlin = hr.find("#place_location option:nth-child(2)").getAttribute("value");
        set(hr, "#person", eve.toString());
        set(hr, "#place_location", berlin);
        hr.submit("#place-form button[type=submit]");
        assertThat(hr.find("#placements").getText()).contains("Eve Tester Berlin");

        // Eve: her balance and its explanation; the week of 8 March (a public holiday in Berlin)
        LocalDate womensDay = LocalDate.of(year, 3, 8);
        LocalDate monday = womensDay.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        int days = womensDay.getDayOfWeek().getValue() <= 5 ? 4 : 5;
        Browser employee = signedIn("eve." + ws.workspace() + "@example.org", PASSWORD);
        employee.open("/app/time-off?year=" + year);
        assertThat(employee.text()).contains("Vacation").contains("30 days left");
        employee.click(".balance summary");
        assertThat(employee.text()).contains("Entitlement " + year + ": 30 days a year");
        employee.checkAccessibility();
        String vacation = employee.findAll("#leave_type option").stream().filter(o -> o.getText().equals("Vacation"))
                .findFirst().orElseThrow().getAttribute("value");
        set(employee, "#leave_type", vacation);
        set(employee, "#first_day", monday.plusDays(4).toString());
        set(employee, "#last_day", monday.toString());
        employee.submit("#request-form button[type=submit]");
        assertThat(employee.text()).as("a span that ends before it starts").contains("must not be before");
        set(employee, "#leave_type", vacation);
        set(employee, "#first_day", monday.toString());
        set(employee, "#last_day", monday.plusDays(4).toString());
        employee.type("#note", "Family visit");
        employee.submit("#request-form button[type=submit]");
        assertThat(employee.text()).contains("Your request was sent.");
        employee.open("/app/time-off?year=" + year);
        assertThat(employee.find("#my-requests").getText()).contains("waiting for a decision");
        assertThat(employee.text()).contains((30 - days) + " days left").contains(days + " of them requested");

        // Mia: the request with who else is absent, approved; then the team calendar of March
        Browser manager = signedIn("mia." + ws.workspace() + "@example.org", PASSWORD);
        manager.open("/app/time-off");
        manager.click("a[href='/app/time-off/approvals']");
        manager.waitForReady();
        manager.checkAccessibility();
        assertThat(manager.text()).contains("Eve Tester: Vacation").contains("Family visit")
                .contains("Nobody else in the department.");
        manager.type("main input[name=note]", "Have a good trip");
        manager.submit("main form button.primary");
        assertThat(manager.text()).contains("Approved.").contains("Nothing waits for your decision.");
        manager.open("/app/time-off/calendar?month=" + monday.toString().substring(0, 7) + "&department=Platform");
        assertThat(manager.find("#team-calendar").getText()).contains("Eve Tester").contains("Carl Tester").contains("●");
        assertThat(manager.findAll("#team-calendar td.absent")).hasSize(5);
        manager.screenshot("time-off-team-calendar");

        employee.open("/app/time-off?year=" + year);
        assertThat(employee.find("#my-requests").getText()).contains("approved");
        employee.screenshot("time-off-mine");
        hr.open("/app/time-off/settings");
        hr.screenshot("time-off-settings");
    }
}
