package io.strongroom.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.strongroom.crypto.SecretSealer;
import io.strongroom.platform.database.TenantBindingTransactionManager;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestClock;
import io.strongroom.testsupport.TestDatabase;

/**
 * A8: access tokens are ES256 JWTs of type {@code at+jwt} that live 60 s, and verification
 * refuses every forgery and misuse listed in the issue, one test each, without a database.
 */
@StrongroomTest
@Tag("A8")
class AccessTokenVerificationTest {

    /** The order n of the P-256 group: r and s must be in [1, n-1]. */
    static final BigInteger P256_ORDER = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    @Autowired
    AccessTokens tokens;

    @Autowired
    SigningKeys keys;

    @Autowired
    IdentityProperties properties;

    @Autowired
    TestClock clock;

    final UUID user = UUID.randomUUID();
    final UUID tenant = UUID.randomUUID();
    final UUID session = UUID.randomUUID();

    @Test
    void issuedTokensAreRfc9068Es256AndLiveSixtySeconds() throws Exception {
        String token = tokens.issue(user, tenant, session, List.of("pwd"), Set.of("people:read"));
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.signingKey().getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getClaims().keySet()).contains("iss", "aud", "sub", "client_id", "tid", "sid", "jti", "iat",
                "exp", "amr", "perms");
        assertThat(claims.getSubject()).isEqualTo(user.toString());
        assertThat(claims.getStringClaim("tid")).isEqualTo(tenant.toString());
        assertThat(claims.getStringClaim("sid")).isEqualTo(session.toString());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofSeconds(60));
        assertThat(tokens.verify(token).getSubject()).isEqualTo(user.toString());
    }

    @Test
    void unsignedTokensAreRefused() {
        String none = new PlainJWT(validClaims().build()).serialize();
        assertRefused(none);
        // a signed token whose header was rewritten to "none" with the signature stripped
        String[] parts = valid().split("\\.");
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"at+jwt\"}").toString();
        assertRefused(header + "." + parts[1] + ".");
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        byte[] publicKey = keys.signingKey().toECPublicKey().getEncoded();
        SignedJWT forged = new SignedJWT(header(JWSAlgorithm.HS256).build(), validClaims().build());
        forged.sign(new MACSigner(publicKey));
        assertRefused(forged.serialize());
        byte[] jwkBytes = keys.signingKey().toPublicJWK().toJSONString().getBytes();
        SignedJWT forged2 = new SignedJWT(header(JWSAlgorithm.HS256).build(), validClaims().build());
        forged2.sign(new MACSigner(jwkBytes));
        assertRefused(forged2.serialize());
    }

    @Test
    void otherAsymmetricAlgorithmsAreRefused() throws Exception {
        SignedJWT rs256 = new SignedJWT(header(JWSAlgorithm.RS256).build(), validClaims().build());
        rs256.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        assertRefused(rs256.serialize());
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID(keys.signingKey().getKeyID()).generate();
        SignedJWT es384 = new SignedJWT(header(JWSAlgorithm.ES384).build(), validClaims().build());
        es384.sign(new ECDSASigner(p384));
        assertRefused(es384.serialize());
    }

    @Test
    void wrongTypeIsRefused() throws Exception {
        assertRefused(sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(keys.signingKey().getKeyID()).build(), validClaims().build()));
        assertRefused(sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keys.signingKey().getKeyID()).build(),
                validClaims().build()));
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() throws Exception {
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims().issuer("https://evil.example").build()));
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims().audience("another-api").build()));
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims().audience(List.of()).build()));
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims().claim("client_id", "other").build()));
    }

    @Test
    void expiryIsEnforcedWithFiveSecondsOfSkew() throws Exception {
        Instant now = clock.instant();
        assertThat(tokens.verify(sign(header(JWSAlgorithm.ES256).build(), validClaims()
                .expirationTime(Date.from(now.minusSeconds(3))).build())).getSubject()).as("within skew").isNotNull();
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims()
                .expirationTime(Date.from(now.minusSeconds(7))).build()));
        String token = tokens.issue(user, tenant, session, List.of("pwd"), Set.of());
        try {
            clock.advance(Duration.ofSeconds(66));
            assertRefused(token);
        } finally {
            clock.reset();
        }
    }

    @Test
    void aRememberedTokenStillExpires() {
        String token = tokens.issue(user, tenant, session, List.of("pwd"), Set.of());
        assertThat(tokens.verify(token).getSubject()).isEqualTo(user.toString());
        assertThat(tokens.verify(token).getSubject()).as("remembered").isEqualTo(user.toString());
        assertThat(tokens.verifiedToken(token)).as("parsed once per token, not per request")
                .isSameAs(tokens.verifiedToken(token));
        try {
            clock.advance(Duration.ofSeconds(64));
            assertThat(tokens.verify(token)).as("within the skew").isNotNull();
            clock.advance(Duration.ofSeconds(2));
            assertRefused(token);
        } finally {
            clock.reset();
        }
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsKeyIsWithdrawnAndItsTamperedCopiesNever() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("withdrawn-later").generate();
        java.util.concurrent.atomic.AtomicBoolean published = new java.util.concurrent.atomic.AtomicBoolean(true);
        TokenKeys keySet = new TokenKeys() {
            @Override
            public ECKey signingKey() {
                return key;
            }

            @Override
            public com.nimbusds.jose.jwk.JWKSet publicKeys() {
                return published.get() ? new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK())
                        : new com.nimbusds.jose.jwk.JWKSet();
            }
        };
        AccessTokens verifier = new AccessTokens(keySet, clock, properties.issuer(), properties.tokens().audience(),
                Duration.ofSeconds(60));
        String token = verifier.issue(user, tenant, session, List.of("pwd"), Set.of("people:read"));
        assertThat(verifier.verify(token).getSubject()).isEqualTo(user.toString());

        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                SignedJWT.parse(token).getJWTClaimsSet().toString().replace("people:read", "users:manage")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(AccessTokens.InvalidTokenException.class);

        published.set(false);
        assertThatThrownBy(() -> verifier.verify(token)).as("key withdrawn")
                .isInstanceOf(AccessTokens.InvalidTokenException.class);
    }

    @Test
    void notYetValidTokensAreRefusedBeyondTheSkew() throws Exception {
        Instant now = clock.instant();
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims()
                .notBeforeTime(Date.from(now.plusSeconds(30))).build()));
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims()
                .issueTime(Date.from(now.plusSeconds(30))).notBeforeTime(Date.from(now)).build()));
        assertThat(tokens.verify(sign(header(JWSAlgorithm.ES256).build(), validClaims()
                .notBeforeTime(Date.from(now.plusSeconds(3))).build()))).isNotNull();
    }

    @Test
    void unknownKeysAreRefused() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("not-a-known-kid").generate();
        SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(AccessTokens.TYPE)
                .keyID("not-a-known-kid").build(), validClaims().build());
        unknownKid.sign(new ECDSASigner(stranger));
        assertRefused(unknownKid.serialize());

        // a known kid, but signed by someone else's key
        SignedJWT impostor = new SignedJWT(header(JWSAlgorithm.ES256).build(), validClaims().build());
        impostor.sign(new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate()));
        assertRefused(impostor.serialize());
    }

    @Test
    void tamperedPayloadsAreRefused() throws Exception {
        String[] parts = valid().split("\\.");
        JWTClaimsSet claims = JWTClaimsSet.parse(Base64URL.from(parts[1]).decodeToString());
        String elevated = Base64URL.encode(new JWTClaimsSet.Builder(claims)
                .claim("perms", List.of("settings:manage", "users:manage")).build().toString()).toString();
        assertRefused(parts[0] + "." + elevated + "." + parts[2]);
        String otherTenant = Base64URL.encode(new JWTClaimsSet.Builder(claims)
                .claim("tid", UUID.randomUUID().toString()).build().toString()).toString();
        assertRefused(parts[0] + "." + otherTenant + "." + parts[2]);
    }

    /** CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify. */
    @Test
    void ecdsaSignaturesWithZeroOrOutOfRangeValuesAreRefused() {
        String[] parts = valid().split("\\.");
        String signingInput = parts[0] + "." + parts[1] + ".";
        assertRefused(signingInput + Base64URL.encode(new byte[64]));
        assertRefused(signingInput + Base64URL.encode(rs(BigInteger.ZERO, BigInteger.ONE)));
        assertRefused(signingInput + Base64URL.encode(rs(BigInteger.ONE, BigInteger.ZERO)));
        assertRefused(signingInput + Base64URL.encode(rs(P256_ORDER, BigInteger.ONE)));
        assertRefused(signingInput + Base64URL.encode(rs(BigInteger.ONE, P256_ORDER)));
        assertRefused(signingInput + Base64URL.encode(rs(P256_ORDER.add(BigInteger.TWO), P256_ORDER.add(BigInteger.TEN))));
        // and a DER-encoded zero signature instead of the JOSE form
        assertRefused(signingInput + Base64URL.encode(new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}));
    }

    @Test
    void missingRequiredClaimsAreRefused() throws Exception {
        for (String claim : List.of("sub", "tid", "sid", "jti", "iat", "exp", "nbf")) {
            JWTClaimsSet.Builder builder = validClaims();
            builder.claim(claim, null);
            assertRefused(sign(header(JWSAlgorithm.ES256).build(), builder.build()));
        }
    }

    @Test
    void lifetimesLongerThanTheConfiguredMaximumAreRefused() throws Exception {
        Instant now = clock.instant();
        Duration max = properties.tokens().accessTokenLifetime();
        assertThat(tokens.verify(sign(header(JWSAlgorithm.ES256).build(), validClaims()
                .expirationTime(Date.from(now.plus(max))).build()))).isNotNull();
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims()
                .expirationTime(Date.from(now.plus(max).plusSeconds(1))).build()));
        assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims()
                .expirationTime(Date.from(now.plus(Duration.ofDays(365)))).build()));
    }

    @Test
    void subjectTenantAndSessionMustBeUuids() throws Exception {
        for (String claim : List.of("sub", "tid", "sid")) {
            for (Object bad : List.of("not-a-uuid", "", "' or 1=1 --", "01A2331E-4795-77A6-AECF-ACA0BA3691AE ", 42)) {
                assertRefused(sign(header(JWSAlgorithm.ES256).build(), validClaims().claim(claim, bad).build()));
            }
        }
    }

    @Test
    void highSSignaturesAreRefusedAndIssuedTokensAreLowS() throws Exception {
        for (int i = 0; i < 20; i++) {
            String token = valid();
            byte[] signature = Base64URL.from(token.split("\\.")[2]).decode();
            BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
            assertThat(s).as("issued tokens carry the canonical low-S signature").isLessThanOrEqualTo(AccessTokens.HALF_ORDER);
            assertThat(tokens.verify(token)).isNotNull();
            // the malleated twin (r, n - s) is a mathematically valid signature of the same token
            byte[] twin = signature.clone();
            byte[] high = P256_ORDER.subtract(s).toByteArray();
            java.util.Arrays.fill(twin, 32, 64, (byte) 0);
            System.arraycopy(high, Math.max(0, high.length - 32), twin, 64 - Math.min(32, high.length), Math.min(32, high.length));
            String[] parts = token.split("\\.");
            assertRefused(parts[0] + "." + parts[1] + "." + Base64URL.encode(twin));
        }
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : List.of("", "a.b.c", "not a token", "eyJhbGciOiJFUzI1NiJ9", "x".repeat(10_000))) {
            assertRefused(garbage);
        }
    }

    /** Verification uses the keys in memory only: it keeps working with the database unreachable. */
    @Test
    void verificationNeverTouchesTheDatabase(@Autowired SecretSealer sealer, @Autowired IdentityEvents events) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabase.get().jdbcUrl());
        config.setUsername(TestDatabase.get().runtime().username());
        config.setPassword(TestDatabase.get().runtime().password());
        config.setMaximumPoolSize(1);
        HikariDataSource pool = new HikariDataSource(config);
        SigningKeys isolated = new SigningKeys(JdbcClient.create(pool),
                new TransactionTemplate(new TenantBindingTransactionManager(pool)), sealer, clock, properties.tokens(),
                events);
        try {
            AccessTokens verifier = new AccessTokens(isolated, clock, properties.issuer(),
                    properties.tokens().audience(), Duration.ofSeconds(60));
            String token = tokens.issue(user, tenant, session, List.of("pwd"), Set.of("people:read"));
            pool.close(); // no database from here on
            for (int i = 0; i < 100; i++) {
                assertThat(verifier.verify(token).getSubject()).isEqualTo(user.toString());
            }
        } finally {
            isolated.destroy();
            pool.close();
        }
    }

    // helpers

    private String valid() {
        return tokens.issue(user, tenant, session, List.of("pwd"), Set.of("people:read"));
    }

    private JWTClaimsSet.Builder validClaims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(properties.issuer())
                .audience(properties.tokens().audience())
                .subject(user.toString())
                .claim("client_id", AccessTokens.CLIENT_ID)
                .claim("tid", tenant.toString())
                .claim("sid", session.toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .claim("amr", List.of("pwd"))
                .claim("perms", List.of("people:read"));
    }

    private JWSHeader.Builder header(JWSAlgorithm algorithm) {
        return new JWSHeader.Builder(algorithm).type(AccessTokens.TYPE).keyID(keys.signingKey().getKeyID());
    }

    private String sign(JWSHeader header, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        JWSSigner signer = new ECDSASigner(keys.signingKey());
        jwt.sign(signer);
        return AccessTokens.canonical(jwt);
    }

    private static byte[] rs(BigInteger r, BigInteger s) {
        byte[] out = new byte[64];
        copy(r, out, 0);
        copy(s, out, 32);
        return out;
    }

    private static void copy(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }

    private void assertRefused(String token) {
        assertThatThrownBy(() -> tokens.verify(token)).as(token.length() > 80 ? token.substring(0, 80) : token)
                .isInstanceOf(AccessTokens.InvalidTokenException.class);
    }

}
