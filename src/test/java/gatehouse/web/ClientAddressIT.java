package gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.RawHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client's address and scheme behind a reverse proxy ({@code gatehouse.proxy.trusted}), on a server of its own that
 * trusts 127.0.0.2 only. The proxy is a socket bound to 127.0.0.2; everyone else connects from 127.0.0.1. Each test
 * uses client addresses of its own (loopback ones, so that the loopback demo issuer still applies to them).
 */
class ClientAddressIT {
    private static final String PROXY = "127.0.0.2";
    private static ServerProcess server;

    @BeforeAll
    static void start() {
        server = TestServer.start("client-address", Map.of("gatehouse.proxy.trusted", PROXY + ", 2001:db8::/32",
                "gatehouse.login.address.max.failures", "5"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String host() {
        return "127.0.0.1:" + server.port();
    }

    /** A Table API call with Basic credentials, from {@code from} (null: 127.0.0.1) with the given extra header lines. */
    private static RawHttp.Response api(String from, String user, String password, String... headers) {
        StringBuilder head = new StringBuilder("GET /api/now/table/incident?sysparm_limit=1 HTTP/1.1\r\nHost: " + host()
                + "\r\nAuthorization: " + Http.basic(user, password));
        for (String h : headers) head.append("\r\n").append(h);
        return RawHttp.sendFrom(from, server.port(), head.toString(), null);
    }

    private static String guess() {
        return "guess-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedPeerDoesNotEvadeThrottling() {
        RawHttp.Response last = null;
        for (int i = 0; i < 10 && (last == null || last.status() != 429); i++)
            last = api(null, guess(), "wrong", "X-Forwarded-For: 127.0.0." + (100 + i), "Forwarded: for=127.0.1." + i);
        assertEquals(429, last.status(), "127.0.0.1 is throttled whatever it says it forwards: " + last.body());
        assertNotNull(last.header("Retry-After"));
        assertEquals(429, api(null, guess(), "wrong", "X-Forwarded-For: 127.0.0.200").status());
        assertEquals(200, api(null, "beth.anglin", "beth.anglin-demo-pw", "X-Forwarded-For: 127.0.0.201").status(),
                "the right password is still let in");
    }

    @Test
    void aTrustedProxysForwardedForSelectsTheAddressRightMostUntrustedHopFirst() {
        RawHttp.Response last = null;
        for (int i = 0; i < 10 && (last == null || last.status() != 429); i++)
            last = api(PROXY, guess(), "wrong", "X-Forwarded-For: 127.0.0.61");
        assertEquals(429, last.status(), last.body());
        // another client behind the same proxy is not throttled
        assertEquals(401, api(PROXY, guess(), "wrong", "X-Forwarded-For: 127.0.0.62").status());
        // the throttled client cannot escape by putting another address left of its own...
        assertEquals(429, api(PROXY, guess(), "wrong", "X-Forwarded-For: 127.0.0.63, 127.0.0.61").status());
        // ...but a hop appended after it by a trusted proxy is the right-most untrusted one
        assertEquals(401, api(PROXY, guess(), "wrong", "X-Forwarded-For: 127.0.0.61, 127.0.0.64, 2001:db8::7").status());
        // RFC 7239 Forwarded, quoted IPv6 with a port
        assertEquals(401, api(PROXY, guess(), "wrong", "Forwarded: for=127.0.0.61, for=\"[2001:db8::5]:4711\", for=127.0.0.65").status());
        assertEquals(429, api(PROXY, guess(), "wrong", "Forwarded: for=127.0.0.65;proto=https, for=127.0.0.61").status());
        // the proxy itself (no header) is a client of its own
        assertEquals(401, api(PROXY, guess(), "wrong").status());
    }

    @Test
    void aTrustedProxysProtoDecidesSecureCookiesAndHsts() {
        RawHttp.Response viaHttps = RawHttp.sendFrom(PROXY, server.port(), "GET /login.do HTTP/1.1\r\nHost: " + host()
                + "\r\nX-Forwarded-For: 127.0.0.71\r\nX-Forwarded-Proto: https", null);
        assertEquals(200, viaHttps.status());
        assertTrue(viaHttps.header("Set-Cookie").contains("GH_LOGIN=") && viaHttps.header("Set-Cookie").contains("Secure"), viaHttps.header("Set-Cookie"));
        assertNotNull(viaHttps.header("Strict-Transport-Security"));
        RawHttp.Response spoofed = RawHttp.sendFrom(null, server.port(), "GET /login.do HTTP/1.1\r\nHost: " + host()
                + "\r\nX-Forwarded-Proto: https\r\nForwarded: proto=https", null);
        assertFalse(spoofed.header("Set-Cookie").contains("Secure"), spoofed.header("Set-Cookie"));
        assertEquals(null, spoofed.header("Strict-Transport-Security"));
    }

    @Test
    void theDerivedIssuersLoopbackRuleLooksAtTheRealClientAndItsScheme() {
        String metadata = "/.well-known/oauth-authorization-server";
        // a stranger behind the proxy: not this machine's loopback, so no issuer is derived for it
        RawHttp.Response stranger = RawHttp.sendFrom(PROXY, server.port(), "GET " + metadata + " HTTP/1.1\r\nHost: " + host()
                + "\r\nX-Forwarded-For: 203.0.113.9", null);
        assertEquals(421, stranger.status(), stranger.body());
        // this machine behind a TLS proxy: the issuer has the scheme the client used (and its default port)
        RawHttp.Response local = RawHttp.sendFrom(PROXY, server.port(), "GET " + metadata + " HTTP/1.1\r\nHost: localhost"
                + "\r\nX-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: https", null);
        assertEquals(200, local.status(), local.body());
        assertTrue(local.body().contains("\"issuer\":\"https://localhost\""), local.body());
        // anyone else's X-Forwarded-* changes nothing
        RawHttp.Response direct = RawHttp.sendFrom(null, server.port(), "GET " + metadata + " HTTP/1.1\r\nHost: " + host()
                + "\r\nX-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https", null);
        assertEquals(200, direct.status());
        assertTrue(direct.body().contains("\"issuer\":\"http://" + host() + "\""), direct.body());
    }

    @Test
    void theAuditLogRecordsTheRealClientAddress() {
        String description = "via proxy " + UUID.randomUUID();
        String body = "{\"short_description\":\"" + description + "\"}";
        RawHttp.Response created = RawHttp.sendFrom(PROXY, server.port(), "POST /api/now/table/incident HTTP/1.1\r\nHost: " + host()
                + "\r\nAuthorization: " + Http.adminBasic() + "\r\nContent-Type: application/json\r\nX-Forwarded-For: 127.0.0.81", body);
        assertEquals(201, created.status(), created.body());
        String sysId = created.body().replaceAll("(?s).*\"sys_id\":\"([0-9a-f]{32})\".*", "$1");
        Http admin = Http.browser(server);
        Map<String, String> form = AuthorizationFlow.hiddenFields(admin.get("/login.do").body());
        form.put("user_name", "admin");
        form.put("user_password", TestServer.ADMIN_PASSWORD);
        assertEquals(303, admin.postForm("/login.do", form).statusCode());
        HttpResponse<String> audit = admin.get("/admin/audit?record=" + sysId);
        assertEquals(200, audit.statusCode());
        assertTrue(audit.body().contains("127.0.0.81"), audit.body());
    }
}
