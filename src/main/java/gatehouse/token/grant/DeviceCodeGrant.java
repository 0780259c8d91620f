package gatehouse.token.grant;

import gatehouse.client.Registry;
import gatehouse.keys.Secrets;
import gatehouse.record.RecordInput;
import gatehouse.store.Database;
import gatehouse.store.DeviceCode;
import gatehouse.store.Grant;
import gatehouse.store.User;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.GrantHandler;
import gatehouse.token.Grants;
import gatehouse.token.IdTokenMinter;
import gatehouse.token.OAuthError;
import gatehouse.token.ResourceIndicators;
import gatehouse.token.ScopeRequest;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Set;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:device_code}: the device polls (RFC 8628 §3.4–3.5). Until the
 * user answers, {@code authorization_pending}, or {@code slow_down} (and 5 more seconds of interval) when it polls
 * sooner than its interval; {@code access_denied} once denied; {@code expired_token} once expired; tokens once, when
 * approved: the code is spent by the same transaction that issues them, under a row lock, so of two polls one wins.
 */
public final class DeviceCodeGrant implements GrantHandler {
    private final Database db;
    private final TokenIssuer issuer;
    private final IdTokenMinter idTokens;

    /** What a poll's transaction decided: tokens, or an error to throw once its bookkeeping is committed. */
    private record Outcome(TokenResponse tokens, OAuthError error) { }

    public DeviceCodeGrant(Database db, TokenIssuer issuer, IdTokenMinter idTokens) {
        this.db = db;
        this.issuer = issuer;
        this.idTokens = idTokens;
    }

    @Override
    public String grantType() { return Registry.DEVICE_CODE; }

    @Override
    public TokenResponse handle(FormParameters params, AuthenticatedClient client) {
        String hash = Secrets.sha256(params.require("device_code"));
        List<String> resources = ResourceIndicators.requested(params, client.application());
        long now = System.currentTimeMillis();
        Outcome o = db.tx(em -> poll(em, hash, resources, client, now));
        if (o.error() != null) throw o.error();
        return o.tokens();
    }

    private Outcome poll(EntityManager em, String hash, List<String> resources, AuthenticatedClient client, long now) {
        DeviceCode d = em.find(DeviceCode.class, hash, LockModeType.PESSIMISTIC_WRITE);
        if (d == null || !d.clientId.equals(client.clientId())) return refused(OAuthError.invalidGrant("The device code is invalid"));
        if (DeviceCode.REDEEMED.equals(d.status)) return refused(OAuthError.invalidGrant("The device code has already been used"));
        if (d.expiresAt <= now) return refused(new OAuthError("expired_token", "The device code has expired; start again", 400));
        if (DeviceCode.DENIED.equals(d.status)) return refused(new OAuthError("access_denied", "The user denied the request", 400));
        if (DeviceCode.PENDING.equals(d.status)) {
            boolean tooSoon = d.lastPolledAt != null && now - d.lastPolledAt < d.pollInterval * 1000L;
            d.lastPolledAt = now;
            if (tooSoon) {
                d.pollInterval += 5;             // RFC 8628 §3.5: for this and every later request
                return refused(new OAuthError("slow_down", "Poll at most every " + d.pollInterval + " seconds", 400));
            }
            return refused(new OAuthError("authorization_pending", "The user has not answered yet", 400));
        }
        User user = d.userSysId == null ? null : em.find(User.class, d.userSysId);
        if (user == null || !user.active || user.lockedOut) return refused(OAuthError.invalidGrant("The approving user is no longer active"));
        Set<String> scopes = ScopeRequest.stored(d.scopes);
        List<String> granted, audience;
        try {
            granted = ResourceIndicators.withinGrant(List.of(), d.resources, client.application());
            audience = ResourceIndicators.withinGrant(resources, d.resources, client.application());     // RFC 8707 §2.2
        } catch (OAuthError e) {
            return refused(e);
        }
        d.status = DeviceCode.REDEEMED;
        Grant grant = Grants.create(Secrets.timeOrderedId(now), client.application(), user.sysId, scopes, Registry.DEVICE_CODE, now);
        grant.authTime = d.authTime;
        grant.sid = d.sid;
        grant.resources = ResourceIndicators.join(granted);
        em.persist(grant);
        boolean refresh = RecordInput.split(client.application().grantTypes).contains(Registry.REFRESH_TOKEN);
        TokenResponse tokens = issuer.issue(em, client, grant, scopes, refresh ? scopes : null, TokenIssuer.Target.audience(audience), now);
        return new Outcome(tokens.withIdToken(idTokens.mint(client.application(), grant, scopes, null, tokens.accessToken(), now)), null);
    }

    private static Outcome refused(OAuthError e) {
        return new Outcome(null, e);
    }
}
