package gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.LaunchTls;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The run command serves https (CONTRACT "ServiceNow REST API parity"): a self-signed certificate made on first start
 * in the data folder, kept across restarts, or a given PKCS#12 keystore; over https the login cookies are
 * {@code Secure} (CONTRACT: "a session cookie (HttpOnly, SameSite=Lax, Secure on https)") and HSTS is sent, over
 * plain http on the same server they are not.
 */
class SecureCookieIT {

    @Test
    void sessionCookieIsSecureOverHttpsOnlyAndTheCertificateIsKeptAcrossRestarts() throws Exception {
        Path data = TestServer.newDataDir("https");
        Path pem = data.resolve(LaunchTls.FOLDER).resolve(LaunchTls.CERTIFICATE);
        X509Certificate first;
        try (ServerProcess server = TestServer.startIn(data, Map.of(), List.of("--https-port", "0"))) {
            assertTrue(server.httpsUrl() != null, server.logText());
            first = certificate(pem);
            assertTrue(first.getSubjectAlternativeNames().toString().contains("localhost"), first.toString());
            assertTrue(first.getSubjectAlternativeNames().toString().contains("127.0.0.1"), first.toString());
            SSLContext trusting = trusting(first);

            Http https = Http.browserAt(server.httpsUrl(), trusting);
            HttpResponse<String> page = https.get("/login.do");
            assertEquals(200, page.statusCode(), page.body());
            assertSecure(cookie(page, "GH_LOGIN"), true);
            assertTrue(page.headers().firstValue("Strict-Transport-Security").isPresent(), "HSTS over https");
            HttpResponse<String> login = login(https, page);
            assertEquals(303, login.statusCode(), login.body());
            assertSecure(cookie(login, "GH_SESSION"), true);
            // the session works over https; the API answers there too
            assertEquals(200, https.get("/api/now/table/incident?sysparm_limit=1", "Authorization", Http.adminBasic()).statusCode());

            Http http = Http.browser(server);
            HttpResponse<String> plainPage = http.get("/login.do");
            assertSecure(cookie(plainPage, "GH_LOGIN"), false);
            assertFalse(plainPage.headers().firstValue("Strict-Transport-Security").isPresent());
            HttpResponse<String> plainLogin = login(http, plainPage);
            assertEquals(303, plainLogin.statusCode(), plainLogin.body());
            assertSecure(cookie(plainLogin, "GH_SESSION"), false);

            // a client that does not trust the certificate refuses the connection: it is a real TLS server
            HttpClient untrusting = HttpClient.newHttpClient();
            assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> untrusting.send(
                    HttpRequest.newBuilder(URI.create(server.httpsUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        try (ServerProcess again = TestServer.startIn(data, Map.of(), List.of("--https-port", "0"))) {
            assertEquals(first, certificate(pem), "made on first start only");
            HttpResponse<String> health = Http.browserAt(again.httpsUrl(), trusting(first)).get("/health");
            assertEquals(200, health.statusCode(), health.body());
        }
    }

    @Test
    void aGivenPkcs12KeystoreIsServed() throws Exception {
        // a keystore made elsewhere: here, the one another server's first start made
        Path other = TestServer.newDataDir("https-made");
        try (ServerProcess maker = TestServer.startIn(other, Map.of(), List.of("--https-port", "0"))) {
            assertTrue(maker.httpsUrl() != null);
        }
        Path keystore = other.resolve(LaunchTls.FOLDER).resolve(LaunchTls.KEYSTORE);
        String password = Files.readString(other.resolve(LaunchTls.FOLDER).resolve(LaunchTls.PASSWORD_FILE)).strip();
        X509Certificate given = certificate(other.resolve(LaunchTls.FOLDER).resolve(LaunchTls.CERTIFICATE));

        Path data = TestServer.newDataDir("https-given");
        try (ServerProcess server = TestServer.startIn(data, Map.of(), List.of("--https-port", "0",
                "--keystore", keystore.toString(), "--keystore-password", password))) {
            HttpResponse<String> page = Http.browserAt(server.httpsUrl(), trusting(given)).get("/login.do");
            assertEquals(200, page.statusCode());
            assertSecure(cookie(page, "GH_LOGIN"), true);
            assertFalse(Files.exists(data.resolve(LaunchTls.FOLDER)), "no certificate made when one is given");
        }
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> TestServer.startIn(TestServer.newDataDir("https-wrong"),
                Map.of(), List.of("--https-port", "0", "--keystore", keystore.toString(), "--keystore-password", "not-the-password")));
        assertTrue(wrong.getMessage().contains("cannot read the keystore"), wrong.getMessage());
        assertNotEquals(-1, wrong.getMessage().indexOf(keystore.getFileName().toString()), wrong.getMessage());
    }

    private static HttpResponse<String> login(Http browser, HttpResponse<String> page) {
        Map<String, String> form = AuthorizationFlow.hiddenFields(page.body());
        form.put("user_name", "admin");
        form.put("user_password", TestServer.ADMIN_PASSWORD);
        return browser.postForm("/login.do", form);
    }

    private static String cookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + name + " cookie: " + r.headers().map()));
    }

    private static void assertSecure(String setCookie, boolean secure) {
        List<String> attributes = List.of(setCookie.toLowerCase().split(";\\s*"));
        assertEquals(secure, attributes.contains("secure"), setCookie);
        assertTrue(attributes.contains("httponly"), setCookie);
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** TLS that trusts only {@code cert}, with the JDK's usual host name check. */
    private static SSLContext trusting(X509Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gatehouse", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
