package gatehouse.outbound;

import gatehouse.client.ApplicationDictionary;
import gatehouse.client.Registry;
import gatehouse.record.Dictionary;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.OAuthCredential;
import gatehouse.store.OAuthProfile;
import gatehouse.store.OutboundHttpLog;
import gatehouse.store.RestMessage;
import gatehouse.store.RestMessageFunction;
import gatehouse.user.UserDictionary;

/**
 * The outbound records over the Table API (CONTRACT "Outbound OAuth"), labelled as ServiceNow labels them: roles
 * {@code admin} or {@code oauth_admin}; never a secret, a token or a sealed value.
 */
public final class OutboundDictionary {
    private static final Dictionary.Access ADMINS = new Dictionary.Access(ApplicationDictionary.ADMINS, null, ApplicationDictionary.ADMINS, null, false);
    private static final Dictionary.Access READ_ONLY = new Dictionary.Access(ApplicationDictionary.ADMINS, null, ApplicationDictionary.ADMINS, null, true);

    public static final Dictionary<OAuthProfile> PROFILE = Dictionary.of(Profiles.TABLE, OAuthProfile.class)
            .access(ADMINS).display(p -> p.name, "name").order("name")
            .string("sys_id", "Sys ID", "sysId", p -> p.sysId).readOnly()
            .string("name", "Name", "name", p -> p.name)
            .reference("oauth_entity", "OAuth provider", "oauthEntity", p -> p.oauthEntity, () -> ApplicationDictionary.APPLICATION)
            .string("grant_type", "Grant type", "grantType", p -> p.grantType)
            .list("scopes", "OAuth Entity Scopes", "scopes", p -> RecordInput.split(p.scopes))
            .bool("is_default", "Is default", "isDefault", p -> p.isDefault)
            .string("jwt_subject", "JWT subject", "jwtSubject", p -> p.jwtSubject)
            .string("jwt_audience", "JWT audience", "jwtAudience", p -> p.jwtAudience)
            .system(p -> p.createdOn, p -> p.updatedOn, p -> p.createdBy, p -> p.updatedBy, p -> p.modCount)
            .build();

    /** Read-only: tokens are got by Get OAuth Token and removed by Revoke, never written or shown here. */
    public static final Dictionary<OAuthCredential> CREDENTIAL = Dictionary.of("oauth_credential", OAuthCredential.class)
            .access(READ_ONLY).display(c -> c.sysId).order("-updatedOn")
            .string("sys_id", "Sys ID", "sysId", c -> c.sysId).readOnly()
            .string("type", "Type", null, c -> c.accessTokenEnc != null ? "access_token" : c.refreshTokenEnc != null ? "refresh_token" : "none")
            .string("token_type", "Token type", "tokenType", c -> c.tokenType)
            .reference("profile", "OAuth Entity Profile", "profile", c -> c.profile, () -> PROFILE)
            .reference("oauth_entity", "OAuth provider", "oauthEntity", c -> c.oauthEntity, () -> ApplicationDictionary.APPLICATION)
            .reference("user", "User", "userSysId", c -> c.userSysId, () -> UserDictionary.USER)
            .bool("access_token_present", "Access token present", null, c -> c.accessTokenEnc != null)
            .bool("refresh_token_present", "Refresh token present", null, c -> c.refreshTokenEnc != null)
            .dateTime("expires", "Expires", "expiresAt", c -> c.expiresAt)
            .dateTime("refresh_token_expires", "Refresh token expires", "refreshExpiresAt", c -> c.refreshExpiresAt)
            .string("scope", "Scope", "scope", c -> c.scope)
            .bool("needs_person", "Needs Get OAuth Token", "needsPerson", c -> c.needsPerson)
            .string("last_error", "Last error", "lastError", c -> c.lastError)
            .dateTime("last_refreshed", "Last refreshed", "lastRefreshedAt", c -> c.lastRefreshedAt)
            .integer("refresh_count", "Refresh count", "refreshCount", c -> c.refreshCount)
            .system(c -> c.createdOn, c -> c.updatedOn, null, null, null)
            .build();

    public static final Dictionary<RestMessage> MESSAGE = Dictionary.of(RestMessages.TABLE, RestMessage.class)
            .access(ADMINS).display(m -> m.name, "name").order("name")
            .string("sys_id", "Sys ID", "sysId", m -> m.sysId).readOnly()
            .string("name", "Name", "name", m -> m.name)
            .string("description", "Description", "description", m -> m.description)
            .string("endpoint", "Endpoint", "endpoint", m -> m.endpoint)
            .string("authentication_type", "Authentication type", "authenticationType", m -> m.authenticationType)
            .choices("no_authentication", "No authentication", "basic", "Basic", "oauth2", "OAuth 2.0")
            .reference("oauth_profile", "OAuth profile", "oauthProfile", m -> m.oauthProfile, () -> PROFILE)
            .string("basic_user", "Basic auth user", "basicUser", m -> m.basicUser)
            .string("basic_password", "Basic auth password", null, m -> null).writeOnly()
            .bool("basic_password_set", "Basic auth password set", null, m -> m.basicPasswordEnc != null).readOnly()
            .system(m -> m.createdOn, m -> m.updatedOn, m -> m.createdBy, m -> m.updatedBy, m -> m.modCount)
            .build();

