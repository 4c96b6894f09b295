package io.strongroom.mail;

/**
 * Queues mail for delivery. Must be called inside the transaction of the change that causes the
 * message, with the tenant bound: the message is sent only if that transaction commits, and it is
 * never lost if SMTP is down.
 */
public interface MailOutbox {

    void enqueue(OutgoingMail mail);
}
