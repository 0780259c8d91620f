package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.record.Actor;
import gatehouse.store.SigningKey;
import gatehouse.web.ClientAddress;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/gatehouse/keys}: the signing keys (kid, algorithm, state, dates; never a private part) and
 * {@code POST …/rotate}, for users with the role {@code admin} or {@code oauth_admin}.
 */
@Path("gatehouse/keys")
@Produces(MediaType.APPLICATION_JSON)
public class SigningKeysResource {
    @Context private ServletContext servletContext;
    @Context private HttpServletRequest request;
    @Context private ContainerRequestContext requestContext;

    @GET
    public Map<String, Object> list() {
        authorize();
        List<Map<String, Object>> rows = Gatehouse.from(servletContext).signingKeys.all().stream().map(SigningKeysResource::row).toList();
        return Map.of("result", rows);
    }

    @POST
    @Path("rotate")
    public Map<String, Object> rotate() {
        Caller c = authorize();
        Gatehouse g = Gatehouse.from(servletContext);
        List<String> kids = g.signingKeys.rotate(new Actor(c.user().userName, ClientAddress.of(request).address()));
        if (kids.isEmpty()) throw new ApiException(409, "Conflict", "Another node is rotating the keys; try again");
        return Map.of("result", Map.of("status", "success", "active_kids", kids));
    }

    private Caller authorize() {
        Caller c = (Caller) requestContext.getProperty(Caller.PROPERTY);
        if (!c.isOAuthAdmin()) throw ApiException.forbidden("Signing keys need the role admin or oauth_admin");
        Scopes.require(c, "useraccount");
        return c;
    }

    private static Map<String, Object> row(SigningKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kid", k.kid);
        m.put("alg", k.alg);
        m.put("state", k.state);
        m.put("created_at", k.createdAt);
        m.put("rotated_at", k.rotatedAt);
        m.put("purge_at", k.purgeAt);
        return m;
    }
}
