package io.strongroom.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestTotp;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A7, single sign-on over OpenID Connect against a real provider in the test's process
 * (mock-oauth2-server), shaped like Google Workspace ({@code hd}) and Microsoft Entra ID
 * ({@code tid}) by the claims it issues: the authorization code flow with PKCE, state and nonce
 * through the real endpoints, the session it starts, and every refusal (another domain, another
 * directory, a replayed or foreign state, a wrong audience, an expired token, a forged signature, a
 * missing nonce, an unverified or unknown address, another workspace's connection), each recorded.
 */
class OidcSignInTest extends ApiTest {

    static final String CLIENT = "strongroom-test-client";
    static final String SECRET = "client-secret-never-shown-again-1234";

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());
    final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final AtomicReference<Duration> providerClockOffset = new AtomicReference<>(Duration.ZERO);
    MockOAuth2Server provider;
    Workspace ws;
    String owner;

    @BeforeEach
    void start() {
        kotlin.jvm.functions.Function0<Instant> now = () -> clock.instant().plus(providerClockOffset.get());
        provider = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(now)));
        provider.start();
        ws = TestUsers.signUp(client(), "sso");
        owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
    }

    @AfterEach
    void stop() {
        provider.shutdown();
    }

    private String connection(String issuerId, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("name", "Company sign-in");
        body.putIfAbsent("issuer", issuerId == null ? null : provider.issuerUrl(issuerId).toString());
        body.put("client_id", CLIENT);
        body.put("client_secret", SECRET);
        Response added = bearer(owner).post("/api/v1/sso/connections", body);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added.json().get("id").asString();
    }

    private static Map<String, Object> claims(Object... pairs) {
        Map<String, Object> claims = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            claims.put((String) pairs[i], pairs[i + 1]);
        }
        return claims;
    }

    /** What the browser carries from the start of a sign-in to its return. */
    record Journey(ApiClient browser, String cookie, String callback, String nonce) {
    }

    /** The browser asks to sign in and the provider sends it back (its sign-in is not interactive). */
    private Journey journey(String workspace, String connection) throws Exception {
        ApiClient browser = client();
        Response started = browser.get("/w/" + workspace + "/sso/" + connection);
        assertThat(started.status()).as(started.toString()).isEqualTo(302);
        String cookie = started.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-sr-sso=")).findFirst().orElseThrow();
        assertThat(cookie).contains("Secure").contains("HttpOnly").contains("SameSite=Lax");
        URI authorize = URI.create(started.header("Location"));
        assertThat(authorize.getQuery()).contains("code_challenge_method=S256").contains("nonce=").contains("state=");
        HttpResponse<String> back = plain.send(HttpRequest.newBuilder(authorize).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        assertThat(callback.getPath()).isEqualTo("/sso/callback");
        String nonce = java.util.Arrays.stream(authorize.getRawQuery().split("&")).filter(p -> p.startsWith("nonce="))
                .findFirst().orElseThrow().substring("nonce=".length());
        return new Journey(browser, cookie.substring(0, cookie.indexOf(';')), callback.getRawPath() + "?" + callback.getRawQuery(),
                java.net.URLDecoder.decode(nonce, java.nio.charset.StandardCharsets.UTF_8));
    }

    private Response finish(Journey journey, boolean withCookie) {
        HttpRequest.Builder request = journey.browser().request(journey.callback()).GET();
        if (withCookie) {
            request.header("Cookie", journey.cookie());
        }
        return journey.browser().send(request);
    }

    private Response signIn(String workspace, String connection, String issuerId, String subject, Map<String, Object> claims)
            throws Exception {
        Journey journey = journey(workspace, connection);
        provider.enqueueCallback(new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", null, claims, 3600));
        return finish(journey, true);
    }

    private List<Map<String, Object>> records(String action) {
        return all.sql("select outcome, reason, details::text as details from audit_event where tenant_id = :t"
                + " and action = :a order by seq").param("t", ws.tenantId()).param("a", action).query().listOfRows();
    }

    private String lastFailure() {
        List<Map<String, Object>> failures = records("auth.login.failed");
        return failures.isEmpty() ? null : (String) failures.getLast().get("reason");
    }

    private static boolean signedIn(Response response) {
        // a page of ours that moves on to /app, so the Strict session cookies go with that navigation
        return response.status() == 200 && response.body().contains("url=/app")
                && response.raw().headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("__Host-sr-access="));
    }

    @Test
    @Tag("A7")
    void aGoogleWorkspaceAccountOfTheCompanysDomainSignsInAndNoOtherDoes() throws Exception {
        TestUsers.addUser(ws.tenantId(), "ada@acme.example", "unused-password-for-sso-1", "employee");
        String google = connection("google", Map.of("provider", "google", "domains", List.of("acme.example")));

        Response ok = signIn(ws.workspace(), google, "google", "ada-google-id",
                claims("email", "ada@acme.example", "email_verified", true, "hd", "acme.example"));
        assertThat(signedIn(ok)).as(ok.toString()).isTrue();
        Map<String, Object> login = records("auth.login").getLast();
        assertThat((String) login.get("details")).contains("\"method\": \"sso\"").contains("\"provider\": \"google\"")
                .contains(google).contains("\"amr\": \"sso\"");

        // a Google account of another company (its hd), or a consumer account (no hd)
        Response other = signIn(ws.workspace(), google, "google", "eve", claims("email", "ada@acme.example",
                "email_verified", true, "hd", "evil.example"));
        assertThat(other.status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_hosted_domain");
        assertThat(signIn(ws.workspace(), google, "google", "eve", claims("email", "ada@acme.example",
                "email_verified", true)).status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_hosted_domain");

        // the return replayed, or brought to another browser (no cookie of the start)
        Journey journey = journey(ws.workspace(), google); // (refused before the code is exchanged)
        assertThat(finish(journey, false).status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_other_browser");
        assertThat(finish(journey, true).status()).as("the state works once").isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_state");

        // an address the provider did not verify, and one that is no user here
        assertThat(signIn(ws.workspace(), google, "google", "ada", claims("email", "ada@acme.example",
                "email_verified", false, "hd", "acme.example")).status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_email_unverified");
        assertThat(signIn(ws.workspace(), google, "google", "bob", claims("email", "bob@acme.example",
                "email_verified", true, "hd", "acme.example")).status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_unknown_email");

        // someone invited who has not chosen a password: the provider vouching for the address accepts it
        assertThat(bearer(owner).post("/api/v1/users", Map.of("email", "ivy@acme.example", "display_name", "Ivy"))
                .status()).isEqualTo(201);
        assertThat(signedIn(signIn(ws.workspace(), google, "google", "ivy", claims("email", "ivy@acme.example",
                "email_verified", true, "hd", "acme.example")))).isTrue();
        assertThat(records("user.invitation_accepted")).hasSize(1);
        assertThat(all.sql("select status from app_user where tenant_id = :t and email = 'ivy@acme.example'")
                .param("t", ws.tenantId()).query(String.class).single()).isEqualTo("active");
    }

    @Test
    @Tag("A7")
    void anEntraAccountOfTheCompanysDirectorySignsInAndNoOtherDirectorys() throws Exception {
        TestUsers.addUser(ws.tenantId(), "ben@contoso.example", "unused-password-for-sso-2", "employee");
        String directory = UUID.randomUUID().toString();
        String entra = connection("entra", Map.of("provider", "entra", "directory_id", directory));
        // Entra ID sends no email_verified: an account of the company's own directory is relied on,
        // by its sign-in name when it has no e-mail claim
        assertThat(signedIn(signIn(ws.workspace(), entra, "entra", "ben", claims("preferred_username",
                "Ben@Contoso.example", "tid", directory)))).isTrue();
        assertThat(signIn(ws.workspace(), entra, "entra", "ben", claims("email", "ben@contoso.example",
                "email_verified", true, "tid", UUID.randomUUID().toString())).status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_directory");
    }

    @Test
    @Tag("A7")
    void tokensForAnotherClientExpiredForgedOrWithoutTheNonceAreRefused() throws Exception {
        TestUsers.addUser(ws.tenantId(), "cy@corp.example", "unused-password-for-sso-3", "employee");
        Map<String, Object> cy = claims("email", "cy@corp.example", "email_verified", true);
        providerClockOffset.set(Duration.ofHours(-2)); // the mock issues tokens two hours old, for one hour
        String corp = connection("corp", Map.of("provider", "oidc"));
        assertThat(signIn(ws.workspace(), corp, "corp", "cy", cy).status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_id_token_claims");
        providerClockOffset.set(Duration.ZERO);
        assertThat(signedIn(signIn(ws.workspace(), corp, "corp", "cy", cy))).isTrue();

        // a provider whose token endpoint answers what the test makes: signed with its published key
        // or with another, for this client or another, with the sign-in's nonce or without
        try (TokenForge forge = new TokenForge()) {
            String forged = connection(null, Map.of("provider", "oidc", "issuer", forge.issuer()));
            Journey right = journey(ws.workspace(), forged);
            forge.next = forge.token(forge.published, CLIENT, right.nonce(), "cy@corp.example");
            assertThat(signedIn(finish(right, true))).as("the forge itself is a good provider").isTrue();

            Journey otherClient = journey(ws.workspace(), forged);
            forge.next = forge.token(forge.published, "another-client", otherClient.nonce(), "cy@corp.example");
            assertThat(finish(otherClient, true).status()).isEqualTo(401);
            assertThat(lastFailure()).isEqualTo("sso_id_token_claims");

            Journey unpublishedKey = journey(ws.workspace(), forged);
            forge.next = forge.token(forge.attacker, CLIENT, unpublishedKey.nonce(), "cy@corp.example");
            assertThat(finish(unpublishedKey, true).status()).isEqualTo(401);
            assertThat(lastFailure()).isEqualTo("sso_id_token_signature");

            Journey noNonce = journey(ws.workspace(), forged);
            forge.next = forge.token(forge.published, CLIENT, null, "cy@corp.example");
            assertThat(finish(noNonce, true).status()).isEqualTo(401);
            assertThat(lastFailure()).isEqualTo("sso_id_token_claims");

            Journey otherNonce = journey(ws.workspace(), forged);
            forge.next = forge.token(forge.published, CLIENT, right.nonce(), "cy@corp.example");
            assertThat(finish(otherNonce, true).status()).as("a nonce of an earlier sign-in").isEqualTo(401);
            assertThat(lastFailure()).isEqualTo("sso_id_token_claims");

            // several audiences without azp naming this client; issued in the future
            Journey shared = journey(ws.workspace(), forged);
            forge.next = forge.sign(new JWTClaimsSet.Builder(forge.claims(CLIENT, shared.nonce(), "cy@corp.example"))
                    .audience(List.of(CLIENT, "another-client")).build());
            assertThat(finish(shared, true).status()).isEqualTo(401);
            assertThat(lastFailure()).isEqualTo("sso_id_token_claims");
            Journey sharedWithAzp = journey(ws.workspace(), forged);
            forge.next = forge.sign(new JWTClaimsSet.Builder(forge.claims(CLIENT, sharedWithAzp.nonce(), "cy@corp.example"))
                    .audience(List.of(CLIENT, "another-client")).claim("azp", "another-client").build());
            assertThat(finish(sharedWithAzp, true).status()).as("azp names another client").isEqualTo(401);
            Journey future = journey(ws.workspace(), forged);
            forge.next = forge.sign(new JWTClaimsSet.Builder(forge.claims(CLIENT, future.nonce(), "cy@corp.example"))
                    .issueTime(java.util.Date.from(clock.instant().plusSeconds(600)))
                    .expirationTime(java.util.Date.from(clock.instant().plusSeconds(1200))).build());
            assertThat(finish(future, true).status()).as("issued ten minutes from now").isEqualTo(401);
            assertThat(lastFailure()).isEqualTo("sso_id_token_claims");

            Journey unsigned = journey(ws.workspace(), forged);
            forge.next = new com.nimbusds.jwt.PlainJWT(forge.claims(CLIENT, unsigned.nonce(), "cy@corp.example")).serialize();
            assertThat(finish(unsigned, true).status()).as("alg none").isEqualTo(401);
            assertThat(lastFailure()).startsWith("sso_id_token");
        }
        assertThat(records("auth.login")).as("the owner's, and Cy's two good ones").hasSize(3);
    }

    /**
     * An OpenID provider of the test's own (the JDK's HTTP server): discovery, its published key, an
     * authorization endpoint that sends the browser straight back, and a token endpoint that answers
     * the ID token the test put in {@link #next}.
     */
    final class TokenForge implements AutoCloseable {

        final com.sun.net.httpserver.HttpServer server;
        final RSAKey published = new RSAKeyGenerator(2048).keyID("published").generate();
        final RSAKey attacker = new RSAKeyGenerator(2048).keyID("published").generate(); // same kid, other key
        volatile String next;

        TokenForge() throws Exception {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/.well-known/openid-configuration", exchange -> answer(exchange, 200, """
                    {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                     "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
                     "id_token_signing_alg_values_supported": ["RS256"]}""".formatted(issuer())));
            server.createContext("/jwks", exchange -> answer(exchange, 200,
                    new com.nimbusds.jose.jwk.JWKSet(published.toPublicJWK()).toString()));
            server.createContext("/authorize", exchange -> {
                Map<String, String> query = new HashMap<>();
                for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.put(kv[0], java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
                }
                exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=forged-code&state="
                        + java.net.URLEncoder.encode(query.get("state"), java.nio.charset.StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            server.createContext("/token", exchange -> answer(exchange, 200,
                    "{\"access_token\":\"x\",\"token_type\":\"Bearer\",\"expires_in\":600,\"id_token\":\"" + next + "\"}"));
            server.start();
        }

        String issuer() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        JWTClaimsSet claims(String audience, String nonce, String email) {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(audience).subject("forged")
                    .claim("email", email).claim("email_verified", true)
                    .issueTime(java.util.Date.from(clock.instant()))
                    .expirationTime(java.util.Date.from(clock.instant().plusSeconds(600)));
            if (nonce != null) {
                claims.claim("nonce", nonce);
            }
            return claims.build();
        }

        String token(RSAKey key, String audience, String nonce, String email) throws Exception {
            return sign(key, claims(audience, nonce, email));
        }

        String sign(JWTClaimsSet claims) throws Exception {
            return sign(published, claims);
        }

        private String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }

        private void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws java.io.IOException {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    @Tag("A7")
    void aSecondFactorIsAskedForUnlessTheConnectionTrustsTheProvidersOwn() throws Exception {
        String email = "dee." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), email, "dee-has-a-second-factor-4", "employee");
        String access = TestUsers.tokens(client(), ws.workspace(), email, "dee-has-a-second-factor-4").access();
        String secret = TestTotp.enrol(client(), access, clock.instant());
        String plainConnection = connection("plain", Map.of("provider", "oidc"));
        Map<String, Object> dee = claims("email", email, "email_verified", true, "amr", List.of("pwd", "mfa"));

        Journey journey = journey(ws.workspace(), plainConnection);
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("plain", "dee", "JWT", null, dee, 3600));
        Response challenged = finish(journey, true);
        assertThat(challenged.status()).as(challenged.toString()).isEqualTo(200);
        assertThat(challenged.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("__Host-sr-access="));
        java.util.regex.Matcher challenge = java.util.regex.Pattern.compile("name=\"challenge\" value=\"([^\"]+)\"")
                .matcher(challenged.body());
        assertThat(challenge.find()).as(challenged.body()).isTrue();
        clock.advance(Duration.ofSeconds(30)); // the enrolling code is spent
        Response second = journey.browser().post("/api/v1/auth/login/mfa", Map.of("challenge", challenge.group(1),
                "method", "totp", "code", TestTotp.code(secret, clock.instant())));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat((String) records("auth.login").getLast().get("details")).as("what really happened")
                .contains("\"amr\": \"sso otp mfa\"");

        String trusting = connection("trusting", Map.of("provider", "oidc", "trust_provider_mfa", true));
        assertThat(signedIn(signIn(ws.workspace(), trusting, "trusting", "dee", dee))).isTrue();
        assertThat((String) records("auth.login").getLast().get("details")).contains("\"amr\": \"sso mfa\"");
        Map<String, Object> withoutMfa = claims("email", email, "email_verified", true, "amr", List.of("pwd"));
        assertThat(signIn(ws.workspace(), trusting, "trusting", "dee", withoutMfa).status())
                .as("the provider did not ask for a second factor: we do").isEqualTo(200);
    }

    @Test
    @Tag("A7")
    void ssoOnlyRefusesPasswordsToAllButTheBreakGlassOwners() throws Exception {
        String email = "eli@acme.example";
        UUID eli = TestUsers.addUser(ws.tenantId(), email, "eli-knows-her-password-6", "administrator");
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", true,
                "break_glass_user_ids", List.of(ws.ownerId().toString()))).status())
                .as("not without a connection to sign in with").isEqualTo(400);
        String google = connection("google", Map.of("provider", "google", "domains", List.of("acme.example")));
        Response noOwner = bearer(owner).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", true));
        assertThat(noOwner.status()).isEqualTo(400);
        assertThat(noOwner.body()).contains("break_glass_user_ids");
        assertThat(bearer(owner).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", true,
                "break_glass_user_ids", List.of(eli.toString()))).status()).as("an administrator is no Owner").isEqualTo(400);
        Response on = bearer(owner).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", true,
                "break_glass_user_ids", List.of(ws.ownerId().toString())));
        assertThat(on.status()).as(on.toString()).isEqualTo(200);

        Response refused = TestUsers.login(client(), ws.workspace(), email, "eli-knows-her-password-6");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("sso-required");
        assertThat(TestUsers.login(client(), ws.workspace(), email, "not-her-password-at-all").status())
                .as("a wrong password learns nothing of the policy").isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("bad_password");
        assertThat(TestUsers.login(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).status())
                .as("the break-glass Owner").isEqualTo(200);
        assertThat(signedIn(signIn(ws.workspace(), google, "google", "eli", claims("email", email, "email_verified", true,
                "hd", "acme.example")))).isTrue();
        assertThat(bearer(owner).delete("/api/v1/sso/connections/" + google).status())
                .as("the last connection stays while sign-in is SSO only").isEqualTo(409);

        String afresh = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        assertThat(bearer(afresh).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", false)).status()).isEqualTo(200);
        assertThat(TestUsers.login(client(), ws.workspace(), email, "eli-knows-her-password-6").status()).isEqualTo(200);
        String eliToken = TestUsers.tokens(client(), ws.workspace(), email, "eli-knows-her-password-6").access();
        assertThat(bearer(eliToken).method("PUT", "/api/v1/settings/sso", Map.of("sso_only", false)).status())
                .as("naming break-glass Owners is for Owners").isEqualTo(403);
    }

    @Test
    @Tag("A7")
    void aConnectionServesItsOwnWorkspaceOnlyAndItsSecretNeverComesBack() throws Exception {
        String oidc = connection("isolated", Map.of("provider", "oidc"));
        Workspace other = TestUsers.signUp(client(), "sso-other");
        assertThat(client().get("/w/" + other.workspace() + "/sso/" + oidc).status())
                .as("workspace B does not know A's connection").isEqualTo(404);
        assertThat(client().get("/w/no-such-workspace/sso/" + oidc).status()).isEqualTo(404);

        Response listed = bearer(owner).get("/api/v1/sso/connections");
        assertThat(listed.body()).contains(CLIENT).doesNotContain(SECRET);
        assertThat(bearer(owner).get("/api/v1/sso/connections/" + oidc).body()).doesNotContain(SECRET);
        byte[] stored = all.sql("select client_secret from sso_connection where id = cast(:id as uuid)").param("id", oidc)
                .query(byte[].class).single();
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(all.sql("select details::text from audit_event where tenant_id = :t and action like 'settings.sso.%'")
                .param("t", ws.tenantId()).query(String.class).list()).isNotEmpty().noneMatch(d -> d.contains(SECRET));
        assertThat(bearer(owner).post("/api/v1/sso/connections/" + oidc + "/test", Map.of()).json().get("ok").asBoolean())
                .isTrue();

        // bad input: each field named, nothing added
        Response bad = bearer(owner).post("/api/v1/sso/connections", Map.of("provider", "google", "name", "",
                "issuer", "ftp://accounts.example", "client_id", CLIENT));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("name").contains("client_secret").contains("domains").contains("issuer");
        Response entraWithoutDirectory = bearer(owner).post("/api/v1/sso/connections", Map.of("provider", "entra",
                "name", "Entra", "client_id", CLIENT, "client_secret", SECRET));
        assertThat(entraWithoutDirectory.body()).contains("directory_id");
        Response nobodyThere = bearer(owner).post("/api/v1/sso/connections", Map.of("provider", "oidc", "name", "Gone",
                "issuer", "http://127.0.0.1:9/nothing", "client_id", CLIENT, "client_secret", SECRET));
        assertThat(nobodyThere.status()).isEqualTo(400);
        assertThat(nobodyThere.body()).contains("discovery");
        assertThat(bearer(owner).get("/api/v1/sso/connections").json().get("items").size()).isEqualTo(1);

        String employee = "emp." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), employee, "employee-passphrase-sso-5", "employee");
        String token = TestUsers.tokens(client(), ws.workspace(), employee, "employee-passphrase-sso-5").access();
        assertThat(bearer(token).get("/api/v1/sso/connections").status()).isEqualTo(403);

        assertThat(bearer(owner).delete("/api/v1/sso/connections/" + oidc).status()).isEqualTo(204);
        assertThat(client().get("/w/" + ws.workspace() + "/sso/" + oidc).status()).isEqualTo(404);
    }

    private String roleId(String token, String name) {
        for (var role : bearer(token).get("/api/v1/roles").json().get("roles")) {
            if (name.equals(role.get("name").asString())) {
                return role.get("id").asString();
            }
        }
        throw new AssertionError("no role " + name);
    }

    private List<String> rolesOf(String email) {
        return all.sql("""
                select r.name from user_role ur join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                join app_user u on u.tenant_id = ur.tenant_id and u.id = ur.user_id
                where u.tenant_id = :t and u.email = :e order by r.name
                """).param("t", ws.tenantId()).param("e", email).query(String.class).list();
    }

    @Test
    @Tag("A7")
    void aConnectionCreatesAccountsWhenToldAndItsGroupsGiveTheRolesItManages() throws Exception {
        String google = connection("google", Map.of("provider", "google", "domains", List.of("acme.example")));
        String employee = roleId(owner, "Employee");
        String hr = roleId(owner, "HR manager");
        Map<String, Object> newcomer = claims("email", "nia@acme.example", "email_verified", true, "hd", "acme.example",
                "name", "Nia Newcomer", "groups", List.of("HR-Team", "everyone"));

        // off by default: nobody is created
        assertThat(signIn(ws.workspace(), google, "google", "nia", newcomer).status()).isEqualTo(401);
        assertThat(lastFailure()).isEqualTo("sso_unknown_email");

        Response set = bearer(owner).method("PUT", "/api/v1/sso/connections/" + google + "/provisioning", Map.of(
                "create_accounts", true, "default_role_ids", List.of(employee),
                "role_mappings", List.of(Map.of("group", "hr-team", "role_id", hr))));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("provisioning").get("create_accounts").asBoolean()).isTrue();
        assertThat(records("settings.sso.connection_updated")).hasSize(1);

        assertThat(signedIn(signIn(ws.workspace(), google, "google", "nia", newcomer))).isTrue();
        assertThat(records("user.provisioned")).hasSize(1);
        assertThat(all.sql("select status || ' ' || display_name || ' ' || (password_hash is null) from app_user"
                + " where tenant_id = :t and email = 'nia@acme.example'").param("t", ws.tenantId()).query(String.class)
                .single()).isEqualTo("active Nia Newcomer true");
        assertThat(rolesOf("nia@acme.example")).containsExactly("Employee", "HR manager");

        // she leaves the group at the provider: the role it gave goes at her next sign-in, the others stay
        String niaId = all.sql("select id::text from app_user where tenant_id = :t and email = 'nia@acme.example'")
                .param("t", ws.tenantId()).query(String.class).single();
        assertThat(bearer(owner).method("PUT", "/api/v1/users/" + niaId + "/roles", Map.of("roles",
                List.of(employee, hr, roleId(owner, "Auditor")))).status()).isEqualTo(200);
        Map<String, Object> moved = new HashMap<>(newcomer);
        moved.put("groups", List.of("everyone"));
        assertThat(signedIn(signIn(ws.workspace(), google, "google", "nia", moved))).isTrue();
        assertThat(rolesOf("nia@acme.example")).as("only the mapped role follows the groups")
                .containsExactly("Auditor", "Employee");
        assertThat(records("role.assigned").getLast().get("details").toString()).contains(google);
        assertThat(records("user.provisioned")).as("created once").hasSize(1);

        // no group makes an Owner, no one gives more than they hold, and a provider open to any address
        // creates nobody
        assertThat(bearer(owner).method("PUT", "/api/v1/sso/connections/" + google + "/provisioning", Map.of(
                "create_accounts", true, "role_mappings", List.of(Map.of("group", "admins", "role_id",
                        roleId(owner, "Owner"))))).status()).isEqualTo(400);
        Response custom = bearer(owner).post("/api/v1/roles", Map.of("name", "Shadow owner", "permissions",
                List.of("owners:manage", "settings:manage")));
        assertThat(custom.status()).as(custom.toString()).isEqualTo(201);
        String adminEmail = "adm." + ws.workspace() + "@example.org";
        TestUsers.addUser(ws.tenantId(), adminEmail, "administrator-passphrase-9", "administrator");
        String admin = TestUsers.tokens(client(), ws.workspace(), adminEmail, "administrator-passphrase-9").access();
        Response escalation = bearer(admin).method("PUT", "/api/v1/sso/connections/" + google + "/provisioning", Map.of(
                "create_accounts", false, "role_mappings", List.of(Map.of("group", "me", "role_id",
                        custom.json().get("id").asString()))));
        assertThat(escalation.status()).as(escalation.toString()).isEqualTo(400);
        assertThat(escalation.body()).contains("role_mappings");
        String open = connection("plain", Map.of("provider", "oidc"));
        Response anyone = bearer(owner).method("PUT", "/api/v1/sso/connections/" + open + "/provisioning", Map.of(
                "create_accounts", true));
        assertThat(anyone.status()).isEqualTo(400);
        assertThat(anyone.body()).contains("create_accounts");
    }

    @Test
    @Tag("A9")
    void startingSignInsThroughAProviderIsRateLimitedPerClient() {
        String oidc = connection("limited", Map.of("provider", "oidc"));
        clock.freeze();
        ApiClient sameIp = client();
        int limited = 0;
        for (int i = 0; i < 31; i++) {
            Response started = sameIp.get("/w/" + ws.workspace() + "/sso/" + oidc);
            if (started.status() == 429) {
                limited++;
            } else {
                assertThat(started.status()).isEqualTo(302);
            }
        }
        assertThat(limited).as("30 a minute, like password sign-ins").isEqualTo(1);
        assertThat(all.sql("select count(*) from sso_sign_in where tenant_id = :t").param("t", ws.tenantId())
                .query(Long.class).single()).as("the refused start wrote nothing").isEqualTo(30);
        assertThat(client().get("/w/" + ws.workspace() + "/sso/" + oidc).status()).as("another client").isEqualTo(302);
    }

    @Test
    @Tag("A7")
    void anAddressGoesToTheProviderOfItsDomainFirst() {
        Response page = client().get("/w/" + ws.workspace() + "/login");
        assertThat(page.body()).doesNotContain("sso-email");
        String google = connection("google", Map.of("provider", "google", "domains", List.of("acme.example")));
        assertThat(client().get("/w/" + ws.workspace() + "/login").body()).contains("id=\"sso-email\"");

        Response routed = client().get("/w/" + ws.workspace() + "/sso?email=Ada@ACME.example");
        assertThat(routed.status()).as(routed.toString()).isEqualTo(302);
        assertThat(routed.header("Location")).startsWith(provider.issuerUrl("google").toString());
        assertThat(routed.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("__Host-sr-sso="));
        assertThat(all.sql("select connection_id::text from sso_sign_in where tenant_id = :t").param("t", ws.tenantId())
                .query(String.class).list()).containsExactly(google);

        for (String other : List.of("bob@other.example", "no-at-sign", "x@" + "a".repeat(300) + ".example", "")) {
            Response back = client().get("/w/" + ws.workspace() + "/sso?email="
                    + java.net.URLEncoder.encode(other, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(back.status()).as(other).isEqualTo(200);
            assertThat(back.body()).as(other).contains("sign in with your password");
        }
        assertThat(client().get("/w/" + ws.workspace() + "/sso?email=bob@other.example").body())
                .contains("value=\"bob@other.example\"");
        assertThat(client().get("/w/no-such-workspace/sso?email=ada@acme.example").status()).isEqualTo(200);
    }
}
