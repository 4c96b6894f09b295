package io.strongroom.testsupport;

import java.time.Instant;
import java.util.Map;

import com.atlassian.onetime.core.HMACDigest;
import com.atlassian.onetime.core.HOTPGenerator;
import com.atlassian.onetime.core.OTPLength;
import com.atlassian.onetime.model.TOTPSecret;

/** An authenticator app for tests: the current code of a Base32 secret, and enrolment through the API. */
public final class TestTotp {

    private static final HOTPGenerator GENERATOR = new HOTPGenerator(OTPLength.SIX, HMACDigest.SHA1);

    private TestTotp() {
    }

    public static String code(String base32Secret, Instant at) {
        byte[] secret = TOTPSecret.Companion.fromBase32EncodedString(base32Secret).getValue();
        return GENERATOR.generate(secret, Math.floorDiv(at.getEpochSecond(), 30)).getValue();
    }

    /**
     * Adds an authenticator to the account of {@code access} and confirms it with the code of the step
     * before {@code now} (so that the current step's code is still unused); answers its Base32 secret.
     */
    public static String enrol(ApiClient api, String access, Instant now) {
        ApiClient.Response started = api.header("Authorization", "Bearer " + access).post("/api/v1/me/mfa/totp",
                Map.of("name", "Test phone"));
        String secret = started.json().get("secret").asString();
        String id = started.json().get("id").asString();
        ApiClient.Response confirmed = api.post("/api/v1/me/mfa/totp/" + id + "/confirm",
                Map.of("code", code(secret, now.minusSeconds(30))));
        if (confirmed.status() == 400) {
            // the server's clock passed into the next 30-s step between the caller reading the time and the
            // check (a slow machine): that code is two steps old there; the next one is its previous step
            confirmed = api.post("/api/v1/me/mfa/totp/" + id + "/confirm", Map.of("code", code(secret, now)));
        }
        if (confirmed.status() != 200) {
            throw new AssertionError("enrolment refused: " + confirmed);
        }
        return secret;
    }
}
