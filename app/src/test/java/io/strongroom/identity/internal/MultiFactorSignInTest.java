package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A6: an authenticator app as second factor. Enrolment shows the secret once and needs a first
 * code; then sign-in asks for a code after a correct password (and only then), accepts each code
 * once, counts wrong codes towards the lock-out, binds the step to its client and lifetime; recovery
 * codes work once and tell the user; the workspace's policy forces enrolment after its grace period
 * and ends password-only sessions; an administrator resets a user's factors.
 */
@Tag("A6")
class MultiFactorSignInTest extends ApiTest {

    ApiClient api;
    Workspace ws;
    String email;
    final String password = "second-factor-passphrase-7";
    UUID userId;

    @BeforeEach
    void user() {
        api = new ApiClient(port);
        ws = TestUsers.signUp(api, "mfa");
        email = "user." + ws.workspace() + "@example.org";
        userId = TestUsers.addUser(ws.tenantId(), email, password, "employee");
    }

    private Response login() {
        return api.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", email, "password", password));
    }

    private Response second(String challenge, String method, String code) {
        return api.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", method, "code", code));
    }

    private String code(byte[] secret) {
        return Totp.code(secret, Totp.step(clock.instant()));
    }

    /** Enrols an authenticator for the user; answers its secret and the recovery codes. */
    private Enrolled enrol() {
        String access = login().json().get("access_token").asString();
        Response started = bearer(access).post("/api/v1/me/mfa/totp", Map.of("name", "Work phone"));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        assertThat(started.header("Cache-Control")).contains("no-store");
        byte[] secret = Totp.fromBase32(started.json().get("secret").asString());
        assertThat(started.json().get("otpauth_uri").asString()).startsWith("otpauth://totp/").contains(email.replace("@", "%40"));
        assertThat(started.json().get("qr_code").asString()).startsWith("data:image/svg+xml;base64,");
        String id = started.json().get("id").asString();
        Response wrong = bearer(access).post("/api/v1/me/mfa/totp/" + id + "/confirm", Map.of("code", "000000"));
        assertThat(wrong.status()).isEqualTo(wrong.body().contains("000000") ? 500 : 400);
        Response confirmed = bearer(access).post("/api/v1/me/mfa/totp/" + id + "/confirm", Map.of("code", code(secret)));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        List<String> codes = confirmed.json().get("recovery_codes").valueStream().map(n -> n.asString()).toList();
        assertThat(codes).hasSize(10).allMatch(c -> c.matches("[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}"));
        assertThat(TestMail.body(TestMail.get().await(email, "second sign-in factor was added"))).contains("Work phone");
        clock.advance(Duration.ofSeconds(30)); // the confirming code is spent
        return new Enrolled(secret, codes, access);
    }

    record Enrolled(byte[] secret, List<String> recoveryCodes, String access) {
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void afterAPasswordSignInAsksForACodeAndEachCodeWorksOnce() {
        Enrolled enrolled = enrol();
        Response first = login();
        assertThat(first.status()).isEqualTo(401);
        assertThat(first.json().get("type").asString()).isEqualTo("urn:strongroom:problem:mfa-required");
        assertThat(first.body()).doesNotContain("access_token");
        assertThat(first.json().get("methods").valueStream().map(n -> n.asString()).toList())
                .containsExactly("totp", "recovery_code");
        String challenge = first.json().get("challenge").asString();

        Response wrongPassword = api.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", email,
                "password", "not-the-password-at-all"));
        assertThat(wrongPassword.json().get("type").asString()).as("no challenge without the password")
                .isEqualTo("urn:strongroom:problem:invalid-credentials");

