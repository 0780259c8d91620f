package gatehouse.token;

import gatehouse.Gatehouse;
import gatehouse.web.GatehouseServlet;
import gatehouse.user.Authenticator;
import gatehouse.web.ClientAddress;
import gatehouse.web.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * {@code /oauth_introspect.do} (RFC 7662 §2): POST only. The caller is a confidential client (authenticated as
 * at the token endpoint; it sees its own tokens) or, with HTTP Basic, a user with the role {@code admin} or
 * {@code oauth_admin} (every token). A Basic name that is a registered client_id is a client.
 */
@WebServlet("/oauth_introspect.do")
public class IntrospectionServlet extends GatehouseServlet {
    private static final Logger LOG = Logger.getLogger(IntrospectionServlet.class.getName());

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        OAuthErrorResponse.answer(g.metrics, res, "introspect", LOG, "introspection request", () -> {
            FormParameters form = TokenServlet.read(req);
            String authorization = req.getHeader("Authorization");
            String clientId = admin(g, authorization, ClientAddress.of(req).address()) ? null : confidentialClient(g, authorization, form);
            OAuthErrorResponse.noStore(res);
            Json.write(res, 200, g.introspection.introspect(clientId, form.require("token")));
        });
    }

    private static String confidentialClient(Gatehouse g, String authorization, FormParameters form) {
        AuthenticatedClient client = g.clientAuthenticator.authenticate(authorization, form);
        if (!client.confidential()) throw OAuthError.invalidClient("Introspection is for confidential clients and admins only");
        return client.clientId();
    }

    /** True when Basic credentials name a user (not a client) who is an admin; OAuthError when they name a user who is not. */
    private static boolean admin(Gatehouse g, String authorization, String remoteAddress) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;   // the client authenticator reports it
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) return false;
        String name = decoded.substring(0, colon);
        try {
            if (g.registry.findByClientId(java.net.URLDecoder.decode(name, StandardCharsets.UTF_8)) != null) return false;
        } catch (IllegalArgumentException notFormEncoded) {
            // not a client_id: try it as a user name
        }
        Authenticator.Result r = g.authenticator.authenticate(name, decoded.substring(colon + 1), remoteAddress);
        if (r.outcome() == Authenticator.Outcome.THROTTLED) throw OAuthError.throttled("invalid_client", r.message(), r.retryAfterSeconds());
        if (!r.ok()) throw OAuthError.invalidClient(r.message());
        if (!r.user().hasRole("admin") && !r.user().hasRole("oauth_admin"))
            throw new OAuthError("access_denied", "Introspection needs the role admin or oauth_admin", 403);
        return true;
    }
}
