package gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.Gatehouse;
import gatehouse.record.Actor;
import gatehouse.record.Dictionary;
import gatehouse.record.EncodedQuery;
import gatehouse.record.RecordList;
import gatehouse.store.JournalEntry;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/now/table/{table}} (also {@code /api/now/v1/table/…} and {@code /api/now/v2/table/…}): ServiceNow's
 * Table API over the tables Gatehouse keeps (CONTRACT "Table API"). Each table is a {@link Table} declared by its
 * {@link Dictionary}; this class only speaks HTTP. Order of the checks on every call: the table exists, the
 * application's API access policy, the scopes and roles ({@link Tables#authorize}), then the body.
 */
@Path("now/{version: (?:v1/|v2/)?}table/{table}")
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
        Gatehouse g = gatehouse();
        Tables tables = Tables.of(g);
        Table t = tables.authorize(caller(), tableName(), false);
        ListQuery q = ListQuery.from(uri.getQueryParameters());
        RecordJson.Options o = RecordJson.Options.from(uri.getQueryParameters());
        EncodedQuery query = EncodedQuery.parse(q.query(), t.dictionary().queryFields());
        RecordList.Page<?> page = tables.list(t, query, q.offset(), q.limit(), !q.noCount());
        RecordJson json = json(g);
        List<Map<String, Object>> rows = new ArrayList<>(page.rows().size());
        for (Object row : page.rows()) rows.add(render(g, json, t, row, o));
        Response.ResponseBuilder b = Response.ok(Map.of("result", rows));
        if (page.total() >= 0) b.header("X-Total-Count", page.total());
        String link = q.suppressPaginationHeader() || page.total() < 0 ? null : ListQuery.linkHeader(uri, page.total(), q.limit(), q.offset());
        if (link != null) b.header("Link", link);
        return b.build();
    }

    @GET
    @Path("{sys_id}")
    public Response get(@PathParam("sys_id") String sysId) {
        Gatehouse g = gatehouse();
        Tables tables = Tables.of(g);
        Table t = tables.authorize(caller(), tableName(), false);
        RecordJson.Options o = RecordJson.Options.from(uri.getQueryParameters());
        return Response.ok(Map.of("result", render(g, json(g), t, tables.find(t, sysId), o))).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(InputStream body) throws IOException {
        Gatehouse g = gatehouse();
        Caller c = caller();
        Table t = Tables.of(g).authorize(c, tableName(), true);
        RecordJson.Options o = RecordJson.Options.from(uri.getQueryParameters());
        RecordJson json = json(g);
        Map<String, Object> fields = json.input(t.dictionary(), readBody(body), null, o);
        Table.Created created = t.create(fields, c, actor(c));
        Map<String, Object> result = render(g, json, t, created.record(), o);
        result.putAll(created.once());
        String sysId = t.dictionaryOf(created.record()).sysIdOf(created.record());
        return Response.status(201).entity(Map.of("result", result))
                .header("Location", uri.getAbsolutePathBuilder().path(sysId).build()).build();
    }

    /** ServiceNow's PUT changes only the fields sent, as PATCH does. */
    @PUT
    @Path("{sys_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("sys_id") String sysId, InputStream body) throws IOException {
        return update(sysId, body);
    }

    @PATCH
    @Path("{sys_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("sys_id") String sysId, InputStream body) throws IOException {
        Gatehouse g = gatehouse();
        Caller c = caller();
        Tables tables = Tables.of(g);
        Table t = tables.authorize(c, tableName(), true);
        RecordJson.Options o = RecordJson.Options.from(uri.getQueryParameters());
        Map<String, Object> sent = bodyFor(sysId, body);
        Object current = tables.find(t, sysId);
        RecordJson json = json(g);
        Map<String, Object> fields = json.input(t.dictionaryOf(current), sent, current, o);
        return Response.ok(Map.of("result", render(g, json, t, t.update(sysId, fields, c, actor(c)), o))).build();
    }

    @DELETE
    @Path("{sys_id}")
    public Response delete(@PathParam("sys_id") String sysId) {
        Gatehouse g = gatehouse();
        Caller c = caller();
        Tables tables = Tables.of(g);
        Table t = tables.authorize(c, tableName(), true);
        tables.find(t, sysId);
        t.delete(sysId, c, actor(c));
        return Response.noContent().build();
    }

    /** The table this call addresses, from the URL. */
    protected String tableName() {
        return uri.getPathParameters().getFirst("table");
    }

    private Gatehouse gatehouse() {
        return Gatehouse.from(servletContext);
    }

    private RecordJson json(Gatehouse g) {
        return new RecordJson(g.db, g.issuer());
    }

    /** One row with its dictionary's columns; journal columns show their entries when display values are asked for. */
    private static Map<String, Object> render(Gatehouse g, RecordJson json, Table t, Object row, RecordJson.Options o) {
        Dictionary<?> d = t.dictionaryOf(row);
        Map<String, String> journal = Map.of();
        if (o.display() != RecordJson.DisplayValue.FALSE && d.column("work_notes") != null) {
            String sysId = d.sysIdOf(row);
            journal = journalText(d, g.incidents.journal(sysId));
        }
        return json.render(d, row, o, journal);
    }

    /** As ServiceNow shows a journal field: newest first, "when - who (Label)" then the text. */
    private static Map<String, String> journalText(Dictionary<?> d, List<JournalEntry> entries) {
        Map<String, StringBuilder> out = new HashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            JournalEntry e = entries.get(i);
            Dictionary.Column<?> c = d.column(e.element);
            if (c == null) continue;
            out.computeIfAbsent(e.element, k -> new StringBuilder()).append(Formats.dateTime(e.createdOn)).append(" - ")
                    .append(e.createdBy).append(" (").append(c.label()).append(")\n").append(e.journalValue).append("\n\n");
        }
        Map<String, String> text = new HashMap<>();
        out.forEach((k, v) -> text.put(k, v.toString()));
        return text;
    }

    /** The body of a PUT or PATCH; a {@code sys_id} in it must be the one in the URL. */
    private static Map<String, Object> bodyFor(String sysId, InputStream in) throws IOException {
        Map<String, Object> body = readBody(in);
        if (body.containsKey("sys_id")) {
            Object sent = body.get("sys_id");
            if (sent instanceof Map<?, ?> m) sent = m.get("value");
            if (!sysId.equals(sent)) throw ApiException.badRequest("sys_id in the body does not match the URL");
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
            ArrayList<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        return JSON.convertValue(n, Map.class);
    }
}
