package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestUsers;
import io.strongroom.testsupport.TestUsers.Workspace;

/**
 * Settings that differ from the other tests' context: the optional plain-HTTP port (N1) only
 * redirects, management endpoints refuse networks outside their allow-list, and the per-workspace
 * rate limits of sign-in and recovery (A9) with small capacities.
 */
@StrongroomTest
@TestPropertySource(properties = {
        "strongroom.http.management-allowed-from=10.0.0.0/8",
        "strongroom.sign-in.per-workspace-capacity=3",
        "strongroom.recovery.per-workspace-capacity=2"})
class HttpOptionsTest {

    static final int HTTP_PORT = freePort();
    static final int HTTPS_PORT = freePort();

    @LocalServerPort
    int httpsPort;

    @org.springframework.beans.factory.annotation.Autowired
    io.strongroom.testsupport.TestClock clock;

    @org.junit.jupiter.api.AfterEach
    void resetClock() {
        clock.reset();
    }

    @DynamicPropertySource
    static void redirectPort(DynamicPropertyRegistry registry) {
        registry.add("strongroom.http.redirect-port", () -> HTTP_PORT);
        registry.add("server.port", () -> HTTPS_PORT);
        registry.add("strongroom.public-url", () -> "https://localhost:" + HTTPS_PORT);
    }

    @Test
    @Tag("N1")
    void plainHttpRequestsAreRedirectedAndNotProcessed() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/api/v1/version?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(308);
        assertThat(response.headers().firstValue("Location"))
                .contains("https://localhost:" + httpsPort + "/api/v1/version?x=1");
        // the Location comes from strongroom.public-url, never from the request's Host header
        try (java.net.Socket socket = new java.net.Socket("localhost", HTTP_PORT)) {
            socket.getOutputStream().write("GET /app HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 308").contains("Location: https://localhost:" + httpsPort + "/app")
                    .doesNotContain("evil");
        }
        assertThat(response.body()).isEmpty();

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + HTTP_PORT + "/api/v1/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(308);
        assertThat(post.body()).isEmpty();
    }

    @Test
    @Tag("L4")
    void managementEndpointsAnswerOnlyTheirNetworks() {
        ApiClient api = new ApiClient(httpsPort).header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN);
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus").status()).as("loopback is not in 10.0.0.0/8").isIn(401, 403);
        assertThat(api.method("POST", "/actuator/signingkeys", "{}").status()).isIn(401, 403);
        // a forged X-Forwarded-For does not help: the rule looks at the socket
        assertThat(new ApiClient(httpsPort, "10.1.2.3").header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN)
                .get("/actuator/prometheus").status()).isIn(401, 403);
    }

    @Test
    @Tag("A9")
    void signInAndRecoveryAreRateLimitedPerWorkspace() {
        clock.freeze();
        Workspace ws = TestUsers.signUp(new ApiClient(httpsPort), "wslimit");
        Response laptop = TestUsers.login(new ApiClient(httpsPort), ws.workspace(), ws.ownerEmail(), ws.ownerPassword());
        String deviceCookie = laptop.raw().headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-sr-device=")).findFirst().orElseThrow().split(";")[0];
        for (int i = 0; i < 5; i++) {
            assertThat(TestUsers.login(new ApiClient(httpsPort), ws.workspace(), ws.ownerEmail(), ws.ownerPassword())
                    .status()).as("successful sign-ins do not count against the workspace").isEqualTo(200);
        }
        List<Integer> signIns = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            signIns.add(TestUsers.login(new ApiClient(httpsPort), ws.workspace(), "x@example.org", "nope-" + i).status());
        }
        assertThat(signIns).as("failures do").containsExactly(401, 401, 401, 429);
        assertThat(TestUsers.login(new ApiClient(httpsPort), ws.workspace(), ws.ownerEmail(), ws.ownerPassword()).status())
                .as("a device that never signed in here is throttled, whatever its address").isEqualTo(429);
        assertThat(TestUsers.login(new ApiClient(httpsPort).header("Cookie", deviceCookie), ws.workspace(),
                ws.ownerEmail(), ws.ownerPassword()).status())
                .as("strangers cannot lock out a device that signed in before").isEqualTo(200);
        assertThat(TestUsers.login(new ApiClient(httpsPort).header("Cookie", deviceCookie), ws.workspace(),
                "someone.else@example.org", "guess").status()).as("the cookie vouches for its own account only").isEqualTo(429);
        assertThat(TestUsers.login(new ApiClient(httpsPort).header("Cookie", "__Host-sr-device=forged"), ws.workspace(),
                ws.ownerEmail(), ws.ownerPassword()).status()).isEqualTo(429);
        clock.advance(java.time.Duration.ofMinutes(1));
        assertThat(TestUsers.login(new ApiClient(httpsPort), ws.workspace(), "x@example.org", "nope").status())
                .as("the failure budget refills on the application clock").isEqualTo(401);

        List<Integer> recoveries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            recoveries.add(new ApiClient(httpsPort).post("/api/v1/auth/recovery",
                    Map.of("workspace", ws.workspace(), "email", "y@example.org")).status());
        }
        assertThat(recoveries).containsExactly(202, 202, 429);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
