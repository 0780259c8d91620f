package gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.Gatehouse;
import gatehouse.record.Actor;
import gatehouse.web.ClientAddress;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/now/table/{table}}: ServiceNow's Table API over the tables Gatehouse keeps
 * (CONTRACT "Table API"). Each table is a {@link Table}; this class only speaks HTTP. Order of the checks
 * on every call: the table exists, the application's API access policy, then the table's scope and role
 * checks ({@link Table#authorizeRead}, {@link Table#authorizeWrite}), then the body.
 */
@Path("now/table/{table}")
@Produces(MediaType.APPLICATION_JSON)
public class TableResource {
    static final int MAX_BODY = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Context private ServletContext servletContext;
    @Context private HttpServletRequest request;
    @Context private ContainerRequestContext requestContext;
    @Context private UriInfo uri;

    @GET
    public Response list() {
        Table t = table();
        Caller c = caller();
        t.authorizeRead(c);
        Table.Page page = t.list(ListQuery.from(uri.getQueryParameters()), c);
        Response.ResponseBuilder b = Response.ok(Map.of("result", page.rows())).header("X-Total-Count", page.total());
        String link = ListQuery.linkHeader(uri, page);
        if (link != null) b.header("Link", link);
        return b.build();
    }

    @GET
    @Path("{sys_id}")
    public Response get(@PathParam("sys_id") String sysId) {
        Table t = table();
        Caller c = caller();
        t.authorizeRead(c);
        return Response.ok(Map.of("result", ListQuery.select(t.get(sysId, c), uri.getQueryParameters()))).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) throws IOException {
        Table t = table();
        Caller c = caller();
        t.authorizeWrite(c);
        Map<String, Object> created = t.create(readBody(body), c, actor(c));
        return Response.status(201).entity(Map.of("result", created))
                .header("Location", uri.getAbsolutePathBuilder().path(String.valueOf(created.get("sys_id"))).build()).build();
    }

    @PUT
    @Path("{sys_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("sys_id") String sysId, InputStream body) throws IOException {
        Table t = table();
        Caller c = caller();
        t.authorizeWrite(c);
        return Response.ok(Map.of("result", t.replace(sysId, bodyFor(sysId, body), c, actor(c)))).build();
    }

    @PATCH
    @Path("{sys_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("sys_id") String sysId, InputStream body) throws IOException {
        Table t = table();
        Caller c = caller();
        t.authorizeWrite(c);
        return Response.ok(Map.of("result", t.update(sysId, bodyFor(sysId, body), c, actor(c)))).build();
    }

    @DELETE
    @Path("{sys_id}")
    public Response delete(@PathParam("sys_id") String sysId) {
        Table t = table();
        Caller c = caller();
        t.authorizeWrite(c);
        t.delete(sysId, c, actor(c));
        return Response.noContent().build();
    }

    /** The table this call addresses, from the URL. */
    protected String tableName() {
        return uri.getPathParameters().getFirst("table");
    }

    /** The table, after the application's API access policy allowed the call ({@code table/<name>}). */
    private Table table() {
        String name = tableName();
        Table t = Tables.of(Gatehouse.from(servletContext)).get(name);
        if (t == null) throw new ApiException(400, "Invalid table " + printable(name), null);
        Scopes.requireApi(caller(), "table/" + name);
        return t;
    }

    private static String printable(String s) {
        String t = s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** The body of a PUT or PATCH; a {@code sys_id} in it must be the one in the URL. */
    private static Map<String, Object> bodyFor(String sysId, InputStream in) throws IOException {
        Map<String, Object> body = readBody(in);
        if (body.containsKey("sys_id")) {
            if (!sysId.equals(body.get("sys_id"))) throw ApiException.badRequest("sys_id in the body does not match the URL");
            body.remove("sys_id");
        }
        return body;
    }

    private Caller caller() {
        return (Caller) requestContext.getProperty(Caller.PROPERTY);
    }

    private Actor actor(Caller c) {
        return new Actor(c.user().userName, ClientAddress.of(request).address());
    }

    /** The body as a JSON object, at most {@value #MAX_BODY} bytes; anything else is a 400. */
    static Map<String, Object> readBody(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) throw new ApiException(413, "Request body too large", "The body may be at most " + MAX_BODY + " bytes");
        if (bytes.length == 0) throw ApiException.badRequest("The request body is empty; send a JSON object");
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new ApiException(400, "Invalid JSON", "The request body is not valid JSON");
        }
        if (node == null || !node.isObject()) throw ApiException.badRequest("The request body must be a JSON object");
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    private static Object plain(JsonNode n) {
        if (n.isNull()) return null;
        if (n.isTextual()) return n.asText();
        if (n.isBoolean()) return n.asBoolean();
        if (n.isIntegralNumber()) return n.canConvertToLong() ? n.asLong() : n.asText();
        if (n.isNumber()) return n.asText();
        if (n.isArray()) {
            java.util.ArrayList<Object> l = new java.util.ArrayList<>();
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        return JSON.convertValue(n, Map.class);
    }

}
