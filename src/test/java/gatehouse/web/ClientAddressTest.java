package gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final List<String> NONE = List.of();

    private static ClientAddress.Client xff(ClientAddress a, String peer, String forwardedFor, String proto) {
        return a.resolve(peer, "http", NONE, forwardedFor == null ? NONE : List.of(forwardedFor), proto == null ? NONE : List.of(proto));
    }

    private static ClientAddress.Client forwarded(ClientAddress a, String peer, String... lines) {
        return a.resolve(peer, "http", List.of(lines), List.of("198.51.100.99"), List.of("http"));
    }

    @Test
    void nobodyIsTrustedByDefaultSoEveryForwardedHeaderIsIgnored() {
        ClientAddress a = new ClientAddress("");
        ClientAddress.Client c = a.resolve("10.0.0.5", "http", List.of("for=203.0.113.7;proto=https"), List.of("203.0.113.7"), List.of("https"));
        assertEquals("10.0.0.5", c.address());
        assertEquals("http", c.scheme());
        assertFalse(c.secure());
        assertEquals("10.0.0.5", xff(new ClientAddress(null), "10.0.0.5", "203.0.113.7", null).address());
    }

    @Test
    void anUntrustedPeersHeadersAreIgnored() {
        ClientAddress a = new ClientAddress("10.0.0.0/8");
        assertEquals("192.0.2.4", xff(a, "192.0.2.4", "10.0.0.1, 203.0.113.7", "https").address());
        assertEquals("http", xff(a, "192.0.2.4", "203.0.113.7", "https").scheme());
    }

    @Test
    void theRightMostUntrustedHopIsTheClientWhateverTheClientPutLeftOfIt() {
        ClientAddress a = new ClientAddress("10.0.0.0/8, 192.168.1.1");
        // a client that sends its own X-Forwarded-For: the proxy appends the address it saw
        assertEquals("203.0.113.7", xff(a, "10.1.2.3", "6.6.6.6, 127.0.0.1, 203.0.113.7", null).address());
        // two trusted proxies in a row
        assertEquals("203.0.113.7", xff(a, "10.1.2.3", "1.1.1.1, 203.0.113.7, 192.168.1.1, 10.9.9.9", null).address());
        // every hop trusted: the left-most one
        assertEquals("10.4.4.4", xff(a, "10.1.2.3", "10.4.4.4, 10.5.5.5", null).address());
        // no header: the proxy itself
        assertEquals("10.1.2.3", xff(a, "10.1.2.3", null, null).address());
        // several header lines are one list
        assertEquals("203.0.113.8", a.resolve("10.1.2.3", "http", NONE, List.of("1.1.1.1", "203.0.113.8"), NONE).address());
    }

    @Test
    void garbageInTheChainStopsTheWalkAtTheLastGoodHop() {
        ClientAddress a = new ClientAddress("10.0.0.0/8");
        assertEquals("10.2.2.2", xff(a, "10.1.2.3", "203.0.113.7, not-an-ip, 10.2.2.2", null).address());
        assertEquals("10.2.2.2", xff(a, "10.1.2.3", "unknown, 10.2.2.2", null).address());
        assertEquals("10.1.2.3", xff(a, "10.1.2.3", "evil.example.com", null).address(), "never a host name (no DNS)");
        assertEquals("10.1.2.3", xff(a, "10.1.2.3", "1.2.3.999", null).address());
    }

    @Test
    void portsAndIpv6Literals() {
        ClientAddress a = new ClientAddress("2001:db8:1::/48, 10.0.0.1");
        assertEquals("203.0.113.7", xff(a, "10.0.0.1", "203.0.113.7:4711", null).address());
        assertEquals("2001:db8:2::17", xff(a, "10.0.0.1", "[2001:db8:2:0:0:0:0:17]:4711", null).address());
        assertEquals("2001:db8:2::17", xff(a, "2001:db8:1:ffff::1", "2001:DB8:2::17", null).address());
        assertEquals("2001:db8:2::17", xff(a, "[2001:db8:1::5]", "2001:db8:2::17, 2001:db8:1::9", null).address());
        assertEquals("2001:db8:3::1", xff(a, "2001:db8:3::1", "203.0.113.7", null).address(), "outside the /48");
        assertEquals("::1", xff(a, "0:0:0:0:0:0:0:1", null, null).address(), "RFC 5952 text");
        assertEquals("2001:db8::1:0:0:1", ClientAddress.canonical(ClientAddress.literal("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", ClientAddress.canonical(ClientAddress.literal("2001:db8:0:1:1:1:1:1")));
        assertEquals("203.0.113.7", ClientAddress.canonical(ClientAddress.literal("::ffff:203.0.113.7")), "IPv4-mapped is IPv4");
        assertNull(ClientAddress.literal("fe80::1%eth0"));
        assertNull(ClientAddress.literal("localhost"));
    }

    @Test
    void cidrRanges() {
        ClientAddress a = new ClientAddress("192.168.0.0/16,172.16.0.0/12 , 0:0:0:0:0:0:0:1, fd00::/8");
        assertTrue(a.trusted(ClientAddress.literal("192.168.255.1")));
        assertTrue(a.trusted(ClientAddress.literal("172.31.0.1")));
        assertFalse(a.trusted(ClientAddress.literal("172.32.0.1")));
        assertTrue(a.trusted(ClientAddress.literal("::1")));
        assertFalse(a.trusted(ClientAddress.literal("127.0.0.1")), "IPv4 loopback is not ::1");
        assertTrue(a.trusted(ClientAddress.literal("fdab::7")));
        assertFalse(a.trusted(ClientAddress.literal("fe00::7")));
        assertTrue(new ClientAddress("0.0.0.0/0").trusted(ClientAddress.literal("8.8.8.8")));
        assertFalse(new ClientAddress("0.0.0.0/0").trusted(ClientAddress.literal("2001:db8::1")));
        assertTrue(new ClientAddress("10.1.2.3/31").trusted(ClientAddress.literal("10.1.2.2")));
        assertFalse(new ClientAddress("10.1.2.3/31").trusted(ClientAddress.literal("10.1.2.4")));
        for (String bad : new String[] {"10.0.0.0/33", "10.0.0.0/x", "proxy.example.com", "::1/129", "10.0.0", "10.0.0.0/"})
            assertThrows(IllegalArgumentException.class, () -> new ClientAddress(bad), bad);
    }

    @Test
    void theSchemeComesFromTheHopThatSawTheClient() {
        ClientAddress a = new ClientAddress("10.0.0.0/8");
        ClientAddress.Client c = xff(a, "10.0.0.1", "203.0.113.7", "https");
        assertEquals("https", c.scheme());
        assertTrue(c.secure());
        // appended by each proxy: aligned from the right; the client's own value left of it counts for nothing
        assertEquals("http", xff(a, "10.0.0.1", "6.6.6.6, 203.0.113.7", "https, http").scheme());
        assertEquals("https", xff(a, "10.0.0.1", "203.0.113.7, 10.0.0.2", "https, http").scheme());
        // set (not appended) by the nearest proxy
        assertEquals("https", xff(a, "10.0.0.1", "6.6.6.6, 203.0.113.7", "https").scheme());
        assertEquals("https", xff(a, "10.0.0.1", null, "HTTPS").scheme());
        assertEquals("http", xff(a, "10.0.0.1", "203.0.113.7", "gopher").scheme(), "only http or https");
    }

    @Test
    void rfc7239ForwardedWinsOverTheXForwardedHeaders() {
        ClientAddress a = new ClientAddress("10.0.0.0/8");
        ClientAddress.Client c = forwarded(a, "10.0.0.1", "for=192.0.2.60;proto=https;by=10.0.0.1");
        assertEquals("192.0.2.60", c.address());
        assertEquals("https", c.scheme());
        assertEquals("2001:db8:cafe::17", forwarded(a, "10.0.0.1", "for=\"[2001:db8:cafe::17]:4711\"").address());
        assertEquals("192.0.2.43", forwarded(a, "10.0.0.1", "for=6.6.6.6;proto=https, for=192.0.2.43;proto=http").address());
        assertEquals("http", forwarded(a, "10.0.0.1", "for=6.6.6.6;proto=https, for=192.0.2.43;proto=http").scheme());
        assertEquals("192.0.2.43", forwarded(a, "10.0.0.1", "for=6.6.6.6", "For=192.0.2.43, for=10.0.0.7").address(), "two lines");
        assertEquals("10.0.0.7", forwarded(a, "10.0.0.1", "for=_hidden, for=10.0.0.7").address(), "obfuscated: the last good hop");
        assertEquals("https", forwarded(a, "10.0.0.1", "proto=https").scheme());
        assertEquals("10.0.0.1", forwarded(a, "10.0.0.1", "proto=https").address());
        // malformed: believe nothing of it (nor of the X-Forwarded-* headers beside it)
        assertEquals("10.0.0.1", forwarded(a, "10.0.0.1", "for=\"192.0.2.60").address());
        assertEquals("10.0.0.1", forwarded(a, "10.0.0.1", "for").address());
        assertEquals("http", forwarded(a, "10.0.0.1", "for=\"192.0.2.60;proto=https").scheme());
        // untrusted peer
        assertEquals("192.0.2.1", forwarded(a, "192.0.2.1", "for=203.0.113.5").address());
    }
}
