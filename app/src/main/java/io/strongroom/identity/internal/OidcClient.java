package io.strongroom.identity.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

/**
 * The OpenID Connect relying party (A7), with Connect2id's SDK: discovery (the document's issuer
 * must be the configured one), the authorization code flow with PKCE (S256), state and nonce, the
 * code exchanged at the token endpoint with the client secret, and the ID token checked before
 * anything in it is believed: signature with the provider's published keys (asymmetric algorithms
 * only: no {@code none}, no HMAC), issuer, audience (and {@code azp} with several), expiry and issue
 * time on the application clock, nonce. Discovery documents and keys are cached per issuer.
 */
final class OidcClient {

    /** Why a sign-in through a provider was refused; {@code reason} goes into the audit trail. */
    static final class Refused extends RuntimeException {

        private final String reason;

        Refused(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Duration CACHED = Duration.ofHours(1);
    private static final int TIMEOUT_MS = 5_000;

    private record Provider(OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys, Instant fetchedAt) {
    }

    private final Clock clock;
    private final boolean allowInsecure;
    private final Map<String, Provider> providers = new ConcurrentHashMap<>();

    OidcClient(Clock clock, boolean allowInsecure) {
        this.clock = clock;
        this.allowInsecure = allowInsecure;
    }

    /** Whether {@code uri} is an address a provider may have: https, or http where allowed (tests). */
    boolean acceptable(URI uri) {
        return uri != null && uri.isAbsolute() && uri.getHost() != null && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getUserInfo() == null
                && ("https".equals(uri.getScheme()) || allowInsecure && "http".equals(uri.getScheme()));
    }

    /** The provider's discovery document (cached an hour); its issuer is exactly {@code issuer}. */
    OIDCProviderMetadata metadata(String issuer) {
        return provider(issuer, false).metadata();
    }

    /** "Test connection": the discovery document and the key set read afresh; how many keys it publishes. */
    int check(String issuer) {
        Provider provider = provider(issuer, true);
        try {
            return provider.keys().get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder()
                    .build()), null).size();
        } catch (com.nimbusds.jose.KeySourceException e) {
            throw new Refused("keys_unavailable", "The provider's key set could not be read: " + e.getMessage());
        }
    }

    private Provider provider(String issuer, boolean fresh) {
        Provider cached = providers.get(issuer);
        if (!fresh && cached != null && cached.fetchedAt().plus(CACHED).isAfter(clock.instant())) {
            return cached;
        }
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.resolve(new Issuer(issuer), TIMEOUT_MS, TIMEOUT_MS);
        } catch (GeneralException | IOException | RuntimeException e) {
            throw new Refused("discovery_failed", "The provider's discovery document could not be read: " + e.getMessage());
        }
        for (URI endpoint : new URI[] {metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
                metadata.getJWKSetURI()}) {
            if (!acceptable(endpoint)) {
                throw new Refused("discovery_failed", "The provider's discovery document lacks an https endpoint: " + endpoint);
            }
        }
        try {
            URL keys = metadata.getJWKSetURI().toURL();
            Provider provider = new Provider(metadata, JWKSourceBuilder.create(keys).build(), clock.instant());
            providers.put(issuer, provider);
            return provider;
        } catch (java.net.MalformedURLException e) {
            throw new Refused("discovery_failed", "The provider's key set address is invalid");
        }
    }

    /** Where the browser goes to sign in: the code flow with PKCE, state and nonce (and Google's {@code hd} hint). */
    URI authorizationUri(String issuer, String clientId, URI redirect, String state, String nonce, String verifier,
            String domainHint) {
        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope("openid", "email", "profile"), new ClientID(clientId), redirect)
                .endpointURI(metadata(issuer).getAuthorizationEndpointURI())
                .state(new State(state)).nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256);
        if (domainHint != null) {
            request.customParameter("hd", domainHint);
        }
        return request.build().toURI();
    }

    /** Exchanges the code for tokens and answers the ID token's verified claims. */
    JWTClaimsSet exchange(String issuer, String clientId, String secret, URI redirect, String code, String verifier,
            String nonce) {
        Provider provider = provider(issuer, false);
        TokenRequest request = new TokenRequest(provider.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, new CodeVerifier(verifier)));
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            HTTPResponse answer = http.send();
            response = OIDCTokenResponseParser.parse(answer);
        } catch (IOException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new Refused("token_exchange_failed", "The provider's token endpoint did not answer: " + e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            throw new Refused("token_exchange_failed", "The provider refused the code: "
                    + response.toErrorResponse().getErrorObject().getCode());
        }
        OIDCTokenResponse tokens = (OIDCTokenResponse) response.toSuccessResponse();
        if (tokens.getOIDCTokens().getIDToken() == null) {
            throw new Refused("id_token_missing", "The provider answered no ID token");
        }
        return verify(provider, issuer, clientId, tokens.getOIDCTokens().getIDTokenString(), nonce);
    }

    private JWTClaimsSet verify(Provider provider, String issuer, String clientId, String idToken, String nonce) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(new HashSet<>(ACCEPTED), provider.keys()));
        processor.setJWTClaimsSetVerifier(new ClaimsVerifier(issuer, clientId, nonce));
        try {
            return processor.process(idToken, null);
        } catch (BadJWTException e) {
            throw new Refused("id_token_claims", "The ID token's claims were refused: " + e.getMessage());
        } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException | java.text.ParseException e) {
            throw new Refused("id_token_signature", "The ID token's signature was refused: " + e.getMessage());
        }
    }

    /** OpenID Connect Core 3.1.3.7 on the application clock. */
    private final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

        private final String clientId;

        ClaimsVerifier(String issuer, String clientId, String nonce) {
            super(Set.of(clientId), new JWTClaimsSet.Builder().issuer(issuer).claim("nonce", nonce).build(),
                    Set.of("sub", "iat", "exp"), null);
            this.clientId = clientId;
            setMaxClockSkew((int) MAX_CLOCK_SKEW.toSeconds());
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            List<String> audience = claims.getAudience();
            Object azp = claims.getClaim("azp");
            if ((audience.size() > 1 || azp != null) && !clientId.equals(azp)) {
                throw new BadJWTException("azp is not this client");
            }
            if (claims.getIssueTime().toInstant().isAfter(clock.instant().plus(MAX_CLOCK_SKEW))) {
                throw new BadJWTException("issued in the future");
            }
        }
    }
}
