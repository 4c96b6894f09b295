package io.strongroom.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The test JVM's SMTP server: GreenMail speaking implicit TLS (SMTPS) with a certificate for
 * {@code localhost} made by keytool, so the application checks the certificate and the host name
 * exactly as it does in production (trusting this one certificate instead of a public CA).
 */
public final class TestMail {

    private static TestMail instance;

    private final GreenMail greenMail;
    private final Path certificate;

    private TestMail(GreenMail greenMail, Path certificate) {
        this.greenMail = greenMail;
        this.certificate = certificate;
    }

    public static synchronized TestMail get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("strongroom-test-smtp");
                Path keystore = dir.resolve("smtp.p12");
                Path certificate = dir.resolve("smtp.pem");
                keytool("-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
                        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
                keytool("-exportcert", "-rfc", "-alias", "smtp", "-keystore", keystore.toString(),
                        "-storepass", "changeit", "-file", certificate.toString());
                System.setProperty("greenmail.tls.keystore.file", keystore.toString());
                System.setProperty("greenmail.tls.keystore.password", "changeit");
                GreenMail greenMail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
                greenMail.start();
                Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop, "test-smtp-stop"));
                instance = new TestMail(greenMail, certificate);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    /** A plain-text SMTP server without STARTTLS, to prove the application refuses to use it. */
    public static GreenMail plainServer() {
        GreenMail plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        plain.start();
        return plain;
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String[] command = new String[args.length + 1];
        command[0] = keytool.toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return greenMail.getSmtps().getPort();
    }

    public Path certificate() {
        return certificate;
    }

    /** Messages received so far for {@code address}. */
    public List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> isTo(m, address)).toList();
    }

    /** Waits up to 10 s for a message to {@code address} whose subject contains {@code subject}. */
    public MimeMessage await(String address, String subject) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            Optional<MimeMessage> found = messagesTo(address).stream().filter(m -> subject(m).contains(subject)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            sleep();
        }
        throw new AssertionError("No mail to " + address + " with subject containing '" + subject + "' arrived; got "
                + messagesTo(address).stream().map(TestMail::subject).toList());
    }

    public static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "=");
    }

    /** The single-use token in a message's link ({@code ?token=...}). */
    public static String token(MimeMessage message) {
        Matcher matcher = Pattern.compile("token=([A-Za-z0-9._-]+)").matcher(body(message));
        if (!matcher.find()) {
            throw new AssertionError("No token link in: " + body(message));
        }
        return matcher.group(1);
    }

    /**
     * The single-use token of the newest mail to {@code address} whose subject contains
     * {@code subject}: from the outbox as soon as the mail is queued (its body is kept until it is
     * sent), or from the relay once delivered. For tests about what a link does, not about delivery,
     * which another test application sharing the outbox may be the one to make.
     */
    public static String linkToken(String address, String subject) {
        org.springframework.jdbc.core.simple.JdbcClient all =
                org.springframework.jdbc.core.simple.JdbcClient.create(TestDatabase.get().superuserDataSource());
        return org.awaitility.Awaitility.await("a mail to " + address + " about '" + subject + "'")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Optional<MimeMessage> delivered = get().messagesTo(address).stream()
                            .filter(m -> subject(m).contains(subject)).reduce((first, second) -> second);
                    if (delivered.isPresent()) {
                        return Optional.of(token(delivered.get()));
                    }
                    return all.sql("""
                            select tenant_id, id, body from mail_outbox where lower(recipient) = lower(:r) and subject like :s
                               and body is not null order by created_at desc limit 1
                            """).param("r", address).param("s", "%" + subject + "%")
                            .query((rs, n) -> outboxBody(rs.getObject("tenant_id", java.util.UUID.class),
                                    rs.getObject("id", java.util.UUID.class), rs.getBytes("body")))
                            .optional().filter(java.util.Objects::nonNull)
                            .map(body -> Pattern.compile("token=([A-Za-z0-9._-]+)").matcher(body))
                            .filter(Matcher::find).map(m -> m.group(1));
                }, Optional::isPresent).orElseThrow();
    }

    /**
     * The token of a newer link than {@code previous} (after a link was sent again): waits until one
     * appears and answers that one, so a slower delivery of the earlier mail cannot hand back the old.
     */
    public static String newerLinkToken(String address, String subject, String previous) {
        return org.awaitility.Awaitility.await("a newer mail to " + address + " about '" + subject + "'")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> linkToken(address, subject), token -> !token.equals(previous));
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static volatile io.strongroom.crypto.FieldEncryption outbox;

    static void readOutboxWith(io.strongroom.crypto.FieldEncryption encryption) {
        outbox = encryption;
    }

    /** The body of a mail still in the outbox, decrypted with its tenant's key (null when it cannot be read). */
    private static String outboxBody(java.util.UUID tenant, java.util.UUID id, byte[] body) {
        io.strongroom.crypto.FieldEncryption encryption = outbox;
        if (encryption == null) {
            return null;
        }
        try {
            return io.strongroom.platform.TenantContext.callAs(tenant, () -> encryption.decrypt("mail_outbox", "body", id, body));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