        Response wrong = second(challenge, "totp", "000000".equals(code(enrolled.secret())) ? "111111" : "000000");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("type").asString()).isEqualTo("urn:strongroom:problem:invalid-code");
        String code = code(enrolled.secret());
        Response in = second(challenge, "totp", code);
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        String claims = claims(in.json().get("access_token").asString());
        assertThat(claims).contains("\"amr\":[\"pwd\",\"otp\",\"mfa\"]").contains("\"auth_time\":");
        assertThat(second(challenge, "totp", code).json().get("type").asString()).as("a challenge works once")
                .isEqualTo("urn:strongroom:problem:invalid-challenge");

        String again = login().json().get("challenge").asString();
        assertThat(second(again, "totp", code).status()).as("a code works once").isEqualTo(401);
        clock.advance(Duration.ofSeconds(30));
        Response refreshed = api.post("/api/v1/auth/refresh", Map.of("refresh_token", in.json().get("refresh_token").asString()));
        assertThat(claims(refreshed.json().get("access_token").asString())).as("a refresh keeps how the session began")
                .contains("\"amr\":[\"pwd\",\"otp\",\"mfa\"]");
        assertThat(second(again, "totp", code(enrolled.secret())).status()).isEqualTo(200);

        // a recovery code works once, and the user is told
        String withCode = login().json().get("challenge").asString();
        Response recovered = second(withCode, "recovery_code", enrolled.recoveryCodes().get(3).toUpperCase());
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(claims(recovered.json().get("access_token").asString())).contains("\"rc\"");
        assertThat(TestMail.body(TestMail.get().await(email, "recovery code was used"))).contains("9 unused");
        String reuse = login().json().get("challenge").asString();
        assertThat(second(reuse, "recovery_code", enrolled.recoveryCodes().get(3)).status()).isEqualTo(401);
        assertThat(bearer(recovered.json().get("access_token").asString()).get("/api/v1/me/mfa").json()
                .get("recovery_codes_left").asInt()).isEqualTo(9);
    }

    @Test
    void aChallengeServesItsClientForFiveMinutesAndFiveCodesAndWrongCodesLockTheAccount() {
        Enrolled enrolled = enrol();
        String challenge = login().json().get("challenge").asString();
        ApiClient other = new ApiClient(port, api.clientIp()).header("User-Agent", "another browser");
        assertThat(other.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "totp",
                "code", code(enrolled.secret()))).json().get("type").asString()).isEqualTo("urn:strongroom:problem:invalid-challenge");
        ApiClient elsewhere = new ApiClient(port); // the same agent from another address
        assertThat(elsewhere.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "totp",
                "code", code(enrolled.secret()))).json().get("type").asString()).as("bound to the client's address too")
                .isEqualTo("urn:strongroom:problem:invalid-challenge");
        for (String hostile : new String[] {"", "smc1.x.y", "srt1." + challenge.substring(5), challenge + "x",
                "a".repeat(5000)}) {
            Response refused = second(hostile, "totp", "123456");
            assertThat(refused.status()).as(hostile).isEqualTo(401);
        }
        assertThat(api.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "sms", "code", "1"))
                .status()).isEqualTo(401);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(second(challenge, "totp", code(enrolled.secret())).json().get("type").asString())
                .as("expired").isEqualTo("urn:strongroom:problem:invalid-challenge");

        String fresh = login().json().get("challenge").asString();
        for (int i = 0; i < SignIn.CHALLENGE_ATTEMPTS; i++) {
            assertThat(second(fresh, "totp", "99999" + i).status()).isEqualTo(401);
        }
        assertThat(second(fresh, "totp", code(enrolled.secret())).json().get("type").asString())
                .as("spent after five wrong codes").isEqualTo("urn:strongroom:problem:invalid-challenge");
        long failures = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql(
                "select failed_attempts from app_user where id = :id").param("id", userId).query(Long.class).single());
        assertThat(failures).as("wrong codes count like wrong passwords; a right password does not reset them")
                .isEqualTo(SignIn.CHALLENGE_ATTEMPTS);
        assertThat(login().json().get("type").asString()).as("five failures lock the account, password or not")
                .isEqualTo("urn:strongroom:problem:invalid-credentials");
    }

    @Test
    void theWorkspacePolicyForcesEnrolmentAfterItsGracePeriodAndEndsPasswordOnlySessions() {
        String owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Response before = login();
        String refresh = before.json().get("refresh_token").asString();
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "permissions",
                "permissions", List.of(), "grace_days", 7)).status()).isEqualTo(400);
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "sometimes")).status()).isEqualTo(400);
        Response set = bearer(owner).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "everyone", "grace_days", 7));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);

        // within the grace period: the password is enough, sessions go on
        assertThat(login().status()).isEqualTo(200);
        Response refreshed = api.post("/api/v1/auth/refresh", Map.of("refresh_token", refresh));
        assertThat(refreshed.status()).isEqualTo(200);

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(api.post("/api/v1/auth/refresh", Map.of("refresh_token",
                refreshed.json().get("refresh_token").asString())).status())
                .as("a password-only session ends when the policy applies").isEqualTo(401);
        Response challenged = login();
        assertThat(challenged.status()).isEqualTo(401);
        assertThat(challenged.json().get("methods").valueStream().map(n -> n.asString()).toList())
                .containsExactly("totp_enrolment");
        String challenge = challenged.json().get("challenge").asString();
        Response enrolment = api.post("/api/v1/auth/login/mfa/enrolment", Map.of("challenge", challenge));
        assertThat(enrolment.status()).as(enrolment.toString()).isEqualTo(200);
        byte[] secret = Totp.fromBase32(enrolment.json().get("secret").asString());
        Response in = second(challenge, "totp", code(secret));
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        assertThat(in.json().get("recovery_codes").size()).isEqualTo(10);
        assertThat(claims(in.json().get("access_token").asString())).contains("\"mfa\"");
    }

    @Test
    void anAdministratorResetsAUsersFactorsTheUserIsToldAndTheirSessionsEnd() {
        Enrolled enrolled = enrol();
        // a fresh session of the user (enrol() moved the clock on): signed in with the next code
        String challenge = login().json().get("challenge").asString();
        String user = second(challenge, "totp", code(enrolled.secret())).json().get("access_token").asString();
        assertThat(bearer(user).get("/api/v1/me").status()).isEqualTo(200);
        String owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(user).delete("/api/v1/users/" + userId + "/mfa").status())
                .as("an employee may not").isEqualTo(403);
        assertThat(bearer(owner).delete("/api/v1/users/" + UUID.randomUUID() + "/mfa").status()).isEqualTo(404);
        assertThat(bearer(owner).delete("/api/v1/users/" + userId + "/mfa").status()).isEqualTo(204);
        assertThat(bearer(user).get("/api/v1/me").status()).as("the user's sessions ended").isEqualTo(401);
        assertThat(TestMail.body(TestMail.get().await(email, "reset your Strongroom sign-in factors"))).contains(ws.workspace());
        assertThat(login().status()).as("the password alone again").isEqualTo(200);
    }
}
