package io.strongroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * The home page: joiners, leavers and work anniversaries of the next 30 days on the application
 * clock, administrators' open invitations; each card only for those its module allows, nothing
 * personal on it.
 */
class HomePageTest extends ApiTest {

    Workspace ws;
    String owner;
    LocalDate today;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "home");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private void person(String given, String family, LocalDate start, LocalDate end, String status) {
        Map<String, Object> body = new HashMap<>();
        body.put("given_name", given);
        body.put("family_name", family);
        body.put("start_date", start == null ? null : start.toString());
        body.put("end_date", end == null ? null : end.toString());
        body.put("status", status);
        body.put("date_of_birth", today.minusYears(30).plusDays(3).toString());
        assertThat(bearer(owner).post("/api/v1/people", body).status()).isEqualTo(201);
    }

    private String home(String token) {
        var page = bearer(token).header("Accept", "text/html").get("/app/home");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        return page.body();
    }

    @Test
    @Tag("R2")
    void theCardsShowTheNextThirtyDaysToThoseAllowedAndNothingPersonal() {
        person("Jo", "Joiner", today.plusDays(5), null, "active");
        person("Far", "Future", today.plusDays(35), null, "active");
        person("Lee", "Leaver", today.minusYears(2), today.plusDays(5), "active");
        person("Ann", "Iversary", today.minusYears(3).plusDays(7), null, "active");
        person("Gone", "Already", today.minusYears(4).plusDays(2), null, "terminated");
        person("New", "Comer", today.minusDays(20), null, "active");

        String body = home(owner);
        assertThat(section(body, "Joining in the next 30 days")).contains("Jo Joiner").doesNotContain("Far Future");
        assertThat(section(body, "Leaving in the next 30 days")).contains("Lee Leaver");
        assertThat(section(body, "Work anniversaries")).contains("Ann Iversary").contains("3 years")
                .as("left the company").doesNotContain("Gone Already")
                .as("less than a year").doesNotContain("New Comer");
        assertThat(body).as("no birthday, no personal field").doesNotContain("birth")
                .doesNotContain(today.minusYears(30).plusDays(3).toString());

        // the application clock moves the window: 10 days on, Jo Joiner has joined and Far Future joins within 30 days
        clock.advance(java.time.Duration.ofDays(10));
        String later = home(TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access());
        assertThat(section(later, "Joining in the next 30 days")).contains("Far Future").doesNotContain("Jo Joiner");
    }

    @Test
    @Tag("R1")
    void eachCardAnswersUnderItsModulesRules() {
        person("Jo", "Joiner", today.plusDays(3), null, "active");
        bearer(owner).post("/api/v1/users", Map.of("email", "invitee." + ws.workspace() + "@example.org",
                "display_name", "Ivy Invitee", "roles", java.util.List.of()));
        String admin = home(owner);
        assertThat(section(admin, "Waiting for you")).contains("Ivy Invitee").contains("not accepted yet");

        String employeeEmail = "emp." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), employeeEmail, "employee-home-passphrase", "employee");
        String employee = home(TestUsers.tokens(client(), ws.workspace(), employeeEmail, "employee-home-passphrase").access());
        assertThat(employee).contains("Jo Joiner").as("administrators' card").doesNotContain("Waiting for you")
                .doesNotContain("Ivy Invitee");

        String noneEmail = "none." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), noneEmail, "no-roles-home-passphrase");
        String none = home(TestUsers.tokens(client(), ws.workspace(), noneEmail, "no-roles-home-passphrase").access());
        assertThat(none).as("no directory, no people cards").doesNotContain("Jo Joiner").doesNotContain("Joining in");
    }

    /** The text of the card headed {@code heading}, up to the next card. */
    private static String section(String body, String heading) {
        int start = body.indexOf(heading);
        assertThat(start).as("a card headed " + heading).isGreaterThanOrEqualTo(0);
        int end = body.indexOf("</section>", start);
        return body.substring(start, end);
    }
}
