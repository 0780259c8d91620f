package gatehouse.token;

import gatehouse.Gatehouse;
import gatehouse.dpop.DpopProofs;
import gatehouse.oidc.ProviderMetadata;
import gatehouse.store.AuthScope;
import gatehouse.web.Json;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 8414 authorization server metadata, at {@code /.well-known/oauth-authorization-server}, which is also the
 * OpenID Provider Metadata (Discovery 1.0 §3, {@link ProviderMetadata}) at {@code /.well-known/openid-configuration}:
 * one document at both addresses.
 */
@WebServlet(urlPatterns = {"/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"})
public class MetadataServlet extends GatehouseServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        String issuer = g.issuer();
        List<String> authMethods = g.clientAuthenticator.methods();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + "/oauth_auth.do");
        m.put("token_endpoint", issuer + "/oauth_token.do");
        m.put("revocation_endpoint", issuer + "/oauth_revoke_token.do");
        m.put("introspection_endpoint", issuer + "/oauth_introspect.do");
        m.put("device_authorization_endpoint", issuer + "/oauth_device.do");      // RFC 8628 §4
        m.put("pushed_authorization_request_endpoint", issuer + "/oauth_par.do");  // RFC 9126 §5
        m.put("require_pushed_authorization_requests", g.authorization.pushRequired());
        m.put("jwks_uri", issuer + "/api/now/oauth/jwks");
        m.put("grant_types_supported", List.copyOf(g.tokenEndpoint.grantTypes()));
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("token_endpoint_auth_methods_supported", authMethods);
        m.put("revocation_endpoint_auth_methods_supported", authMethods);
        m.put("introspection_endpoint_auth_methods_supported", authMethods.stream().filter(x -> !x.equals("none")).toList());
        m.put("scopes_supported", g.registry.scopes().stream().map((AuthScope s) -> s.name).toList());
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("dpop_signing_alg_values_supported", DpopProofs.ALGORITHMS);      // RFC 9449 §5.1
        if (g.registration.enabled()) m.put("registration_endpoint", issuer + "/oauth_register.do");
        ProviderMetadata.add(m, issuer);
        res.setHeader("Cache-Control", "public, max-age=300");
        res.setHeader("Access-Control-Allow-Origin", "*");
        Json.write(res, 200, m);
    }
}
