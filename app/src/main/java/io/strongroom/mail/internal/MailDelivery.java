package io.strongroom.mail.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.Backoff;
import io.strongroom.platform.TenantContext;

/**
 * The delivery job: finds due messages of all tenants, then for each binds its tenant, locks it
 * (so two nodes never send one message), sends it and records the outcome. A failure is retried
 * with exponential backoff (30 s doubling up to 1 h) for three days before it is marked failed.
 */
public class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    static final int BATCH = 50;
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofHours(1);
    static final Backoff RETRIES = new Backoff(FIRST_RETRY, MAX_RETRY);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);

    private final MailOutboxRepository outbox;
    private final MailTransport transport;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MailDelivery(MailOutboxRepository outbox, MailTransport transport, TransactionTemplate transactions, Clock clock) {
        this.outbox = outbox;
        this.transport = transport;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Delivers what is due now; returns how many messages were sent. */
    public int deliverDue() {
        int sent = 0;
        for (MailOutboxRepository.Due due : outbox.due(clock.instant(), BATCH)) {
            Boolean ok = TenantContext.callAs(due.tenantId(), () -> transactions.execute(tx -> deliver(due)));
            if (Boolean.TRUE.equals(ok)) {
                sent++;
            }
        }
        for (UUID id : outbox.catalogDue(clock.instant(), BATCH)) {
            if (Boolean.TRUE.equals(transactions.execute(tx -> deliverCatalog(id)))) {
                sent++;
            }
        }
        return sent;
    }

    /** A message of the catalog's queue (about a workspace that no longer exists): the same retries. */
    private boolean deliverCatalog(UUID id) {
        var pending = outbox.lockCatalogPending(id);
        if (pending.isEmpty()) {
            return false;
        }
        var message = pending.get();
        Instant now = clock.instant();
        try {
            transport.send(message.id(), message.mail());
            outbox.catalogSent(message.id());
            return true;
        } catch (Exception e) {
            Failure failure = failure(message, e, now);
            outbox.catalogFailed(message.id(), failure.error(), now.plus(failure.backoff()), failure.giveUp(), now);
            return false;
        }
    }

    private record Failure(String error, Duration backoff, boolean giveUp) {
    }

    /** How a failed attempt is recorded and logged (both queues). */
    private static Failure failure(MailOutboxRepository.Pending message, Exception e, Instant now) {
        int attempts = message.attempts() + 1;
        Duration backoff = RETRIES.after(attempts);
        boolean giveUp = Duration.between(message.createdAt(), now).compareTo(GIVE_UP_AFTER) > 0;
        String error = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage());
        error = error.length() > 500 ? error.substring(0, 500) : error;
        if (giveUp) {
            log.error("Gave up delivering mail {} after {} attempts: {}", message.id(), attempts, error);
        } else {
            log.warn("Mail {} not delivered (attempt {}), next try in {}: {}", message.id(), attempts, backoff, error);
        }
        return new Failure(error, backoff, giveUp);
    }

    private boolean deliver(MailOutboxRepository.Due due) {
        var pending = outbox.lockPending(due.id());
        if (pending.isEmpty()) {
            return false;
        }
        var message = pending.get();
        Instant now = clock.instant();
        try {
            transport.send(message.id(), message.mail());
            outbox.markSent(message.id(), now);
            return true;
        } catch (Exception e) {
            Failure failure = failure(message, e, now);
            outbox.markFailed(message.id(), failure.error(), now.plus(failure.backoff()), failure.giveUp());
            return false;
        }
    }
}
