package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.outbound.OutboundException;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Outbound failures in the API's error shape (CONTRACT "Outbound OAuth"): 409 with a link to Get OAuth Token
 * when a person is needed; 502 naming the remote status and whether the token was refreshed; 400 otherwise.
 */
@Provider
public class OutboundErrors implements ExceptionMapper<OutboundException> {
    @Context private ServletContext servletContext;

    @Override
    public Response toResponse(OutboundException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        int status;
        if (e instanceof OutboundException.NeedsPerson p) {
            status = 409;
            String link = Gatehouse.from(servletContext).issuer() + "/oauth_initiator.do?profile=" + p.profileSysId;
            error.put("message", "No usable OAuth token: use Get OAuth Token for this profile (" + link + ")");
            error.put("detail", e.getMessage());
            error.put("link", link);
        } else if (e instanceof OutboundException.ProviderRefused r) {
            status = 502;
            error.put("message", "The OAuth provider refused the token request (status " + r.remoteStatus + ")");
            error.put("detail", r.error + (r.errorDescription == null ? "" : ": " + r.errorDescription));
            error.put("remote_status", r.remoteStatus);
            error.put("token_refreshed", false);
        } else if (e instanceof OutboundException.RemoteFailure f) {
            status = 502;
            error.put("message", e.getMessage());
            error.put("detail", f.remoteBody);
            error.put("remote_status", f.remoteStatus);
            error.put("token_refreshed", f.tokenRefreshed());
        } else {
            status = 400;
            error.put("message", "Invalid request");
            error.put("detail", e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("status", "failure");
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).header("Cache-Control", "no-store").build();
    }
}
