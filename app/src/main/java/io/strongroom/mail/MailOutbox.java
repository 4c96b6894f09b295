package io.strongroom.mail;

/**
 * Queues mail for delivery. Must be called inside the transaction of the change that causes the
 * message, with the tenant bound: the message is sent only if that transaction commits, and it is
 * never lost if SMTP is down.
 */
public interface MailOutbox {

    void enqueue(OutgoingMail mail);

    /**
     * Queues a message about a workspace that no longer exists (the deletion certificate to its
     * former Owners): the workspace's own outbox is gone and its keys are destroyed, so the message
     * waits in the catalog's queue, its body sealed by the master keyset, and is deleted once sent.
     * Call inside the transaction of the change; no tenant binding is needed.
     */
    void enqueueOutsideWorkspace(OutgoingMail mail);
}
