package io.strongroom.platform.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the client's address. The socket peer is the client unless it is a configured trusted
 * proxy; then {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the
 * first untrusted hop is the client. A header sent by an untrusted peer is ignored entirely, so
 * a client cannot choose the address the audit trail records.
 */
@Component
class ClientIpResolver {

    private final List<IpAddressMatcher> trustedProxies;

    ClientIpResolver(HttpProperties properties) {
        this.trustedProxies = IpAddresses.matchers(properties.trustedProxies());
    }

    boolean isTrustedProxy(HttpServletRequest request) {
        return IpAddresses.matchesAny(trustedProxies, request.getRemoteAddr());
    }

    String resolve(HttpServletRequest request) {
        String peer = IpAddresses.canonical(request.getRemoteAddr()).orElse(request.getRemoteAddr());
        if (!IpAddresses.matchesAny(trustedProxies, peer)) {
            return peer;
        }
        List<String> hops = forwardedHops(request);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            var hop = IpAddresses.canonical(hops.get(i));
            if (hop.isEmpty()) {
                // A garbled entry: the last address we could trust is the best we know.
                return client;
            }
            client = hop.get();
            if (!IpAddresses.matchesAny(trustedProxies, client)) {
                return client;
            }
        }
        return client;
    }

    private static List<String> forwardedHops(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String part : header.split(",")) {
                if (!part.isBlank()) {
                    hops.add(part.strip());
                }
            }
        }
        return hops;
    }
}
