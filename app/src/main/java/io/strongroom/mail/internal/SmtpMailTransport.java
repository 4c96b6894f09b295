package io.strongroom.mail.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Properties;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import io.strongroom.mail.OutgoingMail;
import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;

/**
 * SMTP with TLS always: STARTTLS required (a relay that does not offer it is refused before any
 * message is sent) or implicit TLS; TLS 1.2+ only; the relay's certificate and host name are
 * checked.
 */
final class SmtpMailTransport implements MailTransport {

    private final Session session;
    private final String from;
    private final String protocol;

    SmtpMailTransport(MailProperties.Smtp smtp, String from) {
        this.from = from;
        boolean implicit = switch (smtp.tls()) {
            case "implicit" -> true;
            case "starttls" -> false;
            default -> throw new IllegalStateException(
                    "strongroom.mail.smtp.tls must be 'starttls' or 'implicit' (plain text is not supported): " + smtp.tls());
        };
        this.protocol = implicit ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.put("mail.transport.protocol", protocol);
        props.put(p + "host", smtp.host());
        props.put(p + "port", Integer.toString(smtp.port()));
        props.put(p + "connectiontimeout", Long.toString(smtp.timeout().toMillis()));
        props.put(p + "timeout", Long.toString(smtp.timeout().toMillis()));
        props.put(p + "writetimeout", Long.toString(smtp.timeout().toMillis()));
        props.put(p + "ssl.checkserveridentity", "true");
        props.put(p + "ssl.protocols", "TLSv1.3 TLSv1.2");
        if (implicit) {
            props.put(p + "ssl.enable", "true");
        } else {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (smtp.trustedCertificates() != null && !smtp.trustedCertificates().isBlank()) {
            props.put(p + "ssl.socketFactory", trusting(Path.of(smtp.trustedCertificates())));
        }
        Authenticator authenticator = null;
        if (smtp.username() != null && !smtp.username().isBlank()) {
            props.put(p + "auth", "true");
            authenticator = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(smtp.username(), smtp.password());
                }
            };
        }
        this.session = Session.getInstance(props, authenticator);
    }

    @Override
    public void send(UUID messageId, OutgoingMail mail) throws Exception {
        var message = Messages.mime(session, from, messageId, mail);
        try (Transport transport = session.getTransport(protocol)) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    private static SSLSocketFactory trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("smtp-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read strongroom.mail.smtp.trusted-certificates " + pem, e);
        }
    }
}
