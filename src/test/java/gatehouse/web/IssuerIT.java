package gatehouse.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.RawHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A stranger's Host header, X-Forwarded-Host or absolute request-target never becomes the issuer (RFC 8414 §2). */
class IssuerIT {
    private static final String METADATA = "/.well-known/oauth-authorization-server";
    private static final String EVIL = "evil.example";

    @Test
    void withoutTheSettingAForeignHostIsRefusedAndNeverBecomesTheIssuer() throws Exception {
        try (ServerProcess server = TestServer.start("issuer-unset", Map.of())) {
            int port = server.port();
            // the very first request after the start names a foreign host: refused, and it names the setting
            RawHttp.Response first = RawHttp.get(port, METADATA, EVIL);
            assertEquals(421, first.status(), first.body());
            assertTrue(first.body().contains("gatehouse.issuer"), first.body());
            assertFalse(first.body().contains(EVIL), first.body());
            // an absolute request-target naming a foreign host (Tomcat itself refuses one whose Host header differs)
            RawHttp.Response absolute = RawHttp.get(port, "http://" + EVIL + METADATA, EVIL);
            assertEquals(421, absolute.status(), absolute.body());
            RawHttp.Response mismatch = RawHttp.get(port, "http://" + EVIL + METADATA, "127.0.0.1:" + port);
            assertTrue(mismatch.status() == 400 || mismatch.status() == 421, mismatch.status() + " " + mismatch.body());
            assertFalse(mismatch.body().contains("\"issuer\""), mismatch.body());
            // the token endpoint and the authorization endpoint answer in their own shapes
            RawHttp.Response token = RawHttp.send(port, "POST /oauth_token.do HTTP/1.1\r\nHost: " + EVIL
                    + "\r\nContent-Type: application/x-www-form-urlencoded", "grant_type=client_credentials");
            assertEquals(421, token.status(), token.body());
            assertEquals("invalid_request", Http.JSON.readTree(token.body()).path("error").asText());
            RawHttp.Response authorize = RawHttp.get(port, "/oauth_auth.do?response_type=code&client_id=demo-confidential&state=x", EVIL);
            assertEquals(421, authorize.status());
            assertTrue(authorize.header("Content-Type").startsWith("text/html"), authorize.headers().toString());
            RawHttp.Response api = RawHttp.get(port, "/api/now/table/incident", EVIL, "Authorization: " + Http.adminBasic());
            assertEquals(421, api.status());
            assertEquals("failure", Http.JSON.readTree(api.body()).path("status").asText());
            // a load balancer's health probe still works
            assertEquals(200, RawHttp.get(port, "/health", EVIL).status());
            // X-Forwarded-Host is never read: the issuer is the loopback address the request was sent to
            RawHttp.Response forwarded = RawHttp.get(port, METADATA, "127.0.0.1:" + port, "X-Forwarded-Host: " + EVIL,
                    "X-Forwarded-Proto: https", "Forwarded: host=" + EVIL + ";proto=https");
            assertEquals(200, forwarded.status(), forwarded.body());
            assertMetadataNames(Http.JSON.readTree(forwarded.body()), server.baseUrl());

            // afterwards, ordinary requests see only their own loopback issuer: in metadata, tokens and redirects
            Http http = Http.to(server);
            assertMetadataNames(Http.body(http.get(METADATA)), server.baseUrl());
            Map<String, Object> claims = jwtClaims(clientCredentialsJwt(http, port, null));
            assertEquals(server.baseUrl(), claims.get("iss"));
            assertEquals(server.baseUrl(), claims.get("aud"));
            HttpResponse<String> error = http.get("/oauth_auth.do?response_type=bogus&client_id=demo-confidential"
                    + "&redirect_uri=https://oauth.pstmn.io/v1/callback&state=x");
            assertEquals(server.baseUrl(), query(error.headers().firstValue("Location").orElseThrow()).get("iss"));
            assertFalse(server.logText().contains(EVIL), "the foreign host reached the log");
        }
    }

    @Test
    void withoutTheSettingEachLoopbackRequestGetsItsOwnIssuerAndNothingIsKept() throws Exception {
        ServerProcess server = TestServer.shared();
        int port = server.port();
        RawHttp.Response viaLocalhost = RawHttp.get(port, METADATA, "localhost:" + port);
        assertEquals(200, viaLocalhost.status());
        assertMetadataNames(Http.JSON.readTree(viaLocalhost.body()), "http://localhost:" + port);
        assertTrue(viaLocalhost.header("Vary").contains("Host"), viaLocalhost.headers().toString());
        assertMetadataNames(Http.body(Http.to(server).get(METADATA)), server.baseUrl());
    }

