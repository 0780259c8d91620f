package gatehouse.admin;

import gatehouse.client.Registry;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.AuthScope;
import gatehouse.store.User;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Application Registry pages: the list, {@code New} (kind, then the form), edit, {@code Regenerate secret},
 * {@code Delete}. Every write goes through {@link Registry} (and {@link gatehouse.client.AuthScopes} for
 * {@code Create new auth scope}), exactly as the Table API's.
 */
final class ApplicationPages extends RecordPages<Application> {
    static final int PAGE_SIZE = 20;

    /** {@code new} first asks which kind of application ({@code ?kind=}), then shows that kind's form. */
    @Override
    void showNew(Console c) throws IOException, ServletException {
        if (OidcProviderPages.KIND.equals(c.text("kind"))) {
            OidcProviderPages.showNew(c);
            return;
        }
        ApplicationKind kind = ApplicationKind.byId(c.text("kind"));
        if (kind == null) chooseKind(c);
        else showForm(c, null, kind, ApplicationForm.blank(kind), Map.of(), 200);
    }

    @Override
    void create(Console c) throws IOException, ServletException {
        if (OidcProviderPages.KIND.equals(c.text("kind"))) {
            OidcProviderPages.create(c);
            return;
        }
        ApplicationKind kind = ApplicationKind.byId(c.text("kind"));
        if (kind == null) throw ConsoleException.badRequest("Choose which kind of application to create.");
        submit(c, null, kind);
    }

    /**
     * An outbound provider is an application too, but has its own pages: redirected there. An OIDC provider has its
     * own form here ({@link OidcProviderPages}).
     */
    @Override
    Application find(Console c, String sysId) {
        Application a = orNotFound(c.g.registry.find(sysId), Registry.TABLE, sysId);
        if (gatehouse.outbound.Providers.isProvider(a)) {
            c.redirect(Section.OUTBOUND.getPath() + "/providers/" + a.sysId);
            return null;
        }
        return a;
    }

    @Override
    void show(Console c, Application a) throws IOException, ServletException {
        if (gatehouse.idtoken.OidcProviders.isOidcProvider(a)) OidcProviderPages.show(c, a);
        else showForm(c, a, null, formOf(c, a), Map.of(), 200);
    }

    @Override
    void save(Console c, Application a) throws IOException, ServletException {
        if (gatehouse.idtoken.OidcProviders.isOidcProvider(a)) OidcProviderPages.save(c, a);
        else submit(c, a, null);
    }

    @Override
    void action(Console c, Application a, String action) throws IOException, ServletException {
        if (gatehouse.idtoken.OidcProviders.isOidcProvider(a)) OidcProviderPages.action(c, a, action);
        else if (action.equals("regenerate") && c.isPost()) regenerate(c, a);
        else if (action.equals("delete")) delete(c, a);
        else throw ConsoleException.notFound();
    }

