package gatehouse.authorize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser (Debian's chromium, driven by chromedriver through Selenium 4) runs the flow a person runs:
 * the application sends it to /oauth_auth.do, it logs in, sees the consent page, clicks Allow (then, once,
 * Deny), and the application's loopback callback receives the code (or access_denied).
 * Screenshots go to target/screenshots/. Skipped where chromium is not installed (CI installs it).
 */
class BrowserFlowIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("gatehouse.test.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("gatehouse.test.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ServerProcess server = TestServer.shared();
    private final BlockingQueue<String> callbacks = new ArrayBlockingQueue<>(10);
    private HttpServer callback;
    private Path profile;
    private WebDriver driver;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are not installed here (apt-get install chromium chromium-driver; CI's .ci/run does)");
        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/callback", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            callbacks.offer(query == null ? "" : query);
            byte[] body = "<!DOCTYPE html><title>Client app</title><h1>The client application got the answer</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        callback.start();
        profile = Files.createTempDirectory("gatehouse-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--no-default-browser-check", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=412,915");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() throws IOException {
        if (driver != null) driver.quit();
        if (callback != null) callback.stop(0);
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The input a label names (proves the fields are labelled). */
    private WebElement field(String label) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        return driver.findElement(By.id(l.getAttribute("for")));
    }

    private Map<String, String> awaitCallback() throws InterruptedException {
        String query = callbacks.poll(60, TimeUnit.SECONDS);
        assertNotNull(query, "the callback was not called");
        return AuthorizationFlow.query("http://x/?" + query);
    }

    @Test
    void personLogsInAllowsAndTheApplicationGetsTheCode_thenDenies() throws Exception {
        Fixtures.TestApp app = Fixtures.app(server, List.of("http://127.0.0.1/callback"), "name", "Browser Test App");
        Fixtures.TestUser user = Fixtures.user(server);
        String redirect = "http://127.0.0.1:" + callback.getAddress().getPort() + "/callback";
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));

        // 1. the application sends the browser to the authorization endpoint; no session: the login page
        driver.get(server.baseUrl() + AuthorizationFlow.authorizeUrl(app.clientId(), redirect, "incident_read", "state-allow", null));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("user_password")));
        screenshot("01-login");
        field("User name").sendKeys(user.name());
        field("Password").sendKeys(user.password());
        driver.findElement(By.xpath("//button[normalize-space()='Log in']")).click();

        // 2. the consent page: application name, scopes in words, Allow and Deny
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("allow")));
        assertEquals("Browser Test App", driver.findElement(By.id("app-name")).getText());
        assertTrue(driver.findElement(By.id("scopes")).getText().contains("Read incidents"));
        screenshot("02-consent");
        driver.findElement(By.xpath("//button[normalize-space()='Allow']")).click();

        // 3. the application's callback receives the code
        Map<String, String> allowed = awaitCallback();
        assertTrue(allowed.get("code") != null && allowed.get("code").length() >= 43, allowed.toString());
        assertEquals("state-allow", allowed.get("state"));
        assertEquals(server.baseUrl(), allowed.get("iss"));
        wait.until(ExpectedConditions.urlContains("/callback"));
        screenshot("03-callback-code");

        // 4. once more with another scope (so the consent page shows again), and Deny
        driver.get(server.baseUrl() + AuthorizationFlow.authorizeUrl(app.clientId(), redirect, "useraccount", "state-deny", null));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("deny")));
        screenshot("04-consent-again");
        driver.findElement(By.xpath("//button[normalize-space()='Deny']")).click();
        Map<String, String> denied = awaitCallback();
        assertEquals("access_denied", denied.get("error"), denied.toString());
        assertEquals("state-deny", denied.get("state"));
        assertEquals(server.baseUrl(), denied.get("iss"));
        assertTrue(!denied.containsKey("code"));
        screenshot("05-callback-denied");
    }
}
