package io.strongroom.sms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;


import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.strongroom.platform.tls.LocalCertificateAuthority;
import io.strongroom.sms.SmsUnavailable;
import io.strongroom.testsupport.TestSmsc;

/**
 * A6 SMS codes: the gateways against real peers — jSMPP's server side as the carrier's SMSC (over
 * TLS, with its certificate checked), a JDK HTTPS server as a provider's API — and the files of the
 * embedded default. Whatever a peer refuses is an {@link SmsUnavailable}, never a silent loss.
 */
@Tag("A6")
class SmsGatewayTest {

    @TempDir
    Path home;

    private static SmsProperties.Smpp smpp(TestSmsc smsc, String password) {
        return new SmsProperties.Smpp("localhost", smsc.port(), TestSmsc.SYSTEM_ID, password, "",
                smsc.authority() == null ? null : smsc.authority().toString());
    }

    @Test
    void smppSubmitsOverTlsToTheSmscAndChecksItsName() throws IOException {
        try (TestSmsc smsc = new TestSmsc(home.resolve("smsc"), List.of("localhost"))) {
            SmppSmsGateway gateway = new SmppSmsGateway(smpp(smsc, TestSmsc.PASSWORD), "Strongroom", Duration.ofSeconds(5));
            gateway.send("+4915112345678", "123456 is your Strongroom code");
            TestSmsc.Message message = smsc.next();
            assertThat(message.systemId()).isEqualTo(TestSmsc.SYSTEM_ID);
            assertThat(message.destination()).isEqualTo("4915112345678");
            assertThat(message.destinationTon()).as("international").isEqualTo(1);
            assertThat(message.destinationNpi()).as("E.164").isEqualTo(1);
            assertThat(message.sourceTon()).as("alphanumeric sender").isEqualTo(5);
            assertThat(message.source()).isEqualTo("Strongroom");
            assertThat(message.text()).isEqualTo("123456 is your Strongroom code");

            gateway.send("+420601234567", "Váš kód 654321");
            TestSmsc.Message czech = smsc.next();
            assertThat(czech.dataCoding()).as("UCS-2 for text outside ASCII").isEqualTo((byte) 0x08);
            assertThat(czech.text()).isEqualTo("Váš kód 654321");

            assertThatThrownBy(() -> new SmppSmsGateway(smpp(smsc, "wrong"), "Strongroom", Duration.ofSeconds(5))
                    .send("+4915112345678", "x")).isInstanceOf(SmsUnavailable.class);
            assertThat(smsc.refusedBinds()).isEqualTo(1);
            smsc.refuseSubmissions(true);
            assertThatThrownBy(() -> gateway.send("+4915112345678", "x")).isInstanceOf(SmsUnavailable.class);
            assertThatThrownBy(() -> new SmppSmsGateway(new SmsProperties.Smpp("localhost", smsc.port(),
                    TestSmsc.SYSTEM_ID, TestSmsc.PASSWORD, "", null), "Strongroom", Duration.ofSeconds(5))
                    .send("+4915112345678", "x")).as("an authority the JDK does not know").isInstanceOf(SmsUnavailable.class);
        }
        try (TestSmsc elsewhere = new TestSmsc(home.resolve("other"), List.of("smsc.example.net"))) {
            assertThatThrownBy(() -> new SmppSmsGateway(smpp(elsewhere, TestSmsc.PASSWORD), "Strongroom",
                    Duration.ofSeconds(5)).send("+4915112345678", "x"))
                    .as("a certificate for another name").isInstanceOf(SmsUnavailable.class);
            assertThat(elsewhere.messages()).isEmpty();
        }
        try (TestSmsc plain = new TestSmsc(home, null)) {
            assertThatThrownBy(() -> new SmppSmsGateway(new SmsProperties.Smpp("localhost", plain.port(),
                    TestSmsc.SYSTEM_ID, TestSmsc.PASSWORD, "", null), "Strongroom", Duration.ofMillis(1500))
                    .send("+4915112345678", "x")).as("plain SMPP is never spoken").isInstanceOf(SmsUnavailable.class);
            assertThat(plain.messages()).isEmpty();
        }
    }

