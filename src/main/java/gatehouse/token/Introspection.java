package gatehouse.token;

import gatehouse.store.Database;
import gatehouse.store.Token;
import gatehouse.store.User;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import gatehouse.store.Application;

/**
 * RFC 7662 token introspection, for confidential clients (their own tokens only) and admins (any token).
 * A token that is unknown, expired, revoked, rotated, of a revoked grant or inactive application, or
 * another client's, is {@code {"active":false}} (§2.2).
 */
public final class Introspection {
    private final Database db;
    private final Supplier<String> issuer;
    private final Function<String, Application> applications;

    public Introspection(Database db, Supplier<String> issuer, Function<String, Application> applications) {
        this.applications = applications;
        this.db = db;
        this.issuer = issuer;
    }

    /** @param clientId the introspecting client, or null for an admin (who may see every token) */
    public Map<String, Object> introspect(String clientId, String token) {
        long now = System.currentTimeMillis();
        return db.read(em -> {
            Token t = IssuedTokens.find(em, token);
            IssuedTokens.Live live = IssuedTokens.live(em, t, now, applications);
            if (live == null || (clientId != null && !clientId.equals(t.clientId))) return Map.<String, Object>of("active", false);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("active", true);
            m.put("scope", t.scopes);
            m.put("client_id", t.clientId);
            if (t.userSysId != null) {
                User u = em.find(User.class, t.userSysId);
                if (u != null) m.put("username", u.userName);
                m.put("sub", t.userSysId);
            }
            m.put("exp", t.expiresAt / 1000);
            m.put("iat", t.issuedAt / 1000);
            m.put("token_type", Token.REFRESH.equals(t.kind) ? "refresh_token" : t.dpopJkt != null ? "DPoP" : "Bearer");
            if (t.dpopJkt != null) m.put("cnf", Map.of("jkt", t.dpopJkt));     // RFC 9449 §6.2
            m.put("iss", issuer.get());
            if (t.jti != null) m.put("jti", t.jti);
            // RFC 7662 §2.2 aud: the resources it was issued for (RFC 8707, RFC 8693), else the issuer (as a JWT's aud)
            java.util.List<String> aud = gatehouse.record.RecordInput.split(t.audience);
            if (aud.size() == 1) m.put("aud", aud.get(0));
            else if (!aud.isEmpty()) m.put("aud", aud);
            else if (t.jti != null) m.put("aud", issuer.get());
            if (t.act != null) m.put("act", TokenIssuer.parse(t.act));      // RFC 8693 §4.1, §2.2.1

            return m;
        });
    }
}
