package gatehouse.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * An entry of the Application Registry ({@code oauth_entity}): an inbound OAuth client ({@code type = client}), an
 * outbound OAuth provider ({@code oauth_provider}) or an OIDC provider whose ID tokens the API accepts ({@code oidc_provider}).
 * List-valued fields are stored as text, one value per line; {@link gatehouse.client} reads and writes them.
 */
@Entity
@Table(name = "oauth_entity")
public class Application {
    @Id @Column(name = "sys_id") public String sysId;
    public String type = "client";
    public String name;
    @Column(name = "provider_name") public String providerName;
    @Column(name = "client_id") public String clientId;
    /** SHA-256 of the client secret, base64url; null for public clients. */
    @Column(name = "client_secret_hash") public String clientSecretHash;
    @Column(name = "public_client") public boolean publicClient;
    @Column(name = "redirect_urls") public String redirectUrls;
    /** Where RP-initiated logout may return the browser (OpenID Connect RP-Initiated Logout §3); one per line. */
    @Column(name = "post_logout_redirect_uris") public String postLogoutRedirectUris;
    @Column(name = "grant_types") public String grantTypes;
    @Column(name = "auth_scopes") public String authScopes;
    @Column(name = "default_scopes") public String defaultScopes;
    @Column(name = "enforce_token_restriction") public boolean enforceTokenRestriction;
    @Column(name = "api_access_policies") public String apiAccessPolicies;
    @Column(name = "token_format") public String tokenFormat = "opaque";
    @Column(name = "access_token_lifespan") public int accessTokenLifespan = 1800;
    @Column(name = "refresh_token_lifespan") public int refreshTokenLifespan = 8_640_000;
    @Column(name = "login_url") public String loginUrl;
    @Column(name = "logo_url") public String logoUrl;
    @Column(name = "signing_alg") public String signingAlg = "RS256";
    /** sys_id of the user a client_credentials token acts as. */
    @Column(name = "client_credentials_user") public String clientCredentialsUser;
    /** A JWK Set (JSON) for private_key_jwt and the JWT bearer grant. */
    public String jwks;
    @Column(name = "jwks_url") public String jwksUrl;
    /** Origins (scheme, host, port) allowed to call the OAuth endpoints besides the redirect URLs' (one per line). */
    @Column(name = "allowed_origins") public String allowedOrigins;
    /** First-party applications are not asked for consent. */
    @Column(name = "first_party") public boolean firstParty;
    public boolean active = true;
    /** RFC 9449 §5.2: the application always sends DPoP proofs; a token request without one is refused. */
    @Column(name = "dpop_bound_access_tokens") public boolean dpopBoundAccessTokens;
    /** RFC 8707: the resources (absolute URIs, no fragment) the application may name in {@code resource}; one per line. */
    public String resources;
    /**
     * RFC 8693 with {@code subject_token_type} {@code id_token}: the OIDC providers (their sys_ids, one per line) whose ID
     * tokens the application may exchange for Gatehouse access tokens; none: it may exchange none.
     */
    @Column(name = "token_exchange_oidc_providers") public String tokenExchangeOidcProviders;
    /** RFC 9126 §6: the application may start authorization requests only through the PAR endpoint. */
    @Column(name = "require_pushed_authorization_requests") public boolean requirePushedAuthorizationRequests;
    /** Made through dynamic client registration (RFC 7591), not by an admin. */
    @Column(name = "registered_dynamically") public boolean registeredDynamically;
    /** SHA-256 of the RFC 7592 registration access token, base64url; null for applications an admin made. */
    @Column(name = "registration_token_hash") public String registrationTokenHash;
    /** RFC 7591 metadata without a column of its own (client_uri, contacts, token_endpoint_auth_method, …), JSON. */
    @Column(name = "registration_metadata") public String registrationMetadata;
    // Outbound providers (type = oauth_provider, CONTRACT "Outbound OAuth"); null for inbound clients.
    /** The client_id Gatehouse has at the third party (the client_id column holds oauth_provider:{sys_id}). */
    @Column(name = "provider_client_id") public String providerClientId;
    @Column(name = "default_grant_type") public String defaultGrantType;
    @Column(name = "auth_url") public String authUrl;
    @Column(name = "token_url") public String tokenUrl;
    @Column(name = "token_revocation_url") public String tokenRevocationUrl;
    /** Blank: {issuer}/oauth_redirect.do. */
    @Column(name = "redirect_url") public String redirectUrl;
    @Column(name = "send_credentials") public String sendCredentials;
    @Column(name = "code_challenge_method") public String codeChallengeMethod;
    /** The third party's client secret, sealed under the master key. */
    @Column(name = "client_secret_enc") public String clientSecretEnc;
    /** Gatehouse's own private key for this provider (JWT bearer, private_key_jwt), sealed under the master key. */
    @Column(name = "jwt_key_enc") public String jwtKeyEnc;
    /** The public half of that key as a JWK, to register at the provider. */
    @Column(name = "jwt_public_jwk") public String jwtPublicJwk;
    // OIDC providers (type = oidc_provider, gatehouse.idtoken): ID tokens of an external OpenID Provider accepted on the API.
    /** The provider's OpenID Provider Metadata document (OpenID Connect Discovery 1.0 §4). */
    @Column(name = "oidc_metadata_url") public String oidcMetadataUrl;
    /** The ID token claim that names the user ({@code sub}, {@code email}, {@code preferred_username}, …). */
    @Column(name = "user_claim") public String userClaim;
    /** The sys_user column that claim is matched against: {@code user_name}, {@code email} or {@code sys_id}. */
    @Column(name = "user_field") public String userField;
    /** One ID token serves one API call ({@code jti} recorded as a replay record). */
    @Column(name = "enable_jti_verification") public boolean enableJtiVerification;
    /** Seconds of clock skew allowed on {@code exp}, {@code nbf} and {@code iat}. */
    @Column(name = "clock_skew") public int clockSkew = 60;
    @Column(name = "sys_created_on") public long createdOn;
    @Column(name = "sys_updated_on") public long updatedOn;
    @Column(name = "sys_created_by") public String createdBy;
    @Column(name = "sys_updated_by") public String updatedBy;
    @Version @Column(name = "sys_mod_count") public int modCount;
}
