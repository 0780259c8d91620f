package gatehouse.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Chromium;
import gatehouse.testing.Http;
import gatehouse.testing.Postgres;
import gatehouse.testing.ServerProcess;
import gatehouse.testing.SpringRelyingParty;
import gatehouse.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A relying party nobody here wrote the OpenID Connect code of (issue 16): a Spring Boot 4 web application
 * ({@code src/test/spring-rp}) whose log-in is spring-boot-starter-oauth2-client's {@code oauth2Login()}, configured
 * only by Gatehouse's issuer URL and a registration, and whose logout is Spring's
 * {@code OidcClientInitiatedLogoutSuccessHandler}. Chromium opens the application, lands on Gatehouse's login page,
 * logs in, allows on the consent page, and is back on the application, which shows the claims Spring validated (ID
 * token and UserInfo); Log out goes through Gatehouse's end_session_endpoint back to the application's post-logout
 * page, and the Gatehouse login session is over. The same application with a wrong client secret (Spring profile
 * {@code unissued-secret}) ends on its own error page, signed in nowhere. Skipped where chromium is not installed.
 */
class SpringBootRelyingPartyIT {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CALLBACK = "/login/oauth2/code/gatehouse";

    private static ServerProcess server;
    private static Http http;
    private static SpringRelyingParty rp;
    private static SpringRelyingParty wrongSecret;
    private static String clientId;

    private Chromium browser;

    /** A person of Gatehouse's own, new for each test (so that no consent is remembered from another test). */
    private record Person(String name, String password, String sysId) {
        static Person create() {
            String name = "rp-user-" + UUID.randomUUID().toString().substring(0, 8);
            String password = "pw-" + UUID.randomUUID();
            String sysId = SpringBootRelyingPartyIT.create("sys_user", Map.of("user_name", name, "user_password", password,
                    "first_name", "Rita", "last_name", "Partridge", "email", name + "@example.com")).path("sys_id").asText();
            return new Person(name, password, sysId);
        }
    }

    @BeforeAll
    static void startRelyingParties() {
        assumeTrue(Chromium.installed(), Chromium.MISSING);
        assumeTrue(SpringRelyingParty.built(), "no " + SpringRelyingParty.JAR + " (mvn verify builds it in pre-integration-test where chromium is installed)");
        server = TestServer.shared();
        http = Http.to(server);
        int port = Postgres.freePort();
        int wrongPort = Postgres.freePort();
        String rpBase = "http://127.0.0.1:" + port;
        Map<String, Object> app = new LinkedHashMap<>();
        app.put("name", "Spring Boot RP " + UUID.randomUUID().toString().substring(0, 8));
        app.put("provider_name", "Tests");
        app.put("redirect_urls", List.of(rpBase + CALLBACK, "http://127.0.0.1:" + wrongPort + CALLBACK));
        app.put("post_logout_redirect_uris", List.of(rpBase + "/logged-out"));
        app.put("grant_types", List.of("authorization_code", "refresh_token"));
        app.put("auth_scopes", List.of("openid", "profile", "email"));
        JsonNode created = create("oauth_entity", app);
        clientId = created.path("client_id").asText();
        String secret = created.path("client_secret").asText();
        assertTrue(!clientId.isEmpty() && !secret.isEmpty(), created.toString());

        // both start side by side: each fetches Gatehouse's discovery document while it starts
        rp = SpringRelyingParty.start("login", port, server.baseUrl(), clientId, secret, null);
        wrongSecret = SpringRelyingParty.start("unissued-secret", wrongPort, server.baseUrl(), clientId, secret, "unissued-secret");
        rp.awaitReady();
        wrongSecret.awaitReady();
    }

    @AfterAll
    static void stopRelyingParties() {
        if (rp != null) rp.close();
        if (wrongSecret != null) wrongSecret.close();
    }

