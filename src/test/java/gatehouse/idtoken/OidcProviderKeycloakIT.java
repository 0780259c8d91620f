package gatehouse.idtoken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gatehouse.testing.Http;
import gatehouse.testing.OpenIdProvider;
import gatehouse.testing.Keycloak;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 16 B against a real Keycloak 26 ({@link Keycloak#shared()}, realm {@value #REALM} of its own): ID tokens
 * Keycloak issued by its direct grant ({@code scope=openid}) are accepted as bearer tokens on the Table API for the
 * OIDC providers ({@code oauth_entity} type {@code oidc_provider}) made over the Table API; every way one can be
 * wrong is {@code 401 invalid_token}. Besides Keycloak, a small OpenID Provider served by this test (its metadata
 * and JWK Set, keys the test holds) shows the JWKS cache: an unknown {@code kid} refetches, never more than every
 * 10 s; and providers that are down or answer garbage give 401, never 5xx.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OidcProviderKeycloakIT {
    static final String REALM = "gatehouse-idtoken";
    static final String admin = Http.adminBasic();
    static final String password = "kc-user-" + UUID.randomUUID();
    static Keycloak keycloak;
    static ServerProcess server;
    static Http http;
    /** The test's own provider (issuer {@code BASE/idp}, keys a and b) and its documents of garbage. */
    static OpenIdProvider idp;
    static String idpBase;
    static KeyPair keyA;
    static String aliceSysId;
    static String incidentId;
    static String appProvider;
    static String shortProvider;
    /** Every token used: none may appear in Gatehouse's log. */
    static final Set<String> tokens = new CopyOnWriteArraySet<>();
    static long shortTokenExp;
    static String shortToken;

    @BeforeAll
    static void start() throws Exception {
        if (!Keycloak.javaAvailable()) return;
        long started = System.nanoTime();
        CompletableFuture<Keycloak> kc = CompletableFuture.supplyAsync(Keycloak::shared);   // shared with KeycloakIT
        try {
            // Keycloak's issuer is http://127.0.0.1:PORT/realms/...: the setting allows http on loopback (tests only)
            server = TestServer.start("idtoken", Map.of("gatehouse.idtoken.allow.http.loopback", "true"));
        } finally {
            keycloak = kc.get();
        }
        http = Http.to(server);
        keycloak.createRealm(realm());

        idp = OpenIdProvider.start();
        idpBase = idp.base();
        keyA = idp.newKey("a");
        idp.newKey("b");
        idp.publish("a");
        // providers that answer garbage
        idp.serve("/html/.well-known/openid-configuration", () -> "<html>not JSON</html>");
        idp.serve("/huge/.well-known/openid-configuration", () -> "{\"issuer\":\"" + idpBase + "/huge\",\"x\":\"" + "x".repeat(1 << 20) + "\"}");
        idp.serve("/badjwks/.well-known/openid-configuration", () -> "{\"issuer\":\"" + idpBase + "/badjwks\",\"jwks_uri\":\"" + idpBase + "/badjwks/jwks\"}");
        idp.serve("/badjwks/jwks", () -> "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"a\",\"n\":\"!!\",\"e\":42}]}");
        idp.serve("/otherissuer/.well-known/openid-configuration", () -> "{\"issuer\":\"" + idpBase + "/idp\",\"jwks_uri\":\"" + idpBase + "/idp/jwks\"}");
        idp.serve("/array.json", () -> "[1,2,3]");

        aliceSysId = user("alice.oidc", "itil", true);
        user("carol.inactive", "itil", false);
        HttpResponse<String> incident = http.json("POST", "/api/now/table/incident", Map.of("short_description", "read with an ID token"),
                "Authorization", admin);
        assertEquals(201, incident.statusCode(), incident.body());
        incidentId = Http.body(incident).path("result").path("sys_id").asText();

        String issuer = keycloak.baseUrl() + "/realms/" + REALM;
        appProvider = provider(fields("gh-app", issuer + "/.well-known/openid-configuration"));
        Map<String, Object> shortLived = fields("gh-short", issuer + "/.well-known/openid-configuration");
        shortLived.put("clock_skew", 0);
        shortProvider = provider(shortLived);
        // the short-lived token (3 s) is had now and used once it has expired, after the JWKS test's wait
        shortToken = kcToken("gh-short", "alice.oidc");
        shortTokenExp = payload(shortToken).path("exp").asLong();
        System.out.printf("OidcProviderKeycloakIT: Keycloak, Gatehouse and the realm ready in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @BeforeEach
    void needsKeycloak() {
        Assumptions.assumeTrue(Keycloak.javaAvailable(), "Keycloak 26 needs Java 21+, expected at " + Keycloak.JAVA_HOME + " (absent here)");
    }

    @AfterAll
    static void stop() {
        if (idp != null) idp.close();
        if (server != null) {
            server.close();   // first: a failed check below must not leave the server running
            String log = server.logText();
            for (String t : tokens) assertFalse(log.contains(t), "a token in Gatehouse's log");
            for (String t : tokens) {
                String signature = t.substring(t.lastIndexOf('.') + 1);
                if (signature.length() >= 20) assertFalse(log.contains(signature), "a token's signature in Gatehouse's log");
            }
        }
        // the shared Keycloak stays up for the next class that needs it; a shutdown hook stops it
    }

    // ---- Keycloak ----

    @Test
    @Order(1)
    void anIdTokenKeycloakIssuedReadsIncidentsAsTheUserItNames() throws Exception {
        String idToken = kcToken("gh-app", "alice.oidc");
        JsonNode claims = payload(idToken);
        assertEquals("gh-app", claims.path("aud").asText(), claims.toString());
        assertEquals(keycloak.baseUrl() + "/realms/" + REALM, claims.path("iss").asText());
        HttpResponse<String> r = api(idToken, "/api/now/table/incident/" + incidentId);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("read with an ID token", Http.body(r).path("result").path("short_description").asText());
        // acting as alice (useraccount: what her roles allow): her incident carries her name
        HttpResponse<String> created = http.json("POST", "/api/now/table/incident", Map.of("short_description", "opened with an ID token"),
                "Authorization", "Bearer " + idToken);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("alice.oidc", Http.body(created).path("result").path("sys_created_by").asText(), created.body());
        // without JTI verification the same token serves again until it expires
        assertEquals(200, api(idToken, "/api/now/table/incident?sysparm_limit=1").statusCode());
        // she is not an admin: the ID token gives her no more than her roles
        assertEquals(403, api(idToken, "/api/now/table/sys_user").statusCode());
    }

    @Test
    @Order(2)
    void aTokenForAnotherClientIdIsRefused() throws Exception {
        String other = kcToken("gh-other", "alice.oidc");
        assertEquals("gh-other", payload(other).path("aud").asText());
        assertInvalidToken(api(other, "/api/now/table/incident/" + incidentId));
    }

    @Test
    @Order(3)
    void forgedAndTamperedTokensAreRefused() throws Exception {
        String real = kcToken("gh-app", "alice.oidc");
        String[] parts = real.split("\\.");
        JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        ObjectNode claims = (ObjectNode) payload(real);
        assertEquals(200, api(real, "/api/now/table/incident/" + incidentId).statusCode());
        // the same claims signed by a key that is not Keycloak's, with Keycloak's kid
        assertInvalidToken(api(rs256(header, claims, keyA.getPrivate()), "/api/now/table/incident/" + incidentId));
        // Keycloak's signature over other claims (another user)
        ObjectNode admin = claims.deepCopy();
        admin.put("preferred_username", "admin");
        assertInvalidToken(api(parts[0] + "." + b64(admin.toString()) + "." + parts[2], "/api/now/table/incident/" + incidentId));
        // alg none, with and without the signature
        ObjectNode none = ((ObjectNode) header).deepCopy();
        none.put("alg", "none");
        assertInvalidToken(api(b64(none.toString()) + "." + parts[1] + ".", "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(b64(none.toString()) + "." + parts[1] + "." + parts[2], "/api/now/table/incident/" + incidentId));
        // HS256 keyed with Keycloak's public key (the key confusion attack), as DER and as the JWK's n
        RSAPublicKey kcKey = keycloakKey(header.path("kid").asText());
        ObjectNode hs = ((ObjectNode) header).deepCopy();
        hs.put("alg", "HS256");
        assertInvalidToken(api(hs256(hs, claims, kcKey.getEncoded()), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(hs256(hs, claims, kcKey.getModulus().toByteArray()), "/api/now/table/incident/" + incidentId));
        // not a JWT at all, and a JWT of nobody's issuer
        assertInvalidToken(api("not-a-token", "/api/now/table/incident/" + incidentId));
        ObjectNode stranger = claims.deepCopy();
        stranger.put("iss", "https://idp.example");
        assertInvalidToken(api(rs256(header, stranger, keyA.getPrivate()), "/api/now/table/incident/" + incidentId));
    }

    @Test
    @Order(4)
    void aTokenOfAnInactiveProviderIsRefusedUntilItIsActiveAgain() throws Exception {
        String idToken = kcToken("gh-app", "alice.oidc");
        assertEquals(200, patch(appProvider, Map.of("active", false)).statusCode());
        assertInvalidToken(api(idToken, "/api/now/table/incident/" + incidentId));
        assertEquals(200, patch(appProvider, Map.of("active", true)).statusCode());
        assertEquals(200, api(idToken, "/api/now/table/incident/" + incidentId).statusCode());
        // deleted: refused for good
        String spare = provider(fields("gh-other", keycloak.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration"));
        String other = kcToken("gh-other", "alice.oidc");
        assertEquals(200, api(other, "/api/now/table/incident/" + incidentId).statusCode());
        assertEquals(204, http.delete("/api/now/table/oauth_entity/" + spare, "Authorization", admin).statusCode());
        assertInvalidToken(api(other, "/api/now/table/incident/" + incidentId));
    }

    @Test
    @Order(5)
    void aUserUnknownToGatehouseOrInactiveThereIsRefused() throws Exception {
        assertInvalidToken(api(kcToken("gh-app", "dave.unknown"), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(kcToken("gh-app", "carol.inactive"), "/api/now/table/incident/" + incidentId));
    }

    @Test
    @Order(6)
    void withJtiVerificationOneIdTokenServesOneCall() throws Exception {
        Map<String, Object> f = fields("gh-jti", keycloak.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration");
        f.put("enable_jti_verification", true);
        provider(f);
        String idToken = kcToken("gh-jti", "alice.oidc");
        assertNotNull(payload(idToken).path("jti").textValue(), "Keycloak's ID token carries a jti");
        assertEquals(200, api(idToken, "/api/now/table/incident/" + incidentId).statusCode());
        assertInvalidToken(api(idToken, "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(idToken, "/api/now/table/incident?sysparm_limit=1"));
        String next = kcToken("gh-jti", "alice.oidc");
        assertEquals(200, api(next, "/api/now/table/incident/" + incidentId).statusCode());
    }

    @Test
    @Order(7)
    void theProvidersScopesBoundWhatItsTokensMayDoAndEmailCanNameTheUser() throws Exception {
        Map<String, Object> f = fields("gh-scoped", keycloak.baseUrl() + "/realms/" + REALM + "/.well-known/openid-configuration");
        f.put("auth_scopes", List.of("incident_read"));
        f.put("user_claim", "email");
        f.put("user_field", "email");
        provider(f);
        String idToken = kcToken("gh-scoped", "alice.oidc");
        assertEquals(200, api(idToken, "/api/now/table/incident/" + incidentId).statusCode());
        HttpResponse<String> write = http.json("POST", "/api/now/table/incident", Map.of("short_description", "x"), "Authorization", "Bearer " + idToken);
        assertEquals(403, write.statusCode(), write.body());
        assertTrue(write.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
    }

    // ---- the test's own provider: the JWKS cache, then the expired Keycloak token ----

    @Test
    @Order(8)
    void anUnknownKidRefetchesTheKeysButNeverMoreOftenThanEvery10Seconds() throws Exception {
        Map<String, Object> f = fields("own-app", idpBase + "/idp/.well-known/openid-configuration");
        f.put("user_claim", "sub");
        f.put("user_field", "sys_id");
        provider(f);
        long firstCall = System.nanoTime();
        assertEquals(200, api(own("a", Map.of()), "/api/now/table/incident/" + incidentId).statusCode());
        assertEquals(1, idp.metadataHits());
        assertEquals(1, idp.jwksHits());
        // kid b is unknown: refused, and within 10 s of the last fetch no token makes Gatehouse fetch again
        for (int i = 0; i < 5; i++) assertInvalidToken(api(own("b", Map.of()), "/api/now/table/incident/" + incidentId));
        if (System.nanoTime() - firstCall < 9_000_000_000L) assertEquals(1, idp.jwksHits(), "the JWK Set was fetched again within 10 s");
        // the provider rotates in key b; after 10 s the unknown kid fetches the set once, and b is accepted
        idp.publish("a", "b");
        long waitUntil = firstCall + 11_000_000_000L;
        while (System.nanoTime() < waitUntil) Thread.sleep(200);
        assertEquals(200, api(own("b", Map.of()), "/api/now/table/incident/" + incidentId).statusCode());
        assertEquals(2, idp.jwksHits());
        assertEquals(200, api(own("b", Map.of()), "/api/now/table/incident/" + incidentId).statusCode());
        assertEquals(2, idp.jwksHits(), "a known kid needs no fetch");
        assertEquals(1, idp.metadataHits(), "the metadata is cached");
        // the claims checked one by one (the token is otherwise good)
        long now = System.currentTimeMillis() / 1000;
        assertInvalidToken(api(own("a", Map.of("aud", "someone-else")), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("azp", "someone-else")), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("exp", now - 120)), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("nbf", now + 120)), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("iat", now + 120)), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("sub", "0123456789abcdef0123456789abcdef")), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("sub", 42)), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("sub", "x".repeat(5000))), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("aud", 42)), "/api/now/table/incident/" + incidentId));
        assertInvalidToken(api(own("a", Map.of("exp", "tomorrow")), "/api/now/table/incident/" + incidentId));
        // within the skew (60 s): accepted
        assertEquals(200, api(own("a", Map.of("exp", now - 20, "nbf", now + 20)), "/api/now/table/incident/" + incidentId).statusCode());
    }

    @Test
    @Order(9)
    void anExpiredKeycloakTokenIsRefusedAndTheClockSkewWidensTheWindow() throws Exception {
        long lifetime = shortTokenExp - payload(shortToken).path("iat").asLong();
        assertTrue(lifetime > 0 && lifetime <= 3, "gh-short's tokens live 3 s (Keycloak's exp and iat are rounded apart): " + lifetime);
        while (System.currentTimeMillis() / 1000 <= shortTokenExp + 1) Thread.sleep(200);
        assertInvalidToken(api(shortToken, "/api/now/table/incident/" + incidentId));   // clock_skew 0
        assertEquals(200, patch(shortProvider, Map.of("clock_skew", 300)).statusCode());
        assertEquals(200, api(shortToken, "/api/now/table/incident/" + incidentId).statusCode());
    }

    @Test
    @Order(10)
    void providersThatAreDownOrAnswerGarbageGive401NeverA5xx() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        List<String> issuers = new ArrayList<>();
        for (String path : List.of("/html", "/huge", "/badjwks", "/otherissuer", "/missing")) {
            provider(fields("broken", idpBase + path + "/.well-known/openid-configuration"));
            issuers.add(idpBase + path);
        }
        provider(fields("broken", "http://127.0.0.1:" + closed + "/down/.well-known/openid-configuration"));
        issuers.add("http://127.0.0.1:" + closed + "/down");
        // metadata URLs that are not ISSUER/.well-known/...: asked about every token
        provider(fields("broken", idpBase + "/array.json"));
        provider(fields("broken", "http://127.0.0.1:" + closed + "/anything.json"));
        for (String iss : issuers) {
            HttpResponse<String> r = api(own("a", Map.of("iss", iss, "aud", "broken")), "/api/now/table/incident/" + incidentId);
            assertInvalidToken(r);
            HttpResponse<String> again = api(own("a", Map.of("iss", iss, "aud", "broken")), "/api/now/table/incident/" + incidentId);
            assertInvalidToken(again);
        }
        // the working providers still work beside the broken ones
        assertEquals(200, api(kcToken("gh-app", "alice.oidc"), "/api/now/table/incident/" + incidentId).statusCode());
        assertEquals(200, api(own("a", Map.of()), "/api/now/table/incident/" + incidentId).statusCode());
    }

    // ---- helpers ----

    static HttpResponse<String> api(String token, String path) {
        tokens.add(token);
        return http.get(path, "Authorization", "Bearer " + token);
    }

    /** 401 with the API's own token error: the Bearer challenge with invalid_token and the {"error":…} body. */
    static void assertInvalidToken(HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer") && challenge.contains("error=\"invalid_token\""), challenge);
        JsonNode body = Http.body(r);
        assertEquals("failure", body.path("status").asText(), r.body());
        assertFalse(body.path("error").path("message").asText().isEmpty(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    static Map<String, Object> fields(String clientId, String metadataUrl) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("type", "oidc_provider");
        f.put("name", "Keycloak " + clientId + " " + UUID.randomUUID().toString().substring(0, 6));
        f.put("client_id", clientId);
        f.put("oidc_metadata_url", metadataUrl);
        f.put("user_claim", "preferred_username");
        f.put("user_field", "user_name");
        f.put("auth_scopes", List.of("useraccount"));
        f.put("active", true);
        return f;
    }

    static String provider(Map<String, Object> fields) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/oauth_entity", fields, "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode result = Http.body(r).path("result");
        assertEquals("oidc_provider", result.path("type").asText(), r.body());
        assertEquals(fields.get("oidc_metadata_url"), result.path("oidc_metadata_url").asText(), r.body());
        return result.path("sys_id").asText();
    }

    static HttpResponse<String> patch(String sysId, Map<String, Object> fields) {
        HttpResponse<String> r = http.json("PATCH", "/api/now/table/oauth_entity/" + sysId, fields, "Authorization", admin);
        assertEquals(200, r.statusCode(), r.body());
        return r;
    }

    static String user(String name, String roles, boolean active) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "user_password", "gh-" + password,
                "roles", roles, "email", name + "@example.test", "active", active), "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result").path("sys_id").asText();
    }

    /** An ID token from Keycloak's direct grant (scope openid) for a public client of the realm. */
    static String kcToken(String clientId, String user) throws Exception {
        String idToken = keycloak.directGrant(REALM, clientId, user, password).path("id_token").asText(null);
        assertNotNull(idToken, "Keycloak's direct grant gave no ID token");
        tokens.add(idToken);
        return idToken;
    }

    static RSAPublicKey keycloakKey(String kid) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(keycloak.oidc(REALM, "certs"))).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode k : Http.body(r).path("keys")) {
            if (!kid.equals(k.path("kid").asText())) continue;
            BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("n").asText()));
            BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("e").asText()));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        }
        throw new AssertionError("Keycloak's JWK Set has no key " + kid + ": " + r.body());
    }

    /** A token of the test's own provider for alice (sub = her sys_id), signed with key {@code kid}, with {@code changes} to the claims. */
    static String own(String kid, Map<String, Object> changes) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", idp.issuer());
        claims.put("sub", aliceSysId);
        claims.put("aud", "own-app");
        claims.put("iat", now);
        claims.put("exp", now + 300);
        claims.put("jti", UUID.randomUUID().toString());
        claims.putAll(changes);
        return idp.sign(kid, claims);
    }

    /** The same claims under this header, RS256-signed with {@code key}. */
    static String rs256(JsonNode header, JsonNode claims, PrivateKey key) {
        ObjectNode h = ((ObjectNode) header).deepCopy();
        h.put("alg", "RS256");
        return OpenIdProvider.rs256(h.toString(), claims.toString(), key);
    }

    static String hs256(JsonNode header, JsonNode claims, byte[] secret) throws Exception {
        String input = b64(header.toString()) + "." + b64(claims.toString());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static JsonNode payload(String jwt) throws Exception {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static String b64(String s) {
        return OpenIdProvider.b64(s);
    }

    /** The realm, its public clients (direct grant only; gh-short's tokens live 3 s) and users. */
    static ObjectNode realm() {
        ObjectNode realm = Keycloak.realm(REALM, List.of("gh-app", "gh-other", "gh-short", "gh-jti", "gh-scoped"),
                List.of("alice.oidc", "carol.inactive", "dave.unknown"), "Oidc", password);
        realm.put("accessTokenLifespan", 300);
        for (JsonNode c : realm.path("clients"))
            if (c.path("clientId").asText().equals("gh-short")) ((ObjectNode) c).putObject("attributes").put("access.token.lifespan", "3");
        return realm;
    }
}