    public static final Dictionary<RestMessageFunction> FUNCTION = Dictionary.of("sys_rest_message_fn", RestMessageFunction.class)
            .access(ADMINS).display(f -> f.name, "name").order("restMessage", "name")
            .string("sys_id", "Sys ID", "sysId", f -> f.sysId).readOnly()
            .reference("rest_message", "REST Message", "restMessage", f -> f.restMessage, () -> MESSAGE)
            .string("name", "Name", "name", f -> f.name)
            .string("http_method", "HTTP method", "httpMethod", f -> f.httpMethod)
            .string("endpoint", "Endpoint", "endpoint", f -> f.endpoint)
            .object("headers", "HTTP Headers", f -> f.headers == null ? "{}" : f.headers)
            .object("query_parameters", "HTTP Query Parameters", f -> f.queryParameters == null ? "{}" : f.queryParameters)
            .string("content", "Content", "content", f -> f.content)
            .system(f -> f.createdOn, f -> f.updatedOn, f -> f.createdBy, f -> f.updatedBy, f -> f.modCount)
            .build();

    /** Read-only, newest first. */
    public static final Dictionary<OutboundHttpLog> LOG = Dictionary.of("sys_outbound_http_log", OutboundHttpLog.class)
            .access(READ_ONLY).display(l -> l.url).order("-loggedAt")
            .string("sys_id", "Sys ID", "sysId", l -> l.sysId).readOnly()
            .dateTime("sys_created_on", "Created", "loggedAt", l -> l.loggedAt).readOnly()
            .string("kind", "Kind", "kind", l -> l.kind)
            .string("rest_message", "REST Message", "restMessage", l -> l.restMessage)
            .string("http_method", "HTTP method", "httpMethodName", l -> l.httpMethodName)
            .string("oauth_profile", "OAuth profile", "oauthProfile", l -> l.oauthProfile)
            .string("request_method", "Request method", "requestMethod", l -> l.requestMethod)
            .string("url", "URL", "url", l -> l.url)
            .integer("status_code", "Status code", "statusCode", l -> l.statusCode)
            .integer("elapsed_ms", "Elapsed (ms)", null, l -> l.elapsedMs)
            .string("token_action", "Token action", "tokenAction", l -> l.tokenAction)
            .string("remote_error", "Remote error", "remoteError", l -> l.remoteError)
            .string("actor", "Actor", "actor", l -> l.actor)
            .build();

    private OutboundDictionary() { }

    /** An outbound provider row of {@code oauth_entity}: its own columns, and its default profile. */
    public static Dictionary<Application> provider(Providers providers) {
        return Dictionary.of(Registry.TABLE, Application.class)
                .access(ADMINS).display(a -> a.name, "name").lookup("clientId").order("createdOn")
                .string("sys_id", "Sys ID", "sysId", a -> a.sysId).readOnly()
                .string("type", "Type", "type", a -> a.type).choices("client", "Client", "oauth_provider", "OAuth provider")
                .string("name", "Name", "name", a -> a.name)
                .string("client_id", "Client ID", "providerClientId", a -> a.providerClientId)
                .string("client_secret", "Client Secret", null, a -> null).writeOnly()
                .bool("client_secret_set", "Client Secret set", null, a -> a.clientSecretEnc != null).readOnly()
                .string("default_grant_type", "Default Grant type", "defaultGrantType", a -> a.defaultGrantType)
                .string("auth_url", "Authorization URL", "authUrl", a -> a.authUrl)
                .string("token_url", "Token URL", "tokenUrl", a -> a.tokenUrl)
                .string("token_revocation_url", "Token Revocation URL", "tokenRevocationUrl", a -> a.tokenRevocationUrl)
                .string("redirect_url", "Redirect URL", "redirectUrl", a -> a.redirectUrl)
                .string("send_credentials", "Send Credentials", "sendCredentials", a -> a.sendCredentials)
                .bool("public_client", "Public Client", "publicClient", a -> a.publicClient)
                .string("code_challenge_method", "Code challenge method", "codeChallengeMethod", a -> a.codeChallengeMethod)
                .integer("refresh_token_lifespan", "Refresh Token Lifespan", "refreshTokenLifespan", a -> a.refreshTokenLifespan)
                .string("logo_url", "Logo URL", "logoUrl", a -> a.logoUrl)
                .bool("active", "Active", "active", a -> a.active)
                .object("jwt_public_jwk", "JWT public key", a -> a.jwtPublicJwk).readOnly()
                .reference("default_profile", "Default profile", null, a -> {
                    OAuthProfile p = providers.defaultProfile(a.sysId);
                    return p == null ? null : p.sysId;
                }, () -> PROFILE).readOnly()
                .system(a -> a.createdOn, a -> a.updatedOn, a -> a.createdBy, a -> a.updatedBy, a -> a.modCount)
                .build();
    }
}
