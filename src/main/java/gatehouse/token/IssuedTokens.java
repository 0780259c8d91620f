package gatehouse.token;

import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import gatehouse.store.Grant;
import gatehouse.store.Token;
import jakarta.persistence.EntityManager;
import java.util.function.Function;

/**
 * Finding an issued token by its text: every token is stored as the SHA-256 of its full text (opaque and JWT
 * alike), so one primary-key read tells whether Gatehouse issued it and whether it is still live.
 */
public final class IssuedTokens {
    /** A live token with its grant and application. */
    public record Live(Token token, Grant grant, Application application) { }

    private IssuedTokens() { }

    public static Token find(EntityManager em, String text) {
        if (text == null || text.isEmpty() || text.length() > 8192) return null;
        return em.find(Token.class, Secrets.sha256(text));
    }

    /** The token when it is unexpired and unrevoked, its grant unrevoked and its application active; else null. */
    /** @param applications finds an application by client_id (may be the registry's short cache) */
    public static Live live(EntityManager em, Token t, long now, Function<String, Application> applications) {
        if (t == null || t.revokedAt != null || t.expiresAt <= now) return null;
        if (Token.REFRESH.equals(t.kind) && t.rotatedAt != null) return null;
        Grant g = em.find(Grant.class, t.grantId);
        if (g == null || g.revokedAt != null) return null;
        Application a = applications.apply(t.clientId);
        if (a == null || !a.active) return null;
        return new Live(t, g, a);
    }
}
