package gatehouse.idtoken;

import gatehouse.client.ApplicationDictionary;
import gatehouse.record.Dictionary;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;

/** An OIDC provider row of {@code oauth_entity} as the Table API shows it: its own columns (ServiceNow's labels). */
public final class OidcProviderDictionary {
    public static final Dictionary<Application> PROVIDER = Dictionary.of(OidcProviders.TABLE, Application.class)
            .access(new Dictionary.Access(ApplicationDictionary.ADMINS, null, ApplicationDictionary.ADMINS, null, false))
            .display(a -> a.name, "name").lookup("clientId").order("createdOn")
            .string("sys_id", "Sys ID", "sysId", a -> a.sysId).readOnly()
            .string("type", "Type", "type", a -> a.type).choices("client", "Client", "oauth_provider", "OAuth provider",
                    OidcProviders.TYPE, "OIDC provider")
            .string("name", "Name", "name", a -> a.name)
            .string("client_id", "Client ID", "providerClientId", a -> a.providerClientId)
            .string("oidc_metadata_url", "OIDC Metadata URL", "oidcMetadataUrl", a -> a.oidcMetadataUrl)
            .string("user_claim", "User Claim", "userClaim", a -> a.userClaim)
            .string("user_field", "User Field", "userField", a -> a.userField)
                    .choices("user_name", "User ID", "email", "Email", "sys_id", "Sys ID")
            .bool("enable_jti_verification", "Enable JTI claim verification", "enableJtiVerification", a -> a.enableJtiVerification)
            .integer("clock_skew", "Clock skew", "clockSkew", a -> a.clockSkew)
            .list("auth_scopes", "Auth scope", "authScopes", a -> RecordInput.split(a.authScopes))
            .bool("active", "Active", "active", a -> a.active)
            .system(a -> a.createdOn, a -> a.updatedOn, a -> a.createdBy, a -> a.updatedBy, a -> a.modCount)
            .build();

    private OidcProviderDictionary() { }
}
