package gatehouse.admin;

import gatehouse.store.SigningKey;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signing keys: kid, algorithm, state, created, rotated, purge date; {@code Rotate now} through {@link gatehouse.keys.SigningKeys}. */
final class KeyPages implements Pages {

    @Override
    public void serve(Console c) throws IOException, ServletException {
        String first = c.segment(0);
        if (first == null && c.isGet()) {
            list(c);
        } else if ("rotate".equals(first) && c.rest.size() == 1 && c.isPost()) {
            List<String> kids = c.g.signingKeys.rotate(c.actor());
            if (kids.isEmpty()) throw new ConsoleException(409, "Not rotated", "Another node is rotating the keys right now; nothing was changed here. Try again in a minute.");
            c.redirect(Section.KEYS.getPath() + "?done=rotated");
        } else {
            throw ConsoleException.notFound();
        }
    }

    private void list(Console c) throws IOException, ServletException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SigningKey k : c.g.signingKeys.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("kid", k.kid);
            row.put("alg", k.alg);
            row.put("state", k.state);
            row.put("created", Console.time(k.createdAt));
            row.put("rotated", Console.time(k.rotatedAt));
            row.put("purge", Console.time(k.purgeAt));
            rows.add(row);
        }
        c.set("rows", rows);
        if ("rotated".equals(c.param("done")))
            c.set("notice", "Rotated: new keys sign from now on; the previous ones stay in the JWKS until their purge date, so tokens they signed still validate.");
        c.render("keys");
    }
}
