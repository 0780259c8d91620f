package gatehouse.outbound;

import gatehouse.keys.Secrets;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.OAuthProfile;
import gatehouse.store.OutboundAuthState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Get OAuth Token for the authorization code grant (RFC 6749 §4.1, RFC 7636, RFC 9700 §2.1): the admin's
 * browser is sent to the provider's Authorization URL with a {@code state} bound to the admin's login session
 * (a database row, single use, 10 minutes) and a PKCE challenge per the provider's code_challenge_method; the
 * provider sends the browser back to {@code /oauth_redirect.do}, where the state is consumed and the code
 * exchanged.
 */
public final class AuthorizationCodeFlow {
    static final long STATE_LIFETIME_MILLIS = 10 * 60_000L;

    /** How the flow ended, for the page /oauth_redirect.do shows. */
    public record Completion(boolean success, String profileName, String error, String errorDescription) { }

    private final Database db;
    private final Sealer sealer;
    private final TokenEndpoint endpoint;
    private final OutboundTokens tokens;
    private final Supplier<String> issuer;

    AuthorizationCodeFlow(Database db, Sealer sealer, TokenEndpoint endpoint, OutboundTokens tokens, Supplier<String> issuer) {
        this.db = db;
        this.sealer = sealer;
        this.endpoint = endpoint;
        this.tokens = tokens;
        this.issuer = issuer;
    }

    /** The redirect URI Gatehouse registers at providers: the provider's Redirect URL, else {issuer}/oauth_redirect.do. */
    public String redirectUri(Application provider) {
        return provider.redirectUrl != null ? provider.redirectUrl : issuer.get() + "/oauth_redirect.do";
    }

    /** Starts the flow; returns the provider URL to send the browser to. */
    public String start(OAuthProfile profile, String sessionHash, String userSysId) {
        if (!Providers.AUTHORIZATION_CODE.equals(profile.grantType))
            throw new OutboundException.Invalid("The profile does not use the authorization code grant");
        Application provider = db.read(em -> em.find(Application.class, profile.oauthEntity));
        if (!Providers.isProvider(provider)) throw new OutboundException.Invalid("The profile's OAuth provider no longer exists");
        if (!provider.active) throw new OutboundException.Invalid("The OAuth provider '" + provider.name + "' is not active");
        if (provider.authUrl == null) throw new OutboundException.Invalid("The OAuth provider '" + provider.name + "' has no Authorization URL");
        String state = Secrets.random(32);
        String method = provider.codeChallengeMethod == null ? "S256" : provider.codeChallengeMethod;
        String verifier = "none".equals(method) ? null : Secrets.random(48);   // RFC 7636 §4.1: 43–128 characters
        OutboundAuthState row = new OutboundAuthState();
        row.stateHash = Secrets.sha256(state);
        row.sessionHash = sessionHash;
        row.profile = profile.sysId;
        row.userSysId = userSysId;
        row.codeVerifierEnc = verifier == null ? null : sealer.seal(verifier, verifierContext(row.stateHash));
        row.redirectUri = redirectUri(provider);
        long now = System.currentTimeMillis();
        row.createdAt = now;
        row.expiresAt = now + STATE_LIFETIME_MILLIS;
        db.tx(em -> {
            em.createQuery("DELETE FROM OutboundAuthState s WHERE s.expiresAt < :now").setParameter("now", now).executeUpdate();
            em.persist(row);
            return null;
        });
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", provider.providerClientId);
        q.put("redirect_uri", row.redirectUri);
        String scope = String.join(" ", RecordInput.split(profile.scopes));
        if (!scope.isEmpty()) q.put("scope", scope);
        q.put("state", state);
        if (verifier != null) {
            q.put("code_challenge", "S256".equals(method) ? Pkce.s256(verifier) : verifier);
            q.put("code_challenge_method", method);
        }
        StringJoiner j = new StringJoiner("&");
        q.forEach((k, v) -> j.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return provider.authUrl + (provider.authUrl.contains("?") ? "&" : "?") + j;
    }

    /**
     * The provider's answer at /oauth_redirect.do. The state must be one this session started and not yet used;
     * it is consumed whatever the outcome.
     */
    public Completion complete(String state, String code, String error, String errorDescription, String sessionHash, String actor) {
        if (state == null || state.length() > 200) return new Completion(false, null, "invalid_request", "The answer carries no valid state");
        String hash = Secrets.sha256(state);
        OutboundAuthState row = db.tx(em -> {
            OutboundAuthState s = em.find(OutboundAuthState.class, hash);
            if (s == null) return null;
            em.remove(s);   // single use, whatever happens next
            return s;
        });
        // RFC 6749 §10.12: the state must belong to this browser's login session
        if (row == null || !Secrets.constantTimeEquals(row.sessionHash, sessionHash) || row.expiresAt < System.currentTimeMillis())
            return new Completion(false, null, "invalid_state", "This answer does not belong to a Get OAuth Token request of your session, "
                    + "was already used, or came too late. Start again with Get OAuth Token.");
        OAuthProfile profile = db.read(em -> em.find(OAuthProfile.class, row.profile));
        if (profile == null) return new Completion(false, null, "invalid_request", "The OAuth profile no longer exists");
        if (error != null)   // RFC 6749 §4.1.2.1: the provider's own words
            return new Completion(false, profile.name, cut(error, 100), cut(errorDescription, 500));
        if (code == null || code.isEmpty() || code.length() > 4000)
            return new Completion(false, profile.name, "invalid_request", "The provider sent no authorization code");
        Application provider = db.read(em -> em.find(Application.class, profile.oauthEntity));
        if (!Providers.isProvider(provider)) return new Completion(false, profile.name, "invalid_request", "The OAuth provider no longer exists");
        String verifier = row.codeVerifierEnc == null ? null : sealer.open(row.codeVerifierEnc, verifierContext(row.stateHash));
        try {
            TokenSet t = endpoint.request(provider, GrantRequests.authorizationCode(code, row.redirectUri, verifier), profile.sysId, "fetched", actor);
            tokens.store(profile, row.userSysId, row.userSysId, t);
            return new Completion(true, profile.name, null, null);
        } catch (OutboundException.ProviderRefused refused) {
            return new Completion(false, profile.name, refused.error, refused.errorDescription);
        } catch (OutboundException e) {
            return new Completion(false, profile.name, "server_error", e.getMessage());
        }
    }

    private static String verifierContext(String stateHash) {
        return "oauth_outbound_state/" + stateHash + "/code_verifier";
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
