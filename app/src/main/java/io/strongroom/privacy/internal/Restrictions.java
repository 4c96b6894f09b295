package io.strongroom.privacy.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditLog;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProcessingRestrictions;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/**
 * Restriction of processing (G1, GDPR Art. 18): a request of kind {@code restriction} or
 * {@code objection} restricts its person until it is lifted; meanwhile the person record is not
 * changed or removed (the people module asks {@link ProcessingRestrictions}). Call inside a
 * transaction with the tenant bound.
 */
final class Restrictions implements ProcessingRestrictions, io.strongroom.platform.AfterRestore {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Restrictions(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public boolean restricted(UUID personId) {
        return jdbc.sql("select count(*) from processing_restriction where person_id = :id").param("id", personId)
                .query(Long.class).single() > 0;
    }

    /** A copy of a backup keeps the restrictions in force now (a restore in place never touches them). */
    @Override
    public Runnable forCopy() {
        java.util.List<Map<String, Object>> now = jdbc.sql("""
                select person_id, request_id, restricted_at, restricted_by from processing_restriction
                """).query().listOfRows();
        return () -> now.forEach(row -> jdbc.sql("""
                insert into processing_restriction (tenant_id, person_id, request_id, restricted_at, restricted_by)
                select current_setting('app.tenant_id')::uuid, :person, :request, :at, :by
                 where exists (select 1 from employee where id = :person)
                """).param("person", row.get("person_id")).param("request", row.get("request_id"))
                .param("at", row.get("restricted_at")).param("by", row.get("restricted_by")).update());
    }

    void restrict(UUID requestId, UUID personId, UUID actor) {
        try {
            jdbc.sql("""
                    insert into processing_restriction (tenant_id, person_id, request_id, restricted_at, restricted_by)
                    values (:tenant, :person, :request, :now, :actor)
                    """).param("tenant", TenantContext.require()).param("person", personId).param("request", requestId)
                    .param("now", Timestamp.from(clock.instant())).param("actor", actor).update();
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(ProblemType.CONFLICT, "Processing of this person's data is restricted already.");
        }
        audit.record(AuditEntry.of("privacy.processing.restricted", SubjectRequests.TABLE, requestId)
                .details(Map.of("person_id", personId.toString())));
    }

    void lift(UUID requestId, UUID personId) {
        if (jdbc.sql("delete from processing_restriction where person_id = :person").param("person", personId).update() == 0) {
            throw new ApiProblem(ProblemType.CONFLICT, "Processing of this person's data is not restricted.");
        }
        audit.record(AuditEntry.of("privacy.processing.lifted", SubjectRequests.TABLE, requestId)
                .details(Map.of("person_id", personId.toString())));
    }
}
