package io.strongroom.identity.internal;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.strongroom.identity.IdentityEvent;
import io.strongroom.identity.IdentityEvent.Outcome;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ClientRequest;
import io.strongroom.platform.FieldChange;

/** Publishes {@link IdentityEvent}s with the facts of the current request filled in. */
@Component
class IdentityEvents {

    private final ApplicationEventPublisher publisher;
    private final Clock clock;

    IdentityEvents(ApplicationEventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    void success(Type type, UUID tenantId, UUID userId, UUID actorUserId, String email, Map<String, Object> details) {
        publish(type, tenantId, userId, actorUserId, email, Outcome.SUCCESS, null, details);
    }

    void failure(Type type, UUID tenantId, UUID userId, String email, String reason, Map<String, Object> details) {
        publish(type, tenantId, userId, userId, email, Outcome.FAILURE, reason, details);
    }

    void publish(Type type, UUID tenantId, UUID userId, UUID actorUserId, String email, Outcome outcome, String reason,
            Map<String, Object> details) {
        ClientRequest request = ClientRequest.current().orElse(null);
        publisher.publishEvent(new IdentityEvent(type, tenantId, userId, actorUserId, email, outcome, reason,
                request == null ? null : request.clientIp(), request == null ? null : request.userAgent(),
                request == null ? null : request.requestId(), clock.instant(),
                details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details))));
    }

    /** A change detail, which the audit trail records as a diff entry; either side may be null. */
    static FieldChange change(Object from, Object to) {
        return new FieldChange(from, to);
    }
}
