package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.outbound.OutboundException;
import gatehouse.outbound.RestMessageExecutor;
import gatehouse.record.Actor;
import gatehouse.store.OAuthCredential;
import gatehouse.store.OAuthProfile;
import gatehouse.web.ClientAddress;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gatehouse's outbound actions (CONTRACT "Outbound OAuth"), for {@code admin} and {@code oauth_admin}:
 * Get OAuth Token for the grants that need no browser, executing a REST message, and Revoke.
 */
@Path("gatehouse")
@Produces(MediaType.APPLICATION_JSON)
public class OutboundResource {
    @Context private ServletContext servletContext;
    @Context private HttpServletRequest request;
    @Context private ContainerRequestContext requestContext;

    /** Get OAuth Token: {@code {"username","password"}} for the password grant (passed on, never kept). */
    @POST
    @Path("oauth_profile/{sys_id}/token")
    @Consumes(MediaType.WILDCARD)
    public Response token(@PathParam("sys_id") String sysId, InputStream body) throws IOException {
        Gatehouse g = Gatehouse.from(servletContext);
        Caller c = authorize();
        Map<String, Object> in = optionalBody(body);
        for (String k : in.keySet())
            if (!k.equals("username") && !k.equals("password")) throw ApiException.badRequest("Unknown field " + k + "; send username and password for the password grant, else nothing");
        OAuthProfile profile = g.outbound.profile(sysId);
        OAuthCredential cred = g.outbound.tokens.fetchNow(profile, text(in, "username"), text(in, "password"), c.user().userName);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", "success");
        result.put("expires", Formats.dateTime(cred.expiresAt));
        result.put("refresh_token_expires", Formats.dateTime(cred.refreshExpiresAt));
        result.put("credential", cred.sysId);
        return Response.ok(Map.of("result", result)).header("Cache-Control", "no-store").build();
    }

    /** Executes an HTTP method of a REST message: {@code {"variables":{…}}}. */
    @POST
    @Path("rest_message/{message}/{method}/execute")
    @Consumes(MediaType.WILDCARD)
    public Response execute(@PathParam("message") String message, @PathParam("method") String method, InputStream body) throws IOException {
        Gatehouse g = Gatehouse.from(servletContext);
        Caller c = authorize();
        Map<String, Object> in = optionalBody(body);
        for (String k : in.keySet()) if (!k.equals("variables")) throw ApiException.badRequest("Unknown field " + k + "; send {\"variables\":{…}}");
        Object vars = in.get("variables");
        if (vars != null && !(vars instanceof Map)) throw ApiException.badRequest("variables must be a JSON object");
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = vars == null ? Map.of() : (Map<String, Object>) vars;
        RestMessageExecutor.Result r = g.outbound.executor.execute(message, method, variables, c.user().sysId, c.user().userName);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status_code", r.statusCode());
        result.put("headers", r.headers());
        result.put("body", r.body());
        result.put("elapsed_ms", r.elapsedMs());
        result.put("token_refreshed", r.tokenRefreshed());
        return Response.ok(Map.of("result", result)).header("Cache-Control", "no-store").build();
    }

    /** Revoke: the tokens go to the provider's Token Revocation URL (RFC 7009), and the credential is deleted. */
    @POST
    @Path("oauth_credential/{sys_id}/revoke")
    public Response revoke(@PathParam("sys_id") String sysId) {
        Gatehouse g = Gatehouse.from(servletContext);
        Caller c = authorize();
        boolean confirmed = g.outbound.revoke(sysId, new Actor(c.user().userName, ClientAddress.of(request).address()));
        return Response.ok(Map.of("result", Map.of("status", "success", "revoked_at_provider", confirmed))).build();
    }

    private Caller authorize() {
        Caller c = (Caller) requestContext.getProperty(Caller.PROPERTY);
        if (!c.isOAuthAdmin()) throw ApiException.forbidden("Outbound OAuth needs the admin or oauth_admin role");
        Scopes.require(c, "useraccount");
        return c;
    }

    private static Map<String, Object> optionalBody(InputStream body) throws IOException {
        if (body == null) return Map.of();
        body = new java.io.BufferedInputStream(body);
        body.mark(1);
        if (body.read() < 0) return Map.of();
        body.reset();
        return TableResource.readBody(body);
    }

    private static String text(Map<String, Object> in, String name) {
        Object v = in.get(name);
        if (v == null) return null;
        if (!(v instanceof String s)) throw ApiException.badRequest(name + " must be text");
        return s;
    }
}
