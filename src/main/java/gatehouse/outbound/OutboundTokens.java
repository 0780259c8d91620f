package gatehouse.outbound;

import gatehouse.keys.Secrets;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.OAuthCredential;
import gatehouse.store.OAuthProfile;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The tokens of outbound profiles (CONTRACT "Outbound OAuth", seed 000: "the refresh token will be used
 * automatically … until its expiration"): fetch when missing (non-interactive grants), refresh shortly before
 * expiry, renew after a 401, keep a rotated refresh token, and mark a credential as needing a person when no
 * token can be had without one.
 *
 * <p>One refresh per credential at a time across all nodes: the refresh runs while holding a row lock on the
 * credential ({@code SELECT … FOR UPDATE}); whoever gets the lock next first looks again, and uses the token
 * the other one got instead of refreshing a second time.
 */
public final class OutboundTokens {
    private static final Logger LOG = Logger.getLogger(OutboundTokens.class.getName());

    /** An access token ready to send, and whether this call fetched or refreshed it. */
    public record Usable(String accessToken, String tokenType, boolean refreshed) { }

    private final Database db;
    private final Sealer sealer;
    private final TokenEndpoint endpoint;
    private final long skewMillis;

    OutboundTokens(Database db, Sealer sealer, TokenEndpoint endpoint, long skewSeconds) {
        this.db = db;
        this.sealer = sealer;
        this.endpoint = endpoint;
        this.skewMillis = skewSeconds * 1000;
    }

    static String accessContext(String credentialSysId) {
        return "oauth_credential/" + credentialSysId + "/access_token";
    }

    static String refreshContext(String credentialSysId) {
        return "oauth_credential/" + credentialSysId + "/refresh_token";
    }

    static boolean interactive(String grantType) {
        return Providers.AUTHORIZATION_CODE.equals(grantType) || Providers.PASSWORD.equals(grantType);
    }

    /** Whose tokens: the user's own for the authorization code grant, else the whole instance's. */
    static String holder(OAuthProfile profile, String userSysId) {
        return Providers.AUTHORIZATION_CODE.equals(profile.grantType) ? userSysId : OAuthCredential.INSTANCE;
    }

    public OAuthCredential credential(String profileSysId, String holder) {
        return db.read(em -> find(em, profileSysId, holder, false));
    }

    /** A token for an outbound call: the stored one while it has more than the skew left, else a new one. */
    public Usable forCall(OAuthProfile profile, String userSysId, String actor) {
        String holder = holder(profile, userSysId);
        OAuthCredential c = credential(profile.sysId, holder);
        if (c != null && c.accessTokenEnc != null && !expiring(c, System.currentTimeMillis()))
            return new Usable(open(c.accessTokenEnc, accessContext(c.sysId)), c.tokenType, false);
        String seen = c == null || c.accessTokenEnc == null ? null : open(c.accessTokenEnc, accessContext(c.sysId));
        return renew(profile, holder, seen, actor);
    }

    /** After the provider refused {@code rejected} (a 401): a different token, refreshed unless another call already did. */
    public Usable afterRejection(OAuthProfile profile, String userSysId, String rejected, String actor) {
        return renew(profile, holder(profile, userSysId), rejected, actor);
    }

    /**
     * Get OAuth Token for the grants that need no browser: fetches new tokens now (replacing any held).
     * The password grant takes the user name and password given here, and keeps neither.
     */
    public OAuthCredential fetchNow(OAuthProfile profile, String username, String password, String actor) {
        if (Providers.AUTHORIZATION_CODE.equals(profile.grantType))
            throw new OutboundException.Invalid("The profile uses the authorization code grant: use Get OAuth Token in the console, which opens the provider's login page");
        if (Providers.PASSWORD.equals(profile.grantType) && (username == null || password == null))
            throw new OutboundException.Invalid("The password grant needs the user name and password of the account at the provider (they are not kept)");
        Application provider = provider(profile);
        TokenSet t = endpoint.request(provider, grantParameters(profile, provider, username, password), profile.sysId, "fetched", actor);
        return store(profile, OAuthCredential.INSTANCE, null, t);
    }

    /** Stores the tokens of a completed authorization code flow for {@code userSysId}. */
    OAuthCredential store(OAuthProfile profile, String holder, String userSysId, TokenSet t) {
        ensureRow(profile, holder, userSysId);
        return db.tx(em -> {
            OAuthCredential c = find(em, profile.sysId, holder, true);
            Application provider = em.find(Application.class, profile.oauthEntity);
            apply(c, t, provider, System.currentTimeMillis());
            return c;
        });
    }

    private Usable renew(OAuthProfile profile, String holder, String seen, String actor) {
        ensureRow(profile, holder, OAuthCredential.INSTANCE.equals(holder) ? null : holder);
        Outcome out = db.tx(em -> {
            OAuthCredential c = find(em, profile.sysId, holder, true);   // waits for any refresh in progress
            long now = System.currentTimeMillis();
            String current = c.accessTokenEnc == null ? null : open(c.accessTokenEnc, accessContext(c.sysId));
            // Another call replaced the token we saw while we waited: use it (RFC 6749 §6 is not needed twice).
            if (current != null && !current.equals(seen) && (c.expiresAt == null || c.expiresAt > now))
                return new Outcome(new Usable(current, c.tokenType, false), null);
            return obtain(em, c, profile, now, actor);
        });
        if (out.failure != null) throw out.failure;
        return out.usable;
    }

    /** Holding the row lock: refresh with the refresh token, else fetch (non-interactive), else a person is needed. */
    private Outcome obtain(EntityManager em, OAuthCredential c, OAuthProfile profile, long now, String actor) {
        Application provider = em.find(Application.class, profile.oauthEntity);
        if (provider == null || !Providers.isProvider(provider)) return new Outcome(null, new RecordNotFoundException("oauth_entity", profile.oauthEntity));
        String refreshToken = c.refreshTokenEnc == null ? null : open(c.refreshTokenEnc, refreshContext(c.sysId));
        boolean refreshUsable = refreshToken != null && (c.refreshExpiresAt == null || c.refreshExpiresAt > now);
        if (refreshUsable) {
            try {
                TokenSet t = endpoint.request(provider, GrantRequests.refresh(refreshToken), profile.sysId, "refreshed", actor);
                apply(c, t, provider, now);
                return new Outcome(new Usable(t.accessToken(), c.tokenType, true), null);
            } catch (OutboundException.ProviderRefused refused) {
                if (!refused.invalidGrant()) {
                    c.lastError = cut(refused.getMessage());
                    c.updatedOn = now;
                    return new Outcome(null, refused);
                }
                // RFC 6749 §5.2 invalid_grant: the refresh token is expired, revoked or was used; it is of no more use
                clear(c, now);
                c.lastError = cut("The refresh token was refused: " + refused.error + (refused.errorDescription == null ? "" : " (" + refused.errorDescription + ")"));
                if (interactive(profile.grantType)) return needsPerson(c, profile, c.lastError);
            } catch (OutboundException e) {
                c.lastError = cut(e.getMessage());
                c.updatedOn = now;
                return new Outcome(null, e);
            }
        } else if (refreshToken != null) {
            clear(c, now);
            c.lastError = "The refresh token expired";
        }
        if (interactive(profile.grantType)) {
            String why = c.lastError != null ? c.lastError : "No token has been obtained yet";
            return needsPerson(c, profile, why);
        }
        try {
            TokenSet t = endpoint.request(provider, grantParameters(profile, provider, null, null), profile.sysId,
                    c.accessTokenEnc == null && c.refreshCount == 0 ? "fetched" : "refreshed", actor);
            apply(c, t, provider, now);
            return new Outcome(new Usable(t.accessToken(), c.tokenType, true), null);
        } catch (OutboundException e) {
            c.lastError = cut(e.getMessage());
            c.updatedOn = now;
            return new Outcome(null, e);
        }
    }

    private static Outcome needsPerson(OAuthCredential c, OAuthProfile profile, String why) {
        c.needsPerson = true;
        c.lastError = cut(why);
        c.updatedOn = System.currentTimeMillis();
        return new Outcome(null, new OutboundException.NeedsPerson(profile.sysId, why));
    }

    private record Outcome(Usable usable, RuntimeException failure) { }

    private Map<String, String> grantParameters(OAuthProfile profile, Application provider, String username, String password) {
        String scope = String.join(" ", RecordInput.split(profile.scopes));
        return switch (profile.grantType) {
            case Providers.CLIENT_CREDENTIALS -> GrantRequests.clientCredentials(scope);
            case Providers.PASSWORD -> GrantRequests.password(username, password, scope);
            case Providers.JWT_BEARER -> GrantRequests.jwtBearer(ProviderKeys.sign(provider.jwtKeyEnc, provider.sysId, provider.jwtPublicJwk, sealer,
                    provider.providerClientId, profile.jwtSubject != null ? profile.jwtSubject : provider.providerClientId,
                    profile.jwtAudience != null ? profile.jwtAudience : provider.tokenUrl), scope);
            default -> throw new OutboundException.Invalid("The grant " + profile.grantType + " needs a person");
        };
    }

    private void apply(OAuthCredential c, TokenSet t, Application provider, long now) {
        c.accessTokenEnc = sealer.seal(t.accessToken(), accessContext(c.sysId));
        c.tokenType = t.tokenType();
        c.expiresAt = t.expiresIn() == null ? null : now + t.expiresIn() * 1000;
        if (t.refreshToken() != null) {
            // a rotated refresh token replaces the old one (RFC 9700 §4.14.2)
            c.refreshTokenEnc = sealer.seal(t.refreshToken(), refreshContext(c.sysId));
            c.refreshExpiresAt = t.refreshExpiresIn() != null ? Long.valueOf(now + t.refreshExpiresIn() * 1000)
                    : provider != null && provider.refreshTokenLifespan > 0 ? Long.valueOf(now + provider.refreshTokenLifespan * 1000L) : null;
        }
        if (t.scope() != null) c.scope = cut(t.scope());
        c.needsPerson = false;
        c.lastError = null;
        c.lastRefreshedAt = now;
        c.refreshCount++;
        c.updatedOn = now;
    }

    private static void clear(OAuthCredential c, long now) {
        c.accessTokenEnc = null;
        c.refreshTokenEnc = null;
        c.expiresAt = null;
        c.refreshExpiresAt = null;
        c.updatedOn = now;
    }

    boolean expiring(OAuthCredential c, long now) {
        return c.expiresAt != null && c.expiresAt - skewMillis <= now;
    }

    private Application provider(OAuthProfile profile) {
        Application p = db.read(em -> em.find(Application.class, profile.oauthEntity));
        if (!Providers.isProvider(p)) throw new RecordNotFoundException("oauth_entity", profile.oauthEntity);
        return p;
    }

    /** Inserts the empty credential row to lock on, unless it exists (of two nodes racing, the unique key lets one win). */
    private void ensureRow(OAuthProfile profile, String holder, String userSysId) {
        if (credential(profile.sysId, holder) != null) return;
        try {
            db.tx(em -> {
                OAuthCredential c = new OAuthCredential();
                c.sysId = Secrets.sysId();
                c.profile = profile.sysId;
                c.oauthEntity = profile.oauthEntity;
                c.holder = holder;
                c.userSysId = userSysId;
                long now = System.currentTimeMillis();
                c.createdOn = now;
                c.updatedOn = now;
                em.persist(c);
                return null;
            });
        } catch (RuntimeException raced) {
            if (credential(profile.sysId, holder) == null) throw raced;
        }
    }

    static OAuthCredential find(EntityManager em, String profileSysId, String holder, boolean lock) {
        var q = em.createQuery("SELECT c FROM OAuthCredential c WHERE c.profile = :p AND c.holder = :h", OAuthCredential.class)
                .setParameter("p", profileSysId).setParameter("h", holder);
        if (lock) q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        List<OAuthCredential> found = q.getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    private String open(String sealed, String context) {
        return sealer.open(sealed, context);
    }

    /** For the scheduled job: credentials whose access token expires within {@code horizonMillis}, or whose refresh token expired. */
    List<OAuthCredential> dueForRefresh(long horizonMillis) {
        long now = System.currentTimeMillis();
        return db.read(em -> em.createQuery("SELECT c FROM OAuthCredential c WHERE c.needsPerson = :f AND "
                        + "((c.accessTokenEnc IS NOT NULL AND c.expiresAt IS NOT NULL AND c.expiresAt < :h) "
                        + "OR (c.refreshTokenEnc IS NOT NULL AND c.refreshExpiresAt IS NOT NULL AND c.refreshExpiresAt < :now))", OAuthCredential.class)
                .setParameter("f", false).setParameter("h", now + horizonMillis).setParameter("now", now).getResultList());
    }

    /** The scheduled job's refresh of one credential (a person is marked as needed when that is the outcome). */
    void refreshAhead(OAuthCredential c) {
        OAuthProfile profile = db.read(em -> em.find(OAuthProfile.class, c.profile));
        if (profile == null) return;
        String seen = c.accessTokenEnc == null ? null : open(c.accessTokenEnc, accessContext(c.sysId));
        try {
            renew(profile, c.holder, seen, "system");
        } catch (OutboundException e) {
            LOG.info("outbound refresh of profile " + profile.name + " did not succeed: " + e.getMessage());
        }
    }

    static String cut(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    /** Deletes a credential (after revocation). */
    void delete(String credentialSysId) {
        db.tx(em -> {
            OAuthCredential c = em.find(OAuthCredential.class, credentialSysId);
            if (c != null) em.remove(c);
            return null;
        });
    }

    String accessToken(OAuthCredential c) {
        return c.accessTokenEnc == null ? null : open(c.accessTokenEnc, accessContext(c.sysId));
    }

    String refreshToken(OAuthCredential c) {
        return c.refreshTokenEnc == null ? null : open(c.refreshTokenEnc, refreshContext(c.sysId));
    }

    static boolean same(String a, String b) {
        return Objects.equals(a, b);
    }
}
