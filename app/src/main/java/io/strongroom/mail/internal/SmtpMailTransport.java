package io.strongroom.mail.internal;

import java.util.Properties;
import java.util.UUID;


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
            props.put(p + "ssl.socketFactory", io.strongroom.platform.PemTrust.context(smtp.trustedCertificates(),
                    "strongroom.mail.smtp.trusted-certificates").getSocketFactory());
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
}
