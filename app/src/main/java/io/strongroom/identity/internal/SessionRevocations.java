package io.strongroom.identity.internal;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.platform.DatabaseNotifications;
import io.strongroom.platform.TenantContext;

/**
 * Ended sessions, so their access tokens stop working at once on every node (A10), not when they
 * expire. The set lives in memory — the read path is a map lookup — and is fed by the database:
 * a trigger on {@code auth_session} announces every ended or deleted session on a NOTIFY channel
 * (V10), and this node adds its own revocations the moment they commit. After (re)connecting, the
 * set catches up from {@code session_revocation}. When the node cannot confirm that its set is
 * fresh (the listening connection is down or late), it asks the database about the session
 * instead; if the database cannot answer either, the request fails rather than trusting a token.
 */
@Component
class SessionRevocations implements DatabaseNotifications.Subscriber {

    static final String CHANNEL = "strongroom_session_revoked";
    /** How stale the set may be before a lookup goes to the database. */
    static final Duration FRESHNESS = Duration.ofSeconds(1);
    /** How long an id is kept: longer than any access token can live (300 s) plus skew. */
    static final Duration KEEP = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(SessionRevocations.class);

    /** session id -> System.nanoTime() when it was learned */
    private final Map<UUID, Long> revoked = new ConcurrentHashMap<>();
    private final DatabaseNotifications notifications;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    SessionRevocations(DatabaseNotifications notifications, JdbcClient jdbc, TransactionTemplate transactions) {
        this.notifications = notifications;
        this.jdbc = jdbc;
        this.transactions = transactions;
        notifications.subscribe(CHANNEL, this);
    }

    /**
     * Whether the session has ended: from memory while the set is fresh, otherwise from the
     * database (under the token's tenant). Throws a {@code DataAccessException} when neither can say.
     */
    boolean isRevoked(UUID tenantId, UUID sessionId) {
        if (revoked.containsKey(sessionId)) {
            return true;
        }
        if (notifications.confirmedWithin(FRESHNESS)) {
            return false;
        }
        boolean ended = TenantContext.callAs(tenantId, () -> transactions.execute(tx -> jdbc.sql(
                "select coalesce(bool_and(revoked_at is not null), true) from auth_session where tenant_id = :t and id = :id")
                .param("t", tenantId).param("id", sessionId).query(Boolean.class).single()));
        if (ended) {
            remember(sessionId);
        }
        return ended;
    }

    /** This node's own revocation: known here as soon as the transaction commits (other nodes hear the NOTIFY). */
    void revokedInThisTransaction(UUID sessionId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    remember(sessionId);
                }
            });
        } else {
            remember(sessionId);
        }
    }

    @Override
    public void notified(String payload) {
        try {
            remember(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            log.warn("Ignored a malformed session revocation notice");
        }
    }

    /** After (re)connecting: every session ended within the keep window, then prune old entries. */
    @Override
    public void listening() {
        jdbc.sql("select session_id from session_revocation where revoked_at > now() - cast(:keep as interval)")
                .param("keep", KEEP.toSeconds() + " seconds")
                .query(UUID.class).list().forEach(this::remember);
        jdbc.sql("delete from session_revocation where revoked_at < now() - interval '1 day'").update();
        long cutoff = System.nanoTime() - KEEP.toNanos();
        revoked.values().removeIf(learned -> learned < cutoff);
    }

    /** Whether this node's in-memory set holds the session (no database fallback). */
    boolean remembers(UUID sessionId) {
        return revoked.containsKey(sessionId);
    }

    private void remember(UUID sessionId) {
        if (revoked.putIfAbsent(sessionId, System.nanoTime()) == null && revoked.size() % 1024 == 0) {
            long cutoff = System.nanoTime() - KEEP.toNanos();
            revoked.values().removeIf(learned -> learned < cutoff);
        }
    }
}
