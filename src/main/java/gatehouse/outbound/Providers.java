package gatehouse.outbound;

import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.OAuthProfile;
import gatehouse.store.RestMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * OAuth providers (CONTRACT "Outbound OAuth"): {@code oauth_entity} rows with {@code type = oauth_provider},
 * the third-party servers Gatehouse is a client of. The one place that validates and writes them; creating one
 * also creates its default profile and Gatehouse's own key pair for it.
 */
public final class Providers {
    public static final String TYPE = "oauth_provider";
    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String PASSWORD = "password";
    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    public static final List<String> GRANT_TYPES = List.of(AUTHORIZATION_CODE, PASSWORD, CLIENT_CREDENTIALS, JWT_BEARER);
    public static final List<String> SEND_CREDENTIALS = List.of("body", "basic", "private_key_jwt");
    public static final List<String> CODE_CHALLENGE_METHODS = List.of("S256", "plain", "none");

    public static final Set<String> FIELDS = Set.of("sys_id", "type", "name", "client_id", "client_secret", "default_grant_type",
            "auth_url", "token_url", "token_revocation_url", "redirect_url", "send_credentials", "public_client",
            "code_challenge_method", "refresh_token_lifespan", "logo_url", "active", "jwt_public_jwk", "default_profile",
            "client_secret_set", "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    private static final Set<String> READ_ONLY = Set.of("jwt_public_jwk", "default_profile", "client_secret_set",
            "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");

    private final Database db;
    private final Sealer sealer;

    public Providers(Database db, Sealer sealer) {
        this.db = db;
        this.sealer = sealer;
    }

    public static boolean isProvider(Application a) {
        return a != null && TYPE.equals(a.type);
    }

    static String secretContext(String sysId) {
        return "oauth_entity/" + sysId + "/client_secret";
    }

    public Application find(String sysId) {
        Application a = db.read(em -> em.find(Application.class, sysId));
        if (!isProvider(a)) throw new RecordNotFoundException("oauth_entity", sysId);
        return a;
    }

