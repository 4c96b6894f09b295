package io.strongroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Password sign-in per workspace (A1, T4) and brute-force defence without enumeration (A9). */
class SignInApiTest extends ApiTest {

    ApiClient api;
    Workspace ws;

    @BeforeEach
    void workspace() {
        api = new ApiClient(port);
        ws = TestUsers.signUp(api, "signin");
    }

    @Test
    @Tag("A1")
    @Tag("A8")
    void signInReturnsA60SecondAccessTokenAndARefreshToken() {
        Response response = TestUsers.login(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(60);
        assertThat(body.get("access_token").asString()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(body.get("refresh_token").asString()).startsWith("srt1.");
        assertThat(response.header("Cache-Control")).contains("no-store");

        Response me = api.header("Authorization", "Bearer " + body.get("access_token").asString()).get("/api/v1/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo(ws.ownerEmail());
        assertThat(me.json().get("workspace").asString()).isEqualTo(ws.workspace());
        assertThat(me.json().get("permissions").valueStream().map(JsonNode::asString).toList())
                .contains("settings:manage", "users:manage", "people:read");
        assertThat(events.of(IdentityEvent.class).filter(e -> e.type() == Type.SIGN_IN)
                .filter(e -> ws.ownerId().equals(e.userId()))).singleElement()
                .satisfies(e -> {
                    assertThat(e.tenantId()).isEqualTo(ws.tenantId());
                    assertThat(e.clientIp()).isEqualTo(api.clientIp());
                    assertThat(e.requestId()).isEqualTo(response.header("X-Request-Id"));
                    assertThat(e.userAgent()).isNotBlank();
                });
    }

    @Test
    @Tag("A1")
    void emailIsCaseInsensitiveAndTheWorkspaceIsNormalized() {
        Response response = TestUsers.login(api, " " + ws.workspace().toUpperCase() + " ", ws.ownerEmail().toUpperCase(),
                ws.ownerPassword());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    @Tag("T4")
    void onlyTheWorkspacesOwnUsersCanSignInThere() {
        Workspace other = TestUsers.signUp(api, "other");
        // the same address in another workspace is an unrelated account with its own password
        TestUsers.addUser(other.tenantId(), ws.ownerEmail(), "a-different-secret-for-other-ws", "employee");
        assertThat(TestUsers.login(api, other.workspace(), ws.ownerEmail(), ws.ownerPassword()).status()).isEqualTo(401);
        assertThat(TestUsers.login(api, other.workspace(), ws.ownerEmail(), "a-different-secret-for-other-ws").status())
                .isEqualTo(200);
        assertThat(TestUsers.login(api, ws.workspace(), ws.ownerEmail(), "a-different-secret-for-other-ws").status())
                .isEqualTo(401);
        assertThat(TestUsers.login(api, other.workspace(), other.ownerEmail(), ws.ownerPassword()).status()).isEqualTo(200);
    }

    @Test
    @Tag("A9")
    void everyFailureLooksTheSame() {
        TestUsers.addUser(ws.tenantId(), "disabled." + ws.workspace() + "@example.org", "disabled-user-secret-9", "employee");
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("update app_user set status = 'disabled' where email like 'disabled.%'").update());
        String locked = "locked." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), locked, "locked-user-secret-77", "employee");
        for (int i = 0; i < 5; i++) {
            TestUsers.login(new ApiClient(port), ws.workspace(), locked, "wrong-guess-" + i);
        }

        List<Response> failures = new ArrayList<>();
        failures.add(TestUsers.login(new ApiClient(port), "no-such-workspace-x1", ws.ownerEmail(), ws.ownerPassword()));
        failures.add(TestUsers.login(new ApiClient(port), ws.workspace(), "nobody@example.org", ws.ownerPassword()));
        failures.add(TestUsers.login(new ApiClient(port), ws.workspace(), ws.ownerEmail(), "wrong password entirely"));
        failures.add(TestUsers.login(new ApiClient(port), ws.workspace(), "disabled." + ws.workspace() + "@example.org",
                "disabled-user-secret-9"));
        failures.add(TestUsers.login(new ApiClient(port), ws.workspace(), locked, "locked-user-secret-77"));
        failures.add(TestUsers.login(new ApiClient(port), ws.workspace(), "", ""));

        JsonNode first = withoutRequestId(failures.getFirst());
        for (Response failure : failures) {
            assertThat(failure.status()).as(failure.toString()).isEqualTo(401);
            assertThat(withoutRequestId(failure)).isEqualTo(first);
            assertThat(failure.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(first.get("type").asString()).isEqualTo("urn:strongroom:problem:invalid-credentials");
        assertThat(failures.getFirst().body()).doesNotContainIgnoringCase("lock").doesNotContainIgnoringCase("disabled");
        assertThat(events.of(IdentityEvent.class).filter(e -> e.type() == Type.SIGN_IN_FAILED).map(IdentityEvent::reason))
                .contains("unknown_workspace", "unknown_email", "bad_password", "disabled", "locked");
    }

    @Test
    @Tag("A9")
    void fiveFailuresLockTheAccountProgressivelyAndTheOwnerIsToldByMail() {
        String email = "victim." + ws.workspace() + "@example.org";
        String password = "victims-real-passphrase-42";
        TestUsers.addUser(ws.tenantId(), email, password, "employee");

        failTimes(email, 5);
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).as("locked after 5").isEqualTo(401);
        assertThat(TestMail.subject(TestMail.get().await(email, "locked"))).contains("locked");
        assertThat(TestMail.body(TestMail.get().await(email, "locked"))).contains("5 failed sign-in attempts");

        clock.advance(Duration.ofSeconds(61));
        failTimes(email, 5); // the second lock lasts 2 minutes
        clock.advance(Duration.ofSeconds(61));
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).as("still locked").isEqualTo(401);
        clock.advance(Duration.ofSeconds(61));
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).as("lock over").isEqualTo(200);

        // success resets the counter: four more failures do not lock
        failTimes(email, 4);
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).isEqualTo(200);
        assertThat(events.of(IdentityEvent.class).filter(e -> e.type() == Type.ACCOUNT_LOCKED)
                .filter(e -> email.equals(e.email()))).hasSize(2);
    }

    @Test
    @Tag("A9")
    void locksNeverLastLongerThanFifteenMinutesAndComeEveryFiveFailures() {
        String email = "patient." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "patient-users-passphrase", "employee");
        for (int lock = 1; lock <= 6; lock++) {
            failTimes(email, 5);
            Duration expected = Duration.ofMinutes(Math.min(1L << (lock - 1), 15));
            var until = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("select locked_until from app_user where email = :e")
                    .param("e", email).query(java.sql.Timestamp.class).single()).toInstant();
            assertThat(Duration.between(clock.instant(), until)).isBetween(expected.minusSeconds(5), expected);
            clock.advance(expected.plusSeconds(1));
        }
    }

    @Test
    @Tag("A9")
    void anAdministratorCanUnlock() {
        String email = "unlockme." + ws.workspace() + "@example.org";
        var user = TestUsers.addUser(ws.tenantId(), email, "unlock-me-passphrase-1", "employee");
        failTimes(email, 5);
        assertThat(TestUsers.login(api, ws.workspace(), email, "unlock-me-passphrase-1").status()).isEqualTo(401);

        var owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        Response unlock = new ApiClient(port).header("Authorization", "Bearer " + owner.access())
                .post("/api/v1/users/" + user + "/unlock", "");
        assertThat(unlock.status()).as(unlock.toString()).isEqualTo(204);
        assertThat(TestUsers.login(api, ws.workspace(), email, "unlock-me-passphrase-1").status()).isEqualTo(200);

        // an employee may not unlock
        var employee = TestUsers.tokens(api, ws.workspace(), email, "unlock-me-passphrase-1");
        Response refused = new ApiClient(port).header("Authorization", "Bearer " + employee.access())
                .post("/api/v1/users/" + user + "/unlock", "");
        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    @Tag("A9")
    void signInIsRateLimitedPerClientIp() {
        clock.freeze(); // the bucket refills only when the test moves time, however slow the machine
        ApiClient sameIp = new ApiClient(port);
        int limited = 0;
        for (int i = 0; i < 31; i++) {
            Response r = TestUsers.login(sameIp, ws.workspace(), "nobody-" + i + "@example.org", "whatever-password");
            if (r.status() == 429) {
                limited++;
                assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
                assertThat(r.json().get("type").asString()).isEqualTo("urn:strongroom:problem:rate-limited");
            }
        }
        assertThat(limited).isEqualTo(1);
        assertThat(TestUsers.login(new ApiClient(port), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).status())
                .as("another client is not limited").isEqualTo(200);
        assertThat(TestUsers.login(sameIp, ws.workspace(), "nobody@example.org", "whatever-password").status())
                .as("still limited while time stands still").isEqualTo(429);
        clock.advance(Duration.ofMinutes(1));
        assertThat(TestUsers.login(sameIp, ws.workspace(), "nobody@example.org", "whatever-password").status())
                .as("the bucket refills on the application clock").isEqualTo(401);
    }

    @Test
    @Tag("A9")
    void hostileInputIsJustAFailedSignIn() {
        for (String workspace : List.of("' or 1=1 --", "a".repeat(5000), "../../etc/passwd", "ACME; DROP TABLE tenant")) {
            Response r = TestUsers.login(new ApiClient(port), workspace, "x@example.org", "y");
            assertThat(r.status()).as(workspace).isEqualTo(401);
        }
        Response nul = TestUsers.login(new ApiClient(port), ws.workspace() + "\u0000", ws.ownerEmail(), ws.ownerPassword());
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.json().get("errors").get(0).get("field").asString()).isEqualTo("workspace");
        Response huge = TestUsers.login(new ApiClient(port), ws.workspace(), ws.ownerEmail(), "p".repeat(100_000));
        assertThat(huge.status()).isEqualTo(401);
        Response malformed = new ApiClient(port).postRaw("/api/v1/auth/login", "application/json", "{\"workspace\":");
        assertThat(malformed.status()).isEqualTo(400);
        Response unknownField = new ApiClient(port).post("/api/v1/auth/login",
                Map.of("workspace", ws.workspace(), "email", ws.ownerEmail(), "password", ws.ownerPassword(), "admin", true));
        assertThat(unknownField.status()).isEqualTo(400);
    }

    private void failTimes(String email, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(TestUsers.login(new ApiClient(port), ws.workspace(), email, "not-the-password-" + i).status())
                    .isEqualTo(401);
        }
    }

    private static JsonNode withoutRequestId(Response response) {
        ObjectNode node = (ObjectNode) response.json();
        node.remove("request_id");
        return node;
    }
}
