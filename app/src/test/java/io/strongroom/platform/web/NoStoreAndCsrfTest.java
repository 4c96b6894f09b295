package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.ApiTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * N3 by enumeration: every GET an authenticated caller can make (API and pages, taken from the
 * handler mappings) answers {@code Cache-Control: no-store}, whatever its status; only the public
 * JWKS is cacheable. And CSRF (cookie-authenticated and page form posts, sign-in and sign-up
 * included) refuses a form post without the token.
 */
class NoStoreAndCsrfTest extends ApiTest {

    /** Public and meant to be cached: it holds public keys only. */
    static final Set<String> CACHEABLE = Set.of("/.well-known/jwks.json", "/.well-known/deletion-certificate-keys");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    @Tag("N3")
    void everyAuthenticatedGetIsNoStore() {
        Workspace ws = TestUsers.signUp(client(), "nostore");
        String owner = TestUsers.tokens(client(), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).access();
        Set<String> paths = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (methods.isEmpty() || methods.contains(RequestMethod.GET)) {
                paths.addAll(info.getPatternValues());
            }
        }
        paths.remove("/error");
        paths.removeAll(CACHEABLE);
        assertThat(paths).hasSizeGreaterThan(20);
        List<String> cached = new ArrayList<>();
        for (String pattern : paths) {
            String path = pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            Response response = bearer(owner).get(path);
            String cacheControl = response.header("Cache-Control");
            if (cacheControl == null || !cacheControl.contains("no-store")) {
                cached.add(pattern + " -> " + response.status() + " Cache-Control: " + cacheControl);
            }
        }
        assertThat(cached).as("GETs without Cache-Control: no-store").isEmpty();
        assertThat(new ApiClient(port).get("/.well-known/jwks.json").header("Cache-Control")).contains("public");
    }

    @Test
    @Tag("N3")
    void formPostsWithoutTheCsrfTokenAreRefused() {
        for (String path : List.of("/login", "/signup", "/forgot-password", "/logout")) {
            Response response = new ApiClient(port).postRaw(path, "application/x-www-form-urlencoded",
                    "workspace=acme&email=a%40b.example&password=whatever-password");
            assertThat(response.status()).as(path).isEqualTo(403);
        }
    }
}
