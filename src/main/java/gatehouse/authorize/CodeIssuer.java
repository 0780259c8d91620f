package gatehouse.authorize;

import gatehouse.keys.Secrets;
import gatehouse.oidc.LoginMoments;
import gatehouse.store.AuthorizationCode;
import gatehouse.store.Database;
import jakarta.persistence.EntityManager;

/**
 * Issues authorization codes (RFC 6749 §4.1.2, §10.10): 256 random bits, only their SHA-256 stored, bound to
 * the client, the redirect URI (and whether it was sent), the PKCE challenge, the user, the scopes and the resources (RFC 8707);
 * single use and short-lived ({@code gatehouse.code.lifespan}). The token endpoint redeems them.
 */
public final class CodeIssuer {
    private final Database db;
    private final long lifespanMillis;

    public CodeIssuer(Database db, long lifespanSeconds) {
        this.db = db;
        this.lifespanMillis = lifespanSeconds * 1000;
    }

    /**
     * What a code is bound to. {@code codeChallenge} is the S256 challenge, or null; {@code scopes} space-separated.
     * OpenID Connect only (else null): the request's {@code nonce}, and the log-in's {@code authTime} (epoch ms) and {@code sid}.
     * {@code dpopJkt}: the DPoP key the redemption must prove (RFC 9449 §10), or null.
     */
    public record Binding(String clientId, String redirectUri, boolean redirectUriSent, String codeChallenge,
                          String userSysId, String scopes, String nonce, Long authTime, String sid, String resources, String dpopJkt) {
        public Binding(String clientId, String redirectUri, boolean redirectUriSent, String codeChallenge,
                       String userSysId, String scopes, String nonce, Long authTime, String sid) {
            this(clientId, redirectUri, redirectUriSent, codeChallenge, userSysId, scopes, nonce, authTime, sid, null, null);
        }
    }

    /** Issues a code in its own transaction; returns the code (the only time it exists in clear). */
    public String issue(Binding b) {
        return db.tx(em -> issue(em, b));
    }

    /** Issues a code inside the caller's transaction. */
    public String issue(EntityManager em, Binding b) {
        String code = Secrets.random(32);
        long now = System.currentTimeMillis();
        AuthorizationCode c = new AuthorizationCode();
        c.codeHash = Secrets.sha256(code);
        c.clientId = b.clientId();
        c.redirectUri = b.redirectUri();
        c.redirectUriSent = b.redirectUriSent();
        c.codeChallenge = b.codeChallenge();
        c.userSysId = b.userSysId();
        c.scopes = b.scopes();
        c.nonce = b.nonce();
        c.authTime = b.authTime();
        c.sid = b.sid();
        c.resources = b.resources();
        c.dpopJkt = b.dpopJkt();
        c.createdAt = now;
        c.expiresAt = now + lifespanMillis;
        c.usedAt = null;
        c.grantId = null;
        em.persist(c);
        return code;
    }

    /** @param login the log-in of an OpenID Connect request, else null */
    public static Binding binding(AuthorizationRequest r, String userSysId, LoginMoments.Moment login) {
        return new Binding(r.clientId(), r.redirectUri(), r.redirectUriSent(), r.codeChallenge(), userSysId, r.scope(),
                login == null ? null : r.parameter("nonce"), login == null ? null : login.authTime(), login == null ? null : login.sid(),
                gatehouse.token.ResourceIndicators.join(r.resources()), r.dpopJkt());
    }
}
