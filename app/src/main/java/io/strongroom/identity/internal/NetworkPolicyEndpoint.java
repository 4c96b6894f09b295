package io.strongroom.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.TenantContext;
import io.strongroom.tenancy.ResolvedWorkspace;
import io.strongroom.tenancy.TenantDirectory;

/**
 * The recovery from a network policy that shuts everyone out (T5), for operators only (management
 * networks and token): {@code POST /actuator/networkpolicy} with {@code {"workspace": "acme",
 * "action": "clear"}} empties the workspace's list, so that its Owners can sign in from anywhere
 * again; the change is recorded in the workspace's audit trail.
 */
@Component
@Endpoint(id = "networkpolicy")
class NetworkPolicyEndpoint {

    private final TenantDirectory tenants;
    private final SecuritySettingsRepository settings;
    private final NetworkPolicy policy;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;

    NetworkPolicyEndpoint(TenantDirectory tenants, SecuritySettingsRepository settings, NetworkPolicy policy,
            IdentityEvents events, TransactionTemplate transactions) {
        this.tenants = tenants;
        this.settings = settings;
        this.policy = policy;
        this.events = events;
        this.transactions = transactions;
    }

    @WriteOperation
    Map<String, Object> clear(String workspace, String action) {
        if (!"clear".equals(action)) {
            throw new InvalidEndpointRequestException("The network policy endpoint knows one action: clear",
                    "unknown action");
        }
        String slug = workspace == null ? "" : workspace.strip();
        ResolvedWorkspace resolved = SignIn.WORKSPACE_SYNTAX.matcher(slug).matches()
                ? tenants.resolve(slug).orElse(null) : null;
        if (resolved == null) {
            throw new InvalidEndpointRequestException("No workspace " + slug, "unknown workspace");
        }
        UUID tenant = resolved.tenantId();
        List<String> before = TenantContext.callAs(tenant, () -> transactions.execute(tx -> {
            List<String> was = settings.allowedNetworks();
            settings.saveAllowedNetworks(List.of());
            events.success(Type.NETWORK_POLICY_CHANGED, tenant, null, null, null,
                    Map.of("allowed_networks", IdentityEvents.change(was, List.of()), "by", "operator"));
            return was;
        }));
        policy.forget(tenant);
        return Map.of("workspace", slug, "cleared", before);
    }
}
