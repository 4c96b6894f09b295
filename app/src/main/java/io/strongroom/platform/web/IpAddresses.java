package io.strongroom.platform.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Parses IP address literals without ever resolving a host name, and matches them against CIDR
 * ranges.
 */
final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]{2,45}");

    private IpAddresses() {
    }

    /** The canonical text of an IPv4 or IPv6 literal, or empty if {@code text} is not one. */
    static Optional<String> canonical(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip();
        if (candidate.startsWith("[") && candidate.endsWith("]")) {
            candidate = candidate.substring(1, candidate.length() - 1);
        }
        boolean literal = IPV4.matcher(candidate).matches()
                || (candidate.indexOf(':') >= 0 && IPV6.matcher(candidate).matches());
        if (!literal) {
            return Optional.empty();
        }
        try {
            // A literal (digits and dots, or contains ':') is parsed, never looked up in DNS.
            return Optional.of(InetAddress.getByName(candidate).getHostAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static List<IpAddressMatcher> matchers(List<String> cidrs) {
        return cidrs.stream().map(String::strip).filter(s -> !s.isEmpty()).map(cidr -> {
            String address = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
            if (canonical(address).isEmpty()) {
                throw new IllegalArgumentException("Not an IP address or CIDR range: " + cidr);
            }
            return new IpAddressMatcher(cidr);
        }).toList();
    }

    static boolean matchesAny(List<IpAddressMatcher> matchers, String address) {
        for (IpAddressMatcher matcher : matchers) {
            if (matcher.matches(address)) {
                return true;
            }
        }
        return false;
    }
}
