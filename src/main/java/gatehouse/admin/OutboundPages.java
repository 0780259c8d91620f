package gatehouse.admin;

import gatehouse.outbound.OutboundException;
import gatehouse.outbound.Providers;
import gatehouse.outbound.RestMessageExecutor;
import gatehouse.outbound.RestMessages;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.store.OAuthCredential;
import gatehouse.store.OAuthProfile;
import gatehouse.store.OutboundHttpLog;
import gatehouse.store.RestMessage;
import gatehouse.store.RestMessageFunction;
import gatehouse.store.User;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outbound OAuth in the console (CONTRACT "Outbound OAuth"): providers (the Application Registry's
 * {@code Connect to a third-party OAuth provider}), profiles with their token state and {@code Get OAuth Token},
 * REST messages and their HTTP methods with {@code Test}, credentials with {@code Revoke}, and the outbound HTTP
 * log. Every write goes through the same {@link gatehouse.outbound} services as the Table API.
 */
final class OutboundPages implements Pages {
    private static final int LOG_PAGE = 50;

    @Override
    public void serve(Console c) throws IOException, ServletException {
        String first = c.segment(0);
        if (first == null) {
            overview(c);
            return;
        }
        switch (first) {
            case "providers" -> providers(c);
            case "profiles" -> profile(c);
            case "messages" -> messages(c);
            case "methods" -> method(c);
            case "credentials" -> credentials(c);
            case "log" -> log(c);
            default -> throw ConsoleException.notFound();
        }
    }

    // ---- overview: providers, profiles and their state ----

    private void overview(Console c) throws IOException, ServletException {
        if (!c.isGet()) throw ConsoleException.badRequest("Use the forms of the console.");
        List<Map<String, Object>> providers = new ArrayList<>();
        Map<String, String> providerNames = new LinkedHashMap<>();
        for (Application a : c.g.outbound.providers.list()) {
            providerNames.put(a.sysId, a.name);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sysId", a.sysId);
            r.put("name", a.name);
            r.put("clientId", a.providerClientId);
            r.put("grant", a.defaultGrantType);
            r.put("tokenUrl", a.tokenUrl);
            r.put("active", a.active);
            providers.add(r);
        }
        String me = c.session.user().sysId;
        List<Map<String, Object>> profiles = new ArrayList<>();
        List<Map<String, Object>> needing = new ArrayList<>();
        for (OAuthProfile p : c.g.outbound.profiles.list()) {
            OAuthCredential cred = c.g.outbound.tokens.credential(p.sysId,
                    Providers.AUTHORIZATION_CODE.equals(p.grantType) ? me : OAuthCredential.INSTANCE);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sysId", p.sysId);
            r.put("name", p.name);
            r.put("provider", providerNames.getOrDefault(p.oauthEntity, "?"));
            r.put("grant", p.grantType);
            r.put("scopes", String.join(" ", RecordInput.split(p.scopes)));
            r.put("tokenPresent", cred != null && cred.accessTokenEnc != null);
            r.put("expires", cred == null ? "" : Console.time(cred.expiresAt));
            r.put("refreshExpires", cred == null ? "" : Console.time(cred.refreshExpiresAt));
            r.put("lastError", cred == null ? null : cred.lastError);
            boolean interactive = Providers.AUTHORIZATION_CODE.equals(p.grantType) || Providers.PASSWORD.equals(p.grantType);
            boolean needsPerson = cred != null && cred.needsPerson || interactive && (cred == null || cred.accessTokenEnc == null);
            r.put("needsPerson", needsPerson);
            profiles.add(r);
            if (needsPerson) needing.add(r);
        }
        c.set("providers", providers);
        c.set("profiles", profiles);
        c.set("needing", needing);
        notice(c);
        c.render("outbound");
    }

    private static void notice(Console c) {
        String done = c.param("done");
        if (done == null) return;
        c.set("notice", switch (done) {
            case "created" -> "Created.";
            case "saved" -> "Saved.";
            case "deleted" -> "Deleted.";
            case "revoked" -> "The token was sent to the provider's Token Revocation URL and the credential deleted.";
            case "revoked-locally" -> "The credential was deleted; the provider did not confirm the revocation (or has no Token Revocation URL).";
            default -> null;
        });
    }