    @Override
    void list(Console c) throws IOException, ServletException {
        String q = c.text("q");
        int page = c.page();
        ConsoleQueries.Page<Application> found = ConsoleQueries.applications(c.g.db, q, (page - 1) * PAGE_SIZE, PAGE_SIZE);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Application a : found.items()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sysId", a.sysId);
            row.put("name", a.name);
            boolean outbound = gatehouse.outbound.Providers.isProvider(a);
            boolean oidc = gatehouse.idtoken.OidcProviders.isOidcProvider(a);
            row.put("type", (outbound ? "Outbound: OAuth provider" : oidc ? "Inbound: ID tokens of an OIDC provider"
                    : "client".equals(a.type) ? "Inbound: " + ApplicationKind.of(a).getLabel() : a.type)
                    + (a.registeredDynamically ? " (dynamically registered)" : ""));
            row.put("clientId", outbound || oidc ? a.providerClientId : a.clientId);
            row.put("href", outbound ? "outbound/providers/" + a.sysId : "applications/" + a.sysId);
            row.put("active", a.active);
            row.put("created", Console.time(a.createdOn));
            rows.add(row);
        }
        c.set("rows", rows);
        c.set("q", q);
        if ("1".equals(c.param("deleted"))) c.set("notice", "Application deleted; every token it held is revoked.");
        if ("deleted".equals(c.param("done"))) c.set("notice", "OIDC provider deleted; its ID tokens are no longer accepted.");
        Paging.expose(c, page, PAGE_SIZE, found.total(), "q", q);
        c.render("applications");
    }

    private void chooseKind(Console c) throws IOException, ServletException {
        c.set("kinds", ApplicationKind.values());
        c.render("application-kind");
    }

    private static Map<String, Object> formOf(Console c, Application a) {
        User cc = a.clientCredentialsUser == null ? null : c.g.users.find(a.clientCredentialsUser);
        return ApplicationForm.of(a, cc == null ? null : cc.userName, c.g.authScopes.apisOf(RecordInput.split(a.authScopes)));
    }

    /** Save, or {@code Create new auth scope} and show the form again with what was typed. */
    private void submit(Console c, Application existing, ApplicationKind kind) throws IOException, ServletException {
        Set<String> hidden = kind == null ? Set.of() : kind.getHiddenFields();
        ApplicationForm.Submitted s = ApplicationForm.read(c::param, c::params, hidden, kind, existing == null, c.g.authScopes::apisOf);
        if ("create_scope".equals(c.param("action"))) {
            createScope(c, existing, kind, s.form());
            return;
        }
        if (!s.errors().isEmpty()) {
            showForm(c, existing, kind, s.form(), s.errors(), 400);
            return;
        }
        try {
            if (existing == null) {
                Registry.WithSecret created = c.g.registry.create(new RecordInput(s.record()), c.actor());
                showSecret(c, created, "Application created");
            } else {
                c.g.registry.update(existing.sysId, new RecordInput(s.record()), c.actor());
                c.redirect(Section.APPLICATIONS.getPath() + "/" + existing.sysId + "?saved=1");
            }
        } catch (InvalidRecordException e) {
            showForm(c, existing, kind, s.form(), e.fieldErrors(), 400);
        }
    }

    private void createScope(Console c, Application existing, ApplicationKind kind, Map<String, Object> form)
            throws IOException, ServletException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", c.text("new_scope_name"));
        fields.put("description", c.text("new_scope_description"));
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            AuthScope scope = c.g.authScopes.create(new RecordInput(fields), c.actor());
            @SuppressWarnings("unchecked")
            Set<String> selected = new LinkedHashSet<>((Set<String>) form.get("auth_scopes"));
            selected.add(scope.name);
            form.put("auth_scopes", selected);
            c.set("notice", "Auth scope " + scope.name + " created and selected. The application is not saved yet: press Save.");
        } catch (InvalidRecordException e) {
            e.fieldErrors().forEach((k, v) -> errors.put("new_scope_" + k, v));
            form.put("new_scope_name", fields.get("name"));
            form.put("new_scope_description", fields.get("description"));
        }
        showForm(c, existing, kind, form, errors, errors.isEmpty() ? 200 : 400);
    }

    private void regenerate(Console c, Application a) throws IOException, ServletException {
        try {
            showSecret(c, c.g.registry.regenerateSecret(a.sysId, c.actor()), "Client secret regenerated");
        } catch (InvalidRecordException e) {
            throw ConsoleException.badRequest("A public client has no client secret.");
        }
    }

    private void delete(Console c, Application a) throws IOException, ServletException {
        if (c.isPost()) {
            c.g.registry.delete(a.sysId, c.actor());
            c.redirect(Section.APPLICATIONS.getPath() + "?deleted=1");
            return;
        }
        c.set("app", Map.of("sysId", a.sysId, "name", a.name, "clientId", a.clientId));
        c.render("application-delete");
    }

    private void showSecret(Console c, Registry.WithSecret w, String title) throws IOException, ServletException {
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("sysId", w.application().sysId);
        app.put("name", w.application().name);
        app.put("clientId", w.application().clientId);
        app.put("publicClient", w.application().publicClient);
        c.set("app", app);
        c.set("clientSecret", w.clientSecret());
        c.set("pageTitle", title);
        c.render("application-secret");
    }

    private void showForm(Console c, Application existing, ApplicationKind kind, Map<String, Object> form,
                          Map<String, String> errors, int status) throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        c.set("kind", kind);
        c.set("hidden", kind == null ? Set.of() : kind.getHiddenFields());
        List<Map<String, Object>> scopes = new ArrayList<>();
        for (AuthScope s : c.g.authScopes.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name);
            m.put("description", s.description);
            m.put("apis", String.join(", ", RecordInput.split(s.apis)));
            scopes.add(m);
        }
        c.set("scopes", scopes);
        c.set("grantTypes", GRANT_TYPE_LABELS);
        List<Map<String, Object>> providers = new ArrayList<>();
        for (Application p : c.g.oidcProviders.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sysId", p.sysId);
            m.put("name", p.name);
            m.put("clientId", p.providerClientId);
            m.put("active", p.active);
            providers.add(m);
        }
        c.set("oidcProviders", providers);
        if (existing != null) {
            Map<String, Object> app = new LinkedHashMap<>();
            app.put("sysId", existing.sysId);
            app.put("name", existing.name);
            app.put("publicClient", existing.publicClient);
            app.put("created", Console.time(existing.createdOn) + " by " + existing.createdBy);
            app.put("updated", Console.time(existing.updatedOn) + " by " + existing.updatedBy);
            c.set("app", app);
            if ("1".equals(c.param("saved")) && errors.isEmpty()) c.set("notice", "Saved.");
        }
        c.render("application-form", status);
    }

    static final List<Map<String, String>> GRANT_TYPE_LABELS = List.of(
            Map.of("value", Registry.AUTHORIZATION_CODE, "label", "Authorization code"),
            Map.of("value", Registry.REFRESH_TOKEN, "label", "Refresh token"),
            Map.of("value", Registry.CLIENT_CREDENTIALS, "label", "Client credentials"),
            Map.of("value", Registry.PASSWORD, "label", "Password (resource owner)"),
            Map.of("value", Registry.JWT_BEARER, "label", "JWT bearer (RFC 7523)"),
            Map.of("value", Registry.DEVICE_CODE, "label", "Device authorization (RFC 8628, for TVs and command lines)"),
            Map.of("value", Registry.TOKEN_EXCHANGE, "label", "Token exchange (RFC 8693, confidential clients)"),
            Map.of("value", Registry.IMPLICIT, "label", "Implicit (not recommended, RFC 9700 §2.1.2)"));
}
