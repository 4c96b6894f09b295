package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.jwt.SignedJWT;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestClock;
import io.strongroom.testsupport.TestDatabase;
import tools.jackson.databind.JsonNode;

/** A8: signing keys rotate on demand and on schedule; JWKS publishes public keys only; private keys are sealed. */
@StrongroomTest
@Tag("A8")
class SigningKeyRotationTest {

    @LocalServerPort
    int port;

    @Autowired
    AccessTokens tokens;

    @Autowired
    SigningKeys keys;

    @Autowired
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void jwksPublishesPublicKeysOnly() {
        Response jwks = new ApiClient(port).get("/.well-known/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.header("Cache-Control")).contains("public");
        List<JsonNode> published = jwks.json().get("keys").valueStream().toList();
        assertThat(published).isNotEmpty().allSatisfy(key -> {
            assertThat(key.get("kty").asString()).isEqualTo("EC");
            assertThat(key.get("crv").asString()).isEqualTo("P-256");
            assertThat(key.get("alg").asString()).isEqualTo("ES256");
            assertThat(key.has("d")).as("no private part").isFalse();
        });
        assertThat(published).extracting(k -> k.get("kid").asString()).contains(keys.signingKey().getKeyID());
    }

    @Test
    void onDemandRotationKeepsOldTokensValidAndSignsNewOnesWithTheNewKey() throws Exception {
        String before = tokens.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), List.of("pwd"), Set.of());
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        Response rotated = new ApiClient(port).method("POST", "/actuator/signingkeys", "{}");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newKid = rotated.json().get("kid").asString();
        assertThat(newKid).isNotEqualTo(oldKid);

        String after = tokens.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), List.of("pwd"), Set.of());
        assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
        assertThat(tokens.verify(before)).as("tokens of the previous key stay valid until they expire").isNotNull();
        assertThat(tokens.verify(after)).isNotNull();
        assertThat(new ApiClient(port).get("/.well-known/jwks.json").json().get("keys").valueStream()
                .map(k -> k.get("kid").asString()).toList()).contains(oldKid, newKid);

        // once every token of the old key has expired, the old key is no longer published
        clock.advance(Duration.ofSeconds(SigningKeys.RETIRE_AFTER.toSeconds() + 1));
        assertThat(keys.publicKeys().getKeyByKeyId(oldKid)).isNull();
        assertThat(keys.publicKeys().getKeyByKeyId(newKid)).isNotNull();
    }

    @Test
    void scheduledRotationReplacesKeysOlderThanTheInterval() {
        String current = keys.signingKey().getKeyID();
        keys.rotateIfDue();
        assertThat(keys.signingKey().getKeyID()).as("not due yet").isEqualTo(current);
        clock.advance(Duration.ofDays(31));
        keys.rotateIfDue();
        assertThat(keys.signingKey().getKeyID()).isNotEqualTo(current);
    }

    @Test
    void privateKeysAreStoredSealed() {
        JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
        String d = keys.signingKey().getD().toString();
        String publicJwk = all.sql("select public_jwk from signing_key where kid = :kid")
                .param("kid", keys.signingKey().getKeyID()).query(String.class).single();
        assertThat(publicJwk).doesNotContain("\"d\"").doesNotContain(d);
        byte[] sealed = all.sql("select sealed_private from signing_key where kid = :kid")
                .param("kid", keys.signingKey().getKeyID()).query(byte[].class).single();
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(d);
        assertThat(sealed.length).isGreaterThan(60);
    }
}
