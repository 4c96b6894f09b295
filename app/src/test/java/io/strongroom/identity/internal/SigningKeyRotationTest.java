package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestClock;
import io.strongroom.testsupport.TestDatabase;
import tools.jackson.databind.JsonNode;

/**
 * A8, E4: signing keys rotate on demand and on schedule; JWKS publishes public keys only; private
 * keys are sealed and bound to their kid; a database-level attacker can neither write key rows as
 * the runtime role nor get a swapped or forged public key published.
 */
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

    @Autowired
    IdentityProperties properties;

    /**
     * Back to real time, without the keys a rotation under the advanced clock left to activate in the
     * real future (a clock never jumps back in production): other tests that move the clock would
     * otherwise sign with such a key from the day it activates.
     */
    @AfterEach
    void resetClock() {
        clock.reset();
        JdbcClient.create(io.strongroom.testsupport.TestDatabase.get().superuserDataSource())
                .sql("delete from signing_key where activates_at > now() + interval '1 hour'").update();
        keys.reload();
    }

    @Test
    @Tag("E4")
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

        assertThat(new ApiClient(port).method("POST", "/actuator/signingkeys", "{}").status())
                .as("loopback alone is not enough").isEqualTo(401);
        Response rotated = new ApiClient(port).header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN)
                .method("POST", "/actuator/signingkeys", "{}");
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
    @Tag("E4")
    void theRuntimeRoleCannotWriteKeyRows() {
        JdbcClient runtime = JdbcClient.create(TestDatabase.get().runtimeDataSource());
        String kid = keys.signingKey().getKeyID();
        assertThat(runtime.sql("select count(*) from signing_key").query(Long.class).single()).isPositive();
        for (String attack : List.of(
                "update signing_key set public_jwk = '{}' where kid = '" + kid + "'",
                "update signing_key set expires_at = null",
                "delete from signing_key",
                "truncate signing_key",
                "insert into signing_key (kid, algorithm, public_jwk, sealed_private, created_at, activates_at)"
                        + " values ('forged', 'ES256', '{}', '\\x00', now(), now())")) {
            assertThatThrownBy(() -> runtime.sql(attack).update()).as(attack)
                    .hasStackTraceContaining("permission denied for table signing_key");
        }
    }

    @Test
    @Tag("E4")
    void aPublicKeySwappedInTheDatabaseIsNeitherPublishedNorAccepted() throws Exception {
        JdbcClient owner = JdbcClient.create(TestDatabase.get().ownerDataSource());
        ECKey genuine = keys.signingKey();
        String kid = genuine.getKeyID();
        String stored = owner.sql("select public_jwk from signing_key where kid = :kid").param("kid", kid)
                .query(String.class).single();
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(kid).algorithm(JWSAlgorithm.ES256).generate();
        try {
            owner.sql("update signing_key set public_jwk = :jwk where kid = :kid")
                    .param("jwk", attacker.toPublicJWK().toJSONString()).param("kid", kid).update();
            keys.reload();
            assertThat(keys.publicKeys().getKeyByKeyId(kid)).as("the swapped row is not published").isNull();
            assertThat(new ApiClient(port).get("/.well-known/jwks.json").body()).doesNotContain(kid);
            assertForgedTokenRefused(attacker, kid);
        } finally {
            owner.sql("update signing_key set public_jwk = :jwk where kid = :kid").param("jwk", stored).param("kid", kid)
                    .update();
            keys.reload();
        }
        assertThat(keys.publicKeys().getKeyByKeyId(kid)).as("the genuine row loads again").isNotNull();
    }

    @Test
    @Tag("E4")
    void aRowWithAnAttackerKeyAndASealMovedFromAnotherKidIsRefused() throws Exception {
        JdbcClient owner = JdbcClient.create(TestDatabase.get().ownerDataSource());
        String genuineKid = keys.signingKey().getKeyID();
        byte[] sealed = owner.sql("select sealed_private from signing_key where kid = :kid").param("kid", genuineKid)
                .query(byte[].class).single();
        String forgedKid = "forged-" + UUID.randomUUID().toString().substring(0, 8);
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID(forgedKid).algorithm(JWSAlgorithm.ES256).generate();
        // a revived, never-expiring row: the attacker's public key, the genuine sealed key moved to a new kid
        owner.sql("""
                insert into signing_key (kid, algorithm, public_jwk, sealed_private, created_at, activates_at)
                values (:kid, 'ES256', :jwk, :sealed, now() - interval '1 hour', now() - interval '1 hour')
                """).param("kid", forgedKid).param("jwk", attacker.toPublicJWK().toJSONString()).param("sealed", sealed)
                .update();
        try {
            keys.reload();
            assertThat(keys.publicKeys().getKeyByKeyId(forgedKid)).isNull();
            assertThat(keys.signingKey().getKeyID()).isEqualTo(genuineKid);
            assertForgedTokenRefused(attacker, forgedKid);
        } finally {
            owner.sql("delete from signing_key where kid = :kid").param("kid", forgedKid).update();
            keys.reload();
        }
    }

    @Test
    @Tag("E4")
    void aSealedKeyOpensOnlyUnderItsOwnKidAndIsNotThePlainKey() throws Exception {
        JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
        ECKey current = keys.signingKey();
        String kid = current.getKeyID();
        var row = all.sql("select public_jwk, sealed_private from signing_key where kid = :kid").param("kid", kid)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getBytes(2))).single();
        byte[] sealed = row.getValue();
        byte[] pkcs8 = current.toECPrivateKey().getEncoded();
        byte[] scalar = current.getD().decode();
        assertThat(indexOf(sealed, pkcs8)).as("the PKCS#8 encoding is not stored").isEqualTo(-1);
        assertThat(indexOf(sealed, scalar)).as("the private scalar is not stored").isEqualTo(-1);
        assertThat(sealed.length).isGreaterThan(pkcs8.length);

        ECKey opened = keys.unseal(kid, "ES256", sealed, row.getKey());
        assertThat(opened.getD()).isEqualTo(current.getD());
        assertThat(opened.toPublicJWK()).isEqualTo(current.toPublicJWK());
        String otherKid = "other-" + kid;
        String movedJwk = new ECKey.Builder(current.toPublicJWK()).keyID(otherKid).build().toJSONString();
        assertThatThrownBy(() -> keys.unseal(otherKid, "ES256", sealed, movedJwk))
                .isInstanceOf(SigningKeys.RefusedKey.class).hasMessageContaining("does not open");
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> keys.unseal(kid, "ES256", flipped, row.getKey())).isInstanceOf(SigningKeys.RefusedKey.class);
    }

    /** A well-formed, canonical token naming {@code kid} but signed by {@code attacker} does not verify. */
    private void assertForgedTokenRefused(ECKey attacker, String kid) throws Exception {
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(AccessTokens.TYPE)
                .keyID(kid).build(), claims());
        forged.sign(new ECDSASigner(attacker));
        assertThatThrownBy(() -> tokens.verify(AccessTokens.canonical(forged)))
                .isInstanceOf(AccessTokens.InvalidTokenException.class);
    }

    private JWTClaimsSet claims() {
        java.time.Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(properties.issuer()).audience(properties.tokens().audience())
                .subject(UUID.randomUUID().toString()).claim("client_id", AccessTokens.CLIENT_ID)
                .claim("tid", UUID.randomUUID().toString()).claim("sid", UUID.randomUUID().toString())
                .jwtID(UUID.randomUUID().toString()).issueTime(java.util.Date.from(now))
                .notBeforeTime(java.util.Date.from(now)).expirationTime(java.util.Date.from(now.plusSeconds(60)))
                .claim("amr", List.of("pwd")).claim("perms", List.of("people:read")).build();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    @Tag("E4")
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
