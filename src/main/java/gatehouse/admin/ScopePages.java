package gatehouse.admin;

import gatehouse.client.AuthScopes;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.store.AuthScope;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Auth scope pages: list, create, edit, delete; every write through {@link AuthScopes}. */
final class ScopePages extends RecordPages<AuthScope> {

    @Override
    void showNew(Console c) throws IOException, ServletException {
        showForm(c, null, Map.of("name", "", "description", "", "apis", ""), Map.of(), 200);
    }

    @Override
    void create(Console c) throws IOException, ServletException { save(c, null); }

    @Override
    AuthScope find(Console c, String sysId) {
        return orNotFound(c.g.authScopes.find(sysId), AuthScopes.TABLE, sysId);
    }

    @Override
    void show(Console c, AuthScope s) throws IOException, ServletException { showForm(c, s, formOf(s), Map.of(), 200); }

    @Override
    void action(Console c, AuthScope s, String action) throws IOException, ServletException {
        if (action.equals("delete")) delete(c, s);
        else throw ConsoleException.notFound();
    }

    @Override
    void list(Console c) throws IOException, ServletException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuthScope s : c.g.authScopes.list()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sysId", s.sysId);
            row.put("name", s.name);
            row.put("description", s.description);
            row.put("apis", String.join(", ", RecordInput.split(s.apis)));
            row.put("usedBy", String.join(", ", c.g.authScopes.usedBy(s.name)));
            rows.add(row);
        }
        c.set("rows", rows);
        c.listNotice("Auth scope");
        c.render("scopes");
    }

    private static Map<String, Object> formOf(AuthScope s) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", s.name);
        f.put("description", s.description);
        f.put("apis", String.join("\n", RecordInput.split(s.apis)));
        return f;
    }

    @Override
    void save(Console c, AuthScope existing) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", c.text("name"));
        form.put("description", c.text("description"));
        form.put("apis", c.text("apis"));
        Map<String, Object> record = new LinkedHashMap<>(form);
        record.put("apis", ApplicationForm.splitLines((String) form.get("apis")));
        try {
            if (existing == null) c.g.authScopes.create(new RecordInput(record), c.actor());
            else c.g.authScopes.update(existing.sysId, new RecordInput(record), c.actor());
            c.redirect(Section.SCOPES.getPath() + "?done=" + (existing == null ? "created" : "saved"));
        } catch (InvalidRecordException e) {
            showForm(c, existing, form, e.fieldErrors(), 400);
        }
    }

    private void delete(Console c, AuthScope s) throws IOException, ServletException {
        c.set("scope", Map.of("sysId", s.sysId, "name", s.name));
        if (c.isPost()) {
            try {
                c.g.authScopes.delete(s.sysId, c.actor());
                c.redirect(Section.SCOPES.getPath() + "?done=deleted");
                return;
            } catch (InvalidRecordException e) {
                c.set("formError", "The auth scope " + s.name + " was not deleted: it " + e.fieldErrors().get("name") + ".");
                c.set("refused", true);
                c.render("scope-delete", 409);
                return;
            }
        }
        c.set("usedBy", String.join(", ", c.g.authScopes.usedBy(s.name)));
        c.render("scope-delete");
    }

    private void showForm(Console c, AuthScope existing, Map<String, Object> form, Map<String, String> errors, int status)
            throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        if (existing != null) c.set("scope", Map.of("sysId", existing.sysId, "name", existing.name));
        c.render("scope-form", status);
    }
}
