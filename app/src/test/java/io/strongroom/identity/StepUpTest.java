package io.strongroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestTotp;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A6 step-up: sensitive actions (role changes, resetting factors, exports, restores) need the
 * caller to have proved who they are within the last ten minutes: with a second factor when they
 * have one, else with their password. The API answers RFC 9470's challenge; a page goes to the
 * step-up page; someone without the permission gets the plain 403.
 */
@Tag("A6")
class StepUpTest extends ApiTest {

    Workspace ws;
    String owner;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(client(), "stepup");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    private Response createRole(String access) {
        return bearer(access).post("/api/v1/roles", Map.of("name", "Role " + UUID.randomUUID(), "permissions",
                List.of("people:read")));
    }

    private Response stepUp(String access, String method, String code) {
        return bearer(access).post("/api/v1/auth/step-up", Map.of("method", method, "code", code));
    }

    /** A new access token of the same session (its sign-in time and methods stay). */
    private String refreshed(String[] refresh) {
        Response renewed = client().post("/api/v1/auth/refresh", Map.of("refresh_token", refresh[0]));
        assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
        refresh[0] = renewed.json().get("refresh_token").asString();
        return renewed.json().get("access_token").asString();
    }

    @Test
    void withoutASecondFactorThePasswordAgainAfterTenMinutes() {
        assertThat(createRole(owner).status()).as("just signed in").isEqualTo(201);
        String[] refresh = {TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).refresh()};
        clock.advance(Duration.ofMinutes(11));
        String later = refreshed(refresh);
        Response refused = createRole(later);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:strongroom:problem:step-up-required");
        assertThat(refused.header("WWW-Authenticate")).contains("insufficient_user_authentication", "max_age=600");
        assertThat(bearer(later).get("/api/v1/people").status()).as("ordinary reads are not affected").isEqualTo(200);

        assertThat(bearer(later).get("/api/v1/auth/step-up").json().get("methods").toString()).contains("password");
        assertThat(stepUp(later, "password", "wrong-password-here").status()).isEqualTo(401);
        Response stepped = stepUp(later, "password", ws.ownerPassword());
        assertThat(stepped.status()).as(stepped.toString()).isEqualTo(200);
        assertThat(createRole(stepped.json().get("access_token").asString()).status()).isEqualTo(201);
        assertThat(createRole(refreshed(refresh)).status()).as("the session remembers the step-up").isEqualTo(201);
    }

    @Test
    void withASecondFactorOnlyAFreshCodeWillDo() {
        String secret = TestTotp.enrol(client(), owner, clock.instant());
        ApiClient phone = client(); // the second step comes from the client of the first
        Response challenge = phone.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(),
                "email", ws.ownerEmail(), "password", ws.ownerPassword()));
        Response in = phone.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge.json().get("challenge")
                .asString(), "method", "totp", "code", TestTotp.code(secret, clock.instant())));
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        String strong = in.json().get("access_token").asString();
        String[] refresh = {in.json().get("refresh_token").asString()};
        assertThat(createRole(strong).status()).isEqualTo(201);
        assertThat(createRole(owner).status()).as("a password-only session of a user with a factor").isEqualTo(401);
        assertThat(stepUp(owner, "password", ws.ownerPassword()).status()).as("the password is not enough now")
                .isEqualTo(401);
        // a session that only knows the password cannot add a way in or make recovery codes for itself
        assertThat(bearer(owner).post("/api/v1/me/mfa/totp", Map.of("name", "Attacker")).status()).isEqualTo(401);
        assertThat(bearer(owner).post("/api/v1/me/mfa/recovery-codes", "").status()).isEqualTo(401);
        assertThat(bearer(strong).post("/api/v1/me/mfa/recovery-codes", "").status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(11));
        String later = refreshed(refresh);
        assertThat(createRole(later).status()).isEqualTo(401);
        Response stepped = stepUp(later, "totp", TestTotp.code(secret, clock.instant()));
        assertThat(stepped.status()).as(stepped.toString()).isEqualTo(200);
        String fresh = stepped.json().get("access_token").asString();
        assertThat(createRole(fresh).status()).isEqualTo(201);
        assertThat(bearer(fresh).get("/api/v1/people.csv").status()).as("an export").isEqualTo(200);
        assertThat(stepUp(later, "totp", TestTotp.code(secret, clock.instant())).status()).as("a code works once")
                .isEqualTo(401);
    }

    @Test
    void withoutThePermissionThePlain403AndAPageGoesToTheStepUpPage() {
        String email = "employee." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "employee-passphrase-31", "employee");
        String[] refresh = {TestUsers.tokens(client(), ws.workspace(), email, "employee-passphrase-31").refresh()};
        clock.advance(Duration.ofMinutes(11));
        assertThat(createRole(refreshed(refresh)).status()).isEqualTo(403);

        Response login = client().post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email",
                ws.ownerEmail(), "password", ws.ownerPassword(), "token_delivery", "cookie"));
        String cookies = String.join("; ", login.raw().headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0]).toList());
        clock.advance(Duration.ofMinutes(11)); // the access cookie has run out: the refresh cookie renews it
        Response page = new ApiClient(port).header("Cookie", cookies).header("Accept", "text/html")
                .header("Referer", "https://localhost/app/people").get("/api/v1/people.csv");
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).startsWith("/app/step-up?next=%2Fapp%2Fpeople");
    }
}
