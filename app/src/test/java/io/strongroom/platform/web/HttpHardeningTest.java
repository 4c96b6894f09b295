package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.StrongroomTest;

/** N1 (HTTPS only, TLS 1.2/1.3, security headers) and N3 (no-store) on every kind of response. */
@StrongroomTest
class HttpHardeningTest {

    @LocalServerPort
    int port;

    @Autowired
    ServletWebServerApplicationContext context;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    @Tag("N1")
    @Tag("N3")
    void everyResponseCarriesTheSecurityHeaders() {
        List<Response> responses = List.of(
                api.get("/api/v1/version"),                                   // 200
                api.get("/actuator/health"),                                  // 200 actuator
                api.post("/api/v1/signup", "{}"),                             // 400
                api.get("/api/v1/nothing-here"),                              // 404
                api.postRaw("/api/v1/signup", "text/plain", "x"),             // 415
                api.get("/actuator/env"));                                    // 401
        for (Response response : responses) {
            assertThat(response.header("Strict-Transport-Security")).as(response.toString())
                    .contains("max-age=31536000").contains("includeSubDomains");
            assertThat(response.header("Content-Security-Policy")).as(response.toString())
                    .contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Permissions-Policy")).contains("camera=()").contains("geolocation=()");
            assertThat(response.header("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
            assertThat(response.header("Cache-Control")).as(response.toString()).contains("no-store");
            assertThat(response.header("X-Request-Id")).isNotBlank();
        }
    }

    @Test
    @Tag("L4")
    void managementEndpointsNeedTheManagementTokenEvenFromLoopback() {
        String[] paths = {"/actuator/prometheus", "/actuator/signingkeys", "/actuator/integrity"};
        for (String path : paths) {
            assertThat(new ApiClient(port).get(path).status()).as(path + " without a token").isEqualTo(401);
            assertThat(new ApiClient(port).header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN + "x")
                    .get(path).status()).as(path + " with a wrong token").isEqualTo(401);
            assertThat(new ApiClient(port).header("Authorization", "Bearer not-even-close").get(path).status())
                    .isEqualTo(401);
            Response allowed = new ApiClient(port).header("Authorization", "Bearer " + StrongroomTest.MANAGEMENT_TOKEN)
                    .get(path);
            assertThat(allowed.status()).as(path + " " + allowed).isEqualTo(200);
        }
        assertThat(new ApiClient(port).get("/actuator/health").status()).as("health stays public").isEqualTo(200);
    }

    @Test
    @Tag("N1")
    void onlyTls12And13WithForwardSecretAeadSuitesAreOffered() {
        var sslHostConfig = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector()
                .findSslHostConfigs()[0];
        assertThat(sslHostConfig.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        assertThat(sslHostConfig.getEnabledCiphers()).isNotEmpty()
                .allSatisfy(cipher -> assertThat(cipher).matches("TLS_(AES|CHACHA20|ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM|CHACHA20_POLY1305))_.*"));
    }

    @Test
    @Tag("N1")
    void handshakesSucceedOnlyWithStrongParameters() throws IOException {
        assertThat(handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256")).isEqualTo("TLSv1.3");
        assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).isEqualTo("TLSv1.2");
        assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    @Tag("N1")
    void plainHttpOnTheHttpsPortServesNothing() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/version HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(readAll(socket.getInputStream()), StandardCharsets.US_ASCII);
            assertThat(answer).doesNotContain("\"version\"").doesNotStartWith("HTTP/1.1 200");
        }
    }

    private String handshake(String protocol, String cipher) throws IOException {
        try (SSLSocket socket = (SSLSocket) ApiClient.trustingTestCertificate().getSocketFactory()
                .createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {cipher});
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
