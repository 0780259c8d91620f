package gatehouse.client;

import gatehouse.record.Dictionary;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.user.UserDictionary;
import java.util.Set;

/**
 * {@code oauth_entity} as the Table API shows an inbound application (CONTRACT "Application Registry"): roles
 * {@code admin} or {@code oauth_admin}; the secret is never shown but in the create response. Outbound providers
 * in the same table have their own columns ({@code gatehouse.outbound.OutboundDictionary#provider}).
 */
public final class ApplicationDictionary {
    public static final Set<String> ADMINS = Set.of("admin", "oauth_admin");

    public static final Dictionary<Application> APPLICATION = Dictionary.of(Registry.TABLE, Application.class)
            .access(new Dictionary.Access(ADMINS, null, ADMINS, null, false))
            .display(a -> a.name, "name").lookup("clientId").order("createdOn")
            .string("sys_id", "Sys ID", "sysId", a -> a.sysId).readOnly()
            .string("type", "Type", "type", a -> a.type).choices("client", "Client", "oauth_provider", "OAuth provider")
            .string("name", "Name of OAuth entity", "name", a -> a.name)
            .string("provider_name", "Provider name", "providerName", a -> a.providerName)
            .string("client_id", "Client ID", "clientId", a -> a.clientId)
            .bool("public_client", "This is a public client", "publicClient", a -> a.publicClient)
            .list("redirect_urls", "Redirect URL", "redirectUrls", a -> RecordInput.split(a.redirectUrls))
            .list("post_logout_redirect_uris", "Post logout redirect URLs", "postLogoutRedirectUris",
                    a -> RecordInput.split(a.postLogoutRedirectUris))
            .list("grant_types", "Grant types", "grantTypes", a -> RecordInput.split(a.grantTypes))
            .list("auth_scopes", "Auth scope", "authScopes", a -> RecordInput.split(a.authScopes))
            .list("default_scopes", "Default scopes", "defaultScopes", a -> RecordInput.split(a.defaultScopes))
            .bool("enforce_token_restriction", "Enforce token restriction", "enforceTokenRestriction", a -> a.enforceTokenRestriction)
            .list("api_access_policies", "Allow access only to APIs in selected scope", "apiAccessPolicies", a -> RecordInput.split(a.apiAccessPolicies))
            .string("token_format", "Token Format", "tokenFormat", a -> a.tokenFormat).choices("opaque", "Opaque", "jwt", "JWT")
            .integer("access_token_lifespan", "Access token lifespan", "accessTokenLifespan", a -> a.accessTokenLifespan)
            .integer("refresh_token_lifespan", "Refresh token lifespan", "refreshTokenLifespan", a -> a.refreshTokenLifespan)
            .string("login_url", "Login URL", "loginUrl", a -> a.loginUrl)
            .string("logo_url", "Logo URL", "logoUrl", a -> a.logoUrl)
            .string("signing_alg", "Signing algorithm", "signingAlg", a -> a.signingAlg)
            .reference("client_credentials_user", "Client credentials user", "clientCredentialsUser", a -> a.clientCredentialsUser,
                    () -> UserDictionary.USER)
            .object("jwks", "JWKS", a -> a.jwks)
            .string("jwks_url", "JWKS URL", "jwksUrl", a -> a.jwksUrl)
            .list("allowed_origins", "Allowed origins", "allowedOrigins", a -> RecordInput.split(a.allowedOrigins))
            .bool("first_party", "First party", "firstParty", a -> a.firstParty)
            .bool("active", "Active", "active", a -> a.active)
            .bool("dpop_bound_access_tokens", "Require DPoP-bound tokens", "dpopBoundAccessTokens", a -> a.dpopBoundAccessTokens)
            .list("resources", "Resources", "resources", a -> RecordInput.split(a.resources))
            .bool("require_pushed_authorization_requests", "Require pushed authorization requests", "requirePushedAuthorizationRequests",
                    a -> a.requirePushedAuthorizationRequests)
            .list("token_exchange_oidc_providers", "Token exchange: OIDC providers", "tokenExchangeOidcProviders",
                    a -> RecordInput.split(a.tokenExchangeOidcProviders))
            .bool("registered_dynamically", "Dynamically registered", "registeredDynamically", a -> a.registeredDynamically).readOnly()
            .system(a -> a.createdOn, a -> a.updatedOn, a -> a.createdBy, a -> a.updatedBy, a -> a.modCount)
            .build();

    private ApplicationDictionary() { }
}
