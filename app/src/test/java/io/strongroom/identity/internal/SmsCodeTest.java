package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestSmsc;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A6 codes by SMS, end to end: the application sends over SMPP with TLS to jSMPP's server side
 * started here as the carrier's SMSC. A phone is verified by a first code; sign-in and step-up send a
 * code on request; a code works once, for five minutes, five tries; sending is limited per number; a
 * workspace may disallow SMS; an SMSC that refuses is a 503 the user can act on.
 */
@Tag("A6")
class SmsCodeTest extends ApiTest {

    static final TestSmsc SMSC;

    static {
        try {
            SMSC = new TestSmsc(TestSmsc.tempHome(), List.of("localhost"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void smsc(DynamicPropertyRegistry registry) {
        registry.add("strongroom.sms.gateway", () -> "smpp");
        registry.add("strongroom.sms.smpp.host", () -> "localhost");
        registry.add("strongroom.sms.smpp.port", SMSC::port);
        registry.add("strongroom.sms.smpp.system-id", () -> TestSmsc.SYSTEM_ID);
        registry.add("strongroom.sms.smpp.password", () -> TestSmsc.PASSWORD);
        registry.add("strongroom.sms.smpp.trusted-certificates", () -> SMSC.authority().toString());
    }

    @AfterAll
    static void stopSmsc() throws IOException {
        SMSC.close();
    }

    static final Pattern CODE = Pattern.compile("^([0-9]{6}) ");

    ApiClient api;
    Workspace ws;
    String email;
    final String password = "text-message-passphrase-3";

    @BeforeEach
    void user() {
        api = new ApiClient(port);
        ws = TestUsers.signUp(api, "sms");
        email = "user." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, password, "employee");
        SMSC.refuseSubmissions(false);
    }

    private Response login() {
        return api.post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", email, "password", password));
    }

    private ApiClient as(String access) {
        return new ApiClient(port, api.clientIp()).header("Authorization", "Bearer " + access);
    }

    /** The code of the next message the SMSC receives for {@code number} (E.164 without the plus). */
    private static String code(String number) {
        TestSmsc.Message message = SMSC.next();
        assertThat(message.destination()).isEqualTo(number);
        Matcher code = CODE.matcher(message.text());
        assertThat(code.find()).as(message.text()).isTrue();
        assertThat(message.text()).as("the WebOTP line browsers fill the code from").endsWith("@localhost #" + code.group(1));
        return code.group(1);
    }

    private String enrol(String number) {
        String access = login().json().get("access_token").asString();
        Response started = as(access).post("/api/v1/me/mfa/sms", Map.of("phone", "+" + number.substring(0, 2) + " "
                + number.substring(2, 5) + " " + number.substring(5)));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        assertThat(started.json().get("sent_to").asString()).doesNotContain(number.substring(4, 8));
        String code = code(number);
        String wrong = code.equals("000000") ? "111111" : "000000";
        Response refused = as(access).post("/api/v1/me/mfa/sms/" + started.json().get("id").asString() + "/confirm",
                Map.of("code", wrong));
        assertThat(refused.status()).isEqualTo(400);
        Response confirmed = as(access).post("/api/v1/me/mfa/sms/" + started.json().get("id").asString() + "/confirm",
                Map.of("code", code));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("recovery_codes")).hasSize(10);
        assertThat(TestMail.body(TestMail.get().await(email, "second sign-in factor was added"))).contains("SMS");
        return access;
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    @Test
    void aVerifiedPhoneGetsACodeAtSignInThatWorksOnce() {
        enrol("4915112345678");
        Response first = login();
        assertThat(first.status()).isEqualTo(401);
        assertThat(first.json().get("methods").toString()).contains("sms");
        String challenge = first.json().get("challenge").asString();
        assertThat(SMSC.messages().stream().filter(m -> m.destination().equals("4915112345678")).count())
                .as("nothing is sent before the user asks").isEqualTo(1);
        Response sent = api.post("/api/v1/auth/login/mfa/sms", Map.of("challenge", challenge));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
        String code = code("4915112345678");
        Response in = api.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "sms", "code", code));
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        assertThat(claims(in.json().get("access_token").asString())).contains("\"amr\":[\"pwd\",\"sms\",\"mfa\"]");

        String again = login().json().get("challenge").asString();
        assertThat(api.post("/api/v1/auth/login/mfa", Map.of("challenge", again, "method", "sms", "code", code))
                .status()).as("a code works once").isEqualTo(401);
        api.post("/api/v1/auth/login/mfa/sms", Map.of("challenge", again));
        String late = code("4915112345678");
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        String last = login().json().get("challenge").asString();
        clock.advance(Duration.ofSeconds(2)); // the code is older than five minutes now, the new challenge is not
        assertThat(api.post("/api/v1/auth/login/mfa", Map.of("challenge", last, "method", "sms", "code", late))
                .status()).as("a code lives five minutes").isEqualTo(401);
        assertThat(api.post("/api/v1/auth/login/mfa/sms", Map.of("challenge", "smc1.not-a-challenge")).status())
                .isEqualTo(401);
    }

    @Test
    void sendingIsLimitedPerNumberAndAWorkspaceMayDisallowSms() {
        enrol("420601234567");
        String challenge = login().json().get("challenge").asString();
        // the enrolment's code was the first of the hour; four more, then the number's limit
        for (int i = 0; i < 4; i++) {
            assertThat(api.post("/api/v1/auth/login/mfa/sms", Map.of("challenge", challenge)).status()).isEqualTo(202);
            code("420601234567");
        }
        Response limited = api.post("/api/v1/auth/login/mfa/sms", Map.of("challenge", challenge));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isNotNull();
        clock.advance(Duration.ofMinutes(61));
        String later = login().json().get("challenge").asString();
        assertThat(api.post("/api/v1/auth/login/mfa/sms", Map.of("challenge", later)).status()).isEqualTo(202);
        code("420601234567");

        SMSC.refuseSubmissions(true);
        Response down = api.post("/api/v1/auth/login/mfa/sms", Map.of("challenge", later));
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("type").asString()).isEqualTo("urn:strongroom:problem:sms-unavailable");
        SMSC.refuseSubmissions(false);

        String owner = TestUsers.tokens(new ApiClient(port), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Response policy = bearer(owner).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "off",
                "methods", List.of("totp", "passkey")));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.json().get("methods").toString()).isEqualTo("[\"passkey\",\"totp\"]");
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/mfa", Map.of("mode", "off",
                "methods", List.of("sms"))).status()).as("authenticator apps stay allowed").isEqualTo(400);
        Response without = login();
        assertThat(without.status()).as("a disallowed factor is not asked for: the password alone signs in")
                .isEqualTo(200);
        assertThat(as(without.json().get("access_token").asString()).post("/api/v1/me/mfa/sms",
                Map.of("phone", "+420601234568")).status()).isEqualTo(400);
    }

    @Test
    void aPhoneStepsUpAndBadNumbersAreRefused() {
        enrol("31612345678");
        Response first = login();
        String challenge = first.json().get("challenge").asString();
        api.post("/api/v1/auth/login/mfa/sms", Map.of("challenge", challenge));
        Response in = api.post("/api/v1/auth/login/mfa", Map.of("challenge", challenge, "method", "sms",
                "code", code("31612345678")));
        String strong = in.json().get("access_token").asString();
        for (String bad : List.of("0151 123", "+49 151 <script>", "+0123456789", "+49" + "1".repeat(20), "")) {
            Response refused = as(strong).post("/api/v1/me/mfa/sms", Map.of("phone", bad));
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.json().get("errors").toString()).contains("phone");
        }
        clock.advance(Duration.ofMinutes(11));
        String later = api.post("/api/v1/auth/refresh", Map.of("refresh_token", in.json().get("refresh_token").asString()))
                .json().get("access_token").asString();
        assertThat(as(later).post("/api/v1/me/mfa/recovery-codes", null).status()).isEqualTo(401);
        assertThat(as(later).post("/api/v1/auth/step-up/sms", null).status()).isEqualTo(202);
        Response stepped = as(later).post("/api/v1/auth/step-up", Map.of("method", "sms", "code", code("31612345678")));
        assertThat(stepped.status()).as(stepped.toString()).isEqualTo(200);
        assertThat(as(stepped.json().get("access_token").asString()).post("/api/v1/me/mfa/recovery-codes", null)
                .status()).isEqualTo(200);
    }
}
