package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.record.Dictionary;
import gatehouse.record.EncodedQuery;
import gatehouse.record.QueryFields;
import gatehouse.record.RecordList;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/now/stats/{table}} (also {@code /api/now/v1/stats/…}): ServiceNow's Aggregate API over the tables of
 * the Table API, with the same access check ({@link Tables#authorize}, as a read) and the same encoded queries:
 * {@code sysparm_count}, {@code sysparm_group_by}, {@code sysparm_query}, {@code sysparm_avg_fields},
 * {@code sysparm_min_fields}, {@code sysparm_max_fields}, {@code sysparm_sum_fields} (numeric columns),
 * {@code sysparm_display_value} for the group-by values.
 */
@Path("now/{version: (?:v1/)?}stats/{table}")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {
    private static final int MAX_FIELDS = 20;
    private static final String[][] FUNCTIONS = {{"sysparm_avg_fields", "AVG", "avg"}, {"sysparm_min_fields", "MIN", "min"},
            {"sysparm_max_fields", "MAX", "max"}, {"sysparm_sum_fields", "SUM", "sum"}};

    @Context private ServletContext servletContext;
    @Context private ContainerRequestContext requestContext;
    @Context private UriInfo uri;

    @GET
    public Response stats() {
        Gatehouse g = Gatehouse.from(servletContext);
        Caller caller = (Caller) requestContext.getProperty(Caller.PROPERTY);
        Table t = Tables.of(g).authorize(caller, uri.getPathParameters().getFirst("table"), false);
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        Dictionary<?> d = t.dictionary();
        QueryFields fields = d.queryFields();
        EncodedQuery query = EncodedQuery.parse(ListQuery.single(params, "sysparm_query"), fields);
        RecordJson.Options o = RecordJson.Options.from(params);
        boolean count = ListQuery.flag(params, "sysparm_count");
        List<QueryFields.Field> groupBy = new ArrayList<>();
        for (String name : names(params, "sysparm_group_by")) {
            QueryFields.Field f = field(fields, name, "sysparm_group_by");
            if (f.type() == QueryFields.Type.DATE_TIME) throw ApiException.badRequest("sysparm_group_by cannot group by the time " + name);
            groupBy.add(f);
        }
        List<RecordList.Aggregate> aggregates = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String[] fn : FUNCTIONS) {
            for (String name : names(params, fn[0])) {
                QueryFields.Field f = field(fields, name, fn[0]);
                if (f.type() != QueryFields.Type.INTEGER) throw ApiException.badRequest(fn[0] + " takes numeric fields; " + name + " is not one");
                aggregates.add(new RecordList.Aggregate(fn[1], f));
                keys.add(fn[2]);
            }
        }
        if (groupBy.size() + aggregates.size() > MAX_FIELDS) throw ApiException.badRequest("at most " + MAX_FIELDS + " fields may be aggregated or grouped by");
        List<RecordList.Group> groups = g.db.read(em -> RecordList.aggregate(em, d.entity(), query, groupBy, aggregates));
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecordList.Group group : groups) {
            Map<String, Object> stats = new LinkedHashMap<>();
            if (count || aggregates.isEmpty()) stats.put("count", String.valueOf(group.count()));
            for (int i = 0; i < aggregates.size(); i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> byField = (Map<String, Object>) stats.computeIfAbsent(keys.get(i), k -> new LinkedHashMap<String, Object>());
                byField.put(aggregates.get(i).field().name(), number(group.values().get(i)));
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("stats", stats);
            if (!groupBy.isEmpty()) {
                List<Map<String, Object>> by = new ArrayList<>();
                for (int i = 0; i < groupBy.size(); i++) {
                    Dictionary.Column<?> c = d.column(groupBy.get(i).name());
                    String value = RecordJson.text(c, group.keys().get(i));
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("field", c.name());
                    one.put("value", value);
                    if (o.display() != RecordJson.DisplayValue.FALSE) one.put("display_value", c.labelOf(value));
                    by.add(one);
                }
                entry.put("groupby_fields", by);
            }
            out.add(entry);
        }
        Object result = groupBy.isEmpty() ? (out.isEmpty() ? Map.of("stats", Map.of("count", "0")) : out.get(0)) : out;
        return Response.ok(Map.of("result", result)).build();
    }

    private static QueryFields.Field field(QueryFields fields, String name, String parameter) {
        QueryFields.Field f = fields.get(name);
        if (f == null) throw ApiException.badRequest(parameter + " names an unknown field '" + Tables.printable(name) + "'");
        return f;
    }

    private static List<String> names(MultivaluedMap<String, String> params, String name) {
        String v = ListQuery.single(params, name);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        for (String s : v.split(",")) if (!s.isBlank() && !out.contains(s.trim())) out.add(s.trim());
        return out;
    }

    /** A number as ServiceNow writes it: a string, without trailing zeros; {@code ""} when there is none. */
    private static String number(Object n) {
        if (n == null) return "";
        if (n instanceof Double dbl) return new BigDecimal(dbl).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return String.valueOf(n);
    }
}
