package io.strongroom.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTPS client for one server: HTTP/1.1 with keep-alive (the JDK client pools and reuses its
 * connections), trusting exactly the server's certificate, host name checked.
 */
final class Https {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Response(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        Response expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("HTTP " + status + " (expected " + expected + ") from "
                        + raw.request().method() + " " + raw.request().uri().getPath() + ": "
                        + body.substring(0, Math.min(300, body.length())));
            }
            return this;
        }
    }

    private final HttpClient client;
    private final String base;

    Https(String base, Path trustedCertificate) {
        this.base = base;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trusting(trustedCertificate))
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    String base() {
        return base;
    }

    Response get(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, bearer).GET();
        return send(request);
    }

    Response postJson(String path, Object body, String bearer) throws IOException, InterruptedException {
        return send(request(path, bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Response patchJson(String path, Object body, String bearer, String ifMatch) throws IOException, InterruptedException {
        return send(request(path, bearer).header("Content-Type", "application/merge-patch+json").header("If-Match", ifMatch)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Response postForm(String path, Map<String, String> form, String bearer) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path, bearer).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response put(String path, Object body, String bearer) throws IOException, InterruptedException {
        return send(request(path, bearer).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("User-Agent", "strongroom-bench");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    /** Downloads {@code path} and answers how many bytes came (the body itself is not kept). */
    long download(String path, String bearer) throws IOException, InterruptedException {
        HttpResponse<java.io.InputStream> response = client.send(request(path, bearer).timeout(Duration.ofMinutes(10))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
            }
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), response);
    }

    static SSLContext trusting(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("server-" + i++, (X509Certificate) cert);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot trust " + certificate, e);
        }
    }
}
