package gatehouse.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An OpenID Provider played by a test, for what a real one cannot be made to do on cue: its OpenID Provider Metadata
 * ({@code ISSUER/.well-known/openid-configuration}) and JWK Set over plain HTTP on 127.0.0.1 (JDK's HttpServer), keys
 * the test holds and rotates, tokens it signs (RS256) with any claims, and documents of any content at other paths.
 * It counts how often each document was fetched. Gatehouse needs {@code gatehouse.idtoken.allow.http.loopback=true}.
 */
public final class OpenIdProvider implements AutoCloseable {
    private final HttpServer server;
    private final String base;
    private final Map<String, KeyPair> keys = new LinkedHashMap<>();
    private volatile List<String> published = List.of();
    private final AtomicInteger metadataHits = new AtomicInteger();
    private final AtomicInteger jwksHits = new AtomicInteger();

    private OpenIdProvider(HttpServer server) {
        this.server = server;
        this.base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Starts one with the issuer {@code BASE/idp}, publishing no key yet. */
    public static OpenIdProvider start() {
        try {
            OpenIdProvider p = new OpenIdProvider(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            p.serve("/idp/.well-known/openid-configuration", () -> {
                p.metadataHits.incrementAndGet();
                return "{\"issuer\":\"" + p.issuer() + "\",\"jwks_uri\":\"" + p.issuer() + "/jwks\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
            });
            p.serve("/idp/jwks", () -> {
                p.jwksHits.incrementAndGet();
                return p.jwks();
            });
            p.server.start();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String base() { return base; }

    public String issuer() { return base + "/idp"; }

    public String metadataUrl() { return issuer() + "/.well-known/openid-configuration"; }

    public int metadataHits() { return metadataHits.get(); }

    public int jwksHits() { return jwksHits.get(); }

    /** A new RSA 2048 key named {@code kid}, not yet published. */
    public synchronized KeyPair newKey(String kid) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair k = g.generateKeyPair();
            keys.put(kid, k);
            return k;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on the JWK Set holds exactly these keys. */
    public void publish(String... kids) {
        published = List.of(kids);
    }

    /** A compact JWS (RS256, header {@code kid}) over {@code claims}, signed with the key {@code kid}. */
    public synchronized String sign(String kid, Map<String, ?> claims) {
        ObjectNode c = Http.JSON.createObjectNode();
        for (Map.Entry<String, ?> e : claims.entrySet()) c.set(e.getKey(), Http.JSON.valueToTree(e.getValue()));
        ObjectNode h = Http.JSON.createObjectNode();
        h.put("alg", "RS256");
        h.put("typ", "JWT");
        h.put("kid", kid);
        return rs256(h.toString(), c.toString(), keys.get(kid).getPrivate());
    }

    /** A compact JWS with this header and payload (JSON texts), RS256-signed with {@code key}. */
    public static String rs256(String headerJson, String payloadJson, PrivateKey key) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves {@code body()} as application/json at exactly {@code path}. */
    public void serve(String path, Supplier<String> body) {
        server.createContext(path, x -> {
            if (!x.getRequestURI().getPath().equals(path)) {
                x.sendResponseHeaders(404, -1);
                x.close();
                return;
            }
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
    }

    private synchronized String jwks() {
        List<String> out = new ArrayList<>();
        for (String kid : published) {
            RSAPublicKey pub = (RSAPublicKey) keys.get(kid).getPublic();
            out.add("{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\"" + unsigned(pub.getModulus())
                    + "\",\"e\":\"" + unsigned(pub.getPublicExponent()) + "\"}");
        }
        return "{\"keys\":[" + String.join(",", out) + "]}";
    }

    private static String unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        if (b[0] == 0) b = java.util.Arrays.copyOfRange(b, 1, b.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
