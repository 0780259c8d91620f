package gatehouse.authorize;

import gatehouse.keys.Secrets;
import gatehouse.store.Database;
import gatehouse.store.PendingAuthorization;
import java.util.Optional;

/**
 * Validated authorization requests waiting for the person's Allow or Deny ({@code pending_authorization}),
 * bound to the login session that saw the consent page and short-lived; in the database, so any node can
 * take the answer (CONTRACT "Several nodes").
 */
public final class PendingAuthorizations {
    static final long LIFESPAN_MILLIS = 10 * 60_000L;
    private final Database db;

    public PendingAuthorizations(Database db) {
        this.db = db;
    }

    /** Stores {@code r} for the session {@code sessionHash}; returns the id the consent form carries. */
    public String save(AuthorizationRequest r, String sessionHash) {
        long now = System.currentTimeMillis();
        PendingAuthorization p = new PendingAuthorization();
        p.id = Secrets.random(32);
        p.sessionHash = sessionHash;
        p.clientId = r.clientId();
        p.redirectUri = r.redirectUri();
        p.redirectUriSent = r.redirectUriSent();
        p.responseType = r.responseType();
        p.scope = r.scope();
        p.state = r.state();
        p.codeChallenge = r.codeChallenge();
        p.codeChallengeMethod = r.codeChallenge() == null ? null : "S256";
        p.nonce = r.openId() ? r.parameter("nonce") : null;
        p.resources = gatehouse.token.ResourceIndicators.join(r.resources());
        p.dpopJkt = r.dpopJkt();
        p.createdAt = now;
        p.expiresAt = now + LIFESPAN_MILLIS;
        db.tx(em -> {
            em.createQuery("DELETE FROM PendingAuthorization p WHERE p.expiresAt < :now").setParameter("now", now).executeUpdate();
            em.persist(p);
            return null;
        });
        return p.id;
    }

    /** The live pending request {@code id} of this session, without consuming it. */
    public Optional<PendingAuthorization> find(String id, String sessionHash) {
        if (id == null || id.length() > 64) return Optional.empty();
        long now = System.currentTimeMillis();
        PendingAuthorization p = db.read(em -> em.find(PendingAuthorization.class, id));
        if (p == null || p.expiresAt <= now || !Secrets.constantTimeEquals(p.sessionHash, sessionHash)) return Optional.empty();
        return Optional.of(p);
    }
}
