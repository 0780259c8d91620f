package gatehouse.token;

import gatehouse.Gatehouse;
import gatehouse.web.ClientAddress;
import gatehouse.web.GatehouseServlet;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Logger;

/** {@code /oauth_revoke_token.do} (RFC 7009 §2): POST only, client authentication as at the token endpoint. */
@WebServlet("/oauth_revoke_token.do")
public class RevocationServlet extends GatehouseServlet {
    private static final Logger LOG = Logger.getLogger(RevocationServlet.class.getName());

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        OAuthErrorResponse.answer(g.metrics, res, "revoke", LOG, "revocation request", () -> {
            FormParameters form = TokenServlet.read(req);
            AuthenticatedClient client = g.clientAuthenticator.authenticate(req.getHeader("Authorization"), form);
            g.revocation.revoke(client, form.require("token"), form.get("token_type_hint"), ClientAddress.of(req).address());
            OAuthErrorResponse.noStore(res);
            res.setStatus(200);
            res.setContentLength(0);
        });
    }
}
