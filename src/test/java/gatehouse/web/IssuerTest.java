package gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IssuerTest {

    @Test
    void derivesOnlyFromALoopbackPeerNamingALoopbackHost() {
        assertEquals("http://127.0.0.1:8080", Issuer.derive("127.0.0.1", "http", "127.0.0.1", 8080, ""));
        assertEquals("http://localhost:8080", Issuer.derive("127.0.0.1", "http", "LOCALHOST", 8080, ""));
        assertEquals("http://localhost", Issuer.derive("127.0.0.1", "http", "localhost", 80, ""));
        assertEquals("https://localhost", Issuer.derive("::1", "https", "localhost", 443, ""));
        assertEquals("http://[::1]:9090/gatehouse", Issuer.derive("0:0:0:0:0:0:0:1", "http", "::1", 9090, "/gatehouse"));
        assertEquals("http://127.0.0.2:8080", Issuer.derive("127.0.0.1", "http", "127.0.0.2", 8080, ""));
        // a stranger's host, even from loopback (a proxy on this machine passes the client's Host through)
        assertNull(Issuer.derive("127.0.0.1", "http", "evil.example", 8080, ""));
        assertNull(Issuer.derive("127.0.0.1", "http", "localhost.evil.example", 8080, ""));
        assertNull(Issuer.derive("127.0.0.1", "http", "127.0.0.1.evil.example", 8080, ""));
        // a stranger's peer address, even naming localhost
        assertNull(Issuer.derive("192.0.2.7", "http", "localhost", 8080, ""));
        assertNull(Issuer.derive("::ffff:192.0.2.7", "http", "localhost", 8080, ""));
        assertNull(Issuer.derive(null, "http", "localhost", 8080, ""));
        assertNull(Issuer.derive("127.0.0.1", "gopher", "localhost", 8080, ""));
        assertNull(Issuer.derive("127.0.0.1", "http", null, 8080, ""));
        // names are never resolved
        assertNull(Issuer.derive("127.0.0.1", "http", "abc", 8080, ""));
    }

    @Test
    void aConfiguredIssuerWinsAndADerivedOneLastsOneRequest() throws Exception {
        Issuer configured = new Issuer("https://auth.example.com");
        assertEquals("https://auth.example.com", configured.during("http://localhost:8080", configured::get));
        Issuer derived = new Issuer(null);
        assertNull(derived.get());
        assertEquals("http://localhost:8080", derived.during("http://localhost:8080", derived::get));
        assertNull(derived.get());
    }
}
