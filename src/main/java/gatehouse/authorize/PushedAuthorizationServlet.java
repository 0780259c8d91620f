package gatehouse.authorize;

import gatehouse.Gatehouse;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.OAuthErrorResponse;
import gatehouse.token.TokenServlet;
import gatehouse.web.GatehouseServlet;
import gatehouse.web.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code /oauth_par.do}, the pushed authorization request endpoint (RFC 9126 §2): the client authenticates as at the
 * token endpoint (public clients by client_id), an optional DPoP proof binds the code to its key (RFC 9449 §10.1), and
 * {@link PushedAuthorizationRequests} validates and keeps the request. {@code 201} with {@code request_uri} and
 * {@code expires_in}; errors are RFC 6749 §5.2 JSON.
 */
@WebServlet(PushedAuthorizationServlet.PATH)
public class PushedAuthorizationServlet extends GatehouseServlet {
    private static final Logger LOG = Logger.getLogger(PushedAuthorizationServlet.class.getName());
    public static final String PATH = "/oauth_par.do";

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        OAuthErrorResponse.answer(g.metrics, res, "par", LOG, "pushed authorization request", () -> {
            FormParameters form = TokenServlet.read(req);
            AuthenticatedClient client = g.clientAuthenticator.authenticate(req.getHeader("Authorization"), form);
            String proofJkt = g.tokenEndpoint.proofKey(Collections.list(req.getHeaders("DPoP")), PATH);
            PushedAuthorizationRequests.Pushed pushed = g.pushedRequests.push(client.application(), form.all(), form.all("resource"), proofJkt, System.currentTimeMillis());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("request_uri", pushed.requestUri());
            m.put("expires_in", pushed.expiresIn());
            OAuthErrorResponse.noStore(res);
            String nonce = g.tokenEndpoint.dpopNonce();
            if (nonce != null) res.setHeader("DPoP-Nonce", nonce);
            Json.write(res, 201, m);
        });
    }
}