    public List<Application> list() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT a FROM Application a WHERE a.type = :t ORDER BY a.name", Application.class)
                .setParameter("t", TYPE).getResultList()));
    }

    /** The provider's default profile, or null. */
    public OAuthProfile defaultProfile(String providerSysId) {
        return db.read(em -> em.createQuery("SELECT p FROM OAuthProfile p WHERE p.oauthEntity = :e AND p.isDefault = :t", OAuthProfile.class).setParameter("t", true)
                .setParameter("e", providerSysId).getResultStream().findFirst().orElse(null));
    }

    public Application create(RecordInput in, Actor actor) {
        Application a = new Application();
        a.sysId = Secrets.sysId();
        a.type = TYPE;
        a.clientId = TYPE + ":" + a.sysId;
        a.defaultGrantType = AUTHORIZATION_CODE;
        a.sendCredentials = "body";
        a.codeChallengeMethod = "S256";
        a.grantTypes = null;
        a.authScopes = null;
        ProviderKeys.Generated keys = ProviderKeys.generate(a.sysId, sealer);  // outside the transaction: it takes a moment
        return db.tx(em -> {
            apply(a, in, true);
            a.jwtKeyEnc = keys.privateKeySealed();
            a.jwtPublicJwk = keys.publicJwk();
            long now = System.currentTimeMillis();
            a.createdOn = now;
            a.updatedOn = now;
            a.createdBy = actor.userName();
            a.updatedBy = actor.userName();
            em.persist(a);
            OAuthProfile p = new OAuthProfile();
            p.sysId = Secrets.sysId();
            p.name = truncate(a.name + " default_profile", 200);
            p.oauthEntity = a.sysId;
            p.grantType = a.defaultGrantType;
            p.isDefault = true;
            p.createdOn = now;
            p.updatedOn = now;
            p.createdBy = actor.userName();
            p.updatedBy = actor.userName();
            em.persist(p);
            Audit.record(em, actor, "create", "oauth_entity", a.sysId, "oauth_provider name=" + a.name + " fields=" + changed(in));
            return a;
        });
    }

    public Application update(String sysId, RecordInput in, Actor actor) {
        return db.tx(em -> {
            Application a = em.find(Application.class, sysId);
            if (!isProvider(a)) throw new RecordNotFoundException("oauth_entity", sysId);
            String oldGrant = a.defaultGrantType;
            apply(a, in, false);
            if (!a.defaultGrantType.equals(oldGrant)) {
                for (OAuthProfile p : em.createQuery("SELECT p FROM OAuthProfile p WHERE p.oauthEntity = :e", OAuthProfile.class)
                        .setParameter("e", a.sysId).getResultList())
                    if (p.isDefault) {
                        p.grantType = a.defaultGrantType;   // tokens got under the old grant no longer describe it
                        em.createQuery("DELETE FROM OAuthCredential c WHERE c.profile = :p").setParameter("p", p.sysId).executeUpdate();
                    }
            }
            a.updatedOn = System.currentTimeMillis();
            a.updatedBy = actor.userName();
            Audit.record(em, actor, "update", "oauth_entity", a.sysId, "oauth_provider name=" + a.name + " fields=" + changed(in));
            return a;
        });
    }

    /** Deletes the provider, its profiles and their credentials; refused while a REST message uses one of its profiles. */
    public void delete(String sysId, Actor actor) {
        db.tx(em -> {
            Application a = em.find(Application.class, sysId);
            if (!isProvider(a)) throw new RecordNotFoundException("oauth_entity", sysId);
            List<String> profiles = em.createQuery("SELECT p.sysId FROM OAuthProfile p WHERE p.oauthEntity = :e", String.class)
                    .setParameter("e", sysId).getResultList();
            if (!profiles.isEmpty()) {
                List<RestMessage> users = em.createQuery("SELECT m FROM RestMessage m WHERE m.oauthProfile IN :p", RestMessage.class)
                        .setParameter("p", profiles).getResultList();
                if (!users.isEmpty())
                    throw new InvalidRecordException("sys_id", "is used by the REST message '" + users.get(0).name + "'; change that first");
            }
            em.createQuery("DELETE FROM OAuthCredential c WHERE c.oauthEntity = :e").setParameter("e", sysId).executeUpdate();
            em.createQuery("DELETE FROM OAuthProfile p WHERE p.oauthEntity = :e").setParameter("e", sysId).executeUpdate();
            em.remove(a);
            Audit.record(em, actor, "delete", "oauth_entity", sysId, "oauth_provider name=" + a.name);
            return null;
        });
    }

    /** The third party's client secret in clear, for a token request; null when none is kept. */
    String clientSecret(Application a) {
        return a.clientSecretEnc == null ? null : sealer.open(a.clientSecretEnc, secretContext(a.sysId));
    }

    private void apply(Application a, RecordInput in, boolean creating) {
        for (String f : READ_ONLY) if (in.has(f)) in.error(f, "is read-only");
        in.refuseUnknown(FIELDS);
        String type = in.text("type", 40);
        if (type != null && !type.equals(TYPE)) in.error("type", "cannot change an OAuth provider into another kind of record");
        String name = in.text("name", 200);
        if ((creating || in.has("name")) && name == null) in.error("name", "is required");
        String clientId = in.text("client_id", 200);
        if ((creating || in.has("client_id")) && clientId == null) in.error("client_id", "is required");
        String secret = null;
        if (in.has("client_secret")) secret = in.text("client_secret", 2000);
        Boolean publicClient = in.bool("public_client");
        boolean isPublic = publicClient != null ? publicClient : a.publicClient;
        if (isPublic && secret != null) in.error("client_secret", "a public client has no secret");
        String grant = in.choice("default_grant_type", GRANT_TYPES);
        String authUrl = OutboundUrls.read(in, "auth_url");
        String tokenUrl = OutboundUrls.read(in, "token_url");
        if ((creating || in.has("token_url")) && tokenUrl == null && !in.errors().containsKey("token_url"))
            in.error("token_url", "is required");
        String revocationUrl = OutboundUrls.read(in, "token_revocation_url");
        String redirectUrl = OutboundUrls.read(in, "redirect_url");
        String send = in.choice("send_credentials", SEND_CREDENTIALS);
        String pkce = in.choice("code_challenge_method", CODE_CHALLENGE_METHODS);
        Integer refreshLife = in.integer("refresh_token_lifespan", 0, 10 * 365 * 86_400);
        String logoUrl = OutboundUrls.read(in, "logo_url");
        Boolean active = in.bool("active");
        String effectiveGrant = grant != null ? grant : a.defaultGrantType;
        String effectiveAuthUrl = in.has("auth_url") ? authUrl : a.authUrl;
        if (AUTHORIZATION_CODE.equals(effectiveGrant) && effectiveAuthUrl == null && !in.errors().containsKey("auth_url"))
            in.error("auth_url", "is required for the authorization code grant");
        String effectiveSend = send != null ? send : a.sendCredentials;
        if (isPublic && !"body".equals(effectiveSend))
            in.error("send_credentials", "a public client sends only its client_id, in the body");
        if (isPublic && "none".equals(pkce != null ? pkce : a.codeChallengeMethod))
            in.error("code_challenge_method", "a public client must use PKCE");
        in.throwIfInvalid();

        if (name != null) a.name = name;
        if (clientId != null) a.providerClientId = clientId;
        if (publicClient != null) a.publicClient = publicClient;
        if (isPublic) a.clientSecretEnc = null;
        else if (in.has("client_secret")) a.clientSecretEnc = secret == null ? null : sealer.seal(secret, secretContext(a.sysId));
        if (grant != null) a.defaultGrantType = grant;
        if (in.has("auth_url")) a.authUrl = authUrl;
        if (in.has("token_url")) a.tokenUrl = tokenUrl;
        if (in.has("token_revocation_url")) a.tokenRevocationUrl = revocationUrl;
        if (in.has("redirect_url")) a.redirectUrl = redirectUrl;
        if (send != null) a.sendCredentials = send;
        if (pkce != null) a.codeChallengeMethod = pkce;
        if (refreshLife != null) a.refreshTokenLifespan = refreshLife;
        if (in.has("logo_url")) a.logoUrl = logoUrl;
        if (active != null) a.active = active;
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static String changed(RecordInput in) {
        return String.join(",", in.names().stream().filter(n -> !n.contains("secret") && !n.contains("password")).sorted().toList());
    }
}
