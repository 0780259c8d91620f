package gatehouse.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.openid.connect.sdk.Nonce;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Http;
import gatehouse.testing.LogFile;
import gatehouse.testing.Npm;
import gatehouse.testing.SeenSecrets;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import gatehouse.token.Apps;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DPoP (RFC 9449, with server nonces: {@code gatehouse.dpop.nonce=true}), the device authorization grant (RFC 8628) and
 * pushed authorization requests (RFC 9126) with a client nobody here wrote: the npm package {@code oauth4webapi} 3.8.9, installed by {@code npm ci} from the
 * committed {@code src/test/node/modern-oauth/package-lock.json} and driven by {@code client-test.js}; the person's side
 * of the device flow is this test, through the real /device.do pages. Skipped where Node.js and npm are missing
 * (fails under {@code CI=true}).
 */
class ModernOAuthClientIT {
    private static Path project;
    private static ServerProcess server;

    @BeforeAll
    static void installTheLibraryAndStart() throws Exception {
        project = Npm.install("modern-oauth");
        server = TestServer.start("modern-oauth", Map.of("gatehouse.dpop.nonce", "true"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void oauth4webapiGetsDpopBoundTokensWithNoncesAndCompletesTheDeviceFlow() throws Exception {
        Http http = Http.to(server);
        Apps.App confidential = Apps.create(http, "token_format", "jwt");
        Apps.App device = Apps.create(http, "public_client", true, "client_credentials_user", null,
                "grant_types", "urn:ietf:params:oauth:grant-type:device_code,refresh_token");

        Path log = project.resolve("client-test.log");
        ProcessBuilder pb = Npm.clientTest(project, log);
        pb.environment().put("GATEHOUSE_ISSUER", server.baseUrl());
        pb.environment().put("CONFIDENTIAL_ID", confidential.clientId());
        pb.environment().put("CONFIDENTIAL_SECRET", confidential.secret());
        pb.environment().put("PUBLIC_ID", device.clientId());
        // what the library sends and receives, for the log scan; the user code on the device's "screen", not in its log
        pb.environment().put("GATEHOUSE_SECRETS_SEEN", SeenSecrets.file().toAbsolutePath().toString());
        Path screen = project.resolve("device-screen");
        Files.deleteIfExists(screen);
        pb.environment().put("DEVICE_SCREEN", screen.toAbsolutePath().toString());
        // PAR: the address the client sends the browser to, and the callback the browser comes back with
        Path address = project.resolve("browser-address");
        Path callback = project.resolve("callback");
        Files.deleteIfExists(address);
        Files.deleteIfExists(callback);
        pb.environment().put("BROWSER_ADDRESS", address.toAbsolutePath().toString());
        pb.environment().put("CALLBACK_FILE", callback.toAbsolutePath().toString());
        pb.environment().put("REDIRECT_URI", "https://client.example.com/cb");
        Process p = pb.start();
        try {
            String userCode = awaitScreen(screen, log, p);
            Http browser = Http.browser(server);
            AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
            HttpResponse<String> consent = browser.get("/device.do?user_code=" + userCode);
            assertEquals(200, consent.statusCode(), consent.body());
            Map<String, String> form = AuthorizationFlow.hiddenFields(consent.body());
            form.put("decision", "allow");
            assertEquals(200, browser.postForm("/device.do", form).statusCode());
            // the pushed authorization request: the browser with only client_id and request_uri, through log-in and consent
            String authorize = awaitScreen(address, log, p);
            assertTrue(authorize.startsWith(server.baseUrl() + "/oauth_auth.do?client_id="), authorize);
            String back = AuthorizationFlow.authorize(Http.browser(server), authorize.substring(server.baseUrl().length()), "admin",
                    TestServer.ADMIN_PASSWORD, true);
            Path partial = project.resolve("callback.tmp");
            Files.writeString(partial, back);
            Files.move(partial, callback, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            if (!p.waitFor(3, TimeUnit.MINUTES)) fail("client-test.js did not finish: " + LogFile.text(log));
        } finally {
            p.destroyForcibly();
        }
        JsonNode report = Npm.report(log);
        assertTrue(report.path("ok").asBoolean(), report.toString());
        assertTrue(report.path("dpop_algs").toString().contains("ES256"), report.toString());
        assertEquals(server.baseUrl() + "/oauth_device.do", report.path("device_endpoint").asText());
        assertEquals("dpop", report.path("cc_token_type").asText().toLowerCase(), report.toString());
        assertEquals(200, report.path("api_status").asInt(), report.toString());
        assertEquals(200, report.path("api_again_status").asInt(), report.toString());
        assertEquals(401, report.path("as_bearer_status").asInt(), report.toString());
        assertTrue(report.path("as_bearer_challenge").asText().startsWith("DPoP"), report.toString());
        assertTrue(report.path("nonce_retries").asInt() >= 1, "the library was asked for a nonce and retried: " + report);
        assertEquals("dpop", report.path("device_token_type").asText().toLowerCase(), report.toString());
        assertEquals(200, report.path("device_api_status").asInt(), report.toString());
        assertTrue(report.path("device_refresh").asBoolean(), report.toString());
        assertEquals("dpop", report.path("refreshed_token_type").asText().toLowerCase(), report.toString());
        assertEquals(server.baseUrl() + "/oauth_par.do", report.path("par_endpoint").asText());
        assertEquals("invalid_request", report.path("par_bad_redirect").asText(), report.toString());
        assertTrue(report.path("par_request_uri_form").asBoolean(), report.toString());
        assertEquals(60, report.path("par_expires_in").asInt(), report.toString());
        assertEquals("dpop", report.path("par_token_type").asText().toLowerCase(), "the pushed DPoP proof bound the code: " + report);
        assertEquals("useraccount", report.path("par_scope").asText(), report.toString());
    }

    @Test
    void withNoncesOnAProofWithoutTheNonceIsUseDpopNonceWithOneToUse() throws Exception {
        Http http = Http.to(server);
        Apps.App app = Apps.create(http);
        var key = new ECKeyGenerator(Curve.P_256).generate();
        var factory = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        URI token = URI.create(server.baseUrl() + "/oauth_token.do");
        HttpResponse<String> first = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                "Authorization", app.basic(), "DPoP", factory.createDPoPJWT("POST", token).serialize());
        assertEquals(400, first.statusCode(), first.body());
        assertEquals("use_dpop_nonce", Http.body(first).path("error").asText());
        String nonce = first.headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> wrongNonce = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                "Authorization", app.basic(), "DPoP", factory.createDPoPJWT("POST", token, null, new Nonce("made-up")).serialize());
        assertEquals("use_dpop_nonce", Http.body(wrongNonce).path("error").asText());
        HttpResponse<String> ok = http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"),
                "Authorization", app.basic(), "DPoP", factory.createDPoPJWT("POST", token, null, new Nonce(nonce)).serialize());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("DPoP", Http.body(ok).path("token_type").asText());
        assertTrue(ok.headers().firstValue("DPoP-Nonce").isPresent());

        // on the Table API too: 401 with a DPoP challenge naming use_dpop_nonce, and the nonce to use
        String access = Http.body(ok).path("access_token").asText();
        URI api = URI.create(server.baseUrl() + "/api/now/table/sys_user");
        var dpopToken = new com.nimbusds.oauth2.sdk.token.DPoPAccessToken(access);
        HttpResponse<String> noNonce = http.get("/api/now/table/sys_user", "Authorization", "DPoP " + access,
                "DPoP", factory.createDPoPJWT("GET", api, dpopToken).serialize());
        assertEquals(401, noNonce.statusCode());
        assertTrue(noNonce.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"use_dpop_nonce\""), noNonce.headers().toString());
        String apiNonce = noNonce.headers().firstValue("DPoP-Nonce").orElseThrow();
        assertEquals(200, http.get("/api/now/table/sys_user", "Authorization", "DPoP " + access,
                "DPoP", factory.createDPoPJWT("GET", api, dpopToken, new Nonce(apiNonce)).serialize()).statusCode());
    }

    /** What client-test.js shows on a screen (a file: the user code, the browser's address), once it is there. */
    private static String awaitScreen(Path screen, Path log, Process p) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(screen)) {
                String code = Files.readString(screen, StandardCharsets.UTF_8);
                if (code.endsWith("\n")) return code.trim();
            }
            if (!p.isAlive()) fail("client-test.js ended early: " + LogFile.text(log));
            Thread.sleep(200);
        }
        fail("client-test.js showed no user code: " + LogFile.text(log));
        return null;
    }
}
