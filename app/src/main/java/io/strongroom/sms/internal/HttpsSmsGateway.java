package io.strongroom.sms.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.strongroom.sms.SmsGateway;
import io.strongroom.sms.SmsUnavailable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A provider's HTTPS API: {@code POST} the configured URL with a bearer token and
 * {@code {"to", "from", "text"}}; a 2xx answer means accepted. Only {@code https://} URLs; the
 * provider's certificate is checked (optionally against a configured PEM file).
 */
final class HttpsSmsGateway implements SmsGateway {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI url;
    private final String token;
    private final String sender;
    private final Duration timeout;
    private final HttpClient client;

    HttpsSmsGateway(SmsProperties.Https https, String sender, Duration timeout) {
        this.url = URI.create(https.url());
        this.token = https.token();
        this.sender = sender;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(io.strongroom.platform.PemTrust.context(https.trustedCertificates(),
                        "strongroom.sms.https.trusted-certificates"))
                .build();
    }

    @Override
    public void send(String to, String text) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("to", to);
        body.put("from", sender);
        body.put("text", text);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new SmsUnavailable("The SMS provider " + url.getHost() + " answered " + response.statusCode(), null);
            }
        } catch (java.io.IOException e) {
            throw new SmsUnavailable("The SMS provider " + url.getHost() + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SmsUnavailable("Interrupted while sending a text message", e);
        }
    }

    @Override
    public String kind() {
        return "https";
    }
}
