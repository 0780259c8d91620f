package gatehouse.token;

import gatehouse.Gatehouse;
import gatehouse.web.ClientAddress;
import gatehouse.web.GatehouseServlet;
import gatehouse.web.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Logger;

/** {@code /oauth_token.do}: parses the form, lets {@link TokenEndpoint} decide, writes RFC 6749 §5.1 or §5.2 JSON. */
@WebServlet("/oauth_token.do")
public class TokenServlet extends GatehouseServlet {
    private static final Logger LOG = Logger.getLogger(TokenServlet.class.getName());

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        OAuthErrorResponse.answer(g.metrics, res, "token", LOG, "token request", () -> {
            FormParameters form = read(req);
            TokenResponse tokens = g.tokenEndpoint.handle(req.getHeader("Authorization"), java.util.Collections.list(req.getHeaders("DPoP")), form);
            OAuthErrorResponse.noStore(res);
            String nonce = g.tokenEndpoint.dpopNonce();
            if (nonce != null) res.setHeader("DPoP-Nonce", nonce);
            Json.write(res, 200, tokens.toJson());
        });
    }

    /** The POSTed form, shared by the token, revocation, introspection, device authorization and PAR servlets. */
    public static FormParameters read(HttpServletRequest req) throws IOException {
        InputStream body = "POST".equals(req.getMethod()) ? req.getInputStream() : InputStream.nullInputStream();
        return FormParameters.read(req.getMethod(), req.getContentType(), req.getContentLengthLong(), body, req.getQueryString())
                .from(ClientAddress.of(req).address());
    }
}
