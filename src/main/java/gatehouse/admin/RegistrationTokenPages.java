package gatehouse.admin;

import gatehouse.client.ClientRegistration;
import gatehouse.record.RecordInput;
import gatehouse.store.InitialAccessToken;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Initial access tokens for dynamic client registration (RFC 7591 §3, {@code gatehouse.registration=token}): list,
 * create (the value is shown once; only its hash is stored), revoke. Every write through {@link ClientRegistration}.
 */
final class RegistrationTokenPages extends RecordPages<InitialAccessToken> {
    static final String TABLE = "oauth_initial_access_token";

    @Override
    void showNew(Console c) throws IOException, ServletException { showForm(c, blank(), Map.of(), 200); }

    @Override
    InitialAccessToken find(Console c, String sysId) {
        return orNotFound(c.g.registration.initialToken(sysId), TABLE, sysId);
    }

    /** A token has no form of its own (its value is shown once, when made): only {@code revoke}. */
    @Override
    void action(Console c, InitialAccessToken t, String action) throws IOException, ServletException {
        if (action.equals("revoke")) revoke(c, t);
        else throw ConsoleException.notFound();
    }

    private static Map<String, Object> blank() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", "");
        f.put("lifetime_seconds", "86400");
        f.put("max_uses", "1");
        return f;
    }

    @Override
    void list(Console c) throws IOException, ServletException {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (InitialAccessToken t : c.g.registration.initialTokens()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sysId", t.sysId);
            row.put("name", t.name);
            row.put("createdBy", t.createdBy);
            row.put("expires", Instant.ofEpochMilli(t.expiresAt).toString());
            row.put("uses", t.uses + (t.maxUses > 0 ? " of " + t.maxUses : " (no limit)"));
            String state = t.revoked ? "revoked" : t.expiresAt <= now ? "expired" : t.maxUses > 0 && t.uses >= t.maxUses ? "used up" : "usable";
            row.put("state", state);
            row.put("revocable", !t.revoked);
            rows.add(row);
        }
        c.set("rows", rows);
        c.set("mode", c.g.registration.mode().name().toLowerCase());
        c.listNotice("Registration token");
        if ("revoked".equals(c.text("done"))) c.set("notice", "Registration token revoked.");
        c.render("registration-tokens");
    }

    @Override
    void create(Console c) throws IOException, ServletException {
        Map<String, Object> form = new LinkedHashMap<>();
        for (String f : List.of("name", "lifetime_seconds", "max_uses")) form.put(f, c.text(f));
        RecordInput in = new RecordInput(new LinkedHashMap<>(form));
        String name = in.text("name", 200);
        if (name == null && !in.errors().containsKey("name")) in.error("name", "is required");
        Integer seconds = in.integer("lifetime_seconds", 1, 86_400 * 365);
        if (seconds == null && !in.errors().containsKey("lifetime_seconds")) in.error("lifetime_seconds", "is required");
        Integer uses = in.integer("max_uses", 0, 1_000_000);
        if (uses == null && !in.errors().containsKey("max_uses")) in.error("max_uses", "is required (0: no limit)");
        if (!in.errors().isEmpty()) {
            showForm(c, form, in.errors(), 400);
            return;
        }
        ClientRegistration.NewInitialToken made = c.g.registration.createInitialToken(name, seconds.longValue(), uses, c.actor());
        c.set("token", Map.of("name", made.token().name, "expires", Instant.ofEpochMilli(made.token().expiresAt).toString()));
        c.set("tokenValue", made.value());
        c.render("registration-token-created", 201);
    }

    private void revoke(Console c, InitialAccessToken t) throws IOException, ServletException {
        c.set("token", Map.of("sysId", t.sysId, "name", t.name));
        if (c.isPost()) {
            c.g.registration.revokeInitialToken(t.sysId, c.actor());
            c.redirect(Section.REGISTRATION_TOKENS.getPath() + "?done=revoked");
            return;
        }
        c.render("registration-token-revoke");
    }

    private void showForm(Console c, Map<String, Object> form, Map<String, String> errors, int status) throws IOException, ServletException {
        c.set("form", form);
        c.set("errors", errors);
        if (!errors.isEmpty()) c.set("formError", "Nothing was saved: correct the fields marked below.");
        c.render("registration-token-form", status);
    }
}
