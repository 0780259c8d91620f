package gatehouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.testing.Http;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's Chromium, headless), used as a newcomer would: log in, register an
 * application through New, copy its secret, edit it, regenerate the secret, manage a user, read the audit log.
 * Screenshots of each page go to {@code target/screenshots/}.
 */
class ConsoleBrowserIT {
    static final File CHROMIUM = new File(System.getProperty("gatehouse.test.chromium", "/usr/bin/chromium"));
    static final File CHROMEDRIVER = new File(System.getProperty("gatehouse.test.chromedriver", "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of("target", "screenshots");
    static WebDriver browser;
    static ChromeDriverService service;
    static Path profile;
    /** Nothing listens there: the browser stops on the callback URL, which carries the code. */
    static final String CALLBACK = "http://127.0.0.1:9/callback";
    final ServerProcess server = TestServer.shared();
    final Http http = Http.to(server);
    int shot;

    static final String NO_BROWSER = "chromium and chromedriver are not installed here (apt-get install chromium chromium-driver; CI's .ci/run does)";

    /** Starts the browser where it is installed; elsewhere each test is skipped by {@link #needsBrowser()}. */
    @BeforeAll
    static void startBrowser() throws IOException {
        if (!(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute())) return;
        profile = Files.createTempDirectory("gatehouse-console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
    }

    /** Each test is skipped, and counted as such, without a browser (an aborted @BeforeAll counts no test at all). */
    @BeforeEach
    void needsBrowser() {
        Assumptions.assumeTrue(browser != null, NO_BROWSER);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) browser.quit();
        if (service != null) service.stop();
    }

    private void open(String path) {
        browser.get(server.baseUrl() + path);
    }

    private WebElement field(String label) {
        return browser.findElement(By.xpath("//label[normalize-space(.)=" + xpathString(label) + " or normalize-space(.)="
                + xpathString(label + " (required)") + "]/following::*[self::input or self::textarea or self::select][1]"));
    }

    private static String xpathString(String s) {
        return "'" + s.replace("'", "") + "'";
    }

    private void type(String label, String text) {
        WebElement e = field(label);
        e.clear();
        e.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        e.sendKeys(text);
    }

    private void tick(String label, boolean on) {
        WebElement box = browser.findElement(By.xpath("//label[normalize-space(.)=" + xpathString(label) + "]/preceding-sibling::input[@type='checkbox'][1]"));
        if (box.isSelected() != on) box.click();
    }

    private void press(String text) {
        clickAndWait(By.xpath("//*[(self::button or self::a) and normalize-space(.)=" + xpathString(text)
                + " and not(@aria-hidden='true')]"));
    }

    /** Clicks something that loads a new page, and waits until the old page is gone. */
    private void clickAndWait(WebElement e) {
        WebElement page = browser.findElement(By.tagName("html"));
        e.click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(d -> gone(page));
        wait.until(d -> "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
    }

    /**
     * Whether the page this element belonged to has been replaced: as ExpectedConditions.stalenessOf, and also when
     * Chrome answers "Node with given id does not belong to the document" (a plain WebDriverException, seen once
     * while the old document was being torn down).
     */
    private static boolean gone(WebElement oldPage) {
        try {
            oldPage.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException stale) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return true;
            throw e;
        }
    }

    /** As above, finding the element afresh (a page that just loaded may still be settling). */
    private void clickAndWait(By by) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(by));
        try {
            clickAndWait(browser.findElement(by));
        } catch (WebDriverException e) {
            if (!browser.findElements(by).isEmpty()) clickAndWait(browser.findElement(by));
            else throw e;
        }
    }

