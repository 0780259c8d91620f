package gatehouse.admin;

import gatehouse.idtoken.OidcProviders;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.AuthScope;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The Application Registry's OIDC providers ("Configure an OIDC provider to verify ID tokens"): the New form,
 * edit and delete under {@code /admin/applications}; every write through {@link OidcProviders}, as the Table API's.
 */
final class OidcProviderPages {
    static final String KIND = OidcProviders.TYPE;
    static final String LABEL = "Configure an OIDC provider to verify ID tokens";

    private OidcProviderPages() { }

    /** GET {@code new?kind=oidc_provider}: the empty form. */
    static void showNew(Console c) throws IOException, ServletException {
        showForm(c, null, formOf(blank()), Map.of(), 200);
    }

    /** POST {@code new} with {@code kind=oidc_provider}. */
    static void create(Console c) throws IOException, ServletException {
        save(c, null);
    }

    /** GET {@code applications/{sys_id}} of an OIDC provider. */
    static void show(Console c, Application a) throws IOException, ServletException {
        showForm(c, a, formOf(a), Map.of(), 200);
    }

    /** {@code applications/{sys_id}/delete}: the confirmation page (GET), deleting (POST). */
    static void action(Console c, Application a, String action) throws IOException, ServletException {
        if (!action.equals("delete")) throw ConsoleException.notFound();
        if (c.isPost()) {
            c.g.oidcProviders.delete(a.sysId, c.actor());
            c.redirect(Section.APPLICATIONS.getPath() + "?done=deleted");
            return;
        }
        c.set("provider", Map.of("sysId", a.sysId, "name", a.name, "clientId", a.providerClientId));
        c.render("oidc-provider-delete");
    }

    private static Application blank() {
        Application a = new Application();
        a.type = KIND;
        a.authScopes = "useraccount";
        a.userClaim = "sub";
        a.userField = "user_name";
        return a;
    }

    private static Map<String, Object> formOf(Application a) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", a.name);
        f.put("client_id", a.providerClientId);
        f.put("oidc_metadata_url", a.oidcMetadataUrl);
        f.put("user_claim", a.userClaim);
        f.put("user_field", a.userField);
        f.put("enable_jti_verification", a.enableJtiVerification);
        f.put("clock_skew", String.valueOf(a.clockSkew));
        f.put("auth_scopes", new LinkedHashSet<>(RecordInput.split(a.authScopes)));
        f.put("active", a.active);
        return f;
    }

    /** POST the form: create ({@code existing} null) or save. */
    static void save(Console c, Application existing) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String f : List.of("name", "client_id", "oidc_metadata_url", "user_claim", "user_field", "clock_skew")) form.put(f, c.text(f));
        form.put("enable_jti_verification", c.checked("enable_jti_verification"));
        List<String> scopes = c.params("auth_scopes");
        form.put("auth_scopes", new LinkedHashSet<>(scopes));
        form.put("active", c.checked("active"));
        Map<String, Object> record = new LinkedHashMap<>(form);
        record.put("auth_scopes", scopes);
        if (existing == null) record.put("type", KIND);
        try {
            Application a = existing == null ? c.g.oidcProviders.create(new RecordInput(record), c.actor())
                    : c.g.oidcProviders.update(existing.sysId, new RecordInput(record), c.actor());
            c.redirect(Section.APPLICATIONS.getPath() + "/" + a.sysId + "?done=" + (existing == null ? "created" : "saved"));
        } catch (InvalidRecordException e) {
            showForm(c, existing, form, e.fieldErrors(), 400);
        }
    }

    private static void showForm(Console c, Application existing, Map<String, Object> form, Map<String, String> errors, int status)
            throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        List<Map<String, Object>> scopes = new ArrayList<>();
        for (AuthScope s : c.g.authScopes.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name);
            m.put("description", s.description);
            scopes.add(m);
        }
        c.set("scopes", scopes);
        c.set("httpOnLoopback", c.g.oidcProviders.httpOnLoopback());
        if (existing != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("sysId", existing.sysId);
            p.put("name", existing.name);
            p.put("created", Console.time(existing.createdOn) + " by " + existing.createdBy);
            p.put("updated", Console.time(existing.updatedOn) + " by " + existing.updatedBy);
            c.set("provider", p);
            if (errors.isEmpty()) c.listNotice("OIDC provider");
        }
        c.render("oidc-provider-form", status);
    }
}
