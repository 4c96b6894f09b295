package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.StrongroomTest;

/**
 * Client errors are 4xx, never 5xx: malformed percent-encodings anywhere in a query, requests
 * Tomcat refuses before the application (400, 501), CR/LF in a sign-in's {@code next}; each gets
 * problem+json (or the HTML error page when a browser asks), changes nothing, and leaves at most
 * one log line and no stack trace. Redirects never use the request's Host header.
 */
@StrongroomTest
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestTest {

    @LocalServerPort
    int port;

    @Test
    @Tag("N1")
    void malformedPercentEncodingsAreA400ProblemWithoutAStackTrace(CapturedOutput output) throws IOException {
        int before = output.getAll().length();
        for (String target : List.of("/actuator/health?x=%", "/api/v1/people?q=%", "/api/v1/people?q=%zz",
                "/api/v1/version?a=%E0%A4", "/api/v1/auth/login?x=%", "/?next=%G1", "/api/v1/people?%=1")) {
            Raw response = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(response.status()).as(target + "\n" + response).isEqualTo(400);
            assertThat(response.header("content-type")).as(target).startsWith("application/problem+json");
            assertThat(response.body()).as(target).contains("\"status\":400").doesNotContain("Exception");
            assertThat(response.header("cache-control")).contains("no-store");
        }
        Raw page = send("GET /app/people?q=% HTTP/1.1\r\nHost: localhost\r\nAccept: text/html,application/xhtml+xml\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>").doesNotContain("Exception");
        String log = output.getAll().substring(before);
        assertThat(log).doesNotContain("\tat ").doesNotContain("Unexpected error").doesNotContain("InvalidParameterException");
        assertThat(log.lines().filter(line -> line.contains("Refused GET")).count()).isLessThanOrEqualTo(8);
    }

    @Test
    @Tag("N1")
    void requestsTomcatRefusesGetAProblemToo(CapturedOutput output) throws IOException {
        int before = output.getAll().length();
        Raw badTarget = send("GET /?x=|<script> HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n");
        assertThat(badTarget.status()).as(badTarget.toString()).isEqualTo(400);
        assertThat(badTarget.header("content-type")).startsWith("application/problem+json");
        assertThat(badTarget.body()).contains("\"status\":400").doesNotContain("<script>").doesNotContain("Tomcat");

        Raw browser = send("GET /%00 HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\r\n");
        assertThat(browser.status()).isEqualTo(400);
        assertThat(browser.header("content-type")).startsWith("text/html");
        assertThat(browser.body()).doesNotContain("Tomcat").doesNotContain("Apache");

        Raw coding = send("POST /api/v1/signup HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: br\r\n"
                + "Content-Type: application/json\r\nAccept: application/json\r\n\r\n");
        assertThat(coding.status()).as(coding.toString()).isEqualTo(501);
        assertThat(coding.header("content-type")).startsWith("application/problem+json");
        assertThat(coding.body()).contains("\"status\":501");
        assertThat(output.getAll().substring(before)).doesNotContain("\tat ");
    }

    @Test
    @Tag("N1")
    void aMalformedFormBodyIsA400(CapturedOutput output) throws IOException {
        int before = output.getAll().length();
        String form = "workspace=%zz&email=a%40b.example&password=x&_csrf=x";
        for (String accept : List.of("application/json", "text/html")) {
            Raw response = send("POST /login HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\nConnection: close\r\n\r\n" + form);
            assertThat(response.status()).as(accept + "\n" + response).isEqualTo(400);
            assertThat(response.header("content-type")).startsWith(accept.equals("text/html") ? "text/html"
                    : "application/problem+json");
        }
        assertThat(output.getAll().substring(before)).doesNotContain("\tat ");
    }

    @Test
    @Tag("N1")
    void unknownQueryParametersAreA400NamingThem() {
        var api = new ApiClient(port);
        var unknown = api.get("/api/v1/version?verbose=1");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asString()).isEqualTo("verbose");
        assertThat(api.get("/api/v1/version").status()).isEqualTo(200);
    }

    /** A mistyped page address shows a browser an error page, an API client a problem; both 404. */
    @Test
    void anUnknownAddressIsAnErrorPageForBrowsersAndAProblemForApiClients() throws IOException {
        for (String path : new String[] {"/app/nope", "/app/people/x/y/z", "/nothing-here"}) {
            Raw page = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html,application/xhtml+xml\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.header("content-type")).as(path).startsWith("text/html");
            assertThat(page.body()).as(path).contains("<h1>Not found</h1>").doesNotContain("urn:strongroom:problem");
            Raw json = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
            assertThat(json.status()).as(path).isEqualTo(404);
            assertThat(json.header("content-type")).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    @Tag("N1")
    void theErrorPathAskedForDirectlyIsA404() throws IOException {
        Raw json = send("GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
        assertThat(json.status()).as(json.toString()).isEqualTo(404);
        assertThat(json.header("content-type")).startsWith("application/problem+json");
        Raw page = send("GET /error HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.header("content-type")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>");
    }

    @Test
    @Tag("N1")
    void redirectsNeverFollowTheHostHeader() throws IOException {
        Raw redirect = send("GET /app HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("location")).startsWith("/login").doesNotContain("evil");
        Raw root = send("GET / HTTP/1.1\r\nHost: evil.example:8443\r\nAccept: text/html\r\nConnection: close\r\n\r\n");
        assertThat(root.header("location")).isNotNull().startsWith("/").doesNotContain("evil");
    }

    @Test
    @Tag("N1")
    void aSignInsNextCannotInjectHeaders() {
        for (String next : List.of("/app\r\nSet-Cookie: stolen=1", "/app/people\nLocation: https://evil.example",
                "/app/\u0000", "https://evil.example/app", "//evil.example/app", "/app\\\\evil", "/application")) {
            assertThat(io.strongroom.web.Forms.safeNext(next)).as(next).isEqualTo("/app");
        }
        assertThat(io.strongroom.web.Forms.safeNext("/app/people/123?saved#top"))
                .isEqualTo("/app/people/123?saved#top");
    }

    record Raw(int status, String head, String body) {

        String header(String name) {
            return head.lines().skip(1).filter(l -> l.toLowerCase().startsWith(name.toLowerCase() + ":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return head + "\n\n" + body;
        }
    }

    private Raw send(String request) throws IOException {
        try (SSLSocket socket = (SSLSocket) ApiClient.trustingTestCertificate().getSocketFactory()
                .createSocket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            try {
                while ((read = in.read(buffer)) > 0) {
                    all.write(buffer, 0, read);
                    String text = all.toString(StandardCharsets.UTF_8);
                    if (complete(text)) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the server closed the connection after answering
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            int status = Integer.parseInt(head.split(" ")[1]);
            return new Raw(status, head, body);
        }
    }

    /** Whether a response with Content-Length has arrived whole (chunked ones end with the connection). */
    private static boolean complete(String text) {
        int split = text.indexOf("\r\n\r\n");
        if (split < 0) {
            return false;
        }
        for (String line : text.substring(0, split).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).strip());
                return text.substring(split + 4).getBytes(StandardCharsets.UTF_8).length >= length;
            }
            if (line.toLowerCase().startsWith("transfer-encoding:")) {
                return text.endsWith("0\r\n\r\n");
            }
        }
        return false;
    }
}
