package io.strongroom.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.identity.Caller;
import io.strongroom.identity.UserDirectory;
import io.strongroom.platform.AppVersion;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.Ids;
import io.strongroom.platform.TenantContext;

/**
 * Writes audit records: actor, request facts, deployed version and the diff, chained to the
 * tenant's previous record under the tenant's chain-head row lock (so concurrent writers of one
 * tenant form one chain, and writers of different tenants never wait for each other).
 */
@Service
class AuditRecorder implements AuditLog {

    private final AuditRepository records;
    private final UserDirectory users;
    private final AppVersion version;
    private final Clock clock;

    AuditRecorder(AuditRepository records, UserDirectory users, AppVersion version, Clock clock) {
        this.records = records;
        this.users = users;
        this.version = version;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void record(AuditEntry entry) {
        UUID tenant = TenantContext.require();
        Actor actor = actor(entry, tenant);
        AuditEntry.RequestFacts facts = entry.request() != null ? entry.request()
                : ClientRequest.current().map(r -> new AuditEntry.RequestFacts(r.clientIp(), r.userAgent(), r.requestId()))
                        .orElse(new AuditEntry.RequestFacts(null, null, null));

        Map<String, Object> diff = new LinkedHashMap<>();
        entry.diff().forEach((field, change) -> diff.put(field, change(change.from(), change.to())));
        Map<String, Object> personal = null;
        if (!entry.personalDiff().isEmpty()) {
            byte[] salt = AuditHashing.salt();
            Map<String, Object> values = new LinkedHashMap<>();
            entry.personalDiff().forEach((field, change) -> {
                Object from = AuditHashing.normalize(change.from());
                Object to = AuditHashing.normalize(change.to());
                values.put(field, change(from, to));
                diff.put(field, change(AuditHashing.commitment(salt, field, "from", text(from)),
                        AuditHashing.commitment(salt, field, "to", text(to))));
            });
            personal = new LinkedHashMap<>();
            personal.put("salt", Base64.getEncoder().encodeToString(salt));
            personal.put("fields", values);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        entry.details().forEach((key, value) -> details.put(key, AuditHashing.normalize(value)));

        AuditRepository.Head head = records.lockHead();
        long seq = head.lastSeq() + 1;
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AuditRecord unsigned = new AuditRecord(tenant, seq, Ids.newId(), at, actor.type(), actor.userId(), actor.email(),
                facts.clientIp(), facts.userAgent(), facts.requestId(), version.version(), version.commit(),
                entry.action(), entry.targetType(), entry.targetId(), entry.outcome().key(), entry.reason(), diff,
                details, personal, head.lastHash(), null);
        byte[] hash = AuditHashing.hash(head.lastHash(), unsigned.hashedFields());
        AuditRecord record = new AuditRecord(tenant, seq, unsigned.id(), at, actor.type(), actor.userId(),
                actor.email(), facts.clientIp(), facts.userAgent(), facts.requestId(), version.version(),
                version.commit(), entry.action(), entry.targetType(), entry.targetId(), entry.outcome().key(),
                entry.reason(), diff, details, personal, head.lastHash(), hash);
        records.insert(record);
        records.advanceHead(seq, hash);
    }

    private Actor actor(AuditEntry entry, UUID tenant) {
        UUID userId = entry.actorUserId();
        if (userId == null) {
            Optional<Caller> caller = Caller.current().filter(u -> u.tenantId().equals(tenant));
            userId = caller.map(Caller::userId).orElse(null);
        }
        if (userId != null) {
            return new Actor("user", userId, users.emailOf(userId).orElse(null));
        }
        return ClientRequest.current().isPresent() || entry.request() != null
                ? new Actor("anonymous", null, null)
                : new Actor("system", null, null);
    }

    private static Map<String, Object> change(Object from, Object to) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("from", AuditHashing.normalize(from));
        change.put("to", AuditHashing.normalize(to));
        return change;
    }

    private static String text(Object value) {
        return value == null ? null : AuditHashing.CANONICAL.writeValueAsString(value);
    }

    private record Actor(String type, UUID userId, String email) {
    }

}