    @BeforeEach
    void startBrowser() throws IOException {
        browser = Chromium.start();
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) browser.close();
    }

    @Test
    void oauth2LoginSignsInThroughLoginAndConsentAndLogoutEndsTheGatehouseSession() throws IOException {
        Person person = Person.create();
        WebDriver driver = browser.driver;
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));

        driver.get(rp.baseUrl() + "/");
        wait.until(d -> !d.findElements(By.id("user_password")).isEmpty());
        assertTrue(driver.getCurrentUrl().startsWith(server.baseUrl() + "/login.do"), driver.getCurrentUrl());
        logIn(driver, person);
        wait.until(d -> !d.findElements(By.id("allow")).isEmpty());
        assertTrue(driver.getCurrentUrl().startsWith(server.baseUrl() + "/"), driver.getCurrentUrl());
        screenshot(driver, "spring-rp-1-consent");
        String consent = driver.findElement(By.tagName("body")).getText();
        for (String scope : List.of("(openid)", "(profile)", "(email)"))
            assertTrue(consent.contains(scope), "Spring asks for the registration's scopes: " + consent);
        driver.findElement(By.xpath("//button[normalize-space()='Allow']")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(rp.baseUrl()) && (!d.findElements(By.id("sub")).isEmpty() || d.getCurrentUrl().contains("error")));
        screenshot(driver, "spring-rp-2-signed-in");
        assertTrue(path(driver).equals(rp.baseUrl() + "/"), () -> driver.getCurrentUrl() + "\n" + driver.getPageSource() + "\n" + rp.tail());

        assertEquals(person.sysId(), text(driver, "sub"));
        assertEquals("Rita Partridge", text(driver, "name"));
        assertEquals(person.name(), text(driver, "preferred_username"));
        assertEquals(person.name() + "@example.com", text(driver, "email"));
        assertEquals(server.baseUrl(), text(driver, "issuer"));
        assertEquals(clientId, text(driver, "audience"));
        assertEquals("yes", text(driver, "userinfo"), "Spring read the profile from the UserInfo endpoint too");

        // a second visit: signed in at the application, no trip to Gatehouse
        driver.get(rp.baseUrl() + "/");
        assertEquals(person.sysId(), text(driver, "sub"));

        driver.findElement(By.id("logout")).click();
        wait.until(d -> !d.findElements(By.id("logged-out")).isEmpty() || !d.getCurrentUrl().startsWith(rp.baseUrl()));
        screenshot(driver, "spring-rp-3-logged-out");
        assertTrue(driver.getCurrentUrl().startsWith(rp.baseUrl() + "/logged-out"), () -> driver.getCurrentUrl() + "\n" + driver.getPageSource());

        // the application's session and Gatehouse's login session are both over: signing in again asks for the password
        driver.findElement(By.id("again")).click();
        wait.until(d -> !d.findElements(By.id("user_password")).isEmpty() || !d.findElements(By.id("sub")).isEmpty()
                || !d.findElements(By.id("allow")).isEmpty());
        screenshot(driver, "spring-rp-4-login-again");
        assertTrue(driver.getCurrentUrl().startsWith(server.baseUrl() + "/login.do"), driver.getCurrentUrl());
        assertTrue(driver.findElements(By.id("sub")).isEmpty());
        // and logging in again brings the person back without a second consent
        logIn(driver, person);
        wait.until(d -> !d.findElements(By.id("sub")).isEmpty() || !d.findElements(By.id("allow")).isEmpty());
        assertEquals(rp.baseUrl() + "/", path(driver));
        assertEquals(person.sysId(), text(driver, "sub"));
    }

    @Test
    void aWrongClientSecretEndsOnTheApplicationsErrorPageSignedInNowhere() throws IOException {
        Person person = Person.create();
        WebDriver driver = browser.driver;
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
        driver.get(wrongSecret.baseUrl() + "/");
        wait.until(d -> !d.findElements(By.id("user_password")).isEmpty());
        logIn(driver, person);
        wait.until(d -> !d.findElements(By.id("allow")).isEmpty());
        driver.findElement(By.xpath("//button[normalize-space()='Allow']")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(wrongSecret.baseUrl()) && !d.findElements(By.id("error")).isEmpty());
        screenshot(driver, "spring-rp-5-wrong-secret");
        // RFC 6749 §5.2: invalid_client with 401 for HTTP Basic; Spring reports any non-400 token response as invalid_token_response
        assertEquals("invalid_token_response", text(driver, "error"), driver.getPageSource());
        assertTrue(text(driver, "error_description").contains("401") && text(driver, "error_description").contains("\"error\":\"invalid_client\""),
                "the code exchange was refused: " + driver.getPageSource());
        assertTrue(driver.getCurrentUrl().startsWith(wrongSecret.baseUrl() + CALLBACK + "?code="), driver.getCurrentUrl());
        // still signed in nowhere at the application: the protected page goes the whole way again, and fails again
        driver.get(wrongSecret.baseUrl() + "/");
        wait.until(d -> !d.findElements(By.id("error")).isEmpty() || !d.findElements(By.id("sub")).isEmpty());
        assertEquals("invalid_token_response", text(driver, "error"));
        assertTrue(text(driver, "error_description").contains("invalid_client"), driver.getPageSource());
        assertTrue(driver.findElements(By.id("sub")).isEmpty(), driver.getPageSource());
    }

    private static void logIn(WebDriver driver, Person person) {
        field(driver, "User name").clear();
        field(driver, "User name").sendKeys(person.name());
        field(driver, "Password").sendKeys(person.password());
        driver.findElement(By.xpath("//button[normalize-space()='Log in']")).click();
    }

    private static WebElement field(WebDriver driver, String label) {
        WebElement l = driver.findElement(By.xpath("//label[normalize-space()='" + label + "']"));
        return driver.findElement(By.id(l.getAttribute("for")));
    }

    /** The browser's address without its query (Spring's saved request adds {@code ?continue}). */
    private static String path(WebDriver driver) {
        String url = driver.getCurrentUrl();
        return url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    }

    private static String text(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static JsonNode create(String table, Map<String, Object> fields) {
        HttpResponse<String> r = http.json("POST", "/api/now/table/" + table, fields, "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        return Http.body(r).path("result");
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
