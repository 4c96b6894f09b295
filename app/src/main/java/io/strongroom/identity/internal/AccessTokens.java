package io.strongroom.identity.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;

import io.strongroom.platform.Digests;

/**
 * Access tokens: RFC 9068 JWTs ({@code typ: at+jwt}) signed with ES256, living 60 s by default.
 * Verification uses only the in-memory public keys: it accepts ES256 alone (so {@code none},
 * HS256-with-the-public-key and every other algorithm fail), requires {@code typ}, a known
 * {@code kid}, exact {@code iss} and {@code aud}, and {@code exp}/{@code nbf}/{@code iat} within
 * 5 s of skew, measured on the application clock. Verified tokens are remembered until they
 * expire, so the ECDSA check (about 0.4 ms on one core) runs once per token, not once per request.
 */
class AccessTokens {

    static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");
    static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;
    static final int MAX_CLOCK_SKEW_SECONDS = 5;
    static final String CLIENT_ID = "strongroom";
    /** Tokens remembered after verification (about 2 KB each). */
    static final int VERIFIED_TOKENS = 20_000;

    private final TokenKeys keys;
    private final Clock clock;
    private final String issuer;
    private final String audience;
    private final Duration lifetime;
    private final DefaultJWTProcessor<SecurityContext> processor;
    /** Fully verified tokens by SHA-256; bounded, and no entry outlives a token's lifetime. */
    private final Cache<ByteBuffer, Verified> verified;

