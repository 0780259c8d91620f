package gatehouse.admin;

import gatehouse.cors.CorsRules;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.store.CorsRule;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** CORS rules ({@code sys_cors_rule}): list, create, edit, delete; every write through {@link CorsRules}. */
final class CorsRulePages extends RecordPages<CorsRule> {

    @Override
    void showNew(Console c) throws IOException, ServletException { showForm(c, null, formOf(blank()), Map.of(), 200); }

    @Override
    void create(Console c) throws IOException, ServletException { save(c, null); }

    @Override
    CorsRule find(Console c, String sysId) {
        return orNotFound(c.g.corsRules.find(sysId), CorsRules.TABLE, sysId);
    }

    @Override
    void show(Console c, CorsRule r) throws IOException, ServletException { showForm(c, r, formOf(r), Map.of(), 200); }

    @Override
    void action(Console c, CorsRule r, String action) throws IOException, ServletException {
        if (action.equals("delete")) delete(c, r);
        else throw ConsoleException.notFound();
    }

    private static CorsRule blank() {
        CorsRule r = new CorsRule();
        r.restApi = "table";
        r.httpMethods = RecordInput.join(CorsRules.DEFAULT_METHODS);
        r.allowedHeaders = RecordInput.join(CorsRules.DEFAULT_ALLOWED_HEADERS);
        r.maxAge = CorsRules.DEFAULT_MAX_AGE;
        return r;
    }

    @Override
    void list(Console c) throws IOException, ServletException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CorsRule r : c.g.corsRules.list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sysId", r.sysId);
            row.put("name", r.name);
            row.put("restApi", CorsRules.apiLabel(r.restApi));
            row.put("domain", r.domain);
            row.put("methods", String.join(", ", RecordInput.split(r.httpMethods)));
            row.put("active", r.active);
            rows.add(row);
        }
        c.set("rows", rows);
        c.listNotice("CORS rule");
        c.render("cors-rules");
    }

    private static Map<String, Object> formOf(CorsRule r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", r.name);
        f.put("rest_api", r.restApi);
        f.put("domain", r.domain);
        f.put("http_method", new LinkedHashSet<>(RecordInput.split(r.httpMethods)));
        f.put("allowed_headers", String.join(", ", RecordInput.split(r.allowedHeaders)));
        f.put("exposed_headers", String.join(", ", RecordInput.split(r.exposedHeaders)));
        f.put("max_age", String.valueOf(r.maxAge));
        f.put("active", r.active);
        return f;
    }

    @Override
    void save(Console c, CorsRule existing) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String f : List.of("name", "rest_api", "domain", "allowed_headers", "exposed_headers", "max_age")) form.put(f, c.text(f));
        List<String> methods = c.params("http_method");
        form.put("http_method", new LinkedHashSet<>(methods));
        form.put("active", c.checked("active"));
        Map<String, Object> record = new LinkedHashMap<>(form);
        record.put("http_method", methods);   // headers: comma-separated, as RecordInput lists take them
        try {
            if (existing == null) c.g.corsRules.create(new RecordInput(record), c.actor());
            else c.g.corsRules.update(existing.sysId, new RecordInput(record), c.actor());
            c.redirect(Section.CORS_RULES.getPath() + "?done=" + (existing == null ? "created" : "saved"));
        } catch (InvalidRecordException e) {
            showForm(c, existing, form, e.fieldErrors(), 400);
        }
    }

    private void delete(Console c, CorsRule r) throws IOException, ServletException {
        c.set("rule", Map.of("sysId", r.sysId, "name", r.name, "domain", r.domain));
        if (c.isPost()) {
            c.g.corsRules.delete(r.sysId, c.actor());
            c.redirect(Section.CORS_RULES.getPath() + "?done=deleted");
            return;
        }
        c.render("cors-rule-delete");
    }

    private void showForm(Console c, CorsRule existing, Map<String, Object> form, Map<String, String> errors, int status)
            throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        c.set("methods", CorsRules.METHODS);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        if (existing != null) c.set("rule", Map.of("sysId", existing.sysId, "name", existing.name));
        c.render("cors-rule-form", status);
    }
}