    // ---- providers ----

    static final List<String[]> PROVIDER_FIELDS = List.of(
            new String[] {"name", "Name"}, new String[] {"client_id", "Client ID"}, new String[] {"client_secret", "Client Secret"},
            new String[] {"default_grant_type", "Default Grant type"}, new String[] {"auth_url", "Authorization URL"},
            new String[] {"token_url", "Token URL"}, new String[] {"token_revocation_url", "Token Revocation URL"},
            new String[] {"redirect_url", "Redirect URL"}, new String[] {"send_credentials", "Send Credentials"},
            new String[] {"public_client", "Public Client"}, new String[] {"code_challenge_method", "Code challenge method"},
            new String[] {"refresh_token_lifespan", "Refresh Token Lifespan"}, new String[] {"logo_url", "Logo URL"},
            new String[] {"active", "Active"});

    private void providers(Console c) throws IOException, ServletException {
        String id = c.segment(1);
        if (id == null) {
            c.redirect(Section.OUTBOUND.getPath());
            return;
        }
        if (id.equals("new")) {
            if (c.isGet()) {
                Map<String, Object> form = new LinkedHashMap<>();
                form.put("default_grant_type", Providers.AUTHORIZATION_CODE);
                form.put("send_credentials", "body");
                form.put("code_challenge_method", "S256");
                form.put("refresh_token_lifespan", "8640000");
                form.put("active", true);
                showProvider(c, null, form, Map.of(), 200);
            } else {
                saveProvider(c, null);
            }
            return;
        }
        Application a = c.g.outbound.providers.find(id);
        String action = c.segment(2);
        if (action == null) {
            if (c.isGet()) showProvider(c, a, providerForm(a), Map.of(), 200);
            else saveProvider(c, a);
        } else if (action.equals("delete")) {
            confirmDelete(c, "OAuth provider", a.name, () -> c.g.outbound.providers.delete(a.sysId, c.actor()), "outbound/providers/" + a.sysId);
        } else {
            throw ConsoleException.notFound();
        }
    }

