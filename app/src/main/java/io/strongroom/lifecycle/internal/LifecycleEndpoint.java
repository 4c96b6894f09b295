package io.strongroom.lifecycle.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.strongroom.platform.ApiProblem;

/**
 * The operators' and the billing system's handle on a workspace's account (D3), reachable only from
 * the management networks with the management token (as every endpoint but health):
 * <ul>
 * <li>{@code GET /actuator/workspaces/{tenant}}: account state, access, dates, legal hold, the steps
 * ahead with their dates, the deletion certificate once deleted;</li>
 * <li>{@code POST /actuator/workspaces/{tenant}} with {@code {"action": ..., "reason": ...}}: one of
 * {@code end_trial, activate, free, payment_failed, suspend, close, cancel, unsubscribe, resubscribe,
 * licence_expired, request_deletion} (with {@code "confirm": "<tenant id>"}), {@code hold} and
 * {@code release} (a legal hold; the reason is required), {@code sweep} (apply the schedule now).</li>
 * </ul>
 * Each change is recorded in the workspace's audit trail; one that does not apply in the current
 * state is a 409 and changes nothing.
 */
@Endpoint(id = "workspaces")
final class LifecycleEndpoint {

    private final Lifecycle lifecycle;
    private final DeletionCertificates certificates;
    private final org.springframework.transaction.support.TransactionTemplate transactions;

    LifecycleEndpoint(Lifecycle lifecycle, DeletionCertificates certificates,
            org.springframework.transaction.support.TransactionTemplate transactions) {
        this.lifecycle = lifecycle;
        this.certificates = certificates;
        this.transactions = transactions;
    }

    @ReadOperation
    Map<String, Object> state(@Selector String tenant) {
        return describe(lifecycle.view(tenantId(tenant)));
    }

    @WriteOperation
    Map<String, Object> change(@Selector String tenant, String action, @Nullable String reason, @Nullable String confirm) {
        Lifecycle.Action parsed = Lifecycle.Action.parse(action == null ? "" : action);
        if (parsed == null) {
            throw ApiProblem.validation("action", "must be one of end_trial, activate, free, payment_failed, suspend, "
                    + "close, cancel, unsubscribe, resubscribe, licence_expired, request_deletion, hold, release, sweep");
        }
        return describe(lifecycle.act(tenantId(tenant), parsed, reason, confirm));
    }

    private Map<String, Object> describe(Lifecycle.View view) {
        Account a = view.account();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", a.id());
        out.put("workspace", a.workspace());
        out.put("plan", a.plan());
        out.put("account_state", a.state().key());
        out.put("access", a.access().key());
        out.put("state_since", a.stateSince());
        out.put("trial_ends_at", a.trialEndsAt());
        out.put("payment_failed_at", a.paymentFailedAt());
        out.put("closed_at", a.closedAt());
        out.put("deletion_requested_at", a.deletionRequestedAt());
        out.put("last_active_at", a.lastActiveAt());
        out.put("legal_hold", a.onLegalHold() ? Map.of("reason", a.legalHoldReason(), "since", a.legalHoldSince()) : null);
        out.put("deleted_at", a.deletedAt());
        out.put("upcoming", view.upcoming().stream().map(s -> Map.of("step", s.kind().key(), "due", s.due(),
                "held", s.kind() == Schedule.StepKind.DELETE && a.onLegalHold())).toList());
        out.put("deletion_certificate", transactions.execute(tx -> certificates.ofWorkspace(a.id()))
                .map(c -> c.id().toString()).orElse(null));
        return out;
    }

    private UUID tenantId(String tenant) {
        try {
            return UUID.fromString(tenant);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("Not a tenant id", "not a tenant id");
        }
    }
}
