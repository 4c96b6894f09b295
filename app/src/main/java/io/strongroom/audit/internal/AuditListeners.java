package io.strongroom.audit.internal;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.strongroom.audit.AuditEntry;
import io.strongroom.platform.FieldChange;
import io.strongroom.audit.AuditEntry.Outcome;
import io.strongroom.audit.AuditLog;
import io.strongroom.crypto.TenantKeysChanged;
import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityEvent;
import io.strongroom.platform.RequestRefused;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.TenantSignedUp;

/**
 * Records what other modules announce: every identity event, every signup, every request of a
 * signed-in caller refused for lack of permission (403) or for a conflict (409, 412). Events without a tenant (a sign-in to a workspace that does not exist, a
 * signing-key rotation) have no tenant trail; they go to the application log.
 */
@Component
class AuditListeners {

    private static final Logger log = LoggerFactory.getLogger("io.strongroom.audit.SystemEvents");

    private final AuditLog audit;

    AuditListeners(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(IdentityEvent event) {
        if (event.tenantId() == null) {
            log.info("{} outcome={} reason={} ip={} request_id={} details={}", event.type().action(),
                    event.outcome(), event.reason(), event.clientIp(), event.requestId(), event.details());
            return;
        }
        Map<String, FieldChange> diff = event.changes();
        Map<String, Object> details = event.facts();
        if (event.email() != null && event.userId() == null) {
            details.put("email", event.email()); // the address someone tried
        }
        AuditEntry entry = AuditEntry.of(event.type().action(), event.userId() != null ? "user" : "tenant",
                        event.userId() != null ? event.userId() : event.tenantId())
                .outcome(switch (event.outcome()) {
                    case SUCCESS -> Outcome.SUCCESS;
                    case FAILURE -> Outcome.FAILED;
                    case DENIED -> Outcome.DENIED;
                }, event.reason())
                .diff(diff)
                .details(details)
                .actor(event.actorUserId())
                .request(new AuditEntry.RequestFacts(event.clientIp(), event.userAgent(), event.requestId()));
        TenantContext.runAs(event.tenantId(), () -> audit.record(entry));
    }

    @EventListener
    void on(TenantSignedUp signup) {
        audit.record(AuditEntry.of("tenant.created", "tenant", signup.tenantId())
                .actor(signup.ownerUserId())
                .diff(Map.of("workspace", new FieldChange(null, signup.workspace()),
                        "region", new FieldChange(null, signup.region()),
                        "owner_email", new FieldChange(null, signup.ownerEmail()))));
    }

    /**
     * Rotation, re-wrap, re-encryption and destruction of the tenant's keys (E3): key ids and counts,
     * never key material. Published inside the transaction of the change, with the tenant bound.
     */
    @EventListener
    void on(TenantKeysChanged change) {
        TenantContext.runAs(change.tenantId(), () -> audit.record(AuditEntry.of(change.action(), "tenant", change.tenantId())
                .details(new java.util.LinkedHashMap<>(change.details()))));
    }

    /** Refused requests of signed-in callers; recorded in a transaction of their own. */
    @EventListener
    void on(RequestRefused refused) {
        if (TenantContext.current().isEmpty() || Caller.current().isEmpty()) {
            return;
        }
        audit.record(AuditEntry.of(refused.denied() ? "access.denied" : "request.failed", "endpoint",
                        refused.method() + " " + refused.path())
                .outcome(refused.denied() ? Outcome.DENIED : Outcome.FAILED, refused.reason())
                .details(Map.of("status", refused.status())));
    }
}