    @Test
    void httpsPostsToTheProviderWithItsTokenAndReportsRefusals() throws Exception {
        LocalCertificateAuthority.Issued issued = LocalCertificateAuthority.ensure(home, "provider", List.of("localhost"));
        HttpsServer server = HttpsServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestSmsc.serverContext(issued)));
        List<String> received = new CopyOnWriteArrayList<>();
        int[] status = {202};
        server.createContext("/v1/messages", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(status[0], -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "https://localhost:" + server.getAddress().getPort() + "/v1/messages";
            HttpsSmsGateway gateway = new HttpsSmsGateway(new SmsProperties.Https(url, "provider-token",
                    issued.authorityCertificate().toString()), "Strongroom", Duration.ofSeconds(5));
            gateway.send("+4915112345678", "123456 is your code");
            assertThat(received).containsExactly(
                    "Bearer provider-token {\"to\":\"+4915112345678\",\"from\":\"Strongroom\",\"text\":\"123456 is your code\"}");
            status[0] = 500;
            assertThatThrownBy(() -> gateway.send("+4915112345678", "x")).isInstanceOf(SmsUnavailable.class);
            assertThatThrownBy(() -> new HttpsSmsGateway(new SmsProperties.Https(url, "t", null), "Strongroom",
                    Duration.ofSeconds(5)).send("+4915112345678", "x")).as("the provider's certificate is checked")
                    .isInstanceOf(SmsUnavailable.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutAGatewayMessagesGoToFilesOnlyTheOwnerReads() throws IOException {
        FileSmsGateway gateway = new FileSmsGateway(home.resolve("sms"));
        gateway.send("+4915112345678", "123456 is your code");
        List<Path> files;
        try (var listing = Files.list(home.resolve("sms"))) {
            files = listing.toList();
        }
        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.getFirst())).contains("To: +4915112345678").contains("123456 is your code");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.getFirst()))).isEqualTo("rw-------");
    }

    @Test
    void mistakesInTheSettingsAreNamed() {
        SmsProperties.Smpp noSmpp = new SmsProperties.Smpp(null, 3550, null, null, "", null);
        SmsProperties.Https noHttps = new SmsProperties.Https(null, null, null);
        assertThat(SmsConfiguration.check(new SmsProperties("file", "Strongroom", Duration.ofSeconds(10), noSmpp, noHttps)))
                .isEmpty();
        assertThat(SmsConfiguration.check(new SmsProperties("carrier-pigeon", "Strongroom", Duration.ofSeconds(10),
                noSmpp, noHttps))).singleElement().asString().contains("strongroom.sms.gateway");
        assertThat(SmsConfiguration.check(new SmsProperties("file", "A sender that is far too long",
                Duration.ofSeconds(10), noSmpp, noHttps))).singleElement().asString().contains("strongroom.sms.sender");
        assertThat(SmsConfiguration.check(new SmsProperties("smpp", "Strongroom", Duration.ofSeconds(10), noSmpp,
                noHttps))).hasSize(3);
        assertThat(SmsConfiguration.check(new SmsProperties("smpp", "Strongroom", Duration.ofSeconds(10),
                new SmsProperties.Smpp("smsc.example", 3550, "id", "pass-too-long", "", null), noHttps)))
                .singleElement().asString().contains("password");
        assertThat(SmsConfiguration.check(new SmsProperties("https", "+4915112345678", Duration.ofSeconds(10), noSmpp,
                new SmsProperties.Https("http://sms.example/api", "t", null)))).singleElement().asString()
                .contains("https://");
        assertThat(SmsConfiguration.check(new SmsProperties("https", "Strongroom", Duration.ofSeconds(10), noSmpp,
                new SmsProperties.Https("https://sms.example/api", "", null)))).singleElement().asString().contains("token");
    }
}
