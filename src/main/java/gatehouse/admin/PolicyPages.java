package gatehouse.admin;

import gatehouse.client.Registry;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * REST API access policies: which APIs an application's tokens may call when {@code Enforce token restriction}
 * is on (its {@code api_access_policies}), edited through {@link Registry#update}.
 */
final class PolicyPages extends RecordPages<Application> {

    /** One page per application, {@code /admin/policies/{sys_id}}: no new, no actions (applications are made elsewhere). */
    @Override
    int depth() { return 1; }

    @Override
    boolean creates() { return false; }

    @Override
    Application find(Console c, String sysId) {
        return orNotFound(c.g.registry.find(sysId), Registry.TABLE, sysId);
    }

    @Override
    void show(Console c, Application a) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("enforce_token_restriction", a.enforceTokenRestriction);
        form.put("api_access_policies", String.join("\n", RecordInput.split(a.apiAccessPolicies)));
        showForm(c, a, form, Map.of(), 200);
    }

    @Override
    void save(Console c, Application a) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("enforce_token_restriction", c.checked("enforce_token_restriction"));
        form.put("api_access_policies", c.text("api_access_policies"));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("enforce_token_restriction", form.get("enforce_token_restriction"));
        record.put("api_access_policies", ApplicationForm.splitLines((String) form.get("api_access_policies")));
        try {
            c.g.registry.update(a.sysId, new RecordInput(record), c.actor());
            c.redirect(Section.POLICIES.getPath() + "?saved=1");
        } catch (InvalidRecordException e) {
            showForm(c, a, form, e.fieldErrors(), 400);
        }
    }

    @Override
    void list(Console c) throws IOException, ServletException {
        List<Map<String, Object>> rows = new ArrayList<>();
        int page = c.page();
        ConsoleQueries.Page<Application> found = ConsoleQueries.applications(c.g.db, null, (page - 1) * 50, 50);
        Paging.expose(c, page, 50, found.total());
        for (Application a : found.items()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sysId", a.sysId);
            row.put("name", a.name);
            row.put("enforced", a.enforceTokenRestriction);
            row.put("apis", String.join(", ", RecordInput.split(a.apiAccessPolicies)));
            rows.add(row);
        }
        c.set("rows", rows);
        if ("1".equals(c.param("saved"))) c.set("notice", "REST API access policy saved.");
        c.render("policies");
    }

    private void showForm(Console c, Application a, Map<String, Object> form, Map<String, String> errors, int status)
            throws IOException, ServletException {
        c.set("app", Map.of("sysId", a.sysId, "name", a.name));
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        c.render("policy-form", status);
    }
}
