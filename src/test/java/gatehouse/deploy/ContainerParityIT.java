package gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.AuthorizationFlow;
import gatehouse.testing.Deployment;
import gatehouse.testing.Deployment.Container;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP behaviour a deployment depends on, proven by the same tests on every container Gatehouse is documented
 * to run on ({@link Container}: the Tomcat distribution with {@code gatehouse.war}, Payara Micro and Payara Server
 * with {@code gatehouse-payara.war}), each started once for the class, all at once. The values are the ones that
 * containers decode differently when the WAR does not say UTF-8 (issue 20: Payara's default is ISO-8859-1):
 * an odd {@code state}, non-ASCII user names, passwords, record values, encoded queries and console fields.
 */
class ContainerParityIT {
    /** RFC 6749 §4.1.2: state comes back exactly; space, reserved characters and a non-ASCII letter. */
    static final String ODD_STATE = "acc state/+?&=%é";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");
    private static final Map<Container, CompletableFuture<Deployment>> RUNNING = new EnumMap<>(Container.class);

    @BeforeAll
    static void startEveryContainer() {
        for (Container c : Container.values())
            RUNNING.put(c, CompletableFuture.supplyAsync(() -> Deployment.start(c, "parity-" + c.name().toLowerCase(), Map.of())));
    }

    @AfterAll
    static void stopEveryContainer() {
        List<RuntimeException> failures = new ArrayList<>();
        for (CompletableFuture<Deployment> f : RUNNING.values()) {
            try {
                f.join().close();   // Payara Server: asadmin undeploy (checked), then stop-domain
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) throw failures.get(0);
    }

    static Stream<Container> containers() {
        return Stream.of(Container.values());
    }

    private static Deployment on(Container c) {
        return RUNNING.get(c).join();
    }

    // ---- what an administrator sets up over the Table API ----

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    record User(String name, String password, String sysId) { }

    record App(String clientId, String secret) {
        String basic() { return Http.basic(clientId, secret); }
    }

    /** An itil user with a non-ASCII (NFC) name and password. */
    static User user(Http api) {
        String name = unique("zoë.łukasiewicz-");
        String password = "Wörter-" + UUID.randomUUID();
        HttpResponse<String> r = api.json("POST", "/api/now/table/sys_user", Map.of("user_name", name, "user_password", password,
                "first_name", "Zoë", "roles", "itil"), "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(name, Http.body(r).path("result").path("user_name").asText(), "the name as sent: " + r.body());
        return new User(name, password, Http.body(r).path("result").path("sys_id").asText());
    }

    static App app(Http api, String name, String redirect, String grants) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("provider_name", "Tests");
        body.put("redirect_urls", List.of(redirect));
        body.put("grant_types", grants);
        body.put("auth_scopes", List.of("useraccount", "incident_read"));
        body.put("default_scopes", List.of("incident_read"));
        body.put("token_format", "jwt");
        HttpResponse<String> r = api.json("POST", "/api/now/table/oauth_entity", body, "Authorization", Http.adminBasic());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode a = Http.body(r).path("result");
        return new App(a.path("client_id").asText(), a.path("client_secret").asText());
    }

    static String nfd(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD);
    }

    static String subjectOf(String jwt) {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, "a JWT access token: " + jwt);
        try {
            return Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path("sub").asText();
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JWT: " + jwt, e);
        }
    }

    static String csrf(Http browser) {
        HttpResponse<String> page = browser.get("/admin/audit");
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) throw new AssertionError("no CSRF token on a console page: " + page.statusCode() + " " + page.body());
        return m.group(1);
    }

    // ---- the tests ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void authorizationCodeFlowReturnsAnOddStateUnchangedToANonAsciiUser(Container container) {
        Deployment d = on(container);
        Http api = Http.at(d.baseUrl());
        User user = user(api);
        String redirect = "http://127.0.0.1:9/callback";
        String appName = unique("Café Überblick ");
        App app = app(api, appName, redirect, "authorization_code,refresh_token");
        Http browser = Http.browserAt(d.baseUrl());

        // an error redirect carries state too (RFC 6749 §4.1.2.1)
        String refused = browser.get(AuthorizationFlow.authorizeUrl(app.clientId(), redirect, "no_such_scope", ODD_STATE, null))
                .headers().firstValue("Location").orElseThrow();
        assertEquals("invalid_scope", AuthorizationFlow.query(refused).get("error"), refused);
        assertEquals(ODD_STATE, AuthorizationFlow.query(refused).get("state"), d.name() + ": " + refused);

        // log in typing the name decomposed (e + combining accent): the same user (NFC)
        HttpResponse<String> start = browser.get(AuthorizationFlow.authorizeUrl(app.clientId(), redirect, null, ODD_STATE, null));
        assertEquals(302, start.statusCode(), start.body());
        String login = start.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> back = AuthorizationFlow.login(browser, login, nfd(user.name()), user.password());
        HttpResponse<String> consent = browser.get(back.headers().firstValue("Location").orElseThrow());
        assertEquals(200, consent.statusCode(), consent.body());
        assertTrue(consent.headers().firstValue("Content-Type").orElse("").toLowerCase().contains("charset=utf-8"), consent.headers().toString());
        assertTrue(consent.body().contains(appName), d.name() + ": the application's name on the consent page: " + consent.body());
        assertTrue(consent.body().contains(user.name()), d.name() + ": the user's name on the consent page: " + consent.body());

        HttpResponse<String> allowed = AuthorizationFlow.answerConsent(browser, consent.body(), true);
        assertEquals(303, allowed.statusCode(), allowed.body());
        String location = allowed.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(redirect + "?"), location);
        Map<String, String> q = AuthorizationFlow.query(location);
        assertEquals(ODD_STATE, q.get("state"), d.name() + ": " + location);
        assertEquals(d.baseUrl(), q.get("iss"));

        HttpResponse<String> token = api.postForm("/oauth_token.do", Map.of("grant_type", "authorization_code", "code", q.get("code"),
                "redirect_uri", redirect), "Authorization", app.basic());
        assertEquals(200, token.statusCode(), token.body());
        String accessToken = Http.body(token).path("access_token").asText();
        assertEquals(user.sysId(), subjectOf(accessToken), "the token is the non-ASCII user's");
        assertEquals(200, api.get("/api/now/table/incident?sysparm_limit=1", "Authorization", "Bearer " + accessToken).statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void tokenEndpointDecodesNonAsciiFormValuesAsUtf8(Container container) {
        Deployment d = on(container);
        Http api = Http.at(d.baseUrl());
        User user = user(api);
        App app = app(api, unique("Passwort-App "), "http://127.0.0.1:9/callback", "password,refresh_token");

        HttpResponse<String> ok = api.postForm("/oauth_token.do", Map.of("grant_type", "password", "username", nfd(user.name()),
                "password", user.password(), "client_id", app.clientId(), "client_secret", app.secret()));
        assertEquals(200, ok.statusCode(), d.name() + ": " + ok.body());
        assertEquals(user.sysId(), subjectOf(Http.body(ok).path("access_token").asText()));
        assertTrue(ok.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        HttpResponse<String> refreshed = api.postForm("/oauth_token.do", Map.of("grant_type", "refresh_token",
                "refresh_token", Http.body(ok).path("refresh_token").asText()), "Authorization", app.basic());
        assertEquals(200, refreshed.statusCode(), refreshed.body());

        // the password as ISO-8859-1 would have read it is wrong: RFC 6749 §5.2 JSON, not a page
        String garbled = new String(user.password().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        HttpResponse<String> wrong = api.postForm("/oauth_token.do", Map.of("grant_type", "password", "username", user.name(),
                "password", garbled), "Authorization", app.basic());
        assertEquals(400, wrong.statusCode(), wrong.body());
        assertEquals("invalid_grant", Http.body(wrong).path("error").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void tableApiKeepsNonAsciiValuesAndMatchesThemInEncodedQueries(Container container) {
        Deployment d = on(container);
        Http api = Http.at(d.baseUrl());
        String admin = Http.adminBasic();
        String tag = unique("t");
        String text = "Störung in Zürich " + tag + " – 東京 & Co = 100% + ☃";
        HttpResponse<String> created = api.json("POST", "/api/now/table/incident", Map.of("short_description", text,
                "description", "Überlauf ñ"), "Authorization", admin);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode incident = Http.body(created).path("result");
        assertEquals(text, incident.path("short_description").asText());
        assertTrue(created.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));

        HttpResponse<String> exact = api.get("/api/now/table/incident?sysparm_query=" + Http.enc("short_description=" + text)
                + "&sysparm_fields=" + Http.enc("sys_id,short_description"), "Authorization", admin);
        assertEquals(200, exact.statusCode(), exact.body());
        assertEquals(1, Http.body(exact).path("result").size(), d.name() + ": " + exact.body());
        assertEquals(text, Http.body(exact).path("result").get(0).path("short_description").asText());
        assertEquals("1", exact.headers().firstValue("X-Total-Count").orElse(""));

        HttpResponse<String> like = api.get("/api/now/table/incident?sysparm_query=" + Http.enc("short_descriptionLIKEZürich " + tag
                + "^ORshort_description=nothing é") + "&sysparm_limit=5", "Authorization", admin);
        assertEquals(200, like.statusCode(), like.body());
        assertEquals(1, Http.body(like).path("result").size(), d.name() + ": " + like.body());

        HttpResponse<String> patched = api.json("PATCH", "/api/now/table/incident/" + incident.path("sys_id").asText(),
                Map.of("description", "Ölpreis € ß"), "Authorization", admin);
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals("Ölpreis € ß", Http.body(patched).path("result").path("description").asText());

        User user = user(api);
        HttpResponse<String> byName = api.get("/api/now/table/sys_user?sysparm_query=" + Http.enc("user_name=" + user.name()),
                "Authorization", admin);
        assertEquals(200, byName.statusCode(), byName.body());
        assertEquals(1, Http.body(byName).path("result").size(), d.name() + ": " + byName.body());
        assertEquals(user.sysId(), Http.body(byName).path("result").get(0).path("sys_id").asText());
        // HTTP Basic with the non-ASCII name (UTF-8, RFC 7617 §2.1)
        assertEquals(200, api.get("/api/now/table/incident?sysparm_limit=1", "Authorization", Http.basic(user.name(), user.password())).statusCode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void consoleFormsAndSearchKeepNonAsciiValues(Container container) {
        Deployment d = on(container);
        Http admin = Http.browserAt(d.baseUrl());
        AuthorizationFlow.login(admin, "admin", TestServer.ADMIN_PASSWORD);
        String name = unique("jürgen.øster-");
        String last = unique("Łukasiewicz-Ørsted ");
        String password = "Kennwort-" + UUID.randomUUID() + "-ä";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("user_name", name);
        form.put("first_name", "Jürgen");
        form.put("last_name", last);
        form.put("email", name + "@example.com");
        form.put("roles", "itil");
        form.put("active", "true");
        form.put("user_password", password);
        form.put("user_password_confirm", password);
        form.put("csrf_token", csrf(admin));
        HttpResponse<String> created = admin.postForm("/admin/users/new", form);
        assertEquals(303, created.statusCode(), d.name() + ": " + created.body());

        HttpResponse<String> found = admin.get("/admin/users?q=" + Http.enc(last));
        assertEquals(200, found.statusCode(), found.body());
        assertTrue(found.body().contains(name), d.name() + ": the search box finds the user by a non-ASCII name: " + found.body());
        assertTrue(found.body().contains("value=\"" + last + "\""), "the search box shows what was typed: " + found.body());

        HttpResponse<String> stored = Http.at(d.baseUrl()).get("/api/now/table/sys_user?sysparm_query=" + Http.enc("user_name=" + name),
                "Authorization", Http.adminBasic());
        JsonNode row = Http.body(stored).path("result").get(0);
        assertNotNull(row, stored.body());
        assertEquals("Jürgen", row.path("first_name").asText());
        assertEquals(last, row.path("last_name").asText());

        // the new user logs in through the login form with the name and password typed in the console
        Http browser = Http.browserAt(d.baseUrl());
        AuthorizationFlow.login(browser, name, password);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void outboundCallbackCompletesTheFlowAndShowsTheProvidersNonAsciiError(Container container) {
        Deployment d = on(container);
        Http api = Http.at(d.baseUrl());
        // Gatehouse as the OAuth client of itself: an inbound application returning to its own /oauth_redirect.do
        App inbound = app(api, unique("Eigener Client "), d.baseUrl() + "/oauth_redirect.do", "authorization_code,refresh_token");
        String providerName = unique("Fournisseur é ");
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("type", "oauth_provider");
        provider.put("name", providerName);
        provider.put("client_id", inbound.clientId());
        provider.put("client_secret", inbound.secret());
        provider.put("default_grant_type", "authorization_code");
        provider.put("auth_url", d.baseUrl() + "/oauth_auth.do");
        provider.put("token_url", d.baseUrl() + "/oauth_token.do");
        HttpResponse<String> p = api.json("POST", "/api/now/table/oauth_entity", provider, "Authorization", Http.adminBasic());
        assertEquals(201, p.statusCode(), p.body());
        String profile = Http.body(p).path("result").path("default_profile").path("value").asText();   // a reference: {link, value}

        Http browser = Http.browserAt(d.baseUrl());
        AuthorizationFlow.login(browser, "admin", TestServer.ADMIN_PASSWORD);
        String toProvider = initiate(browser, profile);
        String back = AuthorizationFlow.authorize(browser, toProvider, "admin", TestServer.ADMIN_PASSWORD, true);
        assertTrue(back.startsWith(d.baseUrl() + "/oauth_redirect.do?"), back);
        HttpResponse<String> done = browser.get(back);
        assertEquals(200, done.statusCode(), d.name() + ": " + done.body());
        assertTrue(done.body().contains("The OAuth flow completed"), done.body());

        // a provider that refuses with a non-ASCII error_description (as localised providers do)
        String state = AuthorizationFlow.query(initiate(browser, profile)).get("state");
        String description = "Zugriff verweigert – Nutzer hat abgelehnt (é, 東京)";
        HttpResponse<String> refused = browser.get("/oauth_redirect.do?state=" + Http.enc(state) + "&error=access_denied&error_description="
                + Http.enc(description));
        assertEquals(200, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("<dd id=\"error_description\">" + description + "</dd>"), d.name() + ": " + refused.body());
    }

    /** Get OAuth Token on {@code profile}: the initiator's form, then its 303 to the provider's authorization URL. */
    private static String initiate(Http browser, String profile) {
        HttpResponse<String> page = browser.get("/oauth_initiator.do?profile=" + profile);
        assertEquals(200, page.statusCode(), page.body());
        HttpResponse<String> go = browser.postForm("/oauth_initiator.do", AuthorizationFlow.hiddenFields(page.body()));
        assertEquals(303, go.statusCode(), go.body());
        return go.headers().firstValue("Location").orElseThrow();
    }
}
