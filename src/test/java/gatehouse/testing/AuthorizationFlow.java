package gatehouse.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interactive authorization code flow over HTTP, as a browser does it (for every test that needs a code):
 * GET /oauth_auth.do → /login.do (User name, Password, Log in) → the consent page → Allow → the code on the
 * redirect URI. Steps that are not needed (already logged in, consent remembered) are skipped.
 */
public final class AuthorizationFlow {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private AuthorizationFlow() { }

    /** Logs {@code userName} in with a new browser, allows, and returns the code sent to {@code redirectUri}. */
    public static String obtainCode(ServerProcess server, String clientId, String redirectUri, String scope,
                                    String codeChallenge, String userName, String password) {
        return obtainCode(Http.browser(server), clientId, redirectUri, scope, codeChallenge, userName, password);
    }

    /** Same, in {@code browser} (which may already be logged in). {@code scope} and {@code codeChallenge} may be null. */
    public static String obtainCode(Http browser, String clientId, String redirectUri, String scope,
                                    String codeChallenge, String userName, String password) {
        String state = UUID.randomUUID().toString();
        String location = authorize(browser, authorizeUrl(clientId, redirectUri, scope, state, codeChallenge), userName, password, true);
        if (!location.startsWith(redirectUri)) throw new AssertionError("not sent to " + redirectUri + ": " + location);
        Map<String, String> q = query(location);
        if (q.containsKey("error")) throw new AssertionError("authorization failed: " + location);
        if (!state.equals(q.get("state"))) throw new AssertionError("state not returned: " + location);
        if (q.get("iss") == null) throw new AssertionError("iss missing (RFC 9207): " + location);
        return q.get("code");
    }

    /**
     * Follows an authorization request through login and consent, answering {@code allow} (true) or Deny, and
     * returns the final Location (on the client's redirect URI).
     */
    public static String authorize(Http browser, String authorizeUrl, String userName, String password, boolean allow) {
        HttpResponse<String> r = browser.get(authorizeUrl);
        String location = r.headers().firstValue("Location").orElse(null);
        if (r.statusCode() == 302 && location != null && location.startsWith("/login.do")) {
            HttpResponse<String> back = login(browser, location, userName, password);
            r = browser.get(back.headers().firstValue("Location").orElseThrow());
            location = r.headers().firstValue("Location").orElse(null);
        }
        if (r.statusCode() == 200) {
            r = answerConsent(browser, r.body(), allow);
            if (r.statusCode() != 303) throw new AssertionError("consent answer gave " + r.statusCode() + ": " + r.body());
            return r.headers().firstValue("Location").orElseThrow();
        }
        if (r.statusCode() != 302 || location == null) throw new AssertionError("authorization gave " + r.statusCode() + ": " + r.body());
        return location;
    }

    /** GETs the login page at {@code loginPath} and posts the form; returns the 303 that follows a good login. */
    public static HttpResponse<String> login(Http browser, String loginPath, String userName, String password) {
        HttpResponse<String> page = browser.get(loginPath);
        if (page.statusCode() == 303) return page;  // already logged in
        if (page.statusCode() != 200) throw new AssertionError("login page gave " + page.statusCode() + ": " + page.body());
        Map<String, String> form = hiddenFields(page.body());
        form.put("user_name", userName);
        form.put("user_password", password);
        HttpResponse<String> done = browser.postForm("/login.do", form);
        if (done.statusCode() != 303) throw new AssertionError("login of " + userName + " gave " + done.statusCode() + ": " + done.body());
        return done;
    }

    /** Logs in with {@code browser} (no return address). */
    public static void login(Http browser, String userName, String password) {
        login(browser, "/login.do", userName, password);
    }

    /** Posts the consent form of {@code consentPage} with Allow or Deny. */
    public static HttpResponse<String> answerConsent(Http browser, String consentPage, boolean allow) {
        Map<String, String> form = hiddenFields(consentPage);
        if (!form.containsKey("pending")) throw new AssertionError("not a consent page: " + consentPage);
        form.put("decision", allow ? "allow" : "deny");
        return browser.postForm("/oauth_auth.do", form);
    }

    public static String authorizeUrl(String clientId, String redirectUri, String scope, String state, String codeChallenge) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        if (redirectUri != null) p.put("redirect_uri", redirectUri);
        if (scope != null) p.put("scope", scope);
        if (state != null) p.put("state", state);
        if (codeChallenge != null) {
            p.put("code_challenge", codeChallenge);
            p.put("code_challenge_method", "S256");
        }
        return "/oauth_auth.do?" + Http.form(p);
    }

    /** The hidden fields of the (first) form on {@code html}. */
    public static Map<String, String> hiddenFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) fields.putIfAbsent(m.group(1), unescape(m.group(2)));
        return fields;
    }

    /** The query parameters of a URL (decoded). */
    public static Map<String, String> query(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.putIfAbsent(k, v);
        }
        return q;
    }

    /** A new PKCE code verifier (RFC 7636 §4.1): 43 characters. */
    public static String newVerifier() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The S256 challenge of {@code verifier} (RFC 7636 §4.2). */
    public static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unescape(String s) {
        return s.replace("&#039;", "'").replace("&#034;", "\"").replace("&quot;", "\"").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&");
    }
}
