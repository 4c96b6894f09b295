package io.strongroom.identity.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.KeycloakPeer;
import io.strongroom.testsupport.TestDatabase;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * A7 against Keycloak 26, a real OpenID Connect provider started by the tests, with a realm for each
 * of two tenants: a person signs in through Keycloak's own login form (authorization code flow with
 * PKCE, state and nonce), their account is made at first sign-in and their Keycloak group gives a
 * role; a code that Keycloak issued for tenant A's sign-in does not let anyone into tenant B.
 */
class KeycloakSignInTest extends ApiTest {

    static final String SECRET = "keycloak-client-secret-for-tests-1";
    static KeycloakPeer keycloak;

    final JdbcClient all = JdbcClient.create(TestDatabase.get().superuserDataSource());

    @BeforeAll
    static void keycloak() {
        Assumptions.assumeTrue(KeycloakPeer.available(), "Keycloak tests skipped: its distribution is not in the local "
                + "Maven repository (./mvnw fetches it). They are NOT counted as passed.");
        keycloak = KeycloakPeer.get();
        for (String company : List.of("acme", "globex")) {
            keycloak.createRealm(Map.of("realm", company, "enabled", true,
                    "groups", List.of(Map.of("name", "hr")),
                    "users", List.of(Map.of("username", "ada", "email", "ada@" + company + ".example",
                            "emailVerified", true, "enabled", true, "firstName", "Ada", "lastName", "Lovelace",
                            "groups", List.of("/hr"), "credentials", List.of(Map.of("type", "password",
                                    "value", "ada-keycloak-password-1", "temporary", false)))),
                    "clients", List.of(Map.of("clientId", "strongroom", "secret", SECRET, "publicClient", false,
                            "standardFlowEnabled", true, "redirectUris", List.of("https://localhost:8443/sso/callback"),
                            "attributes", Map.of("pkce.code.challenge.method", "S256"),
                            "protocolMappers", List.of(Map.of("name", "groups", "protocol", "openid-connect",
                                    "protocolMapper", "oidc-group-membership-mapper", "config", Map.of(
                                            "claim.name", "groups", "full.path", "false", "id.token.claim", "true",
                                            "access.token.claim", "true", "userinfo.token.claim", "true")))))));
        }
    }

