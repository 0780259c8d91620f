package gatehouse.token.grant;

import gatehouse.client.Registry;
import gatehouse.client.ResourceUris;
import gatehouse.idtoken.ExternalIdTokens;
import gatehouse.keys.Secrets;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.Grant;
import gatehouse.store.Token;
import gatehouse.store.User;
import gatehouse.token.AccessTokens;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.GrantHandler;
import gatehouse.token.Grants;
import gatehouse.token.IssuedTokens;
import gatehouse.token.OAuthError;
import gatehouse.token.ResourceIndicators;
import gatehouse.token.ScopeRequest;
import gatehouse.token.TokenIssuer;
import gatehouse.token.TokenResponse;
import io.jsonwebtoken.Claims;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange}: RFC 8693 §2, for confidential clients whose
 * application lists it. The {@code subject_token} is an access token Gatehouse issued (opaque or JWT; type
 * {@code access_token}, or {@code jwt} for a JWT), live, and issued to the requesting client or naming it (its client_id,
 * or one of its resources) in its audience; a DPoP-bound one only with a proof of its key. Without {@code actor_token}
 * the new token is for the subject's user, issued to the requesting client (impersonation); with one (an access token
 * of the requesting client) it also carries {@code act: {sub, client_id}} (delegation, §4.1), nesting any earlier actor.
 * Its audience is the {@code resource} (RFC 8707 rules) and {@code audience} values (a resource the application lists,
 * or the client_id of an active application), else the issuer; its scope no wider than the subject token's; its life no
 * longer than the subject token's, and revoking the subject token's grant (or any it came from) ends it too.
 * The {@code subject_token} may also be an ID token (type {@code id_token}) of an external OpenID Provider that the
 * application lists in {@code token_exchange_oidc_providers}: the new token is then for the user it names. Only access
 * tokens are issued (no refresh token). A refused subject or actor token is {@code invalid_request}, as §2.2.2
 * requires; nothing is stored for a refused request (but an accepted ID token's {@code jti}, where its provider asks
 * for single use, is spent even when the request is then refused, as a client assertion's is).
 */
public final class TokenExchangeGrant implements GrantHandler {
    public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    public static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";

    private final Database db;
    private final TokenIssuer issuer;
    private final AccessTokens accessTokens;
    private final Function<String, Application> applications;
    private final ExternalIdTokens idTokens;

    /**
     * @param applications finds an application by client_id (the registry's short cache)
     * @param idTokens     checks the ID tokens of external OpenID Providers
     */
    public TokenExchangeGrant(Database db, TokenIssuer issuer, AccessTokens accessTokens, Function<String, Application> applications,
                              ExternalIdTokens idTokens) {
        this.db = db;
        this.idTokens = idTokens;
        this.issuer = issuer;
        this.accessTokens = accessTokens;
        this.applications = applications;
    }

    @Override
    public String grantType() { return Registry.TOKEN_EXCHANGE; }

    /** A presented token found live, with what it says. */
    private record Presented(Token token, String text) { }

    @Override
    public TokenResponse handle(FormParameters params, AuthenticatedClient client) {
        if (!client.confidential()) throw OAuthError.unauthorizedClient("Token exchange needs a confidential client");
        Application app = client.application();
        String subjectText = params.require("subject_token");
        String subjectType = params.require("subject_token_type");
        String actorText = params.get("actor_token");
        String actorType = params.get("actor_token_type");
        if (actorText == null && actorType != null) throw OAuthError.invalidRequest("actor_token_type was sent without an actor_token");
        if (actorText != null && actorType == null) throw OAuthError.invalidRequest("actor_token_type is required with an actor_token (RFC 8693 §2.1)");
        String issuedType = requestedType(params.get("requested_token_type"), app);
        List<String> audience = new ArrayList<>(ResourceIndicators.requested(params, app));
        for (String a : audiences(params, app)) if (!audience.contains(a)) audience.add(a);
        if (audience.size() > ResourceUris.MAX_RESOURCES)
            throw OAuthError.invalidTarget("At most " + ResourceUris.MAX_RESOURCES + " resource and audience values together");
        String scope = params.get("scope");
        ScopeRequest.parse(scope);           // a malformed scope is invalid_scope before any token is looked at
        long now = System.currentTimeMillis();
        if (ID_TOKEN.equals(subjectType)) return exchangeIdToken(subjectText, actorText, actorType, client, audience, scope, issuedType, now);
        return db.tx(em -> {
            Presented subject = presented(em, subjectText, subjectType, "subject_token", client, now);
            checkSubjectFor(subject.token(), client);
            Presented actor = actorText == null ? null : actor(em, actorText, actorType, client, now);
            Token s = subject.token();
            if (s.userSysId != null) {
                User u = em.find(User.class, s.userSysId);
                if (u == null || !u.active || u.lockedOut) throw OAuthError.invalidRequest("The subject_token's user is no longer active");
            }
            Set<String> scopes = scopes(ScopeRequest.stored(s.scopes), app, scope, "the subject_token's");
            Map<String, Object> act = act(actor == null ? null : actor.token(), s.act == null ? null : TokenIssuer.parse(s.act));
            if (IssuedTokens.exchangeDepth(em, s.grantId) >= IssuedTokens.MAX_EXCHANGE_DEPTH)
                throw OAuthError.invalidRequest("The subject_token has been exchanged too many times already");
            Grant grant = Grants.create(Secrets.timeOrderedId(now), app, s.userSysId, scopes, Registry.TOKEN_EXCHANGE, now);
            grant.resources = ResourceIndicators.join(audience);
            grant.parentGrantId = s.grantId;      // the new token dies with the subject token's grant
            em.persist(grant);
            int lifespan = (int) Math.max(1, Math.min(app.accessTokenLifespan, (s.expiresAt - now) / 1000));   // never outlives the subject
            TokenIssuer.Issued issued = issuer.prepare(client, grant, scopes, null, lifespan, new TokenIssuer.Target(audience, act), now);
            issued.persist(em);
            return issued.response().withIssuedTokenType(issuedType);
        });
    }

    /**
     * An ID token of an external OpenID Provider the application lists ({@code token_exchange_oidc_providers}) as the
     * subject: checked as the API checks one ({@link ExternalIdTokens}: the provider's keys, its Client ID in
     * {@code aud}, {@code exp}/{@code iat}, the user by the provider's User Claim and User Field, {@code jti} single use
     * when the provider asks for it); the new token is for that user, with the provider's auth scopes that the
     * application has, for the application's access token lifespan. It has no parent grant: revoking it, or its user
     * becoming inactive, ends it. The actor token is checked before the ID token, so that a refused actor does not
     * spend the ID token's {@code jti}.
     */
    private TokenResponse exchangeIdToken(String subjectText, String actorText, String actorType, AuthenticatedClient client,
                                          List<String> audience, String scope, String issuedType, long now) {
        Application app = client.application();
        Set<String> listed = Set.copyOf(RecordInput.split(app.tokenExchangeOidcProviders));
        if (listed.isEmpty())
            throw OAuthError.invalidRequest("This application may exchange no ID tokens: it lists no OIDC provider (token_exchange_oidc_providers)");
        if (actorText != null) db.read(em -> actor(em, actorText, actorType, client, now));
        ExternalIdTokens.Outcome outcome = idTokens.check(subjectText, p -> listed.contains(p.sysId));
        if (outcome.accepted() == null)
            throw OAuthError.invalidRequest("The subject_token is not an ID token this application may exchange: " + outcome.refusal());
        ExternalIdTokens.Accepted id = outcome.accepted();
        Set<String> scopes = scopes(id.scopes(), app, scope, "the OIDC provider's");
        return db.tx(em -> {
            Presented actor = actorText == null ? null : actor(em, actorText, actorType, client, now);
            Map<String, Object> act = act(actor == null ? null : actor.token(), null);
            Grant grant = Grants.create(Secrets.timeOrderedId(now), app, id.user().sysId, scopes, Registry.TOKEN_EXCHANGE, now);
            grant.resources = ResourceIndicators.join(audience);
            em.persist(grant);
            TokenIssuer.Issued issued = issuer.prepare(client, grant, scopes, null, app.accessTokenLifespan,
                    new TokenIssuer.Target(audience, act), now);
            issued.persist(em);
            return issued.response().withIssuedTokenType(issuedType);
        });
    }

    /** The actor token: a live access token of the requesting client (RFC 8693 §2.1 actor_token). */
    private Presented actor(EntityManager em, String text, String type, AuthenticatedClient client, long now) {
        Presented actor = presented(em, text, type, "actor_token", client, now);
        if (!actor.token().clientId.equals(client.clientId()))
            throw OAuthError.invalidRequest("The actor_token was not issued to the requesting client");
        return actor;
    }

    /** RFC 8693 §2.1 requested_token_type: an access token (a JWT one may be asked as jwt); refresh tokens are not issued. */
    private static String requestedType(String requested, Application app) {
        if (requested == null || requested.equals(ACCESS_TOKEN)) return ACCESS_TOKEN;
        if (requested.equals(JWT) && TokenIssuer.JWT.equals(app.tokenFormat)) return JWT;
        throw OAuthError.invalidRequest("requested_token_type must be " + ACCESS_TOKEN
                + (TokenIssuer.JWT.equals(app.tokenFormat) ? " or " + JWT : "") + ": token exchange issues access tokens only");
    }

    /**
     * RFC 8693 §2.1 audience: each value a resource the application lists (RFC 8707 rules), or the client_id of an active
     * application (a logical name: that client may then exchange the token for one of its own).
     */
    private List<String> audiences(FormParameters params, Application app) {
        List<String> values = params.all("audience");
        if (values.size() > ResourceUris.MAX_RESOURCES) throw OAuthError.invalidTarget("At most " + ResourceUris.MAX_RESOURCES + " audience values may be sent");
        List<String> out = new ArrayList<>();
        for (String v : values) {
            if (v.isEmpty() || v.length() > ResourceUris.MAX_LENGTH) throw OAuthError.invalidTarget("An audience value is empty or too long");
            Application named = applications.apply(v);
            boolean client = named != null && named.active;
            if (!client && !RecordInput.split(app.resources).contains(v))
                throw OAuthError.invalidTarget("The audience " + (v.length() > 64 ? v.substring(0, 64) + "…" : v)
                        + " is neither a resource the application may request nor an application's client_id");
            if (!out.contains(v)) out.add(v);
        }
        return out;
    }

    /**
     * A live access token Gatehouse issued, of the type declared; a JWT must also pass its signature checks; a DPoP-bound
     * one needs a proof of its key on this request (RFC 9449 §6). Else {@code invalid_request} (RFC 8693 §2.2.2).
     */
    private Presented presented(EntityManager em, String text, String type, String name, AuthenticatedClient client, long now) {
        boolean jwt = text.indexOf('.') >= 0;
        if (!type.equals(ACCESS_TOKEN) && !(type.equals(JWT) && jwt))
            throw OAuthError.invalidRequest(name + "_type must be " + ACCESS_TOKEN + " (or " + JWT + " for a JWT access token"
                    + (name.equals("subject_token") ? ", or " + ID_TOKEN + " for an ID token of an OIDC provider" : "") + ")");
        Token t = IssuedTokens.find(em, text);
        if (t == null || !Token.ACCESS.equals(t.kind) || jwt != TokenIssuer.JWT.equals(t.format))
            throw OAuthError.invalidRequest("The " + name + " is not an access token issued by this server");
        if (IssuedTokens.live(em, t, now, applications) == null)
            throw OAuthError.invalidRequest("The " + name + " is expired or revoked");
        if (jwt) {
            Claims c = accessTokens.verifyJwt(text);
            if (c == null || !t.jti.equals(c.getId())) throw OAuthError.invalidRequest("The " + name + " does not pass its signature checks");
        }
        if (t.dpopJkt != null && client.dpopJkt() == null)
            throw OAuthError.invalidRequest("The " + name + " is DPoP-bound: send a DPoP proof of its key");
        if (t.dpopJkt != null && !t.dpopJkt.equals(client.dpopJkt()))
            throw OAuthError.invalidRequest("The " + name + " is bound to another DPoP key");
        return new Presented(t, text);
    }

    /** A subject token of another client is accepted only when its audience names the requesting client or one of its resources. */
    private static void checkSubjectFor(Token s, AuthenticatedClient client) {
        if (s.clientId.equals(client.clientId())) return;
        Set<String> aud = ResourceIndicators.stored(s.audience);
        if (aud.contains(client.clientId())) return;
        for (String r : RecordInput.split(client.application().resources)) if (aud.contains(r)) return;
        throw OAuthError.invalidRequest("The subject_token was issued to another client and is not meant for this one");
    }

    /** The {@code available} scopes the application may use, narrowed to {@code requested} (RFC 8693 §2.1 scope). */
    private static Set<String> scopes(Set<String> available, Application app, String requested, String whose) {
        Set<String> usable = new LinkedHashSet<>(available);
        usable.retainAll(RecordInput.split(app.authScopes));
        if (usable.isEmpty()) throw OAuthError.invalidScope("The application may use none of " + whose + " scopes");
        return ScopeRequest.narrower(usable, requested);
    }

    /** RFC 8693 §4.1: the actor, with the subject token's own actor ({@code prior}, if any) nested as the prior one. */
    private static Map<String, Object> act(Token actor, Map<String, Object> prior) {
        if (actor == null) return prior;         // impersonation keeps an earlier delegation visible
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", actor.userSysId != null ? actor.userSysId : actor.clientId);
        act.put("client_id", actor.clientId);
        if (prior != null) act.put("act", prior);
        return act;
    }
}
