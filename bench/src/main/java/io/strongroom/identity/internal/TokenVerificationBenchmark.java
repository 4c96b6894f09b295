package io.strongroom.identity.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Scenario 5: verifications per second on one core. {@code strongroomEs256} is Strongroom's full
 * verification ({@link AccessTokens#verifyFully}: ES256, type, issuer, audience, client, times,
 * required claims) of a token it issued; {@code strongroomRemembered} is {@link AccessTokens#verify}
 * for a token already verified in its lifetime, which is what most requests pay;
 * {@code nimbusHs256} is the reference: Nimbus verifying an HS256 token with the same type and
 * claims checks. Lives in the application's package to call its package-private
 * verifier directly (benchmark code only, never in the application jar).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenVerificationBenchmark {

    private static final String ISSUER = "https://localhost:8443";
    private static final String AUDIENCE = "strongroom-api";

    private AccessTokens accessTokens;
    private String es256Token;
    private DefaultJWTProcessor<SecurityContext> hs256Processor;
    private String hs256Token;

    @Setup
    public void setUp() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        TokenKeys keys = new TokenKeys() {
            @Override
            public ECKey signingKey() {
                return key;
            }

            @Override
            public JWKSet publicKeys() {
                return new JWKSet(key.toPublicJWK());
            }
        };
        accessTokens = new AccessTokens(keys, Clock.systemUTC(), ISSUER, AUDIENCE, Duration.ofHours(1));
        es256Token = accessTokens.issue(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), List.of("pwd"),
                Set.of("people:read", "people:write", "people.personal:read", "audit:read"));

        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("at+jwt")).build(),
                SignedJWT.parse(es256Token).getJWTClaimsSet());
        hs256.sign(new MACSigner(secret));
        hs256Token = hs256.serialize();
        hs256Processor = new DefaultJWTProcessor<>();
        hs256Processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        hs256Processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(AUDIENCE,
                new JWTClaimsSet.Builder().issuer(ISSUER).claim("client_id", AccessTokens.CLIENT_ID).build(),
                Set.of("sub", "tid", "sid", "jti", "iat", "exp", "nbf"));
        claims.setMaxClockSkew(AccessTokens.MAX_CLOCK_SKEW_SECONDS);
        hs256Processor.setJWTClaimsSetVerifier(claims);
        // both must accept their token, or the benchmark would measure failures
        if (strongroomEs256() == null || strongroomRemembered() == null || nimbusHs256() == null) {
            throw new IllegalStateException("a token did not verify");
        }
    }

    /** The full verification of a token seen for the first time (ECDSA P-256 signature and every claim check). */
    @Benchmark
    public JWTClaimsSet strongroomEs256() {
        return accessTokens.verifyFully(AccessTokens.parse(es256Token));
    }

    /** What a request pays with a token verified before in its lifetime: digest, lookup, time and key checks. */
    @Benchmark
    public JWTClaimsSet strongroomRemembered() {
        return accessTokens.verify(es256Token);
    }

    @Benchmark
    public JWTClaimsSet nimbusHs256() throws Exception {
        return hs256Processor.process(hs256Token, null);
    }
}
