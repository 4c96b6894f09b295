package io.strongroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.ApiClient.Response;
import io.strongroom.testsupport.Await;
import io.strongroom.testsupport.Fixtures;

/**
 * The packaged application as a user runs it: {@code java -jar strongroom.jar} with nothing but a
 * home directory. It starts its own PostgreSQL, serves HTTPS with a generated certificate, keeps a
 * signup across a {@code kill -9} and a restart, and shuts PostgreSQL down on a normal stop.
 */
@Tag("T6")
@Tag("N1")
@Tag("O2")
class ApplicationProcessIT {

    @TempDir
    Path home;

    Process app;
    final Path log = Path.of("target", "application-process-it.log");

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void survivesKillNineAndStopsCleanly() throws Exception {
        int port = freePort();
        app = start(port);
        ApiClient api = awaitHealthy(port);

        String workspace = Fixtures.uniqueWorkspace("durable");
        Response created = api.post("/api/v1/signup", Fixtures.signup(workspace));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String certificate = Files.readString(home.resolve("tls/certificate.pem"));

        // kill -9: no shutdown hook runs, PostgreSQL is orphaned with the data
        app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        app = start(port);
        api = awaitHealthy(port);

        Response again = api.post("/api/v1/signup", Fixtures.signup(workspace));
        assertThat(again.status()).as("the signup made before kill -9 is still there: " + again).isEqualTo(409);
        assertThat(Files.readString(home.resolve("tls/certificate.pem"))).as("certificate reused").isEqualTo(certificate);
        assertThat(api.get("/api/v1/version").json().get("version").asString()).isNotBlank();

        // a normal stop (SIGTERM) lets a request in flight finish (graceful shutdown, O2): the request is
        // in the application (Tomcat answers 100-continue only when the handler reads the body) when
        // SIGTERM arrives, and its body follows later
        String late = Fixtures.uniqueWorkspace("inflight");
        byte[] body = ApiClient.JSON.writeValueAsBytes(Fixtures.signup(late));
        try (SSLSocket socket = (SSLSocket) ApiClient.trusting(home.resolve("tls/certificate.pem")).getSocketFactory()
                .createSocket("localhost", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/signup HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).as("the handler started reading the body").startsWith("HTTP/1.1 100");
            in.readLine(); // the blank line after the interim response
            long shutdownsBefore = shutdownsLogged();
            app.destroy(); // SIGTERM while the request is in the application
            // the body follows only once the graceful shutdown has begun, so the request is in flight during it
            Await.until(() -> shutdownsLogged() > shutdownsBefore, "graceful shutdown begun");
            out.write(body);
            out.flush();
            assertThat(in.readLine()).as("the request in flight was completed").startsWith("HTTP/1.1 201");
        }
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(home.resolve("postgres/postmaster.pid")).doesNotExist();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                .toList()).as("no process left on the data directory").isEmpty();
    }

    private Process start(int port) throws IOException {
        return PackagedApplication.start(home, port, log, Map.of());
    }

    private ApiClient awaitHealthy(int port) throws InterruptedException {
        return PackagedApplication.awaitHealthy(app, home, port, log);
    }

    private long shutdownsLogged() {
        try {
            return Files.readAllLines(log).stream().filter(line -> line.contains("Commencing graceful shutdown")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        return PackagedApplication.freePort();
    }
}
