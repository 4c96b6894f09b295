package io.strongroom.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

/** The client IP the audit trail will record: forwarded headers count only from trusted proxies. */
class ClientIpResolverTest {

    final ClientIpResolver resolver = new ClientIpResolver(
            new HttpProperties(List.of("10.0.0.0/8", "2001:db8::/32"), 0, DataSize.ofMegabytes(1), List.of(), null));

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertThat(resolver.resolve(request("203.0.113.7", "1.2.3.4"))).isEqualTo("203.0.113.7");
        assertThat(resolver.resolve(request("203.0.113.7", null))).isEqualTo("203.0.113.7");
    }

    @Test
    void aTrustedProxyForwardsTheClient() {
        assertThat(resolver.resolve(request("10.0.0.5", "198.51.100.9"))).isEqualTo("198.51.100.9");
    }

    @Test
    void chainsOfTrustedProxiesAreSkippedFromTheRight() {
        // client -> attacker-controlled first entry is ignored because the last untrusted hop wins
        assertThat(resolver.resolve(request("10.0.0.5", "6.6.6.6, 198.51.100.9, 10.1.1.1"))).isEqualTo("198.51.100.9");
        assertThat(resolver.resolve(request("10.0.0.5", "10.2.2.2, 10.1.1.1"))).isEqualTo("10.2.2.2");
    }

    @Test
    void garbageInTheHeaderNeverBecomesTheClientAddress() {
        assertThat(resolver.resolve(request("10.0.0.5", "evil.example.com"))).isEqualTo("10.0.0.5");
        assertThat(resolver.resolve(request("10.0.0.5", "198.51.100.9, <script>"))).isEqualTo("10.0.0.5");
        assertThat(resolver.resolve(request("10.0.0.5", "' or 1=1 --"))).isEqualTo("10.0.0.5");
    }

    @Test
    void ipv6IsSupported() {
        assertThat(resolver.resolve(request("2001:db8::1", "2001:db9::abcd"))).isEqualTo("2001:db9:0:0:0:0:0:abcd");
        assertThat(resolver.resolve(request("2001:db8::1", "[2001:db9::abcd]"))).isEqualTo("2001:db9:0:0:0:0:0:abcd");
    }

    @Test
    void hostNamesAreNeverResolved() {
        assertThat(IpAddresses.canonical("localhost")).isEmpty();
        assertThat(IpAddresses.canonical("abc")).isEmpty();
        assertThat(IpAddresses.canonical("127.0.0.1")).contains("127.0.0.1");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