    @Test
    void withTheSettingEveryAbsoluteUrlNamesItWhateverTheRequestSays() throws Exception {
        String issuer = "https://auth.example.com";
        try (ServerProcess server = TestServer.start("issuer-set", Map.of("gatehouse.issuer", issuer))) {
            int port = server.port();
            RawHttp.Response foreign = RawHttp.get(port, METADATA, EVIL, "X-Forwarded-Host: other.example");
            assertEquals(200, foreign.status(), foreign.body());
            assertMetadataNames(Http.JSON.readTree(foreign.body()), issuer);
            RawHttp.Response absolute = RawHttp.get(port, "http://" + EVIL + METADATA, EVIL);
            assertMetadataNames(Http.JSON.readTree(absolute.body()), issuer);

            Http http = Http.to(server);
            String jwt = clientCredentialsJwt(http, port, EVIL);
            Map<String, Object> claims = jwtClaims(jwt);
            assertEquals(issuer, claims.get("iss"));
            assertEquals(issuer, claims.get("aud"));
            // the token works at the API, whatever host the API call names
            assertEquals(200, http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + jwt).statusCode());

            // the authorization endpoint's error redirect carries the configured iss (RFC 9207)
            RawHttp.Response error = RawHttp.get(port, "/oauth_auth.do?response_type=bogus&client_id=demo-confidential"
                    + "&redirect_uri=https://oauth.pstmn.io/v1/callback&state=x", EVIL);
            assertEquals(302, error.status(), error.body());
            assertEquals(issuer, query(error.header("Location")).get("iss"));
            // an application's own login page gets a return_to on the configured issuer
            String clientId = "login-url-" + UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> app = http.json("POST", "/api/now/table/oauth_entity", Map.of("name", "Own login page",
                    "provider_name", "Tests", "client_id", clientId, "redirect_urls", "https://client.example.com/cb",
                    "login_url", "https://login.example.com/sso"), "Authorization", Http.adminBasic());
            assertEquals(201, app.statusCode(), app.body());
            RawHttp.Response login = RawHttp.get(port, "/oauth_auth.do?response_type=code&client_id=" + clientId
                    + "&redirect_uri=https://client.example.com/cb&state=s1", EVIL);
            assertEquals(302, login.status(), login.body());
            String location = login.header("Location");
            assertTrue(location.startsWith("https://login.example.com/sso?"), location);
            assertTrue(query(location).get("return_to").startsWith(issuer + "/oauth_auth.do?"), location);
            assertFalse(location.contains(EVIL), location);
        }
    }

    private static void assertMetadataNames(JsonNode metadata, String issuer) {
        assertEquals(issuer, metadata.path("issuer").asText(), metadata.toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().endsWith("_endpoint") || e.getKey().endsWith("_uri"))
                assertTrue(e.getValue().asText().startsWith(issuer + "/"), e.getKey() + " = " + e.getValue());
        }
        assertFalse(metadata.toString().contains(EVIL), metadata.toString());
    }

    /** A JWT access token from a new client_credentials application; the token request names {@code host} (null: loopback). */
    private static String clientCredentialsJwt(Http http, int port, String host) throws Exception {
        String clientId = "issuer-jwt-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "Issuer test " + clientId);
        body.put("provider_name", "Tests");
        body.put("client_id", clientId);
        body.put("grant_types", "client_credentials");
        body.put("auth_scopes", "useraccount");
        body.put("client_credentials_user", "admin");
        body.put("token_format", "jwt");
        HttpResponse<String> created = http.json("POST", "/api/now/table/oauth_entity", body, "Authorization", Http.adminBasic());
        assertEquals(201, created.statusCode(), created.body());
        String secret = Http.body(created).path("result").path("client_secret").asText();
        RawHttp.Response token = RawHttp.send(port, "POST /oauth_token.do HTTP/1.1\r\nHost: " + (host == null ? "127.0.0.1:" + port : host)
                + "\r\nAuthorization: " + Http.basic(clientId, secret)
                + "\r\nContent-Type: application/x-www-form-urlencoded", "grant_type=client_credentials");
        assertEquals(200, token.status(), token.body());
        String accessToken = Http.JSON.readTree(token.body()).path("access_token").asText();
        assertNotNull(accessToken);
        return accessToken;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jwtClaims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, jwt);
        return Http.JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        int at = url.indexOf('?');
        if (at < 0) return q;
        for (String pair : url.substring(at + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }
}
