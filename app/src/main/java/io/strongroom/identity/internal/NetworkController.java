package io.strongroom.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.strongroom.identity.Caller;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/**
 * The workspace's network policy (T5): {@code GET/PUT /api/v1/settings/network}. A list that would
 * shut out the caller's own current address is refused ({@code 409}) unless the request confirms it
 * ({@code "exclude_self_confirmed": true}).
 */
@RestController
class NetworkController {

    static final ApiProblem EXCLUDES_YOU = new ApiProblem(HttpStatus.CONFLICT, ProblemType.uri("network-excludes-you"),
            "You would lock yourself out", "Your current address is not in the list: after saving it you could not "
                    + "reach this workspace from here. Add your network, or confirm with exclude_self_confirmed.",
            List.of(), Map.of());

    private final SecuritySettingsRepository settings;
    private final NetworkPolicy policy;
    private final IdentityEvents events;
    private final TransactionTemplate transactions;

    NetworkController(SecuritySettingsRepository settings, NetworkPolicy policy, IdentityEvents events,
            TransactionTemplate transactions) {
        this.settings = settings;
        this.policy = policy;
        this.events = events;
        this.transactions = transactions;
    }

    /** @param yourAddress the address this request came from, as the workspace's policy sees it */
    record Networks(List<String> allowedNetworks, String yourAddress) {
    }

    record NetworksRequest(List<String> allowedNetworks, Boolean excludeSelfConfirmed) {
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @GetMapping("/api/v1/settings/network")
    Networks networks() {
        return new Networks(transactions.execute(tx -> settings.allowedNetworks()), Caller.require().clientIp());
    }

    @PreAuthorize("hasAuthority('settings:manage')")
    @io.strongroom.platform.StepUp("changes where the workspace can be used from")
    @PutMapping(path = "/api/v1/settings/network", consumes = MediaType.APPLICATION_JSON_VALUE)
    Networks update(@RequestBody NetworksRequest body) {
        Caller me = Caller.require();
        List<String> ranges = NetworkPolicy.parse(body.allowedNetworks());
        if (!ranges.isEmpty() && !NetworkPolicy.within(ranges, me.clientIp())
                && !Boolean.TRUE.equals(body.excludeSelfConfirmed())) {
            throw EXCLUDES_YOU;
        }
        UUID tenant = TenantContext.require();
        transactions.executeWithoutResult(tx -> {
            List<String> before = settings.allowedNetworks();
            settings.saveAllowedNetworks(ranges);
            events.success(Type.NETWORK_POLICY_CHANGED, tenant, null, me.userId(), null,
                    Map.of("allowed_networks", IdentityEvents.change(before, ranges)));
        });
        policy.forget(tenant);
        return new Networks(ranges, me.clientIp());
    }
}
