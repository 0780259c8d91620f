package gatehouse.token;

import gatehouse.keys.Secrets;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import gatehouse.store.Token;
import gatehouse.client.Registry;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Opaque access tokens: looked up by their SHA-256, as only the hash is stored. */
public final class OpaqueTokenValidator implements AccessTokenValidator {
    private final Database db;

    public OpaqueTokenValidator(Database db) {
        this.db = db;
    }

    @Override
    public Optional<ValidToken> validate(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) return Optional.empty();
        String hash = Secrets.sha256(token);
        return db.read(em -> {
            Token t = em.find(Token.class, hash);
            long now = System.currentTimeMillis();
            if (t == null || !Token.ACCESS.equals(t.kind) || t.revokedAt != null || t.expiresAt <= now) return Optional.empty();
            Grant g = em.find(Grant.class, t.grantId);
            if (g == null || g.revokedAt != null) return Optional.empty();
            Application a = Registry.byClientId(em, t.clientId);
            if (a == null || !a.active) return Optional.empty();
            return Optional.of(new ValidToken(t.userSysId, t.clientId, scopes(t.scopes), t.expiresAt, t.grantId, t.jti));
        });
    }

    static Set<String> scopes(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s != null) Arrays.stream(s.split(" ")).filter(x -> !x.isBlank()).forEach(out::add);
        return out;
    }
}
