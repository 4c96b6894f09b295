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

import io.strongroom.identity.IdentityEvent;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestPasskey;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import tools.jackson.databind.JsonNode;

/**
 * A6: passkeys (WebAuthn) against a software authenticator that answers like a browser. A passkey is
 * added after a fresh sign-in, serves as the second step after a password, signs in without a
 * password and steps up; it is removed like any factor. Forged answers — another origin, another
 * relying party, a stale or foreign challenge, a replay, a counter that stops rising, a bad
 * signature, a user not verified, someone else's passkey, oversized or malformed data — are 4xx and
 * recorded with the reason, never a 5xx.
 */
@Tag("A6")
class PasskeyTest extends ApiTest {

    ApiClient api;
    Workspace ws;
    String email;
    final String password = "passkey-owner-passphrase-7";
    UUID userId;
    TestPasskey passkey;

    @BeforeEach
    void user() {
        api = new ApiClient(port);
        ws = TestUsers.signUp(api, "pk");
        email = "user." + ws.workspace() + "@example.org";
        userId = TestUsers.addUser(ws.tenantId(), email, password, "employee");
        passkey = new TestPasskey("https://localhost:" + port);
    }

    private Response login() {
        return api.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", email, "password", password));
    }

    private String access() {
        Response in = login();
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        return in.json().get("access_token").asString();
    }