    /**
     * A browser on Keycloak's side: its cookies, no automatic redirects. Like browsers, it treats
     * http://localhost as a secure context and sends Keycloak's {@code Secure} cookies there (the JDK's
     * CookieManager would not).
     */
    final HttpClient keycloakBrowser = HttpClient.newBuilder().cookieHandler(new LoopbackCookies())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    static final class LoopbackCookies extends java.net.CookieHandler {

        private final Map<String, String> jar = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
            return jar.isEmpty() ? Map.of() : Map.of("Cookie", List.of(jar.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining("; "))));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) {
            for (var header : headers.entrySet()) {
                if (header.getKey() == null || !header.getKey().equalsIgnoreCase("Set-Cookie")) {
                    continue;
                }
                for (String cookie : header.getValue()) {
                    String pair = cookie.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    String name = pair.substring(0, eq).strip();
                    String value = pair.substring(eq + 1).strip();
                    if (value.isEmpty() || cookie.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
                        jar.remove(name);
                    } else {
                        jar.put(name, value);
                    }
                }
            }
        }
    }

    record Started(ApiClient browser, String cookie, URI authorize) {
    }

    private Started start(Workspace ws, String connection) {
        ApiClient browser = client();
        Response started = browser.get("/w/" + ws.workspace() + "/sso/" + connection);
        assertThat(started.status()).as(started.toString()).isEqualTo(302);
        String cookie = started.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-sr-sso=")).findFirst().orElseThrow();
        return new Started(browser, cookie.substring(0, cookie.indexOf(';')), URI.create(started.header("Location")));
    }

    /** Signs in on Keycloak's login page; returns where Keycloak sends the browser back (our callback). */
    private URI keycloakLogin(URI authorize, String username, String password) throws Exception {
        HttpResponse<String> page = keycloakBrowser.send(HttpRequest.newBuilder(authorize).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher action = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"|action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"")
                .matcher(page.body());
        assertThat(action.find()).as("Keycloak's login form").isTrue();
        String target = (action.group(1) != null ? action.group(1) : action.group(2)).replace("&amp;", "&");
        HttpResponse<String> posted = keycloakBrowser.send(HttpRequest.newBuilder(URI.create(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId="))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
        return URI.create(posted.headers().firstValue("Location").orElseThrow());
    }

    private Response callback(Started started, URI back) {
        assertThat(back.getPath()).isEqualTo("/sso/callback");
        return started.browser().send(started.browser().request(back.getRawPath() + "?" + back.getRawQuery()).GET()
                .header("Cookie", started.cookie()));
    }

    private String connect(Workspace ws, String owner, String realm) {
        Response added = bearer(owner).post("/api/v1/sso/connections", Map.of("provider", "oidc", "name", "Keycloak",
                "issuer", keycloak.issuer(realm), "client_id", "strongroom", "client_secret", SECRET,
                "domains", List.of(realm + ".example")));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added.json().get("id").asString();
    }

    @Test
    @Tag("A7")
    void aKeycloakUserSignsInThroughItsLoginFormAndGetsAnAccountAndTheRoleOfTheirGroup() throws Exception {
        Workspace ws = TestUsers.signUp(client(), "kc-acme");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        String connection = connect(ws, owner, "acme");
        String employee = null;
        String hr = null;
        for (var role : bearer(owner).get("/api/v1/roles").json().get("roles")) {
            employee = "Employee".equals(role.get("name").asString()) ? role.get("id").asString() : employee;
            hr = "HR manager".equals(role.get("name").asString()) ? role.get("id").asString() : hr;
        }
        assertThat(bearer(owner).method("PUT", "/api/v1/sso/connections/" + connection + "/provisioning", Map.of(
                "create_accounts", true, "default_role_ids", List.of(employee),
                "role_mappings", List.of(Map.of("group", "hr", "role_id", hr)))).status()).isEqualTo(200);
        assertThat(bearer(owner).post("/api/v1/sso/connections/" + connection + "/test", Map.of()).json().get("ok")
                .asBoolean()).as("discovery and keys read from Keycloak").isTrue();

        Started started = start(ws, connection);
        assertThat(started.authorize().toString()).startsWith(keycloak.issuer("acme") + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256");
        Response in = callback(started, keycloakLogin(started.authorize(), "ada", "ada-keycloak-password-1"));
        assertThat(in.status()).as(in.toString()).isEqualTo(200);
        assertThat(in.body()).contains("url=/app");
        assertThat(in.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("__Host-sr-access="));
        assertThat(all.sql("""
                select string_agg(r.name, ',' order by r.name) from user_role ur
                join role r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
                join app_user u on u.tenant_id = ur.tenant_id and u.id = ur.user_id
                where u.tenant_id = :t and u.email = 'ada@acme.example'
                """).param("t", ws.tenantId()).query(String.class).single()).isEqualTo("Employee,HR manager");
        assertThat(all.sql("select details::text from audit_event where tenant_id = :t and action = 'auth.login'"
                + " order by seq desc limit 1").param("t", ws.tenantId()).query(String.class).single())
                .contains(connection).contains("\"provider\": \"oidc\"");
    }

    @Test
    @Tag("A7")
    void aCodeKeycloakIssuedForTenantAsSignInDoesNotOpenTenantB() throws Exception {
        Workspace a = TestUsers.signUp(client(), "kc-a");
        Workspace b = TestUsers.signUp(client(), "kc-b");
        String ownerA = TestUsers.tokens(client(), a.workspace(), a.ownerEmail(), a.ownerPassword()).access();
        String ownerB = TestUsers.tokens(client(), b.workspace(), b.ownerEmail(), b.ownerPassword()).access();
        String connectionA = connect(a, ownerA, "acme");
        String connectionB = connect(b, ownerB, "globex");
        TestUsers.addUser(b.tenantId(), "ada@acme.example", "ada-in-b-has-a-password-1", "employee");

        Started atA = start(a, connectionA);
        Started atB = start(b, connectionB);
        URI backFromA = keycloakLogin(atA.authorize(), "ada", "ada-keycloak-password-1");
        String code = query(backFromA, "code");
        String stateB = query(atB.authorize(), "state");
        URI forged = URI.create("https://localhost:8443/sso/callback?state=" + URLEncoder.encode(stateB,
                StandardCharsets.UTF_8) + "&code=" + URLEncoder.encode(code, StandardCharsets.UTF_8));
        Response refused = callback(atB, forged);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("__Host-sr-access="));
        assertThat(all.sql("select reason from audit_event where tenant_id = :t and action = 'auth.login.failed'"
                + " order by seq desc limit 1").param("t", b.tenantId()).query(String.class).single()).startsWith("sso_");
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " not in " + uri);
    }

    @Test
    @Tag("A7")
    void aKeycloakUserSignsInOverSaml() throws Exception {
        Workspace ws = TestUsers.signUp(client(), "kc-saml");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        TestUsers.addUser(ws.tenantId(), "ada@acme.example", "ada-has-a-local-password-1", "employee");
        String descriptor = keycloak.get("/realms/acme/protocol/saml/descriptor");
        Matcher certificate = Pattern.compile("<(?:ds:)?X509Certificate>([^<]+)</(?:ds:)?X509Certificate>").matcher(descriptor);
        assertThat(certificate.find()).as(descriptor).isTrue();
        Response added = bearer(owner).post("/api/v1/sso/saml", Map.of("name", "Keycloak SAML", "idp_entity_id",
                keycloak.issuer("acme"), "sso_url", keycloak.issuer("acme") + "/protocol/saml", "idp_certificate",
                "-----BEGIN CERTIFICATE-----\n" + certificate.group(1).strip() + "\n-----END CERTIFICATE-----\n",
                "domains", List.of("acme.example")));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        String connection = added.json().get("id").asString();
        Response tested = bearer(owner).post("/api/v1/sso/saml/" + connection + "/test", Map.of());
        assertThat(tested.json().get("ok").asBoolean()).as(tested.toString()).isTrue();
        String entityId = "https://localhost:8443/w/" + ws.workspace() + "/saml/" + connection + "/metadata";
        keycloak.createClient("acme", Map.of("clientId", entityId, "protocol", "saml", "enabled", true,
                "redirectUris", List.of("https://localhost:8443/saml/acs"), "attributes", Map.of(
                        "saml.assertion.signature", "true", "saml.server.signature", "true",
                        "saml.signature.algorithm", "RSA_SHA256", "saml.client.signature", "false",
                        "saml_force_name_id_format", "true", "saml_name_id_format", "email",
                        "saml.authnstatement", "true", "saml_assertion_consumer_url_post", "https://localhost:8443/saml/acs")));

        ApiClient browser = client();
        Response started = browser.get("/w/" + ws.workspace() + "/saml/" + connection);
        assertThat(started.status()).as(started.toString()).isEqualTo(302);
        String cookie = started.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-sr-saml=")).findFirst().orElseThrow();
        URI authorize = URI.create(started.header("Location"));
        HttpResponse<String> page = keycloakBrowser.send(HttpRequest.newBuilder(authorize).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        Matcher action = Pattern.compile("id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"|action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"")
                .matcher(page.body());
        assertThat(action.find()).as(page.body()).isTrue();
        String target = (action.group(1) != null ? action.group(1) : action.group(2)).replace("&amp;", "&");
        HttpResponse<String> posted = keycloakBrowser.send(HttpRequest.newBuilder(URI.create(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=ada&password=ada-keycloak-password-1&credentialId="))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        String samlResponse = field(posted.body(), "SAMLResponse");
        String relayState = field(posted.body(), "RelayState");
        Response in = browser.send(browser.request("/saml/acs").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')))
                .POST(HttpRequest.BodyPublishers.ofString("SAMLResponse=" + URLEncoder.encode(samlResponse,
                        StandardCharsets.UTF_8) + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8))));
        assertThat(in.status()).as(in.toString() + " " + all.sql("select reason from audit_event where tenant_id = :t"
                + " and action = 'auth.login.failed' order by seq desc limit 1").param("t", ws.tenantId())
                .query(String.class).optional().orElse("")).isEqualTo(200);
        assertThat(in.body()).contains("url=/app");
        assertThat(all.sql("select details::text from audit_event where tenant_id = :t and action = 'auth.login'"
                + " order by seq desc limit 1").param("t", ws.tenantId()).query(String.class).single())
                .contains("\"provider\": \"saml\"");
    }

    /** The value of a hidden field of Keycloak's auto-posting form. */
    private static String field(String html, String name) {
        Matcher value = Pattern.compile("name=\"" + name + "\"\\s+value=\"([^\"]*)\"|value=\"([^\"]*)\"\\s+name=\"" + name
                + "\"").matcher(html);
        assertThat(value.find()).as(name + " in " + html).isTrue();
        return (value.group(1) != null ? value.group(1) : value.group(2)).replace("&#x2b;", "+").replace("&#x3d;", "=")
                .replace("&#x2f;", "/").replace("&amp;", "&").replace("&#43;", "+").replace("&#61;", "=");
    }
}
