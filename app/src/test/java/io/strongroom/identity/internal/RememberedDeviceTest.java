package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

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
 * A6 remembered devices: off unless the workspace allows them; then a device whose user asked skips
 * the second factor for the workspace's days — and only that device, that user, that long. Such a
 * session has no {@code mfa}, so sensitive actions still ask for the factor; it survives a policy
 * that requires a factor; forgetting the device ends it.
 */
@Tag("A6")
class RememberedDeviceTest extends ApiTest {

    ApiClient api;
    Workspace ws;
    String email;
    final String password = "remembered-device-passphrase-5";
    String secret;
    String ownerSecret;
    ApiClient owner;

    @BeforeEach
    void user() {
        api = new ApiClient(port);
        ws = TestUsers.signUp(api, "remember");
        email = "user." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, password, "employee");
        String access = api.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", email,
                "password", password)).json().get("access_token").asString();
        secret = TestTotp.enrol(new ApiClient(port), access, clock.instant());
        owner = new ApiClient(port);
        ownerSecret = TestTotp.enrol(new ApiClient(port), TestUsers.tokens(owner, ws.workspace(), ws.ownerEmail(),
                ws.ownerPassword()).access(), clock.instant());
        clock.advance(Duration.ofSeconds(30));
    }

    /** A fresh owner session with its second factor (a new 30-second step each time). */
    private String ownerAccess() {
        clock.advance(Duration.ofSeconds(30));
        Response first = owner.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", ws.ownerEmail(),
                "password", ws.ownerPassword()));
        return owner.post("/api/v1/auth/login/mfa", Map.of("challenge", first.json().get("challenge").asString(),
                "method", "totp", "code", TestTotp.code(ownerSecret, clock.instant()))).json().get("access_token")
                .asString();
    }

    private Response login(Optional<String> cookie) {
        ApiClient client = cookie.map(c -> new ApiClient(port, api.clientIp()).header("Cookie", RememberedDevices.COOKIE
                + "=" + c)).orElse(api);
        return client.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", email, "password", password));
    }

    /** Signs in with the code; answers the remembered-device cookie the answer set, if any. */
    private Optional<String> secondStep(Response first, boolean remember) {
        Response in = api.post("/api/v1/auth/login/mfa", Map.of("challenge", first.json().get("challenge").asString(),
                "method", "totp", "code", TestTotp.code(secret, clock.instant()), "remember_device", remember));
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(30)); // the code is spent
        return in.raw().headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(RememberedDevices.COOKIE + "="))
                .map(c -> c.substring(RememberedDevices.COOKIE.length() + 1, c.indexOf(';'))).findFirst();
    }

    private void allow(int days) {
        Response saved = bearer(ownerAccess()).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "everyone", "grace_days", 0,
                "remember_device_days", days));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void offUnlessTheWorkspaceAllowsIt() {
        Response first = login(Optional.empty());
        assertThat(first.json().has("remember_device_days")).isFalse();
        assertThat(secondStep(first, true)).as("nothing is remembered").isEmpty();
        assertThat(login(Optional.empty()).status()).isEqualTo(401);
    }

    @Test
    void aRememberedDeviceSkipsTheFactorButNotAStepUpUntilForgotten() {
        allow(30);
        Response first = login(Optional.empty());
        assertThat(first.json().get("remember_device_days").asInt()).isEqualTo(30);
        String cookie = secondStep(first, true).orElseThrow();

        Response remembered = login(Optional.of(cookie));
        assertThat(remembered.status()).as(remembered.toString()).isEqualTo(200);
        String access = remembered.json().get("access_token").asString();
        assertThat(claims(access)).contains("\"amr\":[\"pwd\",\"device\"]");
        assertThat(bearer(access).post("/api/v1/me/mfa/recovery-codes", null).json().get("type").asString())
                .as("sensitive actions still ask for the factor").isEqualTo("urn:strongroom:problem:step-up-required");
        clock.advance(Duration.ofSeconds(61));
        Response refreshed = api.post("/api/v1/auth/refresh", Map.of("refresh_token",
                remembered.json().get("refresh_token").asString()));
        assertThat(refreshed.status()).as("the policy requires a factor; the remembered device stands for it")
                .isEqualTo(200);

        assertThat(login(Optional.of("srd1.garbage")).status()).isEqualTo(401);
        assertThat(login(Optional.of(cookie + "x")).status()).isEqualTo(401);
        Response otherAccount = new ApiClient(port).header("Cookie", RememberedDevices.COOKIE + "=" + cookie).post(
                "/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", ws.ownerEmail(),
                        "password", ws.ownerPassword()));
        assertThat(otherAccount.json().get("type").asString()).as("the cookie stands for its own account only")
                .isEqualTo("urn:strongroom:problem:mfa-required");
        assertThat(new ApiClient(port).header("Cookie", RememberedDevices.COOKIE + "=" + cookie).post("/api/v1/auth/login",
                Map.of("workspace", ws.workspace(), "email", email, "password", "not-the-password-at-all")).status())
                .as("the device never stands for the password").isEqualTo(401);

        String fresh = refreshed.json().get("access_token").asString();
        Response devices = bearer(fresh).get("/api/v1/me/devices");
        assertThat(devices.json()).hasSize(1);
        String deviceId = devices.json().get(0).get("id").asString();
        assertThat(bearer(fresh).delete("/api/v1/me/devices/" + deviceId).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/auth/refresh", Map.of("refresh_token", refreshed.json().get("refresh_token")
                .asString())).status()).as("forgetting the device ends the sessions begun on it").isEqualTo(401);
        assertThat(login(Optional.of(cookie)).status()).as("a forgotten device asks again").isEqualTo(401);
        assertThat(bearer(fresh).delete("/api/v1/me/devices/" + deviceId).status()).isIn(401, 404);
    }

    @Test
    void aDeviceIsRememberedOnlyAsLongAsTheWorkspaceSays() {
        allow(30);
        String cookie = secondStep(login(Optional.empty()), true).orElseThrow();
        clock.advance(Duration.ofDays(10));
        assertThat(login(Optional.of(cookie)).status()).isEqualTo(200);
        allow(7);
        assertThat(login(Optional.of(cookie)).status()).as("remembered 10 days ago, the workspace now says 7")
                .isEqualTo(401);
        allow(30);
        assertThat(login(Optional.of(cookie)).status()).isEqualTo(200);
        clock.advance(Duration.ofDays(21));
        assertThat(login(Optional.of(cookie)).status()).as("31 days later").isEqualTo(401);
        allow(0);
        assertThat(login(Optional.of(cookie)).status()).as("a workspace that stops remembering").isEqualTo(401);
        assertThat(secondStep(login(Optional.empty()), true)).as("and remembers nothing new").isEmpty();
    }
}
