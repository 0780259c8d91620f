package gatehouse.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.Gatehouse;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.OAuthCredential;
import gatehouse.store.OAuthProfile;
import gatehouse.store.OutboundHttpLog;
import gatehouse.store.RestMessage;
import gatehouse.store.RestMessageFunction;
import gatehouse.store.User;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outbound records as the API shows them: never a secret, a token, or a sealed value. */
public final class OutboundJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OutboundJson() { }

    public static Map<String, Object> provider(Gatehouse g, Application a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", a.sysId);
        m.put("type", a.type);
        m.put("name", a.name);
        m.put("client_id", a.providerClientId);
        m.put("client_secret_set", a.clientSecretEnc != null);
        m.put("default_grant_type", a.defaultGrantType);
        m.put("auth_url", a.authUrl);
        m.put("token_url", a.tokenUrl);
        m.put("token_revocation_url", a.tokenRevocationUrl);
        m.put("redirect_url", a.redirectUrl);
        m.put("send_credentials", a.sendCredentials);
        m.put("public_client", a.publicClient);
        m.put("code_challenge_method", a.codeChallengeMethod);
        m.put("refresh_token_lifespan", a.refreshTokenLifespan);
        m.put("logo_url", a.logoUrl);
        m.put("active", a.active);
        m.put("jwt_public_jwk", tree(a.jwtPublicJwk));
        OAuthProfile p = g.outbound.providers.defaultProfile(a.sysId);
        m.put("default_profile", p == null ? null : p.sysId);
        m.put("sys_created_on", Formats.dateTime(a.createdOn));
        m.put("sys_updated_on", Formats.dateTime(a.updatedOn));
        m.put("sys_created_by", a.createdBy);
        m.put("sys_updated_by", a.updatedBy);
        m.put("sys_mod_count", a.modCount);
        return m;
    }

    public static Map<String, Object> profile(OAuthProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", p.sysId);
        m.put("name", p.name);
        m.put("oauth_entity", p.oauthEntity);
        m.put("grant_type", p.grantType);
        m.put("scopes", RecordInput.split(p.scopes));
        m.put("is_default", p.isDefault);
        m.put("jwt_subject", p.jwtSubject);
        m.put("jwt_audience", p.jwtAudience);
        m.put("sys_created_on", Formats.dateTime(p.createdOn));
        m.put("sys_updated_on", Formats.dateTime(p.updatedOn));
        m.put("sys_created_by", p.createdBy);
        m.put("sys_updated_by", p.updatedBy);
        m.put("sys_mod_count", p.modCount);
        return m;
    }

    public static Map<String, Object> credential(Gatehouse g, OAuthCredential c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", c.sysId);
        m.put("type", c.accessTokenEnc != null ? "access_token" : c.refreshTokenEnc != null ? "refresh_token" : "none");
        m.put("token_type", c.tokenType);
        m.put("profile", c.profile);
        m.put("oauth_entity", c.oauthEntity);
        User u = c.userSysId == null ? null : g.users.find(c.userSysId);
        m.put("user", u == null ? null : u.userName);
        m.put("access_token_present", c.accessTokenEnc != null);
        m.put("refresh_token_present", c.refreshTokenEnc != null);
        m.put("expires", Formats.dateTime(c.expiresAt));
        m.put("refresh_token_expires", Formats.dateTime(c.refreshExpiresAt));
        m.put("scope", c.scope);
        m.put("needs_person", c.needsPerson);
        m.put("last_error", c.lastError);
        m.put("last_refreshed", Formats.dateTime(c.lastRefreshedAt));
        m.put("refresh_count", c.refreshCount);
        m.put("sys_created_on", Formats.dateTime(c.createdOn));
        m.put("sys_updated_on", Formats.dateTime(c.updatedOn));
        return m;
    }

    public static Map<String, Object> message(RestMessage r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", r.sysId);
        m.put("name", r.name);
        m.put("description", r.description);
        m.put("endpoint", r.endpoint);
        m.put("authentication_type", r.authenticationType);
        m.put("oauth_profile", r.oauthProfile);
        m.put("basic_user", r.basicUser);
        m.put("basic_password_set", r.basicPasswordEnc != null);
        m.put("sys_created_on", Formats.dateTime(r.createdOn));
        m.put("sys_updated_on", Formats.dateTime(r.updatedOn));
        m.put("sys_created_by", r.createdBy);
        m.put("sys_updated_by", r.updatedBy);
        m.put("sys_mod_count", r.modCount);
        return m;
    }

    public static Map<String, Object> function(RestMessageFunction f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", f.sysId);
        m.put("rest_message", f.restMessage);
        m.put("name", f.name);
        m.put("http_method", f.httpMethod);
        m.put("endpoint", f.endpoint);
        m.put("headers", f.headers == null ? Map.of() : tree(f.headers));
        m.put("query_parameters", f.queryParameters == null ? Map.of() : tree(f.queryParameters));
        m.put("content", f.content);
        m.put("sys_created_on", Formats.dateTime(f.createdOn));
        m.put("sys_updated_on", Formats.dateTime(f.updatedOn));
        m.put("sys_created_by", f.createdBy);
        m.put("sys_updated_by", f.updatedBy);
        m.put("sys_mod_count", f.modCount);
        return m;
    }

    public static Map<String, Object> log(OutboundHttpLog l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", l.sysId);
        m.put("sys_created_on", Formats.dateTime(l.loggedAt));
        m.put("kind", l.kind);
        m.put("rest_message", l.restMessage);
        m.put("http_method", l.httpMethodName);
        m.put("oauth_profile", l.oauthProfile);
        m.put("request_method", l.requestMethod);
        m.put("url", l.url);
        m.put("status_code", l.statusCode);
        m.put("elapsed_ms", l.elapsedMs);
        m.put("token_action", l.tokenAction);
        m.put("remote_error", l.remoteError);
        m.put("actor", l.actor);
        return m;
    }

    private static Object tree(String json) {
        if (json == null) return null;
        try {
            return JSON.readValue(json, Map.class);
        } catch (Exception e) {
            return null;
        }
    }

}
