package io.strongroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Tokens;
import io.strongroom.testsupport.TestUsers.Workspace;
import jakarta.mail.internet.MimeMessage;

/** Passwords: policy (A2), storage (A3), change and administrator reset (A4), recovery (A5), notices (L2). */
class PasswordApiTest extends ApiTest {

    @Autowired
    FieldEncryption encryption;

    ApiClient api;
    Workspace ws;
    String email;
    final String password = "password-test-passphrase-7";
    UUID userId;

    @BeforeEach
    void user() {
        api = new ApiClient(port);
        ws = TestUsers.signUp(api, "passwords");
        email = "user." + ws.workspace() + "@example.org";
        userId = TestUsers.addUser(ws.tenantId(), email, password, "employee");
    }

    @Test
    @Tag("A2")
    void weakPasswordsAreRefusedWithReasonsWhenThePolicyIsEnforced() {
        Tokens tokens = TestUsers.tokens(api, ws.workspace(), email, password);
        Map<String, List<String>> cases = Map.of(
                "short", List.of("at least 12 characters"),
                "password1234", List.of("most commonly used"),
                "qwertyuiop123", List.of("most commonly used"),
                ws.workspace() + "-2026!", List.of("must not contain your name"),
                "aaaaaaaaaaaaaaaa", List.of("too easy to guess"),
                "x".repeat(129), List.of("at most 128 characters"));
        cases.forEach((candidate, reasons) -> {
            Response response = bearer(tokens.access()).post("/api/v1/me/password",
                    Map.of("current_password", password, "new_password", candidate));
            assertThat(response.status()).as(candidate).isEqualTo(400);
            List<String> messages = response.json().get("errors").valueStream()
                    .filter(e -> e.get("field").asString().equals("new_password")).map(e -> e.get("message").asString())
                    .toList();
            reasons.forEach(reason -> assertThat(messages).as(candidate).anyMatch(m -> m.contains(reason)));
        });
        // nothing changed
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).isEqualTo(200);
    }

    @Test
    @Tag("A2")
    void aLongPassphraseWithoutCompositionRulesIsFine() {
        Tokens tokens = TestUsers.tokens(api, ws.workspace(), email, password);
        Response response = bearer(tokens.access()).post("/api/v1/me/password",
                Map.of("current_password", password, "new_password", "violet tractor humming under seven lanterns"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("password_warnings").valueStream().toList()).isEmpty();
        Response unicode = bearer(TestUsers.tokens(api, ws.workspace(), email, "violet tractor humming under seven lanterns").access())
                .post("/api/v1/me/password", Map.of("current_password", "violet tractor humming under seven lanterns",
                        "new_password", "Grüße aus Köln, 東京 und Zürich!"));
        assertThat(unicode.status()).as(unicode.toString()).isEqualTo(200);
        assertThat(TestUsers.login(api, ws.workspace(), email, "Grüße aus Köln, 東京 und Zürich!").status()).isEqualTo(200);
    }

    @Test
    @Tag("A2")
    void theRecommendedModeAcceptsWithWarnings() {
        Tokens owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        Response policy = bearer(owner.access()).method("PUT", "/api/v1/settings/password-policy",
                Map.of("mode", "recommended", "min_length", 14, "min_score", 4));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.json().get("mode").asString()).isEqualTo("recommended");
        assertThat(policy.json().get("max_length").asInt()).isEqualTo(128);

        Tokens tokens = TestUsers.tokens(api, ws.workspace(), email, password);
        Response changed = bearer(tokens.access()).post("/api/v1/me/password",
                Map.of("current_password", password, "new_password", "password12345"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("password_warnings").valueStream().map(n -> n.asString()).toList())
                .anyMatch(w -> w.contains("at least 14")).anyMatch(w -> w.contains("too easy"));
        assertThat(events.of(IdentityEvent.class).filter(e -> e.type() == Type.PASSWORD_POLICY_CHANGED)
                .filter(e -> ws.tenantId().equals(e.tenantId()))).singleElement()
                .satisfies(e -> assertThat(e.details()).containsKey("mode"));
    }

    @Test
    @Tag("A2")
    void onlyAdministratorsChangeThePolicyAndBadValuesAreRefused() {
        Tokens employee = TestUsers.tokens(api, ws.workspace(), email, password);
        assertThat(bearer(employee.access()).get("/api/v1/settings/password-policy").status()).isEqualTo(200);
        assertThat(bearer(employee.access()).method("PUT", "/api/v1/settings/password-policy",
                Map.of("mode", "recommended", "min_length", 12, "min_score", 0)).status()).isEqualTo(403);
        assertThat(new ApiClient(port).get("/api/v1/settings/password-policy").status()).isEqualTo(401);

        Tokens owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        Response bad = bearer(owner.access()).method("PUT", "/api/v1/settings/password-policy",
                Map.of("mode", "lenient", "min_length", 6, "min_score", 9));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
                .containsExactlyInAnyOrder("min_length", "min_score", "mode");
        Response policy = bearer(owner.access()).get("/api/v1/settings/password-policy");
        assertThat(policy.json().get("mode").asString()).as("unchanged").isEqualTo("enforced");
        assertThat(policy.json().get("min_length").asInt()).isEqualTo(12);
    }

    @Test
    @Tag("A4")
    @Tag("L2")
    void usersChangeTheirOwnPasswordAndAreToldByMail() {
        Tokens tokens = TestUsers.tokens(api, ws.workspace(), email, password);
        Response wrong = bearer(tokens.access()).post("/api/v1/me/password",
                Map.of("current_password", "not my password", "new_password", "a completely new passphrase"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("current_password");

        Response changed = bearer(tokens.access()).post("/api/v1/me/password",
                Map.of("current_password", password, "new_password", "a completely new passphrase"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).isEqualTo(401);
        assertThat(TestUsers.login(api, ws.workspace(), email, "a completely new passphrase").status()).isEqualTo(200);
        MimeMessage notice = TestMail.get().await(email, "password was changed");
        assertThat(TestMail.body(notice)).contains(ws.workspace()).doesNotContain("a completely new passphrase");
    }

    @Test
    @Tag("A3")
    void passwordsAreStoredAsArgon2idAndWeakerHashesAreUpgradedAtSignIn() {
        String hash = storedHash();
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(password);

        String weak = new Argon2PasswordEncoder(16, 32, 1, 4096, 1).encode(password);
        byte[] sealedWeak = TenantContext.callAs(ws.tenantId(), () -> encryption.encrypt("app_user", "password_hash", userId, weak));
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("update app_user set password_hash = :h where id = :id")
                .param("h", sealedWeak).param("id", userId).update());
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).isEqualTo(200);
        String upgraded = storedHash();
        assertThat(upgraded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(weak);
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).isEqualTo(200);
    }

    @Test
    @Tag("E2")
    @Tag("E4")
    void aPasswordHashIsStoredEncryptedUnderTheWorkspaceKey() {
        // the owner's password was set through the application (signup)
        byte[] stored = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("select password_hash from app_user where id = :id")
                .param("id", ws.ownerId()).query(byte[].class).single());
        assertThat(stored[0]).as("Tink ciphertext, not the hash").isEqualTo((byte) 0x01);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("argon2");
        assertThat(TestUsers.login(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).status()).isEqualTo(200);
        // bound to its row: the owner's sealed hash copied to another account does not open there
        TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("update app_user set password_hash = "
                + "(select password_hash from app_user where id = :from) where id = :to").param("from", ws.ownerId())
                .param("to", userId).update());
        assertThat(TestUsers.login(api, ws.workspace(), email, ws.ownerPassword()).status()).isNotEqualTo(200);
    }

    /** The stored password hash of the user, decrypted with the workspace key. */
    private String storedHash() {
        byte[] stored = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("select password_hash from app_user where id = :id")
                .param("id", userId).query(byte[].class).single());
        return TenantContext.callAs(ws.tenantId(), () -> encryption.decrypt("app_user", "password_hash", userId, stored));
    }

    @Test
    @Tag("A5")
    void recoveryAlwaysAnswers202AndMailsASingleUseLink() {
        Response unknownWorkspace = api.post("/api/v1/auth/recovery", Map.of("workspace", "no-such-ws-at-all", "email", email));
        Response unknownEmail = api.post("/api/v1/auth/recovery", Map.of("workspace", ws.workspace(), "email", "nobody@example.org"));
        Response known = api.post("/api/v1/auth/recovery", Map.of("workspace", ws.workspace(), "email", email));
        for (Response r : List.of(unknownWorkspace, unknownEmail, known)) {
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.body()).isEqualTo(known.body());
        }
        MimeMessage mail = TestMail.get().await(email, "Reset your Strongroom password");
        String token = TestMail.token(mail);
        assertThat(TestMail.body(mail)).contains("/w/" + ws.workspace() + "/reset-password?token=").contains("30 minutes");

        Tokens before = TestUsers.tokens(api, ws.workspace(), email, password);
        Response weak = api.post("/api/v1/auth/recovery/complete", Map.of("token", token, "new_password", "password"));
        assertThat(weak.status()).as("the policy applies").isEqualTo(400);
        Response done = api.post("/api/v1/auth/recovery/complete", Map.of("token", token, "new_password", "recovered passphrase 2026"));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(TestUsers.login(api, ws.workspace(), email, "recovered passphrase 2026").status()).isEqualTo(200);
        assertThat(new ApiClient(port).post("/api/v1/auth/refresh", Map.of("refresh_token", before.refresh())).status())
                .as("all sessions ended").isEqualTo(401);

        Response again = api.post("/api/v1/auth/recovery/complete", Map.of("token", token, "new_password", "another passphrase 2026!"));
        assertThat(again.status()).as("single use").isEqualTo(400);
        assertThat(again.json().get("errors").get(0).get("field").asString()).isEqualTo("token");
        String stored = TestUsers.inTenant(ws.tenantId(), jdbc -> jdbc.sql("select string_agg(encode(token_hash, 'hex'), ',') from one_time_token")
                .query(String.class).single());
        assertThat(stored).doesNotContain(token);
    }

    @Test
    @Tag("A5")
    void recoveryLinksExpireAfterThirtyMinutes() {
        api.post("/api/v1/auth/recovery", Map.of("workspace", ws.workspace(), "email", email));
        String token = TestMail.token(TestMail.get().await(email, "Reset your Strongroom password"));
        clock.advance(Duration.ofMinutes(31));
        Response late = api.post("/api/v1/auth/recovery/complete", Map.of("token", token, "new_password", "too late passphrase 2026"));
        assertThat(late.status()).isEqualTo(400);
        assertThat(TestUsers.login(api, ws.workspace(), email, password).status()).isEqualTo(200);
    }

    @Test
    @Tag("A5")
    @Tag("A9")
    void recoveryIsRateLimited() {
        clock.freeze();
        ApiClient sameIp = new ApiClient(port);
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(sameIp.post("/api/v1/auth/recovery", Map.of("workspace", ws.workspace(), "email", "x" + i + "@example.org")).status());
        }
        assertThat(statuses).containsExactly(202, 202, 202, 202, 202, 429);
        clock.advance(Duration.ofHours(1));
        assertThat(sameIp.post("/api/v1/auth/recovery", Map.of("workspace", ws.workspace(), "email", "y@example.org"))
                .status()).as("refilled on the application clock").isEqualTo(202);
    }

    @Test
    @Tag("A4")
    void anAdministratorSendsAResetLinkButNeverSeesOrSetsThePassword() {
        Tokens owner = TestUsers.tokens(api, ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        Response sent = bearer(owner.access()).post("/api/v1/users/" + userId + "/password-reset", "");
        assertThat(sent.status()).isEqualTo(202);
        assertThat(sent.body()).isEmpty();
        String token = TestMail.token(TestMail.get().await(email, "Set a new Strongroom password"));
        assertThat(TestMail.get().messagesTo(ws.ownerEmail()).stream().map(TestMail::body)).noneMatch(b -> b.contains(token));

        Response done = api.post("/api/v1/auth/recovery/complete", Map.of("token", token, "new_password", "plum-orbit-sketch-harbor-91"));
        assertThat(done.status()).isEqualTo(200);
        assertThat(TestUsers.login(api, ws.workspace(), email, "plum-orbit-sketch-harbor-91").status()).isEqualTo(200);

        // other tenants' users and unknown ids are not found; employees may not trigger resets
        Workspace other = TestUsers.signUp(api, "otherreset");
        assertThat(bearer(owner.access()).post("/api/v1/users/" + other.ownerId() + "/password-reset", "").status()).isEqualTo(404);
        assertThat(bearer(owner.access()).post("/api/v1/users/" + UUID.randomUUID() + "/password-reset", "").status()).isEqualTo(404);
        Tokens employee = TestUsers.tokens(api, ws.workspace(), email, "plum-orbit-sketch-harbor-91");
        assertThat(bearer(employee.access()).post("/api/v1/users/" + ws.ownerId() + "/password-reset", "").status()).isEqualTo(403);
    }

    @Test
    @Tag("L2")
    void aSignInFromANewDeviceIsAnnounced() {
        TestUsers.tokens(new ApiClient(port, "203.0.113.10").header("User-Agent", "Known/1.0"), ws.workspace(), email, password);
        TestUsers.tokens(new ApiClient(port, "203.0.113.10").header("User-Agent", "Known/1.0"), ws.workspace(), email, password);
        assertThat(TestMail.get().messagesTo(email)).as("first and known sign-ins are quiet").isEmpty();
        TestUsers.tokens(new ApiClient(port, "203.0.113.99").header("User-Agent", "Stranger/9.9"), ws.workspace(), email, password);
        MimeMessage notice = TestMail.get().await(email, "New sign-in");
        assertThat(TestMail.body(notice)).contains("203.0.113.99").contains("Stranger/9.9");
    }

}
