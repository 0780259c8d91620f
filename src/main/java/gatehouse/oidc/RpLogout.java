package gatehouse.oidc;

import gatehouse.authorize.AuthorizationResponse;
import gatehouse.record.RecordInput;
import gatehouse.store.Application;
import gatehouse.web.LoginSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * RP-Initiated Logout 1.0 (§2, §3), without HTTP. The checks come first and in this order, so that a browser is
 * never sent anywhere unless the address is registered: an {@code id_token_hint} must be an ID token of ours;
 * {@code client_id}, when sent with it, must be its audience; a {@code post_logout_redirect_uri} needs a known,
 * active client and must be one of its {@code post_logout_redirect_uris}, character for character. Then the login
 * session ends at once when the hint names the person and session logged in; otherwise the person confirms
 * (a link from anywhere cannot log anyone out).
 */
public final class RpLogout {
    private final IdTokens idTokens;
    private final Function<String, Application> clients;

    /** The request's parameters (null when absent). {@code logout_hint} and {@code ui_locales} are ignored. */
    public record Request(String idTokenHint, String clientId, String postLogoutRedirectUri, String state) { }

    /** A request refused: shown as a 400 page, never a redirect. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What to do: end the session now, or ask first ({@code confirm}); afterwards go to {@code redirect} (null:
     * show Gatehouse's own logged-out page). {@code clientId} and {@code appName} are those of the identified client.
     */
    public record Decision(boolean confirm, String redirect, String clientId, String appName) { }

    /** @param clients finds an application by client_id (null when there is none) */
    public RpLogout(IdTokens idTokens, Function<String, Application> clients) {
        this.idTokens = idTokens;
        this.clients = clients;
    }

    public Decision decide(Request r, Optional<LoginSessions.Current> session) {
        Optional<IdTokens.Hint> hint = Optional.empty();
        if (r.idTokenHint() != null) {
            hint = idTokens.verify(r.idTokenHint());
            if (hint.isEmpty()) throw new Refused("The id_token_hint is not an ID token of this Gatehouse.");
        }
        String clientId = r.clientId();
        if (clientId != null && hint.isPresent() && !clientId.equals(hint.get().clientId()))
            throw new Refused("The client_id is not the audience of the id_token_hint.");
        if (clientId == null) clientId = hint.map(IdTokens.Hint::clientId).orElse(null);
        Application app = clientId == null || clientId.length() > 200 ? null : clients.apply(clientId);
        if (app != null && !app.active) app = null;
        String redirect = null;
        if (r.postLogoutRedirectUri() != null) {
            if (app == null)
                throw new Refused("A post_logout_redirect_uri needs the client_id or id_token_hint of an active application.");
            if (!RecordInput.split(app.postLogoutRedirectUris).contains(r.postLogoutRedirectUri()))
                throw new Refused("The post_logout_redirect_uri is not registered for this application.");
            Map<String, String> q = new LinkedHashMap<>();
            q.put("state", r.state());
            redirect = AuthorizationResponse.withQuery(r.postLogoutRedirectUri(), q);
        }
        boolean trusted = session.isPresent() && hint.isPresent() && hint.get().subject().equals(session.get().user().sysId)
                && (hint.get().sid() == null || hint.get().sid().equals(LoginMoments.sid(session.get().idHash())));
        boolean confirm = session.isPresent() && !trusted;
        return new Decision(confirm, redirect, app == null ? null : app.clientId, app == null ? null : app.name);
    }
}
