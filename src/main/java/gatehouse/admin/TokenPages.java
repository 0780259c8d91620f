package gatehouse.admin;

import gatehouse.store.Application;
import gatehouse.store.User;
import gatehouse.token.LiveGrants;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Manage tokens": the live grants per application and per user (issued, expires, scopes, client, user; never a
 * token), {@code Revoke} one, {@code Revoke all} for an application or a user; every write through {@link LiveGrants}.
 */
final class TokenPages implements Pages {
    static final int PAGE_SIZE = 50;

    @Override
    public void serve(Console c) throws IOException, ServletException {
        String first = c.segment(0);
        if (first == null) {
            if (!c.isGet()) throw ConsoleException.badRequest("Use the forms of the console.");
            list(c);
        } else if (first.equals("revoke-all") && c.rest.size() == 1 && c.isPost()) {
            revokeAll(c);
        } else if (c.rest.size() == 2 && "revoke".equals(c.segment(1)) && c.isPost()) {
            c.g.liveGrants.revoke(first, c.actor());
            c.redirect(Section.TOKENS.getPath() + "?done=revoked");
        } else {
            throw ConsoleException.notFound();
        }
    }

    private void revokeAll(Console c) {
        String clientId = c.text("client_id");
        String userName = c.text("user");
        if (clientId.isEmpty() == userName.isEmpty())
            throw ConsoleException.badRequest("Revoke all needs either an application or a user.");
        int n;
        if (!clientId.isEmpty()) {
            if (c.g.registry.findByClientId(clientId) == null) throw ConsoleException.badRequest("There is no application with that client ID.");
            n = c.g.liveGrants.revokeAllForClient(clientId, c.actor());
        } else {
            User u = c.g.users.findByName(userName);
            if (u == null) throw ConsoleException.badRequest("There is no user with that user name.");
            n = c.g.liveGrants.revokeAllForUser(u.sysId, c.actor());
        }
        c.redirect(Section.TOKENS.getPath() + "?done=revoked_all&count=" + n);
    }

    private void list(Console c) throws IOException, ServletException {
        String clientId = c.text("client_id");
        String userName = c.text("user");
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        form.put("user", userName);
        Map<String, String> errors = new LinkedHashMap<>();
        String userSysId = null;
        if (!userName.isEmpty()) {
            User u = c.g.users.findByName(userName);
            if (u == null) errors.put("user", "is not a user name");
            else userSysId = u.sysId;
        }
        Map<String, String> appNames = new HashMap<>();
        List<Map<String, String>> apps = new ArrayList<>();
        for (Application a : ConsoleQueries.applications(c.g.db, null, 0, 10_000).items()) {
            appNames.put(a.clientId, a.name);
            apps.add(Map.of("clientId", a.clientId, "name", a.name));
        }
        apps.sort((x, y) -> x.get("name").compareToIgnoreCase(y.get("name")));
        int page = c.page();
        List<Map<String, Object>> rows = new ArrayList<>();
        long total = 0;
        if (errors.isEmpty()) {
            LiveGrants.Page found = c.g.liveGrants.list(clientId.isEmpty() ? null : clientId, userSysId, (page - 1) * PAGE_SIZE, PAGE_SIZE);
            total = found.total();
            Map<String, String> userNames = new HashMap<>();
            for (LiveGrants.Live l : found.items()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", l.grant().id);
                row.put("application", appNames.getOrDefault(l.grant().clientId, "(deleted application)"));
                row.put("clientId", l.grant().clientId);
                String uid = l.grant().userSysId;
                row.put("user", uid == null ? "" : userNames.computeIfAbsent(uid, id -> {
                    User u = c.g.users.find(id);
                    return u == null ? "(deleted user)" : u.userName;
                }));
                row.put("scopes", l.grant().scopes);
                row.put("grantType", l.grant().grantType);
                row.put("issued", Console.time(l.grant().createdAt));
                row.put("expires", Console.time(l.expiresAt()));
                row.put("tokens", l.liveTokens());
                rows.add(row);
            }
        } else {
            c.set("formError", "Correct the filter marked below.");
        }
        String done = c.param("done");
        if ("revoked".equals(done)) c.set("notice", "Revoked: the grant's tokens no longer work.");
        String count = c.param("count");
        if ("revoked_all".equals(done) && count != null && count.matches("\\d{1,9}"))
            c.set("notice", "Revoked " + count + " grant" + ("1".equals(count) ? "" : "s") + " and all their tokens.");
        c.set("form", form);
        c.set("errors", errors);
        c.set("apps", apps);
        c.set("rows", rows);
        Paging.expose(c, page, PAGE_SIZE, total, "client_id", clientId, "user", userName);
        c.render("tokens", errors.isEmpty() ? 200 : 400);
    }
}
