package io.strongroom.audit.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.strongroom.crypto.FieldEncryption;
import io.strongroom.crypto.TenantKeysDestroyed;
import io.strongroom.platform.SqlLike;
import io.strongroom.platform.TenantContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The bound tenant's audit records and chain head. The runtime role can only insert and read records. */
@Repository
class AuditRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String TABLE = "audit_event";
    private static final String PERSONAL_DIFF = "personal_diff";

    private final JdbcClient jdbc;
    private final FieldEncryption encryption;

    /** A record's personal values ({@code personal_diff}) are stored encrypted under the tenant's key (E2). */
    AuditRepository(JdbcClient jdbc, FieldEncryption encryption) {
        this.jdbc = jdbc;
        this.encryption = encryption;
    }

    /** Locks the tenant's chain head (creating it on first use); writers of one tenant queue here. */
    Head lockHead() {
        UUID tenant = TenantContext.require();
        jdbc.sql("""
                insert into audit_chain_head (tenant_id, last_seq, last_hash) values (:tenant, 0, :genesis)
                on conflict (tenant_id) do nothing
                """)
                .param("tenant", tenant).param("genesis", AuditHashing.GENESIS).update();
        return jdbc.sql("select last_seq, last_hash from audit_chain_head where tenant_id = :tenant for update")
                .param("tenant", tenant)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getBytes(2)))
                .single();
    }

    void advanceHead(long seq, byte[] hash) {
        jdbc.sql("update audit_chain_head set last_seq = :seq, last_hash = :hash where tenant_id = :tenant")
                .param("tenant", TenantContext.require()).param("seq", seq).param("hash", hash)
                .update();
    }

    void insert(AuditRecord r) {
        jdbc.sql("""
                insert into audit_event (tenant_id, seq, id, occurred_at, actor_type, actor_user_id, actor_email,
                    client_ip, user_agent, request_id, app_version, app_commit, action, target_type, target_id,
                    outcome, reason, diff, details, personal_diff, prev_hash, hash)
                values (:tenant, :seq, :id, :at, :actorType, :actorId, :actorEmail, :ip, :ua, :requestId, :version,
                    :commit, :action, :targetType, :targetId, :outcome, :reason, cast(:diff as jsonb),
                    cast(:details as jsonb), :personal, :prev, :hash)
                """)
                .param("tenant", r.tenantId()).param("seq", r.seq()).param("id", r.id())
                .param("at", Timestamp.from(r.occurredAt())).param("actorType", r.actorType())
                .param("actorId", r.actorUserId()).param("actorEmail", r.actorEmail())
                .param("ip", r.clientIp()).param("ua", r.userAgent()).param("requestId", r.requestId())
                .param("version", r.appVersion()).param("commit", r.appCommit()).param("action", r.action())
                .param("targetType", r.targetType()).param("targetId", r.targetId()).param("outcome", r.outcome())
                .param("reason", r.reason()).param("diff", JSON.writeValueAsString(r.diff()))
                .param("details", JSON.writeValueAsString(r.details()))
                .param("personal", r.personalDiff() == null ? null
                        : encryption.encrypt(TABLE, PERSONAL_DIFF, r.id(), JSON.writeValueAsString(r.personalDiff())))
                .param("prev", r.prevHash()).param("hash", r.hash())
                .update();
    }

    /** Records matching {@code filter}, newest first, after the {@code before} sequence number. */
    List<AuditRecord> search(AuditFilter filter, Long before, int limit) {
        StringBuilder sql = new StringBuilder("select * from audit_event where tenant_id = :tenant");
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("tenant", TenantContext.require());
        if (before != null) {
            sql.append(" and seq < :before");
            params.put("before", before);
        }
        if (filter.actor() != null) {
            sql.append(" and (cast(actor_user_id as text) = :actor or lower(actor_email) = lower(:actor))");
            params.put("actor", filter.actor());
        }
        if (filter.action() != null) {
            if (filter.action().endsWith("*")) {
                sql.append(" and action like :action escape '\\'");
                params.put("action", SqlLike.startsWith(filter.action().substring(0, filter.action().length() - 1)));
            } else {
                sql.append(" and action = :action");
                params.put("action", filter.action());
            }
        }
        if (filter.targetType() != null) {
            sql.append(" and target_type = :targetType");
            params.put("targetType", filter.targetType());
        }
        if (filter.targetId() != null) {
            sql.append(" and target_id = :targetId");
            params.put("targetId", filter.targetId());
        }
        if (filter.outcome() != null) {
            sql.append(" and outcome = :outcome");
            params.put("outcome", filter.outcome());
        }
        if (filter.from() != null) {
            sql.append(" and occurred_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and occurred_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        sql.append(" order by seq desc limit :limit");
        params.put("limit", limit);
        return jdbc.sql(sql.toString()).params(params).query(this::map).list();
    }

    java.util.Optional<AuditRecord> find(UUID id) {
        return jdbc.sql("select * from audit_event where tenant_id = :tenant and id = :id")
                .param("tenant", TenantContext.require()).param("id", id)
                .query(this::map).optional();
    }

    /**
     * The newest {@code limit} records whose target is one of {@code targets} (type to ids) or whose
     * actor is one of {@code actors}, newest first: what the trail holds about a data subject.
     */
    List<AuditRecord> about(Map<String, ? extends java.util.Collection<String>> targets, java.util.Collection<UUID> actors,
            int limit) {
        List<String> types = new java.util.ArrayList<>();
        List<String> ids = new java.util.ArrayList<>();
        targets.forEach((type, of) -> of.forEach(id -> {
            types.add(type);
            ids.add(id);
        }));
        return jdbc.sql("""
                select * from audit_event where tenant_id = :tenant
                   and ((target_type, target_id) in (select * from unnest(cast(:types as text[]), cast(:ids as text[])))
                        or actor_user_id = any(cast(:actors as uuid[])))
                 order by seq desc limit :limit
                """).param("tenant", TenantContext.require()).param("types", types.toArray(String[]::new))
                .param("ids", ids.toArray(String[]::new)).param("actors", actors.toArray(UUID[]::new))
                .param("limit", limit).query(this::map).list();
    }

    /** The tenant's successful records from {@code from} on, in chain order. */
    List<AuditRecord> successesSince(Instant from) {
        return jdbc.sql("""
                select * from audit_event where tenant_id = :tenant and occurred_at >= :from and outcome = 'success'
                 order by seq
                """).param("tenant", TenantContext.require()).param("from", Timestamp.from(from))
                .query(this::map).list();
    }

    /** Every record of the tenant in chain order, handed over in batches (the trail can be long). */
    void forEachInOrder(Consumer<AuditRecord> consumer) {
        long after = 0;
        while (true) {
            List<AuditRecord> batch = jdbc.sql("""
                    select * from audit_event where tenant_id = :tenant and seq > :after order by seq limit 1000
                    """)
                    .param("tenant", TenantContext.require()).param("after", after)
                    .query(this::map).list();
            batch.forEach(consumer);
            if (batch.size() < 1000) {
                return;
            }
            after = batch.getLast().seq();
        }
    }

    /**
     * A record as stored. Its personal values read as erased (null) once the tenant's keys are
     * destroyed: the rest of the trail stays readable and verifiable.
     */
    private AuditRecord map(ResultSet rs, int row) throws SQLException {
        String personal;
        try {
            personal = encryption.decrypt(TABLE, PERSONAL_DIFF, rs.getObject("id", UUID.class), rs.getBytes(PERSONAL_DIFF));
        } catch (TenantKeysDestroyed destroyed) {
            personal = null;
        }
        Timestamp at = rs.getTimestamp("occurred_at");
        return new AuditRecord(rs.getObject("tenant_id", UUID.class), rs.getLong("seq"), rs.getObject("id", UUID.class),
                at.toInstant(), rs.getString("actor_type"), rs.getObject("actor_user_id", UUID.class),
                rs.getString("actor_email"), rs.getString("client_ip"), rs.getString("user_agent"),
                rs.getString("request_id"), rs.getString("app_version"), rs.getString("app_commit"),
                rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                rs.getString("outcome"), rs.getString("reason"), JSON.readValue(rs.getString("diff"), MAP),
                JSON.readValue(rs.getString("details"), MAP), personal == null ? null : JSON.readValue(personal, MAP),
                rs.getBytes("prev_hash"), rs.getBytes("hash"));
    }


    record Head(long lastSeq, byte[] lastHash) {
    }

    /** Filters of the audit list; all optional. */
    record AuditFilter(String actor, String action, String targetType, String targetId, String outcome, Instant from,
            Instant to) {
    }

}