    /** The order n of the P-256 group, and n / 2: canonical signatures have s at most n / 2. */
    static final BigInteger P256_ORDER = new BigInteger(
            "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    static final BigInteger HALF_ORDER = P256_ORDER.shiftRight(1);
    private static final java.util.regex.Pattern UUID_SYNTAX =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    AccessTokens(TokenKeys keys, Clock clock, String issuer, String audience, Duration lifetime) {
        this.keys = keys;
        this.clock = clock;
        this.issuer = issuer;
        this.audience = audience;
        this.lifetime = lifetime;
        this.verified = Caffeine.newBuilder().maximumSize(VERIFIED_TOKENS)
                .expireAfterWrite(lifetime.plusSeconds(MAX_CLOCK_SKEW_SECONDS)).build();
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPE));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHM,
                (selector, context) -> selector.select(keys.publicKeys())));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).claim("client_id", CLIENT_ID).build(),
                Set.of("sub", "tid", "sid", "jti", "iat", "exp", "nbf")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    Duration lifetime() {
        return lifetime;
    }

    String issue(UUID userId, UUID tenantId, UUID sessionId, List<String> amr, Set<String> permissions) {
        return issue(userId, tenantId, sessionId, amr, clock.instant(), permissions);
    }

    /** @param authTime when the user proved who they are (the session's sign-in): the {@code auth_time} claim */
    String issue(UUID userId, UUID tenantId, UUID sessionId, List<String> amr, Instant authTime, Set<String> permissions) {
        ECKey key = keys.signingKey();
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(userId.toString())
                .claim("client_id", CLIENT_ID)
                .claim("tid", tenantId.toString())
                .claim("sid", sessionId.toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("amr", amr)
                .claim("auth_time", authTime.getEpochSecond())
                .claim("perms", List.copyOf(new TreeSet<>(permissions)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ALGORITHM).type(TYPE).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token", e);
        }
        return canonical(jwt);
    }

    /** The compact form of a signed ES256 token with its signature in the canonical low-S form. */
    static String canonical(SignedJWT signed) {
        String[] parts = signed.serialize().split("\\.");
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(lowS(signed.getSignature().decode()));
    }

    /**
     * The signature with s replaced by n - s when s is in the upper half: the same signature in its
     * one canonical form, so no second, malleated copy of a token verifies (see {@link #verifyFully}).
     */
    static byte[] lowS(byte[] rs) {
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rs, 32, 64));
        if (s.compareTo(HALF_ORDER) <= 0) {
            return rs;
        }
        byte[] canonical = rs.clone();
        byte[] flipped = P256_ORDER.subtract(s).toByteArray();
        java.util.Arrays.fill(canonical, 32, 64, (byte) 0);
        int length = Math.min(flipped.length, 32);
        System.arraycopy(flipped, flipped.length - length, canonical, 64 - length, length);
        return canonical;
    }

    /**
     * Verifies a token without touching the database; throws {@link InvalidTokenException} for
     * anything wrong. A client sends the same token with every request of its minute, so a token
     * that passed the full verification is remembered (by its SHA-256) until it expires; a
     * remembered token is still refused once it has expired or its key is no longer published.
     */
    JWTClaimsSet verify(String token) {
        return verifiedToken(token).claims();
    }

    /**
     * {@link #verify}, answering what the token says in the form requests use: parsed once per
     * token (ids, permissions and authorities), not once per request.
     */
    VerifiedToken verifiedToken(String token) {
        ByteBuffer digest = sha256(token);
        Verified remembered = verified.getIfPresent(digest);
        if (remembered != null && remembered.stillValid(clock.instant(), keys)) {
            return remembered.token();
        }
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims = verifyFully(jwt);
        VerifiedToken parsed = VerifiedToken.of(claims);
        verified.put(digest, new Verified(parsed, jwt.getHeader().getKeyID()));
        return parsed;
    }

    /** The full verification (signature, type, key, claims, times), every time it is called. */
    JWTClaimsSet verifyFully(SignedJWT jwt) {
        try {
            byte[] signature = jwt.getSignature().decode();
            if (signature.length != 64
                    || new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64)).compareTo(HALF_ORDER) > 0) {
                throw new InvalidTokenException("not a canonical (low-S) ES256 signature");
            }
            JWTClaimsSet claims = processor.process(jwt, null);
            Date issued = claims.getIssueTime();
            if (issued.toInstant().isAfter(clock.instant().plusSeconds(MAX_CLOCK_SKEW_SECONDS))) {
                throw new InvalidTokenException("issued in the future");
            }
            if (Duration.between(issued.toInstant(), claims.getExpirationTime().toInstant()).compareTo(lifetime) > 0) {
                throw new InvalidTokenException("lives longer than the configured access-token lifetime");
            }
            for (String claim : List.of("sub", "tid", "sid")) {
                if (!(claims.getClaim(claim) instanceof String value) || !UUID_SYNTAX.matcher(value).matches()) {
                    throw new InvalidTokenException(claim + " is not a UUID");
                }
            }
            return claims;
        } catch (BadJOSEException | JOSEException | RuntimeException e) {
            if (e instanceof InvalidTokenException invalid) {
                throw invalid;
            }
            throw new InvalidTokenException(e instanceof ExpiredJWTException ? InvalidTokenException.Reason.EXPIRED
                    : InvalidTokenException.Reason.INVALID, e.getMessage());
        }
    }

    static SignedJWT parse(String token) {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, e.getMessage());
        }
    }

    private static ByteBuffer sha256(String token) {
        return ByteBuffer.wrap(Digests.sha256(token));
    }

    /** A token that passed the full verification, with the key that signed it. */
    private record Verified(VerifiedToken token, String kid) {

        boolean stillValid(Instant now, TokenKeys keys) {
            JWTClaimsSet claims = token.claims();
            return now.isBefore(claims.getExpirationTime().toInstant().plusSeconds(MAX_CLOCK_SKEW_SECONDS))
                    && !now.isBefore(claims.getNotBeforeTime().toInstant().minusSeconds(MAX_CLOCK_SKEW_SECONDS))
                    && !now.isBefore(claims.getIssueTime().toInstant().minusSeconds(MAX_CLOCK_SKEW_SECONDS))
                    && keys.publicKeys().getKeyByKeyId(kid) != null;
        }
    }

    /**
     * What a verified access token says, parsed once per token.
     *
     * @param authorities the permissions as Spring Security authorities (for {@code hasAuthority})
     */
    record VerifiedToken(UUID userId, UUID tenantId, UUID sessionId, Set<String> permissions,
            List<GrantedAuthority> authorities, JWTClaimsSet claims) {

        static VerifiedToken of(JWTClaimsSet claims) {
            try {
                List<String> perms = claims.getStringListClaim("perms");
                Set<String> permissions = perms == null ? Set.of() : Set.copyOf(perms);
                return new VerifiedToken(UUID.fromString(claims.getSubject()), UUID.fromString(claims.getStringClaim("tid")),
                        UUID.fromString(claims.getStringClaim("sid")), permissions,
                        permissions.stream().sorted().<GrantedAuthority>map(SimpleGrantedAuthority::new).toList(), claims);
            } catch (ParseException e) {
                throw new InvalidTokenException(e.getMessage());
            }
        }
    }

    static final class InvalidTokenException extends RuntimeException {

        /** Why a token was refused, for the metrics (the client is told nothing more than "invalid"). */
        enum Reason {
            MALFORMED, EXPIRED, SESSION_ENDED, INVALID
        }

        private final Reason reason;

        InvalidTokenException(String message) {
            this(Reason.INVALID, message);
        }

        InvalidTokenException(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }
}
