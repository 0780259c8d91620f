package dev.gatehouse.springrp;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** The signed-in page (the user's claims as Spring's {@link OidcUser} has them, and a log-out button), the page after logout, the log-in failure page. */
@RestController
public class Pages {
    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public String home(@AuthenticationPrincipal OidcUser user, CsrfToken csrf) {
        return page("Signed in", "<h1>Signed in with Gatehouse</h1>\n<dl>\n"
                + item("sub", user.getSubject())
                + item("name", user.getFullName())
                + item("preferred_username", user.getPreferredUsername())
                + item("email", user.getEmail())
                + item("issuer", String.valueOf(user.getIssuer()))
                + item("audience", String.join(" ", user.getAudience()))
                + item("userinfo", user.getUserInfo() == null ? "no" : "yes")
                + "</dl>\n<form method=\"post\" action=\"/logout\">"
                + "<input type=\"hidden\" name=\"" + esc(csrf.getParameterName()) + "\" value=\"" + esc(csrf.getToken()) + "\">"
                + "<button id=\"logout\" type=\"submit\">Log out</button></form>\n");
    }

    @GetMapping(value = "/logged-out", produces = MediaType.TEXT_HTML_VALUE)
    public String loggedOut() {
        return page("Logged out", "<h1 id=\"logged-out\">Logged out</h1>\n<p><a id=\"again\" href=\"/\">Sign in again</a></p>\n");
    }

    /** The log-in failed (an error from the provider, a refused code exchange, an ID token Spring did not accept): 401 and the error code. */
    static void loginFailed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        String code = e instanceof OAuth2AuthenticationException o ? o.getError().getErrorCode() : e.getClass().getSimpleName();
        String description = e instanceof OAuth2AuthenticationException o ? o.getError().getDescription() : e.getMessage();
        LOG.warn("log-in failed: {}: {}", code, description);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(page("Log-in failed", "<h1>Log-in failed</h1>\n<p>Error: <code id=\"error\">" + esc(code)
                + "</code></p>\n<p id=\"error_description\">" + esc(description == null ? "" : description) + "</p>\n"
                + "<p><a id=\"again\" href=\"/\">Try again</a></p>\n"));
    }

    private static String item(String id, String value) {
        return "<dt>" + id + "</dt><dd id=\"" + id + "\">" + esc(value == null ? "" : value) + "</dd>\n";
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>\n"
                + body + "</body></html>\n";
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s);
    }
}
