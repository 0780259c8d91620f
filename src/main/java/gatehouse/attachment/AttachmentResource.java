package gatehouse.attachment;

import gatehouse.Gatehouse;
import gatehouse.api.ApiException;
import gatehouse.api.Caller;
import gatehouse.api.Formats;
import gatehouse.api.ListQuery;
import gatehouse.api.Tables;
import gatehouse.record.Actor;
import gatehouse.record.EncodedQuery;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordList;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Attachment;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ServiceNow's Attachment API at {@code /api/now/attachment} (and {@code /api/now/v1/attachment}): upload a raw
 * body ({@code POST …/file}) or a multipart form ({@code POST …/upload}), list, metadata, content, delete.
 * An attachment is as readable and writable as its record: the Table API's checks for the record's table
 * ({@link Tables#authorize}: API access policy {@code table/<name>}, scopes, roles), then the record must exist.
 * Content is always a download: {@code Content-Disposition: attachment}, {@code nosniff}, a sandboxing CSP, and
 * a Content-Type that no browser renders as a page or runs.
 */
@Path("now/{version: (v1/)?}attachment")
@Produces(MediaType.APPLICATION_JSON)
public class AttachmentResource {
    /** Types served as they were uploaded; any other is served as {@code application/octet-stream}. */
    private static final Pattern PASSIVE_TYPE = Pattern.compile("image/(png|jpeg|gif|webp|bmp|tiff)|audio/[a-z0-9.+-]+"
            + "|video/[a-z0-9.+-]+|text/(plain|csv)|application/(pdf|json|zip|gzip|octet-stream|msword|rtf|vnd\\.[a-z0-9.+-]+)");

    @Context private ServletContext servletContext;
    @Context private HttpServletRequest request;
    @Context private ContainerRequestContext requestContext;
    @Context private UriInfo uri;

    /** {@code POST /api/now/attachment/file?table_name=&table_sys_id=&file_name=}: the body is the file. */
    @POST
    @Path("file")
    @Consumes(MediaType.WILDCARD)
    public Response uploadRaw(@QueryParam("table_name") String tableName, @QueryParam("table_sys_id") String tableSysId,
                              @QueryParam("file_name") String fileName, InputStream body) {
        Attachments.NewFile file = Attachments.check(tableName, tableSysId, fileName, request.getContentType());
        authorize(file.tableName(), file.tableSysId(), true);
        refuseDeclaredTooLarge();
        return created(store(file, body));
    }

    /** {@code POST /api/now/attachment/upload}: {@code table_name}, {@code table_sys_id}, then the file part. */
    @POST
    @Path("upload")
    @Consumes(MediaType.WILDCARD)
    public Response uploadMultipart(InputStream body) {
        MultipartForm form = new MultipartForm(body, MultipartForm.boundary(request.getContentType()));
        refuseDeclaredTooLarge();
        Map<String, String> fields = new LinkedHashMap<>();
        MultipartForm.Part part;
        try {
            while ((part = form.next()) != null && part.fileName() == null) fields.putIfAbsent(part.name(), form.text());
        } catch (IOException e) {
            throw unreadable();
        }
        if (part == null) throw new InvalidRecordException("multipart/form-data", "body has no file part (a part with a filename)");
        String name = part.fileName().substring(Math.max(part.fileName().lastIndexOf('/'), part.fileName().lastIndexOf('\\')) + 1);
        Attachments.NewFile file = Attachments.check(fields.get("table_name"), fields.get("table_sys_id"), name, part.contentType());
        authorize(file.tableName(), file.tableSysId(), true);
        return created(store(file, form.content()));
    }

    /** {@code GET /api/now/attachment}: the attachments of records the caller may read. */
    @GET
    public Response list(@QueryParam("table_name") String tableName, @QueryParam("table_sys_id") String tableSysId) {
        Gatehouse g = Gatehouse.from(servletContext);
        ListQuery q = ListQuery.from(uri.getQueryParameters());
        Set<String> readable = readableTables();
        EncodedQuery query = EncodedQuery.parse(q.query(), Attachments.QUERY_FIELDS);
        List<List<EncodedQuery.Condition>> restrictions = new ArrayList<>();
        restrictions.add(readable.stream().map(t -> equalsCondition("table_name", t)).toList());
        if (tableName != null) restrictions.add(List.of(equalsCondition("table_name", tableName)));
        if (tableSysId != null) restrictions.add(List.of(equalsCondition("table_sys_id", tableSysId)));
        // every alternative of the query (^NQ) gets the restrictions
        List<List<List<EncodedQuery.Condition>>> queries = new ArrayList<>();
        for (List<List<EncodedQuery.Condition>> alternative : query.queries().isEmpty() ? List.of(List.<List<EncodedQuery.Condition>>of()) : query.queries()) {
            List<List<EncodedQuery.Condition>> restricted = new ArrayList<>(alternative);
            restricted.addAll(restrictions);
            queries.add(restricted);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = 0;
        if (!readable.isEmpty()) {
            RecordList.Page<Attachment> page = g.attachments.list(new EncodedQuery(queries, query.orders()), q.offset(), q.limit());
            for (Attachment a : page.rows()) rows.add(select(json(a, g.issuer()), q.fields()));
            total = page.total();
        }
        Response.ResponseBuilder b = Response.ok(Map.of("result", rows)).header("X-Total-Count", total);
        String link = ListQuery.linkHeader(uri, total, q.limit(), q.offset());
        if (link != null) b.header("Link", link);
        return b.build();
    }

    /** {@code GET /api/now/attachment/{sys_id}}: the metadata. */
    @GET
    @Path("{sys_id}")
    public Response metadata(@PathParam("sys_id") String sysId) {
        Gatehouse g = Gatehouse.from(servletContext);
        Attachment a = readable(sysId);
        return Response.ok(Map.of("result", select(json(a, g.issuer()), ListQuery.from(uri.getQueryParameters()).fields()))).build();
    }

    /** {@code GET /api/now/attachment/{sys_id}/file}: the bytes, as a download. */
    @GET
    @Path("{sys_id}/file")
    @Produces(MediaType.WILDCARD)
    public Response content(@PathParam("sys_id") String sysId) {
        Gatehouse g = Gatehouse.from(servletContext);
        Attachment a = readable(sysId);
        StreamingOutput bytes = out -> g.attachments.copyContent(a, out);
        return Response.ok(bytes, servedType(a.contentType))
                .header("Content-Disposition", contentDisposition(a.fileName))
                .header("Content-Length", a.sizeBytes)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cache-Control", "no-store")
                .build();
    }

    /** {@code DELETE /api/now/attachment/{sys_id}}: needs write access to the record. */
    @DELETE
    @Path("{sys_id}")
    public Response delete(@PathParam("sys_id") String sysId) {
        Gatehouse g = Gatehouse.from(servletContext);
        Attachment a = found(sysId);
        authorize(a.tableName, a.tableSysId, true);
        g.attachments.delete(a.sysId, actor());
        return Response.noContent().build();
    }

    private Attachment readable(String sysId) {
        Attachment a = found(sysId);
        authorize(a.tableName, a.tableSysId, false);
        return a;
    }

    private Attachment found(String sysId) {
        Attachment a = Gatehouse.from(servletContext).attachments.find(sysId);
        if (a == null) throw new RecordNotFoundException(Attachments.TABLE, printable(sysId));
        return a;
    }

    /** The one access check: the record's own, as the Table API checks it ({@link Tables#authorize}). */
    private void authorize(String table, String sysId, boolean write) {
        Tables.of(Gatehouse.from(servletContext)).authorize(caller(), table, sysId, write);
    }

    /** The tables whose records the caller may read. */
    private Set<String> readableTables() {
        Tables tables = Tables.of(Gatehouse.from(servletContext));
        Set<String> out = new java.util.TreeSet<>();
        for (String name : tables.names()) {
            try {
                tables.authorize(caller(), name, false);
                out.add(name);
            } catch (ApiException refused) {
                // not this one
            }
        }
        return out;
    }

    /** Only {@code sysparm_fields} (all when none are asked for). */
    private static Map<String, Object> select(Map<String, Object> row, List<String> fields) {
        if (fields == null) return row;
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : fields) if (row.containsKey(f)) out.put(f, row.get(f));
        return out;
    }

    private Attachment store(Attachments.NewFile file, InputStream content) {
        Gatehouse g = Gatehouse.from(servletContext);
        try {
            return g.attachments.create(file, content, actor());
        } catch (Attachments.TooLargeException e) {
            throw new ApiException(413, "Request entity too large", e.getMessage());
        } catch (UncheckedIOException e) {
            throw unreadable();
        }
    }

    /** A Content-Length above the limit is refused before a byte is read. */
    private void refuseDeclaredTooLarge() {
        long max = Gatehouse.from(servletContext).attachments.maxBytes();
        if (request.getContentLengthLong() > max + (request.getContentType() != null
                && request.getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/") ? 64 * 1024 : 0))
            throw new ApiException(413, "Request entity too large", "The file may be at most " + max + " bytes (gatehouse.attachment.max.bytes)");
    }

    private Response created(Attachment a) {
        Gatehouse g = Gatehouse.from(servletContext);
        return Response.status(201).entity(Map.of("result", json(a, g.issuer())))
                .header("Location", g.issuer() + "/api/now/attachment/" + a.sysId).build();
    }

    /** ServiceNow's fields of a sys_attachment record, every value a string. */
    static Map<String, Object> json(Attachment a, String issuer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", a.sysId);
        m.put("file_name", a.fileName);
        m.put("content_type", a.contentType);
        m.put("size_bytes", String.valueOf(a.sizeBytes));
        m.put("size_compressed", String.valueOf(a.sizeBytes));
        m.put("compressed", "false");
        m.put("table_name", a.tableName);
        m.put("table_sys_id", a.tableSysId);
        m.put("download_link", issuer + "/api/now/attachment/" + a.sysId + "/file");
        m.put("hash", a.hash);
        m.put("state", "available");
        m.put("chunk_size_bytes", String.valueOf(Attachments.CHUNK_BYTES));
        m.put("image_width", "");
        m.put("image_height", "");
        m.put("average_image_color", "");
        m.put("sys_tags", "");
        m.put("sys_created_on", Formats.dateTime(a.createdOn));
        m.put("sys_created_by", a.createdBy);
        m.put("sys_updated_on", Formats.dateTime(a.updatedOn));
        m.put("sys_updated_by", a.updatedBy);
        m.put("sys_mod_count", String.valueOf(a.modCount));
        return m;
    }

    /** The stored type when it is one browsers only display or hand to a player; else a plain download. */
    static String servedType(String stored) {
        return stored != null && PASSIVE_TYPE.matcher(stored).matches() && !stored.contains("xml") && !stored.contains("html")
                && !stored.contains("script") ? stored : MediaType.APPLICATION_OCTET_STREAM;
    }

    /** RFC 6266: an ASCII {@code filename} with every other character replaced, and the exact name as {@code filename*}. */
    static String contentDisposition(String fileName) {
        StringBuilder ascii = new StringBuilder();
        for (char ch : fileName.toCharArray())
            ascii.append(ch < 0x7f && (Character.isLetterOrDigit(ch) || " ._-()".indexOf(ch) >= 0) ? ch : '_');
        String exact = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + exact;
    }

    private static EncodedQuery.Condition equalsCondition(String field, String value) {
        return new EncodedQuery.Condition(Attachments.QUERY_FIELDS.get(field), EncodedQuery.Operator.EQUALS, value, null);
    }

    private static String printable(String s) {
        String t = s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("[^\\p{Alnum}_.-]", "?");
    }

    private static ApiException unreadable() {
        return ApiException.badRequest("The request body could not be read to its end");
    }

    private Caller caller() {
        return (Caller) requestContext.getProperty(Caller.PROPERTY);
    }

    private Actor actor() {
        return new Actor(caller().user().userName, gatehouse.web.ClientAddress.of(request).address());
    }
}
