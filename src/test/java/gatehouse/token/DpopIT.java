package gatehouse.token;

import static gatehouse.token.OAuthAsserts.assertError;
import static gatehouse.token.OAuthAsserts.assertTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.dpop.DPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import gatehouse.testing.Http;
import gatehouse.testing.NimbusHttp;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DPoP (RFC 9449): proofs at the token endpoint, bound tokens, and their use on the Table API. */
class DpopIT {
    private static final String API = "/api/now/table/sys_user";
    private final ServerProcess server = TestServer.shared();
    private final Http http = Http.to(server);

    private String url(String path) { return server.baseUrl() + path; }

    private static ECKey key() throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    }

    private String proof(ECKey key, String method, String path) throws Exception {
        return new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256).createDPoPJWT(method, URI.create(url(path))).serialize();
    }

    private String apiProof(ECKey key, String method, String path, String accessToken) throws Exception {
        return new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256)
                .createDPoPJWT(method, URI.create(url(path)), new DPoPAccessToken(accessToken)).serialize();
    }

    private HttpResponse<String> clientCredentials(Apps.App app, String... headers) {
        return http.postForm("/oauth_token.do", Http.map("grant_type", "client_credentials"), concat(headers, "Authorization", app.basic()));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static JsonNode payload(String jwt) throws Exception {
        return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    /** A proof made by hand, for the cases a library refuses to make. */
    private String handMade(JWSHeader header, JWTClaimsSet claims, com.nimbusds.jose.JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private JWTClaimsSet claims(String method, String path, Date iat) {
        return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method).claim("htu", url(path)).issueTime(iat).build();
    }

    @Test
    void nimbusGetsADpopBoundJwtAndUsesItOnTheApiWithAProof() throws Exception {
        Apps.App app = Apps.create(http, "token_format", "jwt");
        ECKey key = key();
        DPoPProofFactory proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
        URI tokenEndpoint = URI.create(url("/oauth_token.do"));
        HTTPRequest request = new TokenRequest(tokenEndpoint, new ClientSecretBasic(new ClientID(app.clientId()), new Secret(app.secret())),
                new ClientCredentialsGrant(), new Scope("useraccount")).toHTTPRequest();
        request.setDPoP(proofs.createDPoPJWT("POST", tokenEndpoint));
        HTTPResponse response = NimbusHttp.send(request);
        com.nimbusds.oauth2.sdk.TokenResponse parsed = com.nimbusds.oauth2.sdk.TokenResponse.parse(response);
        assertTrue(parsed.indicatesSuccess(), response.getBody());
        DPoPAccessToken token = assertInstanceOf(DPoPAccessToken.class, parsed.toSuccessResponse().getTokens().getAccessToken());
        String jkt = key.computeThumbprint().toString();
        assertEquals(jkt, payload(token.getValue()).path("cnf").path("jkt").asText(), "cnf.jkt is the RFC 7638 thumbprint");

        URI api = URI.create(url(API + "?sysparm_limit=1"));
        HTTPRequest call = new HTTPRequest(HTTPRequest.Method.GET, api);
        call.setAuthorization(token.toAuthorizationHeader());
        call.setDPoP(proofs.createDPoPJWT("GET", URI.create(url(API)), token));
        assertEquals(200, NimbusHttp.send(call).getStatusCode(), "htu ignores the query");

        HttpResponse<String> asBearer = http.get(API, "Authorization", "Bearer " + token.getValue());
        assertEquals(401, asBearer.statusCode());
        assertTrue(asBearer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("DPoP "), asBearer.headers().toString());

        String once = apiProof(key, "GET", API, token.getValue());
        assertEquals(200, http.get(API, "Authorization", "DPoP " + token.getValue(), "DPoP", once).statusCode());
        HttpResponse<String> replayed = http.get(API, "Authorization", "DPoP " + token.getValue(), "DPoP", once);
        assertEquals(401, replayed.statusCode());
        assertTrue(replayed.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_dpop_proof\""));

        HttpResponse<String> noProof = http.get(API, "Authorization", "DPoP " + token.getValue());
        assertEquals(401, noProof.statusCode());
        HttpResponse<String> wrongAth = http.get(API, "Authorization", "DPoP " + token.getValue(), "DPoP", apiProof(key, "GET", API, "another token"));
        assertEquals(401, wrongAth.statusCode());
        assertTrue(wrongAth.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_dpop_proof"));
        HttpResponse<String> otherKey = http.get(API, "Authorization", "DPoP " + token.getValue(), "DPoP", apiProof(key(), "GET", API, token.getValue()));
        assertEquals(401, otherKey.statusCode(), "a proof of another key");
        HttpResponse<String> otherMethod = http.get(API, "Authorization", "DPoP " + token.getValue(), "DPoP", apiProof(key, "POST", API, token.getValue()));
        assertEquals(401, otherMethod.statusCode());
        HttpResponse<String> otherUrl = http.get(API, "Authorization", "DPoP " + token.getValue(),
                "DPoP", apiProof(key, "GET", "/api/now/table/incident", token.getValue()));
        assertEquals(401, otherUrl.statusCode());

        JsonNode introspected = Http.body(http.postForm("/oauth_introspect.do", Http.map("token", token.getValue()), "Authorization", app.basic()));
        assertEquals("DPoP", introspected.path("token_type").asText());
        assertEquals(jkt, introspected.path("cnf").path("jkt").asText());
    }

    @Test
    void anOpaqueTokenIsBoundTooAndABearerTokenIsNotUsableWithTheDpopScheme() throws Exception {
        Apps.App app = Apps.create(http);
        ECKey key = key();
        JsonNode tokens = assertTokens(clientCredentials(app, "DPoP", proof(key, "POST", "/oauth_token.do")), "DPoP");
        assertEquals("DPoP", tokens.path("token_type").asText());
        String token = tokens.path("access_token").asText();
        assertEquals(200, http.get(API, "Authorization", "DPoP " + token, "DPoP", apiProof(key, "GET", API, token)).statusCode());
        assertEquals(401, http.get(API, "Authorization", "Bearer " + token).statusCode());
        assertEquals(401, http.get("/oauth_userinfo.do", "Authorization", "Bearer " + token).statusCode(), "UserInfo takes bearer tokens only");
        JsonNode introspected = Http.body(http.postForm("/oauth_introspect.do", Http.map("token", token), "Authorization", app.basic()));
        assertEquals(key.computeThumbprint().toString(), introspected.path("cnf").path("jkt").asText());

        JsonNode bearer = assertTokens(clientCredentials(app));
        assertEquals("Bearer", bearer.path("token_type").asText());
        String plain = bearer.path("access_token").asText();
        assertEquals(200, http.get(API, "Authorization", "Bearer " + plain).statusCode());
        assertEquals(401, http.get(API, "Authorization", "DPoP " + plain, "DPoP", apiProof(key, "GET", API, plain)).statusCode());
    }

    @Test
    void theTokenEndpointRefusesEveryBadProof() throws Exception {
        Apps.App app = Apps.create(http);
        ECKey key = key();
        String once = proof(key, "POST", "/oauth_token.do");
        assertTokens(clientCredentials(app, "DPoP", once), "DPoP");
        assertError(clientCredentials(app, "DPoP", once), 400, "invalid_dpop_proof");                                     // replayed
        assertError(clientCredentials(app, "DPoP", proof(key, "POST", "/oauth_introspect.do")), 400, "invalid_dpop_proof");  // another URL
        assertError(clientCredentials(app, "DPoP", proof(key, "GET", "/oauth_token.do")), 400, "invalid_dpop_proof");       // another method
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build();
        Date stale = new Date(System.currentTimeMillis() - 3_600_000);
        assertError(clientCredentials(app, "DPoP", handMade(header, claims("POST", "/oauth_token.do", stale), new ECDSASigner(key))),
                400, "invalid_dpop_proof");
        Date future = new Date(System.currentTimeMillis() + 3_600_000);
        assertError(clientCredentials(app, "DPoP", handMade(header, claims("POST", "/oauth_token.do", future), new ECDSASigner(key))),
                400, "invalid_dpop_proof");
        // nimbus will not put a private key in a header: the header is written by hand, the signature is real
        String privateHeader = b64("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + key.toJSONString() + "}");
        String input = privateHeader + "." + b64(claims("POST", "/oauth_token.do", new Date()).toString());
        String withPrivateJwk = input + "." + new ECDSASigner(key).sign(header, input.getBytes(StandardCharsets.US_ASCII));
        assertError(clientCredentials(app, "DPoP", withPrivateJwk), 400, "invalid_dpop_proof");
        // the same hand-made proof with the public key alone is accepted: it was the private members that were refused
        String publicHeader = b64("{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + key.toPublicJWK().toJSONString() + "}");
        String publicInput = publicHeader + "." + b64(claims("POST", "/oauth_token.do", new Date()).toString());
        assertTokens(clientCredentials(app, "DPoP", publicInput + "." + new ECDSASigner(key).sign(header,
                publicInput.getBytes(StandardCharsets.US_ASCII))), "DPoP");
        String textIat = publicHeader + "." + b64("{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"POST\",\"htu\":\""
                + url("/oauth_token.do") + "\",\"iat\":\"yesterday\"}");
        assertError(clientCredentials(app, "DPoP", textIat + "." + new ECDSASigner(key).sign(header, textIat.getBytes(StandardCharsets.US_ASCII))),
                400, "invalid_dpop_proof");
        assertError(clientCredentials(app, "DPoP", proof(key, "POST", "/oauth_token.do"), "DPoP", proof(key, "POST", "/oauth_token.do")),
                400, "invalid_dpop_proof");                                                                               // two proofs
        JWSHeader wrongType = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).jwk(key.toPublicJWK()).build();
        assertError(clientCredentials(app, "DPoP", handMade(wrongType, claims("POST", "/oauth_token.do", new Date()), new ECDSASigner(key))),
                400, "invalid_dpop_proof");
        byte[] secret = new byte[32];
        JWSHeader hmac = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build();
        assertError(clientCredentials(app, "DPoP", handMade(hmac, claims("POST", "/oauth_token.do", new Date()), new MACSigner(secret))),
                400, "invalid_dpop_proof");
        ECKey other = key();
        assertError(clientCredentials(app, "DPoP", handMade(header, claims("POST", "/oauth_token.do", new Date()), new ECDSASigner(other))),
                400, "invalid_dpop_proof");                                                                               // signed by another key
        assertError(clientCredentials(app, "DPoP", "not.a.proof"), 400, "invalid_dpop_proof");
        assertError(clientCredentials(app, "DPoP", "%%%"), 400, "invalid_dpop_proof");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"typ\":\"dpop+jwt\",\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + ".";
        assertError(clientCredentials(app, "DPoP", unsigned), 400, "invalid_dpop_proof");
    }

    @Test
    void anApplicationThatRequiresDpopGetsNoTokenWithoutAProof() throws Exception {
        Apps.App app = Apps.create(http, "dpop_bound_access_tokens", true);
        assertEquals(true, Http.body(http.get("/api/now/table/oauth_entity/" + app.sysId(), "Authorization", Http.adminBasic()))
                .path("result").path("dpop_bound_access_tokens").asBoolean());
        assertError(clientCredentials(app), 400, "invalid_dpop_proof");
        assertTokens(clientCredentials(app, "DPoP", proof(key(), "POST", "/oauth_token.do")), "DPoP");
    }

    @Test
    void aPublicClientsRefreshTokenIsBoundToItsKey() throws Exception {
        Apps.App app = Apps.create(http, "public_client", true, "grant_types", "password,refresh_token", "client_credentials_user", null);
        ECKey key = key();
        HttpResponse<String> r = http.postForm("/oauth_token.do", Http.map("grant_type", "password", "client_id", app.clientId(),
                "username", "admin", "password", TestServer.ADMIN_PASSWORD, "scope", "useraccount"), "DPoP", proof(key, "POST", "/oauth_token.do"));
        JsonNode first = assertTokens(r, "DPoP");
        assertEquals("DPoP", first.path("token_type").asText());
        String refresh = first.path("refresh_token").asText();
        assertError(refresh(app, refresh), 400, "invalid_dpop_proof");                                         // without a proof
        assertError(refresh(app, refresh, "DPoP", proof(key(), "POST", "/oauth_token.do")), 400, "invalid_grant");   // another key
        JsonNode second = assertTokens(refresh(app, refresh, "DPoP", proof(key, "POST", "/oauth_token.do")), "DPoP");
        assertEquals("DPoP", second.path("token_type").asText());
        assertNotEquals(refresh, second.path("refresh_token").asText());
        String token = second.path("access_token").asText();
        assertEquals(200, http.get(API, "Authorization", "DPoP " + token, "DPoP", apiProof(key, "GET", API, token)).statusCode());
    }

    private HttpResponse<String> refresh(Apps.App app, String refreshToken, String... headers) {
        return http.postForm("/oauth_token.do", Http.map("grant_type", "refresh_token", "client_id", app.clientId(), "refresh_token", refreshToken),
                headers);
    }

    @Test
    void theMetadataNamesTheAlgorithms() {
        JsonNode m = Http.body(http.get("/.well-known/oauth-authorization-server"));
        assertTrue(m.path("dpop_signing_alg_values_supported").toString().contains("ES256"), m.toString());
        assertTrue(!m.path("dpop_signing_alg_values_supported").toString().contains("HS256"));
    }
}
