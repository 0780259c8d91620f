package gatehouse.device;

import gatehouse.Gatehouse;
import gatehouse.client.Registry;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.token.AuthenticatedClient;
import gatehouse.token.FormParameters;
import gatehouse.token.OAuthError;
import gatehouse.token.OAuthErrorResponse;
import gatehouse.token.TokenServlet;
import gatehouse.token.ResourceIndicators;
import gatehouse.token.ScopeRequest;
import gatehouse.web.GatehouseServlet;
import gatehouse.web.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code /oauth_device.do}, the device authorization endpoint (RFC 8628 §3.1–3.2): the client authenticates as at the
 * token endpoint (public clients by client_id); the application must list the device_code grant type. Errors are
 * RFC 6749 §5.2 JSON.
 */
@WebServlet("/oauth_device.do")
public class DeviceAuthorizationServlet extends GatehouseServlet {
    private static final Logger LOG = Logger.getLogger(DeviceAuthorizationServlet.class.getName());
    /** The user-facing page (RFC 8628 §3.2 verification_uri). */
    public static final String VERIFICATION_PATH = "/device.do";

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Gatehouse g = Gatehouse.from(getServletContext());
        OAuthErrorResponse.answer(g.metrics, res, "device", LOG, "device authorization request", () -> {
            FormParameters form = TokenServlet.read(req);
            AuthenticatedClient client = g.clientAuthenticator.authenticate(req.getHeader("Authorization"), form);
            Application app = client.application();
            if (!RecordInput.split(app.grantTypes).contains(Registry.DEVICE_CODE))
                throw OAuthError.unauthorizedClient("The application may not use the device authorization grant");
            Set<String> scopes = ScopeRequest.forApplication(app, form.get("scope"));
            List<String> resources = ResourceIndicators.requested(form, app);     // RFC 8707 §2
            DeviceAuthorizations.Started s = g.deviceAuthorizations.start(app, scopes, resources, System.currentTimeMillis());
            String verification = g.issuer() + VERIFICATION_PATH;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device_code", s.deviceCode());
            m.put("user_code", s.userCode());
            m.put("verification_uri", verification);
            m.put("verification_uri_complete", verification + "?user_code=" + s.userCode());
            m.put("expires_in", s.expiresIn());
            m.put("interval", s.interval());
            OAuthErrorResponse.noStore(res);
            Json.write(res, 200, m);
        });
    }
}