    private int incidents(String accessToken) {
        return http.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + accessToken).statusCode();
    }

    private String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private void screenshot(String name) throws IOException {
        File png = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(String.format("console-%02d-%s.png", ++shot, name)), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aNewcomerRegistersAnApplicationUsesItAndManagesTokensKeysAndUsersInTheBrowser() throws IOException {
        String appName = "Postman " + UUID.randomUUID().toString().substring(0, 6);
        String userName = "newbie-" + UUID.randomUUID().toString().substring(0, 6);

        // not logged in: the login page, then back to the console
        open("/admin/");
        assertTrue(browser.getCurrentUrl().contains("/login.do?return_to="), browser.getCurrentUrl());
        type("User name", "admin");
        type("Password", TestServer.ADMIN_PASSWORD);
        press("Log in");
        // the home: the last hours at a glance, the chart drawn without any script library
        assertEquals("Home", heading());
        assertEquals("page", browser.findElement(By.linkText("Home")).getAttribute("aria-current"));
        assertTrue(browser.findElement(By.cssSelector("figure.chart svg[role=img]")).isDisplayed());
        screenshot("home");
        clickAndWait(By.linkText("Application Registry"));
        assertEquals("Application Registry", heading());
        assertEquals("page", browser.findElement(By.linkText("Application Registry")).getAttribute("aria-current"));
        screenshot("registry");

        // New: which kind, then seed 003's form
        press("New");
        assertEquals("New application", heading());
        screenshot("new-kind");
        clickAndWait(By.partialLinkText("OAuth authorization code grant"));
        assertTrue(heading().startsWith("New application: OAuth authorization code grant"));
        type("Name of OAuth entity", appName);
        type("Provider name", "Postman");
        type("Redirect URL", CALLBACK + "\nhttps://oauth.pstmn.io/v1/callback");
        tick("incident_read Read incidents (opens table/incident)", true);
        type("Logo URL", "https://example.com/logo.png");
        new Select(field("Token Format")).selectByVisibleText("JWT");
        screenshot("new-form");
        clickAndWait(By.id("save"));

        // the secret, shown once, selectable; the copy button appears with JavaScript
        assertEquals("Application created", heading());
        WebElement secretField = browser.findElement(By.id("client-secret"));
        String secret = secretField.getAttribute("value");
        String clientId = browser.findElement(By.id("client-id")).getText();
        assertTrue(secret.length() >= 40);
        assertTrue(browser.findElement(By.cssSelector("button[data-copy]")).isDisplayed(), "copy button shown when JavaScript runs");
        screenshot("secret");
        // a real authorization code flow with those credentials (admin is logged in: straight to consent)
        String state = UUID.randomUUID().toString();
        open("/oauth_auth.do?response_type=code&client_id=" + Http.enc(clientId) + "&redirect_uri=" + Http.enc(CALLBACK)
                + "&scope=incident_read&state=" + state);
        screenshot("consent");
        clickAndWait(By.id("allow"));
        String callback = browser.getCurrentUrl();
        assertTrue(callback.startsWith(CALLBACK + "?") && callback.contains("state=" + state), callback);
        String code = ConsoleSession.find(callback, "[?&]code=([^&]+)");
        HttpResponse<String> tokens = http.postForm("/oauth_token.do", Map.of("grant_type", "authorization_code", "code",
                URLDecoder.decode(code, StandardCharsets.UTF_8), "redirect_uri", CALLBACK), "Authorization", Http.basic(clientId, secret));
        assertEquals(200, tokens.statusCode(), tokens.body());
        String accessToken = Http.body(tokens).path("access_token").asText();
        String refreshToken = Http.body(tokens).path("refresh_token").asText();
        assertEquals(3, accessToken.split("\\.").length, "a JWT, as the form asked");
        assertEquals(200, incidents(accessToken));

        open("/admin/applications");
        clickAndWait(By.linkText(appName));
        String appUrl = browser.getCurrentUrl();
        assertFalse(browser.getPageSource().contains(secret), "never shown again");

        // edit: a message beside a wrong field, nothing saved; then a good save
        type("Redirect URL", "http://127.0.0.1:9/callback\njavascript:alert(1)");
        clickAndWait(By.id("save"));
        assertTrue(browser.findElement(By.id("e-redirect_urls")).getText().contains("'javascript:alert(1)'"),
                browser.findElement(By.id("main")).getText());
        screenshot("invalid");
        type("Redirect URL", CALLBACK + "\nhttps://oauth.pstmn.io/v1/callback");
        type("Name of OAuth entity", appName + " edited");
        clickAndWait(By.id("save"));
        assertEquals("Saved.", browser.findElement(By.cssSelector("p.notice")).getText());
        assertTrue(heading().endsWith(appName + " edited"));
        screenshot("edited");

        // regenerate the secret: a new one, shown once
        press("Regenerate secret");
        assertEquals("Client secret regenerated", heading());
        String newSecret = browser.findElement(By.id("client-secret")).getAttribute("value");
        assertNotEquals(secret, newSecret);
        screenshot("regenerated");
        HttpResponse<String> oldRefused = http.postForm("/oauth_token.do", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                "Authorization", Http.basic(clientId, secret));
        assertEquals(401, oldRefused.statusCode(), "the old secret is refused at once: " + oldRefused.body());
        assertEquals("invalid_client", Http.body(oldRefused).path("error").asText());
        HttpResponse<String> refreshed = http.postForm("/oauth_token.do", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
                "Authorization", Http.basic(clientId, newSecret));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        accessToken = Http.body(refreshed).path("access_token").asText();
        assertEquals(200, incidents(accessToken));

        // rotate the signing keys: the JWT signed before still validates
        open("/admin/keys");
        clickAndWait(By.id("rotate"));
        assertTrue(browser.findElement(By.cssSelector("p.notice")).getText().startsWith("Rotated"));
        assertTrue(browser.findElement(By.tagName("table")).getText().contains("inactive"));
        screenshot("keys-rotated");
        assertEquals(200, incidents(accessToken), "a JWT signed with the rotated key still validates");

        // Manage tokens: revoke the application's grant; the API refuses its token at once
        open("/admin/tokens");
        new Select(field("Application")).selectByVisibleText(appName + " edited");
        clickAndWait(By.xpath("//button[normalize-space(.)='Show']"));
        String grants = browser.findElement(By.tagName("table")).getText();
        assertTrue(grants.contains("admin") && grants.contains("incident_read"), grants);
        assertFalse(browser.getPageSource().contains(accessToken) || browser.getPageSource().contains(refreshToken), "never a token");
        screenshot("tokens");
        press("Revoke");
        assertTrue(browser.findElement(By.cssSelector("p.notice")).getText().startsWith("Revoked"));
        assertEquals(401, incidents(accessToken), "revoked in Manage tokens: refused by the API");

        // users: create, lock, unlock
        open("/admin/users");
        press("New user");
        type("User name", userName);
        type("First name", "New");
        type("Last name", "Person");
        type("Password", "newbie-password-1");
        type("Password again", "newbie-password-1");
        tick("itil may create and change incidents", true);
        screenshot("new-user");
        clickAndWait(By.id("save"));
        assertEquals("User: " + userName, heading());
        String userId = ConsoleSession.find(browser.getCurrentUrl(), "/admin/users/([0-9a-f]{32})");
        tick("Locked out", true);
        clickAndWait(By.id("save"));
        assertTrue(browser.findElement(By.cssSelector("form.locked")).getText().contains("This account is locked out"));
        assertEquals(401, Http.to(server).get("/api/now/table/sys_user", "Authorization", Http.basic(userName, "newbie-password-1")).statusCode());
        screenshot("user-locked");
        clickAndWait(By.id("unlock"));
        assertTrue(browser.findElement(By.cssSelector("p.notice")).getText().startsWith("Account unlocked"));
        assertEquals(403, Http.to(server).get("/api/now/table/sys_user", "Authorization", Http.basic(userName, "newbie-password-1")).statusCode(),
                "unlocked: the password works again (itil may not list users)");
        screenshot("user-unlocked");

        // the audit log has each change (filtered by record, by table and user)
        open("/admin/audit");
        type("Record", appUrl.substring(appUrl.lastIndexOf('/') + 1));
        clickAndWait(By.xpath("//button[normalize-space(.)='Filter']"));
        String log = browser.findElement(By.tagName("table")).getText();
        for (String expected : new String[] {"create oauth_entity", "update oauth_entity", "regenerate_secret oauth_entity"})
            assertTrue(log.contains(expected), expected + " in\n" + log);
        assertFalse(log.contains(secret) || log.contains(newSecret), "never a secret");
        open("/admin/audit?record=" + userId);
        log = browser.findElement(By.tagName("table")).getText();
        assertTrue(log.contains("create sys_user") && log.contains("update sys_user") && log.contains("locked_out"), log);
        open("/admin/audit?actor=admin&table=oauth_grant");
        assertTrue(browser.findElement(By.tagName("table")).getText().contains("revoke oauth_grant"));
        open("/admin/audit?table=signing_key");
        assertTrue(browser.findElement(By.tagName("table")).getText().contains("rotate signing_key"));
        screenshot("audit");

        open("/admin/settings");
        screenshot("settings");
        open("/admin/scopes");
        screenshot("scopes");

        // readable at phone width
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(appUrl);
        Number scrollWidth = (Number) ((ChromeDriver) browser).executeScript("return document.documentElement.scrollWidth");
        assertTrue(scrollWidth.intValue() <= 400, "no sideways scrolling at phone width: " + scrollWidth);
        screenshot("phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }
}
