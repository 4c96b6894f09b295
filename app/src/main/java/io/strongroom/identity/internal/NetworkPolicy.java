package io.strongroom.identity.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.strongroom.identity.IdentityEvent;
import io.strongroom.identity.IdentityEvent.Type;
import io.strongroom.platform.ApiProblem;
import io.strongroom.platform.ApiProblem.FieldProblem;
import io.strongroom.platform.ProblemType;
import io.strongroom.platform.TenantContext;

/**
 * A workspace's network policy (T5): the address ranges (CIDR, IPv4 and IPv6) its members may sign
 * in and work from, checked against the client address the platform resolved (a trusted proxy's
 * {@code X-Forwarded-For}, or the peer). Empty: from anywhere. Checked at sign-in (before the
 * password), on every authenticated request and at every refresh; a refusal is audited with the
 * address. Each node keeps a tenant's list for {@value #CACHE_SECONDS} seconds (the node that saves a
 * list forgets its copy at once).
 */
@Component
class NetworkPolicy {

    static final long CACHE_SECONDS = 10;
    static final int MAX_RANGES = 100;
    private static final Pattern CIDR = Pattern.compile("[0-9A-Fa-f:.]{2,45}(/[0-9]{1,3})?");

    static final ApiProblem NOT_ALLOWED = new ApiProblem(HttpStatus.FORBIDDEN, ProblemType.uri("network-not-allowed"),
            "Network not allowed", "This workspace may only be used from its company's networks.", List.of(), Map.of());

    private final SecuritySettingsRepository settings;
    private final TransactionTemplate transactions;
    private final IdentityEvents events;
    private final Cache<UUID, List<IpAddressMatcher>> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(CACHE_SECONDS)).maximumSize(100_000).build();

    NetworkPolicy(SecuritySettingsRepository settings, TransactionTemplate transactions, IdentityEvents events) {
        this.settings = settings;
        this.transactions = transactions;
        this.events = events;
    }

    /** Whether {@code clientIp} may reach {@code tenant}'s workspace (an unknown address may not, when a list exists). */
    boolean allows(UUID tenant, String clientIp) {
        List<IpAddressMatcher> ranges = cache.get(tenant, t -> TenantContext.callAs(t,
                () -> transactions.execute(tx -> settings.allowedNetworks()).stream().map(IpAddressMatcher::new).toList()));
        if (ranges.isEmpty()) {
            return true;
        }
        if (clientIp == null || canonical(clientIp) == null) {
            return false;
        }
        return ranges.stream().anyMatch(range -> range.matches(clientIp));
    }

    /** Refuses (and records, with the address) a request from outside the workspace's networks. */
    void require(UUID tenant, UUID userId, String clientIp, String where) {
        if (!allows(tenant, clientIp)) {
            events.publish(Type.NETWORK_REFUSED, tenant, userId, userId, null, IdentityEvent.Outcome.DENIED,
                    "network_not_allowed", Map.of("ip", String.valueOf(clientIp), "at", where));
            throw NOT_ALLOWED;
        }
    }

    void forget(UUID tenant) {
        cache.invalidate(tenant);
    }

    /** The ranges in their canonical form; a 400 naming every one that is not a range. */
    static List<String> parse(List<String> given) {
        List<String> ranges = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        if (given == null) {
            throw ApiProblem.validation("allowed_networks", "is required (it may be empty)");
        }
        if (given.size() > MAX_RANGES) {
            throw ApiProblem.validation("allowed_networks", "must hold at most " + MAX_RANGES + " ranges");
        }
        for (String entry : given) {
            String range = entry == null ? "" : entry.strip();
            String normalised = normalise(range);
            if (normalised == null) {
                problems.add(new FieldProblem("allowed_networks", "contains something that is not an address range: "
                        + (range.length() > 60 ? range.substring(0, 60) + "..." : range)));
            } else if (!ranges.contains(normalised)) {
                ranges.add(normalised);
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.validation(problems);
        }
        return ranges;
    }

    /** A range as stored: canonical address, prefix length always written; null when {@code range} is none. */
    static String normalise(String range) {
        if (!CIDR.matcher(range).matches()) {
            return null;
        }
        int slash = range.indexOf('/');
        String address = canonical(slash < 0 ? range : range.substring(0, slash));
        if (address == null) {
            return null;
        }
        int bits = address.contains(":") ? 128 : 32;
        int prefix = slash < 0 ? bits : Integer.parseInt(range.substring(slash + 1));
        if (prefix > bits || (prefix == 0 && slash < 0)) {
            return null;
        }
        return address + "/" + prefix;
    }

    /** An IP literal's canonical text, never looked up; null for anything else. */
    static String canonical(String address) {
        boolean ipv4 = address.matches("([0-9]{1,3}\\.){3}[0-9]{1,3}");
        if (ipv4) {
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        } else if (!address.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(address).getHostAddress(); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code clientIp} is in {@code ranges} (for the "you would lock yourself out" check). */
    static boolean within(List<String> ranges, String clientIp) {
        return clientIp != null && canonical(clientIp) != null
                && ranges.stream().map(IpAddressMatcher::new).anyMatch(range -> range.matches(clientIp));
    }
}
