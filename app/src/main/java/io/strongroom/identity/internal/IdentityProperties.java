package io.strongroom.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code strongroom.*} settings of identity.
 *
 * @param publicUrl the address users reach Strongroom at; links in e-mails start with it
 * @param tokens access tokens and their signing keys
 * @param lockout progressive lock-out of accounts after failed sign-ins
 * @param signIn rate limits of sign-in per client IP and per workspace
 * @param recovery password recovery: link lifetime and rate limits
 */
@ConfigurationProperties("strongroom")
record IdentityProperties(
        @DefaultValue("https://localhost:8443") String publicUrl,
        @DefaultValue Tokens tokens,
        @DefaultValue Lockout lockout,
        @DefaultValue SignIn signIn,
        @DefaultValue Recovery recovery) {

    /**
     * @param issuer {@code iss} of access tokens (defaults to the public URL)
     * @param audience {@code aud} of access tokens
     * @param accessTokenLifetime 30 s to 300 s
     * @param keyRotationInterval how long one signing key signs before the next takes over
     * @param keyPropagationDelay how long a new key is published before it signs (so every node knows it)
     * @param keyRefreshInterval how often a node reloads the published keys
     */
    record Tokens(String issuer,
            @DefaultValue("strongroom-api") String audience,
            @DefaultValue("60s") Duration accessTokenLifetime,
            @DefaultValue("30d") Duration keyRotationInterval,
            @DefaultValue("60s") Duration keyPropagationDelay,
            @DefaultValue("30s") Duration keyRefreshInterval) {

        Tokens {
            if (accessTokenLifetime.compareTo(Duration.ofSeconds(30)) < 0
                    || accessTokenLifetime.compareTo(Duration.ofSeconds(300)) > 0) {
                throw new IllegalStateException("strongroom.tokens.access-token-lifetime must be between 30s and 300s");
            }
        }
    }

    /**
     * @param threshold failures in a row that lock the account (every multiple of it locks again)
     * @param firstLock length of the first lock; each further lock doubles it
     * @param maxLock the longest lock
     */
    record Lockout(@DefaultValue("5") int threshold, @DefaultValue("1m") Duration firstLock,
            @DefaultValue("15m") Duration maxLock) {

        Lockout {
            if (threshold < 1 || threshold > 100) {
                throw new IllegalStateException("strongroom.lockout.threshold must be between 1 and 100");
            }
        }
    }

    /** Token buckets: requests in a burst per client IP / per workspace, and the time to refill them. */
    record SignIn(@DefaultValue("30") long perIpCapacity, @DefaultValue("1m") Duration perIpPeriod,
            @DefaultValue("300") long perWorkspaceCapacity, @DefaultValue("1m") Duration perWorkspacePeriod) {
    }

    record Recovery(@DefaultValue("30m") Duration linkLifetime, @DefaultValue("72h") Duration resetLinkLifetime,
            @DefaultValue("5") long perIpCapacity, @DefaultValue("15m") Duration perIpPeriod,
            @DefaultValue("50") long perWorkspaceCapacity, @DefaultValue("15m") Duration perWorkspacePeriod) {
    }

    String issuer() {
        return tokens.issuer() == null || tokens.issuer().isBlank() ? publicUrl : tokens.issuer();
    }
}
