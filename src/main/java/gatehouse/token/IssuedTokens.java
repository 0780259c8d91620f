package gatehouse.token;

import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import gatehouse.store.Token;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Finding an issued token by its text: every token is stored under a key made from its full text alone (opaque and
 * JWT alike), so one primary-key read tells whether Gatehouse issued it and whether it is still live.
 *
 * <p>The key is the SHA-256 of the text, after the token's issue time when the text carries one: an opaque token
 * is 12 lower-case hex digits of its issue time in milliseconds followed by 256 random bits (base64url), and a JWT's
 * payload begins with its {@code jti}, whose first 12 hex digits are the same (a time-ordered id). So new rows land
 * at the end of the primary key's B-tree instead of on a random page each (measured on embedded Derby: 0.29 to 0.18
 * ms of CPU per token), and the time in the key, public in any case, says nothing of the random part. Tokens without
 * that shape (issued before it) are keyed by their SHA-256 alone, as they always were.
 */
public final class IssuedTokens {
    /** Length of an opaque token: 12 hex digits of time, then 43 base64url characters (32 random bytes). */
    static final int OPAQUE_LENGTH = 55;
    private static final int TIME_DIGITS = 12;
    private static final String JTI_START = "{\"jti\":\"";
    /** A live token with its application. */
    public record Live(Token token, Application application) { }

    private IssuedTokens() { }

    public static Token find(EntityManager em, String text) {
        if (text == null || text.isEmpty() || text.length() > 8192) return null;
        return em.find(Token.class, key(text));
    }

    /** A new opaque token (access or refresh) issued at {@code millis}. */
    public static String newOpaque(long millis) {
        return String.format("%012x", millis & 0xFFFF_FFFF_FFFFL) + Secrets.random(32);
    }

    /** The stored key of a token's text ({@code oauth_token.token_hash}). */
    public static String key(String text) {
        String time = issueTime(text);
        return time == null ? Secrets.sha256(text) : time + Secrets.sha256(text);
    }

    /** The 12 hex digits of issue time that the text carries, or null. */
    private static String issueTime(String text) {
        if (text.length() == OPAQUE_LENGTH && hex(text, 0)) return text.substring(0, TIME_DIGITS);
        int dot = text.indexOf('.');
        if (dot <= 0 || text.length() < dot + 1 + 28) return null;
        byte[] start;
        try {
            start = Base64.getUrlDecoder().decode(text.substring(dot + 1, dot + 1 + 28));   // 21 bytes of the payload
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        String s = new String(start, StandardCharsets.ISO_8859_1);
        return s.startsWith(JTI_START) && hex(s, JTI_START.length()) ? s.substring(JTI_START.length(), JTI_START.length() + TIME_DIGITS) : null;
    }

    private static boolean hex(String s, int from) {
        if (s.length() < from + TIME_DIGITS) return false;
        for (int i = from; i < from + TIME_DIGITS; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    /**
     * How many token exchanges (RFC 8693) lie between the grant {@code grantId} and the grant they began from: 0 for any
     * other grant; -1 when that grant or one of those is revoked or gone, or there are more than
     * {@link #MAX_EXCHANGE_DEPTH} (then the token is dead).
     */
    public static int exchangeDepth(EntityManager em, String grantId) {
        GrantState g = grantState(em, grantId);
        int depth = 0;
        for (; g != null && g.revokedAt() == null; depth++) {
            if (g.parentGrantId() == null) return depth;
            if (depth >= MAX_EXCHANGE_DEPTH) return -1;
            g = grantState(em, g.parentGrantId());
        }
        return -1;
    }

    /** What liveness needs of a grant: when it was revoked (null: not) and the grant it was exchanged from. */
    private record GrantState(Long revokedAt, String parentGrantId) { }

    /**
     * The grant's revocation and parent only, read from the index {@code oauth_grant_live} (id, revoked_at,
     * parent_grant_id) alone, without the row: on a large table the grants that tokens are checked against lie
     * anywhere, and on embedded Derby each check read a 32 KB page of the table besides the index's 4 KB page
     * (introspection with 1,000,000 stored tokens: bench/README.md, "Growth"). Derby's optimizer and PostgreSQL's
     * choose the covering index by themselves. Null when there is no such grant.
     */
    private static GrantState grantState(EntityManager em, String grantId) {
        if (grantId == null) return null;
        List<?> rows = em.createNativeQuery("SELECT revoked_at, parent_grant_id FROM oauth_grant WHERE id = ?").setParameter(1, grantId).getResultList();
        if (rows.isEmpty()) return null;
        Object[] row = (Object[]) rows.get(0);
        return new GrantState(row[0] == null ? null : ((Number) row[0]).longValue(), (String) row[1]);
    }

    /** The longest chain of token exchanges whose last token still lives. */
    public static final int MAX_EXCHANGE_DEPTH = 8;

    /**
     * The token when it is unexpired and unrevoked, its grant unrevoked (and, for an exchanged token, every grant it was
     * exchanged from) and its application active; else null. The grant is read every time (never cached), so that a
     * revocation on any node counts at once, even for a token written while its grant was being revoked.
     *
     * @param applications finds an application by client_id (may be the registry's short cache)
     */
    public static Live live(EntityManager em, Token t, long now, Function<String, Application> applications) {
        if (t == null || t.revokedAt != null || t.expiresAt <= now) return null;
        if (Token.REFRESH.equals(t.kind) && t.rotatedAt != null) return null;
        if (exchangeDepth(em, t.grantId) < 0) return null;
        Application a = applications.apply(t.clientId);
        if (a == null || !a.active) return null;
        return new Live(t, a);
    }
}