    private static Map<String, Object> providerForm(Application a) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", a.name);
        f.put("client_id", a.providerClientId);
        f.put("client_secret", "");
        f.put("default_grant_type", a.defaultGrantType);
        f.put("auth_url", a.authUrl);
        f.put("token_url", a.tokenUrl);
        f.put("token_revocation_url", a.tokenRevocationUrl);
        f.put("redirect_url", a.redirectUrl);
        f.put("send_credentials", a.sendCredentials);
        f.put("public_client", a.publicClient);
        f.put("code_challenge_method", a.codeChallengeMethod);
        f.put("refresh_token_lifespan", String.valueOf(a.refreshTokenLifespan));
        f.put("logo_url", a.logoUrl);
        f.put("active", a.active);
        return f;
    }

    private void saveProvider(Console c, Application existing) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        Map<String, Object> record = new LinkedHashMap<>();
        for (String[] f : PROVIDER_FIELDS) {
            String name = f[0];
            if (name.equals("public_client") || name.equals("active")) {
                form.put(name, c.checked(name));
                record.put(name, c.checked(name));
            } else {
                String v = c.text(name);
                form.put(name, name.equals("client_secret") ? "" : v);
                if (name.equals("client_secret")) {
                    if (!v.isEmpty()) record.put(name, v);   // blank on edit: keep the secret held
                } else {
                    record.put(name, v);
                }
            }
        }
        if (existing == null) record.put("type", Providers.TYPE);
        try {
            Application a = existing == null ? c.g.outbound.providers.create(new RecordInput(record), c.actor())
                    : c.g.outbound.providers.update(existing.sysId, new RecordInput(record), c.actor());
            c.redirect(Section.OUTBOUND.getPath() + "/providers/" + a.sysId + "?done=" + (existing == null ? "created" : "saved"));
        } catch (InvalidRecordException e) {
            showProvider(c, existing, form, e.fieldErrors(), 400);
        }
    }

    private void showProvider(Console c, Application existing, Map<String, Object> form, Map<String, String> errors, int status)
            throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        if (existing != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("sysId", existing.sysId);
            p.put("name", existing.name);
            p.put("secretSet", existing.clientSecretEnc != null);
            p.put("jwk", existing.jwtPublicJwk);
            p.put("redirectUri", c.g.outbound.authorizationCode.redirectUri(existing));
            List<Map<String, Object>> profiles = new ArrayList<>();
            for (OAuthProfile pr : c.g.outbound.profiles.list()) {
                if (!pr.oauthEntity.equals(existing.sysId)) continue;
                profiles.add(Map.of("sysId", pr.sysId, "name", pr.name, "grant", pr.grantType, "isDefault", pr.isDefault));
            }
            p.put("profiles", profiles);
            c.set("provider", p);
            notice(c);
        }
        c.render("outbound-provider-form", status);
    }

    // ---- profiles ----

    private void profile(Console c) throws IOException, ServletException {
        String id = c.segment(1);
        if (id == null) throw ConsoleException.notFound();
        if (id.equals("new")) {
            String provider = c.text("oauth_entity");
            Application a = c.g.outbound.providers.find(provider);
            if (c.isGet()) {
                Map<String, Object> form = new LinkedHashMap<>();
                form.put("oauth_entity", a.sysId);
                form.put("grant_type", a.defaultGrantType);
                showProfile(c, null, a, form, Map.of(), 200);
            } else {
                saveProfile(c, null, a);
            }
            return;
        }
        OAuthProfile p = c.g.outbound.profiles.find(id);
        Application a = c.g.outbound.providers.find(p.oauthEntity);
        String action = c.segment(2);
        if (action == null) {
            if (c.isGet()) {
                Map<String, Object> form = new LinkedHashMap<>();
                form.put("name", p.name);
                form.put("grant_type", p.grantType);
                form.put("scopes", String.join(" ", RecordInput.split(p.scopes)));
                form.put("is_default", p.isDefault);
                form.put("jwt_subject", p.jwtSubject);
                form.put("jwt_audience", p.jwtAudience);
                showProfile(c, p, a, form, Map.of(), 200);
            } else {
                saveProfile(c, p, a);
            }
        } else if (action.equals("delete")) {
            confirmDelete(c, "OAuth profile", p.name, () -> c.g.outbound.profiles.delete(p.sysId, c.actor()), "outbound/profiles/" + p.sysId);
        } else {
            throw ConsoleException.notFound();
        }
    }

    private void saveProfile(Console c, OAuthProfile existing, Application provider) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", c.text("name"));
        form.put("grant_type", c.text("grant_type"));
        form.put("scopes", c.text("scopes"));
        form.put("is_default", c.checked("is_default"));
        form.put("jwt_subject", c.text("jwt_subject"));
        form.put("jwt_audience", c.text("jwt_audience"));
        Map<String, Object> record = new LinkedHashMap<>(form);
        record.put("scopes", List.of(c.text("scopes").split("\\s+")));
        if (existing == null) record.put("oauth_entity", provider.sysId);
        try {
            OAuthProfile p = existing == null ? c.g.outbound.profiles.create(new RecordInput(record), c.actor())
                    : c.g.outbound.profiles.update(existing.sysId, new RecordInput(record), c.actor());
            c.redirect(Section.OUTBOUND.getPath() + "/profiles/" + p.sysId + "?done=" + (existing == null ? "created" : "saved"));
        } catch (InvalidRecordException e) {
            showProfile(c, existing, provider, form, e.fieldErrors(), 400);
        }
    }

    private void showProfile(Console c, OAuthProfile existing, Application provider, Map<String, Object> form, Map<String, String> errors,
                             int status) throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        c.set("provider", Map.of("sysId", provider.sysId, "name", provider.name));
        if (existing != null) {
            c.set("profile", Map.of("sysId", existing.sysId, "name", existing.name));
            notice(c);
        }
        c.render("outbound-profile-form", status);
    }

    // ---- REST messages and HTTP methods ----

    private void messages(Console c) throws IOException, ServletException {
        String id = c.segment(1);
        if (id == null) {
            if (!c.isGet()) throw ConsoleException.badRequest("Use the forms of the console.");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (RestMessage m : c.g.outbound.messages.list()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("sysId", m.sysId);
                r.put("name", m.name);
                r.put("endpoint", m.endpoint);
                r.put("auth", m.authenticationType);
                rows.add(r);
            }
            c.set("rows", rows);
            notice(c);
            c.render("outbound-messages");
            return;
        }
        if (id.equals("new")) {
            if (c.isGet()) showMessage(c, null, new LinkedHashMap<>(Map.of("authentication_type", "no_authentication")), Map.of(), 200);
            else saveMessage(c, null);
            return;
        }
        RestMessage m = c.g.outbound.messages.find(id);
        String action = c.segment(2);
        if (action == null) {
            if (c.isGet()) {
                Map<String, Object> form = new LinkedHashMap<>();
                form.put("name", m.name);
                form.put("description", m.description);
                form.put("endpoint", m.endpoint);
                form.put("authentication_type", m.authenticationType);
                form.put("oauth_profile", m.oauthProfile);
                form.put("basic_user", m.basicUser);
                form.put("basic_password", "");
                showMessage(c, m, form, Map.of(), 200);
            } else {
                saveMessage(c, m);
            }
        } else if (action.equals("delete")) {
            confirmDelete(c, "REST message", m.name, () -> c.g.outbound.messages.delete(m.sysId, c.actor()), "outbound/messages/" + m.sysId);
        } else {
            throw ConsoleException.notFound();
        }
    }

    private void saveMessage(Console c, RestMessage existing) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String f : List.of("name", "description", "endpoint", "authentication_type", "oauth_profile", "basic_user")) form.put(f, c.text(f));
        Map<String, Object> record = new LinkedHashMap<>(form);
        String password = c.text("basic_password");
        if (!password.isEmpty()) record.put("basic_password", password);   // blank: keep the one held
        form.put("basic_password", "");
        try {
            RestMessage m = existing == null ? c.g.outbound.messages.create(new RecordInput(record), c.actor())
                    : c.g.outbound.messages.update(existing.sysId, new RecordInput(record), c.actor());
            c.redirect(Section.OUTBOUND.getPath() + "/messages/" + m.sysId + "?done=" + (existing == null ? "created" : "saved"));
        } catch (InvalidRecordException e) {
            showMessage(c, existing, form, e.fieldErrors(), 400);
        }
    }

    private void showMessage(Console c, RestMessage existing, Map<String, Object> form, Map<String, String> errors, int status)
            throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        c.set("profileOptions", profileOptions(c));
        if (existing != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sysId", existing.sysId);
            m.put("name", existing.name);
            m.put("passwordSet", existing.basicPasswordEnc != null);
            m.put("oauthProfile", existing.oauthProfile);
            List<Map<String, Object>> methods = new ArrayList<>();
            for (RestMessageFunction f : c.g.outbound.messages.functions(existing.sysId))
                methods.add(Map.of("sysId", f.sysId, "name", f.name, "method", f.httpMethod, "endpoint", f.endpoint == null ? "" : f.endpoint));
            m.put("methods", methods);
            c.set("message", m);
            notice(c);
        }
        c.render("outbound-message-form", status);
    }

    /** select options "sys_id=Label,…" for the field tag (labels without commas). */
    private static String profileOptions(Console c) {
        StringBuilder sb = new StringBuilder("=(none)");
        for (OAuthProfile p : c.g.outbound.profiles.list())
            sb.append(',').append(p.sysId).append('=').append(p.name.replace(",", " ").replace("=", " "));
        return sb.toString();
    }

    private void method(Console c) throws IOException, ServletException {
        String id = c.segment(1);
        if (id == null) throw ConsoleException.notFound();
        if (id.equals("new")) {
            RestMessage m = c.g.outbound.messages.find(c.text("rest_message"));
            if (c.isGet()) showMethod(c, null, m, new LinkedHashMap<>(Map.of("http_method", "GET")), Map.of(), 200);
            else saveMethod(c, null, m);
            return;
        }
        RestMessageFunction f = c.g.outbound.messages.findFunction(id);
        RestMessage m = c.g.outbound.messages.find(f.restMessage);
        String action = c.segment(2);
        if (action == null) {
            if (c.isGet()) showMethod(c, f, m, methodForm(f), Map.of(), 200);
            else saveMethod(c, f, m);
        } else if (action.equals("test") && c.isPost()) {
            test(c, f, m);
        } else if (action.equals("delete")) {
            confirmDelete(c, "HTTP method", f.name, () -> c.g.outbound.messages.deleteFunction(f.sysId, c.actor()), "outbound/methods/" + f.sysId);
        } else {
            throw ConsoleException.notFound();
        }
    }

    private void saveMethod(Console c, RestMessageFunction existing, RestMessage m) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String f : List.of("name", "http_method", "endpoint", "headers", "query_parameters", "content")) form.put(f, c.text(f));
        Map<String, Object> record = new LinkedHashMap<>(form);
        if (existing == null) record.put("rest_message", m.sysId);
        try {
            RestMessageFunction f = existing == null ? c.g.outbound.messages.createFunction(new RecordInput(record), c.actor())
                    : c.g.outbound.messages.updateFunction(existing.sysId, new RecordInput(record), c.actor());
            c.redirect(Section.OUTBOUND.getPath() + "/methods/" + f.sysId + "?done=" + (existing == null ? "created" : "saved"));
        } catch (InvalidRecordException e) {
            showMethod(c, existing, m, form, e.fieldErrors(), 400);
        }
    }

    private void showMethod(Console c, RestMessageFunction existing, RestMessage m, Map<String, Object> form, Map<String, String> errors,
                            int status) throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        c.set("message", Map.of("sysId", m.sysId, "name", m.name));
        c.set("methodOptions", String.join(",", RestMessages.HTTP_METHODS.stream().map(x -> x + "=" + x).toList()));
        if (existing != null) {
            c.set("method", Map.of("sysId", existing.sysId, "name", existing.name));
            if (c.req.getAttribute("variables") == null) c.set("variables", "");
            notice(c);
        }
        c.render("outbound-method-form", status);
    }

    /** The Test button: executes the method with the variables typed (name=value per line) and shows the answer. */
    private void test(Console c, RestMessageFunction f, RestMessage m) throws IOException, ServletException {
        String text = c.text("variables");
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String line : text.split("\\r?\\n")) {
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw ConsoleException.badRequest("Write one variable per line as name=value.");
            vars.put(line.substring(0, eq).trim(), line.substring(eq + 1));
        }
        c.set("variables", text);
        Map<String, Object> result = new LinkedHashMap<>();
        int status = 200;
        try {
            RestMessageExecutor.Result r = c.g.outbound.executor.execute(m.sysId, f.sysId, vars, c.session.user().sysId, c.session.user().userName);
            result.put("ok", true);
            result.put("status", r.statusCode());
            result.put("elapsed", r.elapsedMs());
            result.put("refreshed", r.tokenRefreshed());
            StringBuilder h = new StringBuilder();
            r.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append('\n'));
            result.put("headers", h.toString());
            result.put("body", r.body());
        } catch (OutboundException.NeedsPerson e) {
            status = 409;
            result.put("ok", false);
            result.put("message", "No usable OAuth token: use Get OAuth Token for this profile. " + e.getMessage());
            result.put("profile", e.profileSysId);
        } catch (OutboundException.RemoteFailure e) {
            status = 502;
            result.put("ok", false);
            result.put("message", e.getMessage());
            result.put("status", e.remoteStatus);
            result.put("refreshed", e.tokenRefreshed());
            result.put("body", e.remoteBody);
        } catch (OutboundException e) {
            status = e instanceof OutboundException.Invalid ? 400 : 502;
            result.put("ok", false);
            result.put("message", e.getMessage());
        }
        c.set("result", result);
        showMethod(c, f, m, methodForm(f), Map.of(), status);
    }

    private static Map<String, Object> methodForm(RestMessageFunction f) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", f.name);
        form.put("http_method", f.httpMethod);
        form.put("endpoint", f.endpoint);
        form.put("headers", f.headers == null ? "" : f.headers);
        form.put("query_parameters", f.queryParameters == null ? "" : f.queryParameters);
        form.put("content", f.content);
        return form;
    }

    // ---- credentials and the log ----

    private void credentials(Console c) throws IOException, ServletException {
        String id = c.segment(1);
        if (id == null) {
            if (!c.isGet()) throw ConsoleException.badRequest("Use the forms of the console.");
            Map<String, String> profileNames = new LinkedHashMap<>();
            for (OAuthProfile p : c.g.outbound.profiles.list()) profileNames.put(p.sysId, p.name);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (OAuthCredential cr : c.g.outbound.credentials()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("sysId", cr.sysId);
                r.put("profile", profileNames.getOrDefault(cr.profile, cr.profile));
                User u = cr.userSysId == null ? null : c.g.users.find(cr.userSysId);
                r.put("user", u == null ? "(instance)" : u.userName);
                r.put("type", cr.accessTokenEnc != null ? "access_token" : cr.refreshTokenEnc != null ? "refresh_token" : "none");
                r.put("expires", Console.time(cr.expiresAt));
                r.put("refreshExpires", Console.time(cr.refreshExpiresAt));
                r.put("needsPerson", cr.needsPerson);
                r.put("lastError", cr.lastError);
                rows.add(r);
            }
            c.set("rows", rows);
            notice(c);
            c.render("outbound-credentials");
            return;
        }
        if ("revoke".equals(c.segment(2)) && c.isPost()) {
            boolean confirmed = c.g.outbound.revoke(id, c.actor());
            c.redirect(Section.OUTBOUND.getPath() + "/credentials?done=" + (confirmed ? "revoked" : "revoked-locally"));
            return;
        }
        throw ConsoleException.notFound();
    }

    private void log(Console c) throws IOException, ServletException {
        if (!c.isGet()) throw ConsoleException.badRequest("Use the forms of the console.");
        String kind = c.text("kind");
        String message = c.text("rest_message");
        String status = c.text("status_code");
        if (!status.isEmpty() && !status.matches("\\d{1,3}")) throw ConsoleException.badRequest("status_code must be a number");
        int page = c.page();
        gatehouse.outbound.OutboundLog.Page found = c.g.outbound.log.find(kind, message, status.isEmpty() ? null : Integer.valueOf(status),
                (page - 1) * LOG_PAGE, LOG_PAGE);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OutboundHttpLog l : found.rows()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("at", Console.time(l.loggedAt));
            r.put("kind", l.kind);
            r.put("message", l.restMessage == null ? "" : l.restMessage + (l.httpMethodName == null ? "" : " / " + l.httpMethodName));
            r.put("method", l.requestMethod);
            r.put("url", l.url);
            r.put("status", l.statusCode);
            r.put("elapsed", l.elapsedMs);
            r.put("token", l.tokenAction);
            r.put("error", l.remoteError);
            r.put("actor", l.actor);
            rows.add(r);
        }
        c.set("rows", rows);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("kind", kind);
        form.put("rest_message", message);
        form.put("status_code", status);
        c.set("form", form);
        c.set("errors", Map.of());
        Paging.expose(c, page, LOG_PAGE, found.total(), "kind", kind, "rest_message", message, "status_code", status);
        c.render("outbound-log");
    }

    // ---- shared ----

    private void confirmDelete(Console c, String what, String name, Runnable delete, String back) throws IOException, ServletException {
        if (c.isPost()) {
            try {
                delete.run();
                c.redirect(Section.OUTBOUND.getPath() + "?done=deleted");
            } catch (InvalidRecordException e) {
                c.set("formError", "Not deleted: it " + String.join("; ", e.fieldErrors().values()) + ".");
                c.set("what", what);
                c.set("name", name);
                c.set("back", back);
                c.set("refused", true);
                c.render("outbound-delete", 409);
            }
            return;
        }
        c.set("what", what);
        c.set("name", name);
        c.set("back", back);
        c.render("outbound-delete");
    }
}
