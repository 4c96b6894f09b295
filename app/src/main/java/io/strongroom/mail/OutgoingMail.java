package io.strongroom.mail;

import java.util.Objects;

/**
 * A plain-text message to one recipient.
 *
 * @param to the recipient's address
 * @param subject one line
 * @param text the body; may contain single-use links, so it is deleted from the outbox once sent
 */
public record OutgoingMail(String to, String subject, String text) {

    public OutgoingMail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        if (subject.contains("\n") || subject.contains("\r")) {
            throw new IllegalArgumentException("A subject is one line");
        }
    }

    @Override
    public String toString() {
        return "OutgoingMail[to=" + to + ", subject=" + subject + "]";
    }
}
