package gatehouse.token;

import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.store.Database;
import gatehouse.store.Token;

/**
 * RFC 7009 token revocation. Revoking a refresh token revokes its whole grant (every access token issued from
 * it, §2.1); revoking an access token revokes that token. A token unknown, already invalid, or issued to another
 * client is answered the same way as a revoked one (§2.2: 200), so that the endpoint tells nothing about
 * other clients' tokens; another client's token is left untouched.
 */
public final class Revocation {
    private final Database db;

    public Revocation(Database db) {
        this.db = db;
    }

    /** @param hint token_type_hint (§2.1): only a hint; the search covers both kinds whatever it says */
    public void revoke(AuthenticatedClient client, String token, String hint, String remoteAddress) {
        long now = System.currentTimeMillis();
        db.tx(em -> {
            Token t = IssuedTokens.find(em, token);
            if (t == null || !t.clientId.equals(client.clientId())) return null;
            if (Token.REFRESH.equals(t.kind)) {
                Grants.revoke(em, t.grantId, now);
            } else if (t.revokedAt == null) {
                t.revokedAt = now;
            }
            Audit.record(em, new Actor("client:" + client.clientId(), remoteAddress), "revoke", "oauth_token", t.grantId,
                    "kind=" + t.kind + " client_id=" + t.clientId + (Token.REFRESH.equals(t.kind) ? " (grant revoked)" : ""));
            return null;
        });
    }
}
