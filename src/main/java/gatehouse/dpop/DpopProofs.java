package gatehouse.dpop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.keys.Secrets;
import gatehouse.store.Database;
import gatehouse.store.ReplayRecord;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import jakarta.persistence.PersistenceException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a DPoP proof (RFC 9449 §4.3) for the token endpoint and for resource requests: header {@code typ: dpop+jwt},
 * an asymmetric {@code alg}, a public {@code jwk} that verifies the signature; claims {@code jti}, {@code htm} equal to the
 * request's method, {@code htu} equal to its URL (ignoring query and fragment, RFC 9449 §4.3 step 9), {@code iat} within
 * {@code gatehouse.dpop.window} seconds of now, {@code ath} for a resource request, {@code nonce} when nonces are on.
 * The {@code jti} is single use on every node: a {@link ReplayRecord} whose primary key refuses a second insert.
 */
public final class DpopProofs {
    public static final String TYPE = "dpop+jwt";
    /** RFC 9449 §5.1 dpop_signing_alg_values_supported: asymmetric only, never none or HMAC. */
    public static final List<String> ALGORITHMS = List.of("ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
    private static final int MAX_LENGTH = 8192;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A proof that passed: the RFC 7638 SHA-256 thumbprint of its key. */
    public record Proof(String jkt) { }

    /** A refused proof; {@code nonceNeeded}: the client must retry with the nonce in {@code DPoP-Nonce} (use_dpop_nonce). */
    public static final class InvalidProof extends RuntimeException {
        public final boolean nonceNeeded;

        InvalidProof(String message, boolean nonceNeeded) {
            super(message, null, false, false);
            this.nonceNeeded = nonceNeeded;
        }

        InvalidProof(String message) {
            this(message, false);
        }
    }

    private final Database db;
    private final long windowMillis;
    /** null: nonces are not required. */
    private final DpopNonces nonces;

    public DpopProofs(Database db, long windowSeconds, DpopNonces nonces) {
        this.db = db;
        this.windowMillis = windowSeconds * 1000;
        this.nonces = nonces;
    }

    /** A fresh nonce to send in {@code DPoP-Nonce}, or null when nonces are off. */
    public String nonce(long now) {
        return nonces == null ? null : nonces.issue(now);
    }

    /**
     * @param proof       the {@code DPoP} header's value
     * @param method      the request's method
     * @param url         the request's URL as the issuer names it (no query)
     * @param accessToken the access token the request carries (resource requests: {@code ath} must match), else null
     */
    public Proof verify(String proof, String method, String url, String accessToken, long now) {
        if (proof == null || proof.isBlank()) throw new InvalidProof("The DPoP proof is missing");
        if (proof.length() > MAX_LENGTH) throw new InvalidProof("The DPoP proof is too long");
        String[] parts = proof.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) throw new InvalidProof("The DPoP proof is not a signed JWT");
        JsonNode header = json(parts[0]);
        if (!TYPE.equals(header.path("typ").asText(null))) throw new InvalidProof("The DPoP proof's typ must be dpop+jwt");
        String alg = header.path("alg").asText("");
        if (!ALGORITHMS.contains(alg)) throw new InvalidProof("The DPoP proof's alg must be one of " + String.join(", ", ALGORITHMS));
        JsonNode jwkNode = header.get("jwk");
        if (jwkNode == null || !jwkNode.isObject()) throw new InvalidProof("The DPoP proof's header must carry the public key as jwk");
        for (String m : PRIVATE_MEMBERS)
            if (jwkNode.has(m)) throw new InvalidProof("The DPoP proof's jwk must be a public key; it holds private members");
        PublicJwk<?> jwk = publicJwk(jwkNode);
        PublicKey key = jwk.toKey();
        if (alg.startsWith("ES") ? !(key instanceof ECPublicKey) : !(key instanceof RSAPublicKey))
            throw new InvalidProof("The DPoP proof's jwk does not fit its alg " + alg);
        Claims claims;
        try {
            claims = Jwts.parser().verifyWith(key).clockSkewSeconds(windowMillis / 1000).build().parseSignedClaims(proof).getPayload();
        } catch (JwtException | IllegalArgumentException | SecurityException e) {
            throw new InvalidProof("The DPoP proof's signature or claims are invalid");
        }
        String jti = text(claims, "jti");
        if (jti == null || jti.length() > 512) throw new InvalidProof("The DPoP proof needs a jti");
        if (!method.equals(text(claims, "htm"))) throw new InvalidProof("The DPoP proof's htm is not this request's method");
        String htu = text(claims, "htu");
        if (htu == null || !sameUrl(htu, url)) throw new InvalidProof("The DPoP proof's htu is not this request's URL");
        long issuedAt = issuedAt(claims);
        if (Math.abs(now - issuedAt) > windowMillis) throw new InvalidProof("The DPoP proof's iat is too far from the server's time");
        if (accessToken != null) {
            String ath = text(claims, "ath");
            if (ath == null || !Secrets.constantTimeEquals(ath, accessTokenHash(accessToken)))
                throw new InvalidProof("The DPoP proof's ath does not match the access token");
        }
        if (nonces != null) {
            String nonce = text(claims, "nonce");
            if (nonce == null || !nonces.valid(nonce, now)) throw new InvalidProof("The DPoP proof needs the server's current nonce", true);
        }
        String jkt = jwk.thumbprint().toString();
        recordJti(jkt, jti, now);
        return new Proof(jkt);
    }