    /** Adds {@link #passkey} to the account (fresh password sign-in, no factor yet); answers its factor id. */
    private String register(String access) {
        Response options = as(access).post("/api/v1/me/mfa/passkeys/options", null);
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        JsonNode creation = options.json().get("public_key");
        assertThat(creation.get("rp").get("id").asString()).isEqualTo("localhost");
        assertThat(creation.get("authenticatorSelection").get("userVerification").asString()).isEqualTo("required");
        assertThat(creation.get("authenticatorSelection").get("residentKey").asString()).isEqualTo("required");
        Response added = as(access).post("/api/v1/me/mfa/passkeys",
                Map.of("name", "Laptop", "credential", ApiClient.JSON.readTree(passkey.create(creation))));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("recovery_codes")).as("a first factor brings recovery codes").hasSize(10);
        return added.json().get("id").asString();
    }

    private JsonNode signInOptions() {
        Response options = api.post("/api/v1/auth/passkey/options", Map.of("workspace", ws.workspace()));
        assertThat(options.status()).as(options.toString()).isEqualTo(200);
        return options.json().get("public_key");
    }

    private Response passwordless(String credential) {
        return api.post("/api/v1/auth/passkey", Map.of("workspace", ws.workspace(), "credential",
                ApiClient.JSON.readTree(credential)));
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private String lastFailure(IdentityEvent.Type type) {
        return events.of(IdentityEvent.class).filter(e -> e.type() == type && userId.equals(e.userId())
                && e.outcome() == IdentityEvent.Outcome.FAILURE).reduce((a, b) -> b).map(IdentityEvent::reason).orElse(null);
    }

    @Test
    void aPasskeyIsASecondStepAPasswordlessSignInAndIsRemovable() {
        String factorId = register(access());
        assertThat(TestMail.body(TestMail.get().await(email, "second sign-in factor was added"))).contains("Laptop");
        Response mine = as(access0()).get("/api/v1/me/mfa");
        assertThat(mine.json().get("factors").toString()).contains("\"kind\":\"passkey\"").contains("Laptop");

        // second step after the password
        Response first = login();
        assertThat(first.status()).isEqualTo(401);
        assertThat(first.json().get("methods").valueStream().map(JsonNode::asString).toList())
                .containsExactly("passkey", "recovery_code");
        JsonNode request = first.json().get("public_key");
        assertThat(request.get("allowCredentials").toString()).contains(passkey.credentialId());
        Response in = api.post("/api/v1/auth/login/mfa", Map.of("challenge", first.json().get("challenge").asString(),
                "method", "passkey", "credential", ApiClient.JSON.readTree(passkey.get(request))));
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        assertThat(claims(in.json().get("access_token").asString())).contains("\"amr\":[\"pwd\",\"hwk\",\"mfa\"]");

        // password-less
        JsonNode options = signInOptions();
        assertThat(options.get("allowCredentials")).isEmpty();
        String answer = passkey.get(options);
        Response passwordless = passwordless(answer);
        assertThat(passwordless.status()).as(passwordless.toString()).isEqualTo(200);
        String access = passwordless.json().get("access_token").asString();
        assertThat(claims(access)).contains("\"amr\":[\"hwk\",\"user\",\"mfa\"]");
        Response replayed = passwordless(answer);
        assertThat(replayed.status()).isEqualTo(401);
        assertThat(replayed.json().get("type").asString()).isEqualTo("urn:strongroom:problem:passkey-not-accepted");

        // removed like any factor (the passkey sign-in is a fresh second factor: no step-up needed)
        assertThat(as(access).delete("/api/v1/me/mfa/factors/" + factorId).status()).isEqualTo(204);
        assertThat(passwordless(passkey.get(signInOptions())).status()).as("a removed passkey signs nobody in")
                .isEqualTo(401);
        assertThat(lastFailure(IdentityEvent.Type.SIGN_IN_FAILED)).isNull(); // unknown credential: no account to name
        assertThat(login().status()).as("no factor left: the password is enough again").isEqualTo(200);
    }

    /** A fresh access token after the passkey is registered (the account now needs its second step). */
    private String access0() {
        Response first = login();
        return api.post("/api/v1/auth/login/mfa", Map.of("challenge", first.json().get("challenge").asString(),
                "method", "passkey", "credential", ApiClient.JSON.readTree(passkey.get(first.json().get("public_key")))))
                .json().get("access_token").asString();
    }

    @Test
    void forgedAssertionsAreRefusedAndRecordedWithTheReason() {
        register(access());
        assertThat(passwordless(passkey.get(signInOptions())).status()).isEqualTo(200); // counter is 1 now

        record Forgery(String reason, TestPasskey.Bend bend) {
        }
        List<Forgery> forgeries = List.of(
                new Forgery("passkey_wrong_origin", bend(b -> b.origin = "https://evil.example")),
                new Forgery("passkey_wrong_rp_id", bend(b -> b.rpId = "evil.example")),
                new Forgery("passkey_counter_regressed", bend(b -> b.signCount = passkey.signCount())),
                new Forgery("passkey_bad_signature", bend(b -> b.badSignature = true)),
                new Forgery("passkey_user_not_verified", bend(b -> b.userVerified = false)),
                new Forgery("passkey_user_handle_mismatch", bend(b -> b.userHandle = new byte[] {1, 2, 3})),
                new Forgery("passkey_not_verified", bend(b -> b.type = "webauthn.create")));
        for (Forgery forgery : forgeries) {
            clock.advance(Duration.ofMinutes(1)); // the per-address limit and the account's lock-out refill
            Response refused = passwordless(passkey.get(signInOptions(), forgery.bend()));
            assertThat(refused.status()).as(forgery.reason() + ": " + refused).isEqualTo(401);
            assertThat(refused.json().get("type").asString()).isEqualTo("urn:strongroom:problem:passkey-not-accepted");
            assertThat(lastFailure(IdentityEvent.Type.SIGN_IN_FAILED)).as(forgery.reason()).isEqualTo(forgery.reason());
        }
        // a challenge the server never gave, or gave to another client: refused before any account is known
        clock.advance(Duration.ofMinutes(1));
        Response elsewhere = new ApiClient(port).post("/api/v1/auth/passkey", Map.of("workspace", ws.workspace(),
                "credential", ApiClient.JSON.readTree(passkey.get(signInOptions()))));
        assertThat(elsewhere.status()).as("a ceremony serves the client it was given to").isEqualTo(401);
        Response stale = passwordless(passkey.get(signInOptions(), bend(b -> b.challenge = Base64.getUrlEncoder()
                .withoutPadding().encodeToString(new byte[32]))));
        assertThat(stale.status()).isEqualTo(401);
        // malformed and oversized answers: 401 too, never a 5xx
        for (String junk : List.of("{}", "{\"id\":\"x\",\"response\":{\"clientDataJSON\":\"!!\"}}", "[1,2]",
                "{\"id\":\"" + "A".repeat(9000) + "\"}")) {
            Response refused = api.post("/api/v1/auth/passkey", Map.of("workspace", ws.workspace(), "credential",
                    ApiClient.JSON.readTree(junk)));
            assertThat(refused.status()).as(junk.length() > 100 ? "oversized" : junk).isEqualTo(401);
        }
        assertThat(api.post("/api/v1/auth/passkey", Map.of("workspace", ws.workspace())).status()).isEqualTo(401);
        // a workspace that does not exist answers options of the same shape, and then the same 401
        Response decoy = api.post("/api/v1/auth/passkey/options", Map.of("workspace", "no-such-workspace-here"));
        assertThat(decoy.status()).isEqualTo(200);
        assertThat(decoy.json().get("public_key").get("challenge").asString()).hasSize(43);
        Response nowhere = api.post("/api/v1/auth/passkey", Map.of("workspace", "no-such-workspace-here",
                "credential", ApiClient.JSON.readTree(passkey.get(decoy.json().get("public_key")))));
        assertThat(nowhere.status()).isEqualTo(401);

        // the honest passkey still works after all that (the counter only moved on accepted answers)
        clock.advance(Duration.ofMinutes(2));
        assertThat(passwordless(passkey.get(signInOptions())).status()).isEqualTo(200);
    }

    @Test
    void theSecondStepRefusesAnotherUsersPasskeyAndAnotherClient() {
        register(access());
        String otherEmail = "other." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), otherEmail, password, "employee");
        TestPasskey others = new TestPasskey("https://localhost:" + port);
        String otherAccess = api.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", otherEmail,
                "password", password)).json().get("access_token").asString();
        Response options = as(otherAccess).post("/api/v1/me/mfa/passkeys/options", null);
        assertThat(as(otherAccess).post("/api/v1/me/mfa/passkeys", Map.of("credential",
                ApiClient.JSON.readTree(others.create(options.json().get("public_key"))))).status()).isEqualTo(201);

        Response first = login();
        String challenge = first.json().get("challenge").asString();
        Response foreign = api.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "passkey",
                "credential", ApiClient.JSON.readTree(others.get(first.json().get("public_key")))));
        assertThat(foreign.status()).isEqualTo(401);
        assertThat(lastFailure(IdentityEvent.Type.SIGN_IN_FAILED)).isEqualTo("passkey_unknown_credential");

        // the failed answer spent the ceremony: a new one for the same challenge, from the same client only
        Response fresh = api.post("/api/v1/auth/login/mfa/passkey", Map.of("challenge", challenge));
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
        ApiClient elsewhere = new ApiClient(port);
        assertThat(elsewhere.post("/api/v1/auth/login/mfa/passkey", Map.of("challenge", challenge)).status())
                .as("the challenge serves the client it was given to").isEqualTo(401);
        String answer = passkey.get(fresh.json().get("public_key"));
        assertThat(elsewhere.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "passkey",
                "credential", ApiClient.JSON.readTree(answer))).status()).isEqualTo(401);
        Response in = api.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "passkey",
                "credential", ApiClient.JSON.readTree(answer)));
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
    }

    @Test
    void registrationRefusesForgedAndOversizedAttestations() {
        String access = access();
        record Forgery(String reason, TestPasskey.Bend bend) {
        }
        for (Forgery forgery : List.of(
                new Forgery("wrong_origin", bend(b -> b.origin = "https://evil.example")),
                new Forgery("wrong_rp_id", bend(b -> b.rpId = "evil.example")),
                new Forgery("user_not_verified", bend(b -> b.userVerified = false)),
                new Forgery("too_large", bend(b -> b.attestationPadding = 40_000)))) {
            JsonNode options = as(access).post("/api/v1/me/mfa/passkeys/options", null).json().get("public_key");
            Response refused = as(access).post("/api/v1/me/mfa/passkeys",
                    Map.of("credential", ApiClient.JSON.readTree(passkey.create(options, forgery.bend()))));
            assertThat(refused.status()).as(forgery.reason() + ": " + refused).isEqualTo(400);
            assertThat(refused.json().get("type").asString()).isEqualTo("urn:strongroom:problem:validation-failed");
            assertThat(lastFailure(IdentityEvent.Type.MFA_FACTOR_ADDED)).isEqualTo(forgery.reason());
        }
        Response unasked = as(access).post("/api/v1/me/mfa/passkeys", Map.of("credential",
                ApiClient.JSON.readTree(passkey.create(as(access).post("/api/v1/me/mfa/passkeys/options", null)
                        .json().get("public_key"), bend(b -> b.challenge = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")))));
        assertThat(unasked.status()).isEqualTo(400);
        assertThat(lastFailure(IdentityEvent.Type.MFA_FACTOR_ADDED)).isEqualTo("unknown_challenge");
        for (String junk : List.of("{}", "\"not json\"", "{\"response\":{\"attestationObject\":\"AAAA\"}}")) {
            Response refused = as(access).postRaw("/api/v1/me/mfa/passkeys", "application/json",
                    "{\"credential\":" + junk + "}");
            assertThat(refused.status()).as(junk).isEqualTo(400);
        }
        assertThat(as(access).get("/api/v1/me/mfa").json().get("factors")).as("nothing was added").isEmpty();
        assertThat(login().status()).isEqualTo(200);
    }

    @Test
    void aPasskeyStepsUp() {
        register(access());
        Response first = login();
        Response in = api.post("/api/v1/auth/login/mfa", Map.of("challenge", first.json().get("challenge").asString(),
                "method", "passkey", "credential", ApiClient.JSON.readTree(passkey.get(first.json().get("public_key")))));
        clock.advance(Duration.ofMinutes(11));
        String later = api.post("/api/v1/auth/refresh", Map.of("refresh_token", in.json().get("refresh_token").asString()))
                .json().get("access_token").asString();
        Response refused = as(later).post("/api/v1/me/mfa/recovery-codes", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:strongroom:problem:step-up-required");
        assertThat(as(later).get("/api/v1/auth/step-up").json().get("methods").toString()).contains("passkey");
        JsonNode other = as(later).post("/api/v1/auth/step-up/passkey", null).json().get("public_key");
        assertThat(passwordless(passkey.get(other)).status()).as("a step-up's ceremony signs nobody in").isEqualTo(401);
        JsonNode options = as(later).post("/api/v1/auth/step-up/passkey", null).json().get("public_key");
        Response wrong = as(later).post("/api/v1/auth/step-up", Map.of("method", "passkey", "credential",
                ApiClient.JSON.readTree(passkey.get(options, bend(b -> b.badSignature = true)))));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(lastFailure(IdentityEvent.Type.STEP_UP_FAILED)).isEqualTo("passkey_bad_signature");
        options = as(later).post("/api/v1/auth/step-up/passkey", null).json().get("public_key");
        Response stepped = as(later).post("/api/v1/auth/step-up", Map.of("method", "passkey", "credential",
                ApiClient.JSON.readTree(passkey.get(options))));
        assertThat(stepped.status()).as(stepped.toString()).isEqualTo(200);
        String fresh = stepped.json().get("access_token").asString();
        assertThat(as(fresh).post("/api/v1/me/mfa/recovery-codes", null).status()).isEqualTo(200);
    }

    /** The same client (address and agent) as {@link #api}, with a bearer token: ceremonies are bound to their client. */
    private ApiClient as(String access) {
        return new ApiClient(port, api.clientIp()).header("Authorization", "Bearer " + access);
    }

    private static TestPasskey.Bend bend(java.util.function.Consumer<TestPasskey.Bend> change) {
        TestPasskey.Bend bend = new TestPasskey.Bend();
        change.accept(bend);
        return bend;
    }
}
