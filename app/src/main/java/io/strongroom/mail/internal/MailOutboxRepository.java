package io.strongroom.mail.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.crypto.SecretSealer;
import io.strongroom.mail.MailOutbox;
import io.strongroom.mail.OutgoingMail;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;

@Repository
class MailOutboxRepository implements MailOutbox {

    private static final String TABLE = "mail_outbox";
    private static final String BODY = "body";

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;
    private final SecretSealer sealer;
    private final Clock clock;

    /** The body may hold a single-use link: stored encrypted under the tenant's key until sent, then deleted. */
    MailOutboxRepository(JdbcClient jdbc, FieldEncryption encryption, SecretSealer sealer, Clock clock) {
        this.jdbc = jdbc;
        this.encryption = encryption;
        this.sealer = sealer;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueueOutsideWorkspace(OutgoingMail mail) {
        UUID id = Ids.newId();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into catalog_mail (id, recipient, subject, body, next_attempt_at, created_at)
                values (:id, :recipient, :subject, :body, :now, :now)
                """)
                .param("id", id).param("recipient", mail.to()).param("subject", mail.subject())
                .param("body", sealer.seal(mail.text().getBytes(StandardCharsets.UTF_8), catalogContext(id)))
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Due messages of the catalog's queue. */
    @Transactional(readOnly = true)
    public List<UUID> catalogDue(Instant now, int limit) {
        return jdbc.sql("""
                select id from catalog_mail where failed_at is null and next_attempt_at <= :now
                 order by next_attempt_at limit :limit
                """).param("now", Timestamp.from(now)).param("limit", limit).query(UUID.class).list();
    }

    /** Locks one waiting message of the catalog's queue; empty if another node has it or it is gone. */
    Optional<Pending> lockCatalogPending(UUID id) {
        return jdbc.sql("""
                select id, recipient, subject, body, attempts, created_at from catalog_mail
                 where id = :id and failed_at is null for update skip locked
                """)
                .param("id", id)
                .query((rs, n) -> new Pending(rs.getObject("id", UUID.class),
                        new OutgoingMail(rs.getString("recipient"), rs.getString("subject"), new String(
                                sealer.open(rs.getBytes("body"), catalogContext(id)), StandardCharsets.UTF_8)),
                        rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    /** Sent: nothing of it is kept (it belonged to a workspace that no longer exists). */
    void catalogSent(UUID id) {
        jdbc.sql("delete from catalog_mail where id = :id").param("id", id).update();
    }

    void catalogFailed(UUID id, String error, Instant nextAttempt, boolean giveUp, Instant now) {
        jdbc.sql("""
                update catalog_mail set attempts = attempts + 1, last_error = :error, next_attempt_at = :next,
                       failed_at = case when :giveUp then cast(:now as timestamptz) end
                 where id = :id
                """)
                .param("id", id).param("error", error).param("next", Timestamp.from(nextAttempt))
                .param("giveUp", giveUp).param("now", Timestamp.from(now))
                .update();
    }

    private static String catalogContext(UUID id) {
        return "catalog_mail.body:" + id;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(OutgoingMail mail) {
        UUID id = Ids.newId();
        jdbc.sql("""
                insert into mail_outbox (tenant_id, id, recipient, subject, body)
                values (:tenant, :id, :recipient, :subject, :body)
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .param("recipient", mail.to())
                .param("subject", mail.subject())
                .param("body", encryption.encrypt(TABLE, BODY, id, mail.text()))
                .update();
    }

    /** Due messages of every tenant, as (tenant, id) pairs only; needs no tenant binding. */
    @Transactional(readOnly = true)
    public List<Due> due(Instant now, int limit) {
        return jdbc.sql("select tenant_id, id from mail_outbox_due(:now, :limit)")
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .list();
    }

    /** Locks one pending message of the bound tenant; empty if another node has it or it is gone. */
    Optional<Pending> lockPending(UUID id) {
        return jdbc.sql("""
                select id, recipient, subject, body, attempts, created_at from mail_outbox
                 where tenant_id = :tenant and id = :id and status = 'pending'
                 for update skip locked
                """)
                .param("tenant", TenantContext.require())
                .param("id", id)
                .query((rs, n) -> new Pending(rs.getObject("id", UUID.class),
                        new OutgoingMail(rs.getString("recipient"), rs.getString("subject"),
                                encryption.decrypt(TABLE, BODY, rs.getObject("id", UUID.class), rs.getBytes("body"))),
                        rs.getInt("attempts"), rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    void markSent(UUID id, Instant now) {
        jdbc.sql("""
                update mail_outbox set status = 'sent', sent_at = :now, body = null, last_error = null,
                       attempts = attempts + 1
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("now", Timestamp.from(now))
                .update();
    }

    void markFailed(UUID id, String error, Instant nextAttempt, boolean giveUp) {
        jdbc.sql("""
                update mail_outbox set attempts = attempts + 1, last_error = :error, next_attempt_at = :next,
                       status = case when :giveUp then 'failed' else 'pending' end
                 where tenant_id = :tenant and id = :id
                """)
                .param("tenant", TenantContext.require()).param("id", id).param("error", error)
                .param("next", Timestamp.from(nextAttempt)).param("giveUp", giveUp)
                .update();
    }

    record Due(UUID tenantId, UUID id) {
    }

    record Pending(UUID id, OutgoingMail mail, int attempts, Instant createdAt) {
    }

    /** Messages waiting for delivery in every tenant, and the creation time of the oldest (null when none). */
    Backlog backlog() {
        return jdbc.sql("select pending, oldest from mail_outbox_backlog()")
                .query((rs, n) -> new Backlog(rs.getLong("pending"),
                        rs.getTimestamp("oldest") == null ? null : rs.getTimestamp("oldest").toInstant()))
                .single();
    }

    record Backlog(long pending, java.time.Instant oldest) {
    }
}
