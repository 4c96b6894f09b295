package io.strongroom.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTPS client for tests: trusts the certificate the application generated under the test
 * home (and nothing else), and presents itself as its own client IP through
 * {@code X-Forwarded-For} (the test application trusts loopback as a proxy).
 */
public final class ApiClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String base;
    private final String clientIp;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();

    public ApiClient(int port) {
        this(port, randomClientIp());
    }

    public ApiClient(int port, String clientIp) {
        this(port, clientIp, testCertificate());
    }

    /** A client of a server whose (self-signed) certificate is {@code certificate}. */
    public ApiClient(int port, String clientIp, Path certificate) {
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.base = "https://localhost:" + port;
        this.clientIp = clientIp;
    }

    /** An address from the documentation ranges, different for each client. */
    public static String randomClientIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.51." + r.nextInt(0, 256) + "." + r.nextInt(1, 255);
    }

    public String clientIp() {
        return clientIp;
    }

    public ApiClient header(String name, String value) {
        defaultHeaders.put(name, value);
        return this;
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Response postRaw(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response method(String method, String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    /** A request builder with the client's defaults; for tests that need unusual requests. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("X-Forwarded-For", clientIp);
        defaultHeaders.forEach(builder::header);
        return builder;
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request} and keeps the body as bytes (a download). */
    public HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object body) {
        return body instanceof String text ? text : JSON.writeValueAsString(body);
    }

    /** An SSL context that trusts exactly the self-signed certificate of the test home. */
    public static SSLContext trustingTestCertificate() {
        return trusting(testCertificate());
    }

    private static Path testCertificate() {
        return TestDatabase.get().home().resolve("tls").resolve("certificate.pem");
    }

    /** An SSL context that trusts exactly {@code certificate}. */
    public static SSLContext trusting(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("strongroom", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust the test certificate " + certificate, e);
        }
    }

    /** A response with its body as text and, when it is JSON, as a tree. */
    public record Response(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.body();
        }
    }
}
