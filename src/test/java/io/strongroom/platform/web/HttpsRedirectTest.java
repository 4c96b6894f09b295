package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.strongroom.testsupport.StrongroomTest;

/** N1: the optional plain-HTTP port only ever redirects to HTTPS. */
@StrongroomTest
@Tag("N1")
class HttpsRedirectTest {

    static final int HTTP_PORT = freePort();

    @LocalServerPort
    int httpsPort;

    @DynamicPropertySource
    static void redirectPort(DynamicPropertyRegistry registry) {
        registry.add("strongroom.http.redirect-port", () -> HTTP_PORT);
    }

    @Test
    void plainHttpRequestsAreRedirectedAndNotProcessed() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + HTTP_PORT + "/api/v1/version?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(308);
        assertThat(response.headers().firstValue("Location"))
                .contains("https://localhost:" + httpsPort + "/api/v1/version?x=1");
        assertThat(response.body()).isEmpty();

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + HTTP_PORT + "/api/v1/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(308);
        assertThat(post.body()).isEmpty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
