package gatehouse.authorize;

import gatehouse.keys.Secrets;
import gatehouse.store.AuthorizationCode;
import gatehouse.store.Database;
import jakarta.persistence.EntityManager;

/**
 * Issues authorization codes (RFC 6749 §4.1.2, §10.10): 256 random bits, only their SHA-256 stored, bound to
 * the client, the redirect URI (and whether it was sent), the PKCE challenge, the user and the scopes;
 * single use and short-lived ({@code gatehouse.code.lifespan}). The token endpoint redeems them.
 */
public final class CodeIssuer {
    private final Database db;
    private final long lifespanMillis;

    public CodeIssuer(Database db, long lifespanSeconds) {
        this.db = db;
        this.lifespanMillis = lifespanSeconds * 1000;
    }

    /** What a code is bound to. {@code codeChallenge} is the S256 challenge, or null; {@code scopes} space-separated. */
    public record Binding(String clientId, String redirectUri, boolean redirectUriSent, String codeChallenge,
                          String userSysId, String scopes) { }

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
        c.createdAt = now;
        c.expiresAt = now + lifespanMillis;
        c.usedAt = null;
        c.grantId = null;
        em.persist(c);
        return code;
    }

    public static Binding binding(AuthorizationRequest r, String userSysId) {
        return new Binding(r.clientId(), r.redirectUri(), r.redirectUriSent(), r.codeChallenge(), userSysId, r.scope());
    }
}
