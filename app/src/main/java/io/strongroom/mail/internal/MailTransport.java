package io.strongroom.mail.internal;

import java.util.UUID;

import io.strongroom.mail.OutgoingMail;

/** Where mail finally goes: an SMTP relay over TLS, or files when no relay is configured. */
interface MailTransport {

    void send(UUID messageId, OutgoingMail mail) throws Exception;
}
