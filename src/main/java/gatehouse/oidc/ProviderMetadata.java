package gatehouse.oidc;

import gatehouse.keys.SigningKeys;
import java.util.List;
import java.util.Map;

/**
 * What OpenID Provider Metadata (Discovery 1.0 §3, RP-Initiated Logout §2.1) adds to the RFC 8414 document; both
 * addresses serve the one document, so the two never disagree.
 */
public final class ProviderMetadata {
    private ProviderMetadata() { }

    public static void add(Map<String, Object> m, String issuer) {
        m.put("userinfo_endpoint", issuer + "/oauth_userinfo.do");
        m.put("end_session_endpoint", issuer + "/oauth_logout.do");
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported", SigningKeys.ALGORITHMS);
        m.put("claims_supported", UserClaims.SUPPORTED);
        m.put("claim_types_supported", List.of("normal"));
        m.put("prompt_values_supported", OpenIdRequest.PROMPT_VALUES);
        m.put("claims_parameter_supported", false);
        m.put("request_parameter_supported", false);
        m.put("request_uri_parameter_supported", false);
    }
}
