package gatehouse.admin;

import gatehouse.config.Settings;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every setting with its effective value and where it came from; a secret only as set / not set. */
final class SettingsPages implements Pages {

    @Override
    public void serve(Console c) throws IOException, ServletException {
        if (c.segment(0) != null) throw ConsoleException.notFound();
        if (!c.isGet()) throw ConsoleException.badRequest("Settings are read from the server's configuration, not changed here.");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Settings.Value v : c.g.settings.all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", v.definition().name());
            row.put("env", v.definition().env());
            row.put("meaning", v.definition().meaning());
            row.put("secret", v.definition().secret());
            row.put("value", v.definition().secret() ? (v.isSet() ? "set" : "not set") : (v.isSet() ? v.value() : "(not set)"));
            row.put("source", v.source());
            rows.add(row);
        }
        c.set("rows", rows);
        c.set("issuer", c.g.issuer());
        c.set("issuerConfigured", c.g.issuerRule().isConfigured());
        c.render("settings");
    }
}
