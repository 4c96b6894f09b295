package io.strongroom.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strongroom.mail.OutgoingMail;
import io.strongroom.testsupport.TestMail;

/**
 * N2: the relay's certificate must name the host Strongroom connects to. A TLS relay on loopback
 * presents the test certificate (trusted, issued for {@code localhost} and {@code 127.0.0.1}):
 * reached as 127.0.0.1 the client goes on to greet it; reached as 127.0.0.2 — same certificate,
 * same trust — the client gives up after the handshake and says nothing, so no mail could leave.
 */
@Tag("N2")
class SmtpHostNameTest {

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        TestMail mail = TestMail.get();
        try (FakeRelay right = new FakeRelay("127.0.0.1"); FakeRelay wrong = new FakeRelay("127.0.0.2")) {
            Throwable control = send("127.0.0.1", right.port(), mail.certificate());
            assertThat(right.heard()).as("the control: the matching name is greeted (" + control + ")")
                    .anyMatch(line -> line.startsWith("EHLO") || line.startsWith("HELO"));

            assertThatThrownBy(() -> {
                Throwable failure = send("127.0.0.2", wrong.port(), mail.certificate());
                if (failure != null) {
                    throw failure;
                }
            }).hasStackTraceContaining("127.0.0.2");
            assertThat(wrong.heard()).as("nothing said to a relay whose certificate names another host").isEmpty();
        }
    }

    private static Throwable send(String host, int port, Path certificate) {
        SmtpMailTransport transport = new SmtpMailTransport(new MailProperties.Smtp(host, port, "implicit", null, null,
                certificate.toString(), Duration.ofSeconds(5)), "test@localhost");
        try {
            transport.send(UUID.randomUUID(), new OutgoingMail("x@example.org", "Host name", "secret link"));
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /** Implicit TLS with the test certificate, a greeting, then it records what the client says and hangs up. */
    static final class FakeRelay implements AutoCloseable {

        private final SSLServerSocket server;
        private final List<String> heard = new CopyOnWriteArrayList<>();

        FakeRelay(String address) throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(System.getProperty("greenmail.tls.keystore.file")))) {
                keys.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, "changeit".toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(factory.getKeyManagers(), null, null);
            server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getByName(address));
            Thread.ofPlatform().daemon().name("fake-relay").start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> heard() {
            return heard;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (SSLSocket client = (SSLSocket) server.accept()) {
                    client.setSoTimeout(5_000);
                    client.startHandshake();
                    client.getOutputStream().write("220 fake relay\r\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    String line = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII))
                            .readLine();
                    if (line != null) {
                        heard.add(line);
                    }
                } catch (Exception e) {
                    // the client gave up, as it should with a wrong name; or the relay is closing
                }
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
