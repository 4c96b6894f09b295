package io.strongroom.mail.internal;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.UUID;

import io.strongroom.mail.OutgoingMail;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Builds the MIME message of an outbox entry; its Message-ID is stable across retries. */
final class Messages {

    private Messages() {
    }

    static MimeMessage mime(Session session, String from, UUID messageId, OutgoingMail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", "<" + messageId + "@strongroom>");
            }
        };
        message.setFrom(new InternetAddress(from, true));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setText(mail.text(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");
        return message;
    }
}
