package io.strongroom.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;

import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.OutgoingMail;
import io.strongroom.platform.TenantContext;
import io.strongroom.testsupport.ApiClient;
import io.strongroom.testsupport.StrongroomTest;
import io.strongroom.testsupport.TestClock;
import io.strongroom.testsupport.TestMail;
import io.strongroom.testsupport.TestUsers;

/**
 * N2 and the outbox: mail is queued in the transaction of its cause, delivered by the job over
 * TLS only, kept and retried while SMTP is down, and never sent for a rolled-back change.
 */
@StrongroomTest
@Tag("N2")
class MailOutboxTest {

    @LocalServerPort
    int port;

    @Autowired
    MailOutbox outbox;

    @Autowired
    MailOutboxRepository repository;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    UUID tenant;

    @BeforeEach
    void tenant() {
        tenant = TestUsers.signUp(new ApiClient(port), "mail").tenantId();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void committedMailIsDeliveredOverTlsByTheJob() {
        String to = "committed-" + UUID.randomUUID() + "@example.org";
        TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx ->
                outbox.enqueue(new OutgoingMail(to, "Hello over TLS", "Line one\nLine two"))));
        var message = TestMail.get().await(to, "Hello over TLS"); // delivered by the scheduled job, no manual trigger
        assertThat(TestMail.body(message)).contains("Line one");
        assertThat(statusOf(to)).isEqualTo("sent");
        assertThat(bodyOf(to)).as("a sent body is deleted: it may hold single-use links").isNull();
    }

    @Test
    void rolledBackChangesSendNothing() throws InterruptedException {
        String to = "rolledback-" + UUID.randomUUID() + "@example.org";
        assertThatThrownBy(() -> TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> {
            outbox.enqueue(new OutgoingMail(to, "Never", "This change fails"));
            throw new IllegalStateException("the change fails");
        }))).isInstanceOf(IllegalStateException.class);
        Thread.sleep(800); // several delivery intervals
        assertThat(TestMail.get().messagesTo(to)).isEmpty();
        assertThat(countOf(to)).isZero();
    }

    @Test
    void enqueueingOutsideATransactionIsAProgrammingError() {
        assertThatThrownBy(() -> TenantContext.runAs(tenant,
                () -> outbox.enqueue(new OutgoingMail("x@example.org", "No transaction", "x"))))
                .hasMessageContaining("transaction");
    }

    @Test
    void whenSmtpIsDownNothingIsLostAndEverythingGoesOutWhenItIsBack() {
        String to = "retry-" + UUID.randomUUID() + "@example.org";
        TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(tx -> {
            outbox.enqueue(new OutgoingMail(to, "Survives outages", "x"));
            // due in an hour, so the scheduled job (on the real clock) leaves it to the broken relay below
            jdbc.sql("update mail_outbox set next_attempt_at = now() + interval '1 hour' where recipient = :r")
                    .param("r", to).update();
        }));
        MailProperties.Smtp down = new MailProperties.Smtp("localhost", freePort(), "implicit", null, null,
                TestMail.get().certificate().toString(), Duration.ofSeconds(2));
        Clock anHourLater = Clock.offset(clock, Duration.ofMinutes(61));
        MailDelivery broken = new MailDelivery(repository, new SmtpMailTransport(down, "test@localhost"), transactions,
                anHourLater);

        assertThat(broken.deliverDue()).isZero();
        assertThat(statusOf(to)).isEqualTo("pending");
        assertThat(attemptsOf(to)).isEqualTo(1);
        assertThat(errorOf(to)).contains("Connect");
        assertThat(broken.deliverDue()).as("backing off: not retried at once").isZero();
        assertThat(attemptsOf(to)).isEqualTo(1);

        // the relay is back: once the backoff has passed, the scheduled job delivers it
        clock.advance(Duration.ofMinutes(62));
        TestMail.get().await(to, "Survives outages");
        assertThat(statusOf(to)).isEqualTo("sent");
        assertThat(attemptsOf(to)).isEqualTo(2);
    }

    @Test
    void aRelayWithoutStartTlsIsRefused() {
        GreenMail plain = TestMail.plainServer();
        try {
            MailProperties.Smtp insecure = new MailProperties.Smtp("127.0.0.1", plain.getSmtp().getPort(), "starttls",
                    null, null, null, Duration.ofSeconds(5));
            SmtpMailTransport transport = new SmtpMailTransport(insecure, "test@localhost");
            assertThatThrownBy(() -> transport.send(UUID.randomUUID(), new OutgoingMail("x@example.org", "Plain", "secret link")))
                    .hasMessageContaining("STARTTLS");
            assertThat(plain.getReceivedMessages()).as("nothing travelled in plain text").isEmpty();
        } finally {
            plain.stop();
        }
    }

    @Test
    void plainTextIsNotAnOption() {
        assertThatThrownBy(() -> new SmtpMailTransport(new MailProperties.Smtp("localhost", 25, "none", null, null, null,
                Duration.ofSeconds(1)), "x@localhost")).hasMessageContaining("plain text is not supported");
    }

    @Test
    void withoutSmtpMailIsWrittenToOwnerOnlyFiles(@TempDir Path dir) throws Exception {
        FileMailTransport files = new FileMailTransport(dir, "Strongroom <no-reply@localhost>");
        UUID id = UUID.randomUUID();
        files.send(id, new OutgoingMail("someone@example.org", "A link", "https://localhost:8443/x?token=abc"));
        Path eml = dir.resolve(id + ".eml");
        assertThat(eml).exists();
        assertThat(Files.readString(eml)).contains("Subject: A link").contains("token=abc").contains("Message-ID: <" + id);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(eml))).isEqualTo("rw-------");
    }

    @Test
    void headerInjectionIsImpossible() {
        assertThatThrownBy(() -> new OutgoingMail("x@example.org", "Hi\r\nBcc: victim@example.org", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String statusOf(String to) {
        return column(to, "status", String.class);
    }

    private String bodyOf(String to) {
        return column(to, "body", String.class);
    }

    private Integer attemptsOf(String to) {
        return column(to, "attempts", Integer.class);
    }

    private String errorOf(String to) {
        return column(to, "last_error", String.class);
    }

    private long countOf(String to) {
        return TestUsers.inTenant(tenant, jdbc -> jdbc.sql("select count(*) from mail_outbox where recipient = :r")
                .param("r", to).query(Long.class).single());
    }

    private <T> T column(String to, String column, Class<T> type) {
        return TestUsers.inTenant(tenant, jdbc -> jdbc.sql("select " + column + " from mail_outbox where recipient = :r")
                .param("r", to).query(type).optional().orElse(null));
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
