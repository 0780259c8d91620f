package gatehouse.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import gatehouse.testing.Chromium;
import gatehouse.testing.Http;
import gatehouse.testing.SeenSecrets;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A single-page app in a real browser (CONTRACT "Browser apps (CORS)"): a static page served by this test on its own
 * loopback origin uses oauth4webapi (panva's browser OAuth library, installed from npm by {@code mvn} with
 * {@code npm ci} from {@code src/test/spa/package-lock.json}) to run the authorization code flow with PKCE through
 * Gatehouse's own login and consent pages, then refreshes, reads incidents over the Table API with the token, and
 * revokes it: every call to Gatehouse is a cross-origin {@code fetch} that only CORS lets the page read.
 * Skipped where chromium is not installed ({@link Chromium}).
 */
class SpaBrowserIT {
    private static final Path SPA = Path.of("src", "test", "spa");
    private static final Path LIBRARY = Path.of(System.getProperty("gatehouse.test.spa", "target/spa"), "node_modules", "oauth4webapi", "build", "index.js");

    private final ServerProcess server = TestServer.shared();
    private final Http http = Http.to(server);
    private HttpServer spa;
    private Chromium browser;
    private volatile String clientId;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Chromium.installed(), Chromium.MISSING);
        assumeTrue(Files.isRegularFile(LIBRARY), "oauth4webapi is not installed in " + LIBRARY + " (mvn verify runs npm ci where chromium is installed)");
        spa = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        spa.createContext("/", this::serve);
        spa.start();
        browser = Chromium.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (browser != null) browser.close();
        if (spa != null) spa.stop(0);
    }

    /** The SPA's files: its page (also at /callback), its script, the library, and its configuration. */
    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        String type;
        switch (path) {
            case "/", "/callback" -> { body = Files.readAllBytes(SPA.resolve("index.html")); type = "text/html; charset=utf-8"; }
            case "/app.js" -> { body = Files.readAllBytes(SPA.resolve("app.js")); type = "text/javascript; charset=utf-8"; }
            case "/oauth4webapi.js" -> { body = Files.readAllBytes(LIBRARY); type = "text/javascript; charset=utf-8"; }
            case "/config.json" -> {
                body = Http.JSON.writeValueAsBytes(Map.of("issuer", server.baseUrl(), "client_id", clientId, "scope", "incident_read"));
                type = "application/json";
            }
            default -> { body = new byte[0]; type = "text/plain"; }
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private JsonNode create(String table, Map<String, Object> fields) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/" + table, fields, "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    private static WebElement field(WebDriver driver, String label) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        return driver.findElement(By.id(l.getAttribute("for")));
    }

    @Test
    void spaSignsInWithPkceRefreshesCallsTheTableApiAndRevokes() throws Exception {
        String origin = "http://127.0.0.1:" + spa.getAddress().getPort();
        assertNotEquals(server.baseUrl(), origin);
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", "SPA " + UUID.randomUUID().toString().substring(0, 8));
        app.put("provider_name", "Tests");
        app.put("public_client", true);
        app.put("redirect_urls", List.of(origin + "/callback"));
        app.put("grant_types", List.of("authorization_code", "refresh_token"));
        app.put("auth_scopes", List.of("incident_read"));
        clientId = create("oauth_entity", app).path("client_id").asText();
        create("sys_cors_rule", Map.of("name", "Test SPA", "rest_api", "table", "domain", origin, "http_method", List.of("GET"),
                "allowed_headers", List.of("Authorization"), "exposed_headers", List.of("X-Total-Count")));
        String user = "spa-user-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        create("sys_user", Map.of("user_name", user, "user_password", password, "roles", "itil"));

        WebDriver driver = browser.driver;
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
        driver.get(origin + "/");
        wait.until(d -> d.getCurrentUrl().startsWith(server.baseUrl()) && !d.findElements(By.id("user_password")).isEmpty());
        field(driver, "User name").sendKeys(user);
        field(driver, "Password").sendKeys(password);
        driver.findElement(By.xpath("//button[normalize-space()='Log in']")).click();
        wait.until(d -> !d.findElements(By.id("allow")).isEmpty());
        driver.findElement(By.xpath("//button[normalize-space()='Allow']")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(origin + "/callback")
                && List.of("done", "failed").contains(d.findElement(By.id("status")).getText()));

        // the code, verifier and tokens the page held never pass through the tests' HTTP clients: the log scan learns them here
        SeenSecrets.fromLocation(driver.getCurrentUrl());
        Object held = ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return JSON.stringify(window.seenSecrets || [])");
        for (JsonNode pair : Http.JSON.readTree(String.valueOf(held))) SeenSecrets.record("the SPA's " + pair.path(0).asText(), pair.path(1).asText(null));
        String status = driver.findElement(By.id("status")).getText();
        String text = driver.findElement(By.id("result")).getText();
        assertEquals("done", status, text);
        JsonNode result = Http.JSON.readTree(text);
        assertEquals("bearer", result.path("code_exchange").path("token_type").asText().toLowerCase(), text);
        assertEquals("incident_read", result.path("code_exchange").path("scope").asText(), text);
        assertTrue(result.path("code_exchange").path("has_refresh_token").asBoolean(), text);
        assertTrue(result.path("refresh").path("rotated").asBoolean(), text);
        assertTrue(result.path("refresh").path("new_access_token").asBoolean(), text);
        assertEquals(200, result.path("table_api").path("status").asInt(), text);
        assertTrue(result.path("table_api").path("count").asInt() >= 1, text);
        assertTrue(result.path("table_api").path("first").asText().startsWith("INC"), text);
        assertTrue(result.path("table_api").path("total").asInt() >= 1, "X-Total-Count is exposed by the rule: " + text);
        assertEquals(401, result.path("after_revocation").path("status").asInt(), "the revoked token is refused: " + text);
        assertFalse(result.path("with_credentials").path("readable").asBoolean(), "a cookie-carrying call is never readable: " + text);
    }
}