    /** RFC 9449 §4.2 ath: base64url of the SHA-256 of the access token's ASCII text. */
    public static String accessTokenHash(String accessToken) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256Bytes(accessToken.getBytes(StandardCharsets.US_ASCII)));
    }

    private void recordJti(String jkt, String jti, long now) {
        String id = Secrets.sha256("dpop\n" + jkt + "\n" + jti);
        try {
            boolean fresh = db.tx(em -> {
                if (em.find(ReplayRecord.class, id) != null) return false;
                ReplayRecord r = new ReplayRecord();
                r.id = id;
                r.expiresAt = now + 2 * windowMillis;     // an iat up to a window ahead stays acceptable a window after it
                em.persist(r);
                return true;
            });
            if (!fresh) throw new InvalidProof("The DPoP proof was already used");
        } catch (PersistenceException raced) {
            throw new InvalidProof("The DPoP proof was already used");
        }
    }

    private static JsonNode json(String base64url) {
        try {
            JsonNode n = JSON.readTree(Base64.getUrlDecoder().decode(base64url));
            if (n == null || !n.isObject()) throw new InvalidProof("The DPoP proof's header is not a JSON object");
            return n;
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new InvalidProof("The DPoP proof's header is not base64url JSON");
        }
    }

    private static PublicJwk<?> publicJwk(JsonNode node) {
        String kty = node.path("kty").asText("");
        if (!kty.equals("EC") && !kty.equals("RSA")) throw new InvalidProof("The DPoP proof's jwk must be an EC or RSA public key");
        try {
            Jwk<?> jwk = Jwks.parser().build().parse(JSON.writeValueAsString(node));
            if (jwk instanceof PublicJwk<?> p) return p;
        } catch (RuntimeException | java.io.IOException e) {
            throw new InvalidProof("The DPoP proof's jwk is not a valid public key");
        }
        throw new InvalidProof("The DPoP proof's jwk must be a public key");
    }

    /** RFC 9449 §4.2: iat, a NumericDate. */
    private static long issuedAt(Claims c) {
        try {
            java.util.Date iat = c.getIssuedAt();
            if (iat != null) return iat.getTime();
        } catch (RuntimeException notADate) {
            // falls through
        }
        throw new InvalidProof("The DPoP proof needs an iat");
    }

    private static String text(Claims c, String name) {
        Object v = c.get(name);
        return v instanceof String s && !s.isEmpty() ? s : null;
    }

    /** RFC 9449 §4.3 step 9 with RFC 3986 §6.2.2–6.2.3 normalisation: scheme, host, port and path; query and fragment ignored. */
    static boolean sameUrl(String htu, String expected) {
        try {
            URI a = new URI(htu).normalize();
            URI b = new URI(expected).normalize();
            if (!a.isAbsolute() || a.getHost() == null || a.getRawUserInfo() != null) return false;
            return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                    && port(a) == port(b) && path(a).equals(path(b));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() != -1) return u.getPort();
        return "https".equals(u.getScheme().toLowerCase(Locale.ROOT)) ? 443 : "http".equals(u.getScheme().toLowerCase(Locale.ROOT)) ? 80 : -1;
    }

    private static String path(URI u) {
        String p = u.getRawPath();
        return p == null || p.isEmpty() ? "/" : p;
    }
}
