package io.strongroom.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * Browser sessions (A8, N3): the same tokens in {@code __Host-} cookies that scripts cannot read,
 * renewed transparently when the access token expires, with CSRF tokens on state-changing requests.
 */
@Tag("A8")
class CookieSessionTest extends ApiTest {

    Workspace ws;

    @BeforeEach
    void workspace() {
        ws = TestUsers.signUp(new ApiClient(port), "cookies");
    }

    @Test
    void cookieSignInSetsHardenedCookiesAndNoTokensInTheBody() {
        Response login = cookieLogin();
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.json().has("access_token")).isFalse();
        assertThat(login.json().has("refresh_token")).isFalse();
        assertThat(login.json().get("token_type").asString()).isEqualTo("cookie");
        assertThat(login.json().get("csrf_token").asString()).isNotBlank();
        List<String> setCookies = login.raw().headers().allValues("Set-Cookie");
        for (String name : List.of("__Host-sr-access", "__Host-sr-refresh")) {
            assertThat(setCookies).filteredOn(c -> c.startsWith(name + "=")).singleElement()
                    .satisfies(c -> assertThat(c).contains("HttpOnly").contains("Secure").contains("SameSite=Strict")
                            .contains("Path=/").doesNotContain("Domain="));
        }
    }

    @Test
    void theSessionSurvivesTheAccessTokenUnnoticed() {
        Map<String, String> jar = cookies(cookieLogin());
        assertThat(get("/api/v1/me", jar).status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(70)); // the access cookie's token has expired
        Response renewed = get("/api/v1/me", jar);
        assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
        Map<String, String> fresh = cookies(renewed);
        assertThat(fresh).containsKeys("__Host-sr-access", "__Host-sr-refresh");
        assertThat(fresh.get("__Host-sr-refresh")).isNotEqualTo(jar.get("__Host-sr-refresh"));
        jar.putAll(fresh);

        clock.advance(Duration.ofSeconds(70));
        assertThat(get("/api/v1/me", jar).status()).isEqualTo(200);
    }

    @Test
    void cookieAuthenticatedWritesNeedTheCsrfToken() {
        Response login = cookieLogin();
        Map<String, String> jar = cookies(login);
        String csrf = login.json().get("csrf_token").asString();

        Response without = new ApiClient(port).header("Cookie", header(jar)).post("/api/v1/me/sessions/revoke-all", "");
        assertThat(without.status()).isEqualTo(403);
        assertThat(get("/api/v1/me", jar).status()).as("nothing happened").isEqualTo(200);

        Response withToken = new ApiClient(port).header("Cookie", header(jar)).header("X-CSRF-TOKEN", csrf)
                .post("/api/v1/me/sessions/revoke-all", "");
        assertThat(withToken.status()).as(withToken.toString()).isEqualTo(204);
    }

    @Test
    @Tag("N3")
    @Tag("N1")
    void pagesAreNeverCachedAndCarryTheStrictContentSecurityPolicy() {
        Map<String, String> jar = cookies(cookieLogin());
        for (String path : List.of("/app/people", "/app/account", "/login", "/signup")) {
            Response page = get(path, jar);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Cache-Control")).as(path).contains("no-store");
            assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
            assertThat(page.body()).as(path + " has no inline script or style")
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>").doesNotContain("style=");
        }
        assertThat(get("/app/people", Map.of()).status()).as("signed out: sent to sign in").isEqualTo(302);
    }

    @Test
    void anEndedSessionClearsTheCookies() {
        Response login = cookieLogin();
        Map<String, String> jar = cookies(login);
        new ApiClient(port).header("Cookie", header(jar)).header("X-CSRF-TOKEN", login.json().get("csrf_token").asString())
                .post("/api/v1/auth/logout", "");
        clock.advance(Duration.ofSeconds(70));
        Response after = get("/api/v1/me", jar);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("__Host-sr-refresh=;"));
    }

    private Response cookieLogin() {
        return new ApiClient(port).post("/api/v1/auth/login", Map.of("workspace", ws.workspace(), "email", ws.ownerEmail(),
                "password", ws.ownerPassword(), "token_delivery", "cookie"));
    }

    private Response get(String path, Map<String, String> jar) {
        return new ApiClient(port).header("Cookie", header(jar)).get(path);
    }

    private static Map<String, String> cookies(Response response) {
        Map<String, String> jar = new LinkedHashMap<>();
        for (String cookie : response.raw().headers().allValues("Set-Cookie")) {
            String pair = cookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            jar.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return jar;
    }

    private static String header(Map<String, String> jar) {
        return jar.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }
}
