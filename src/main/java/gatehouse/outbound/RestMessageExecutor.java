package gatehouse.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.OAuthProfile;
import gatehouse.store.RestMessage;
import gatehouse.store.RestMessageFunction;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executes an HTTP method of a REST message (CONTRACT "Executing a REST message", seed 002): substitutes
 * {@code ${name}} variables (URL-encoded where they land in the URL), adds the authentication the message
 * names — for {@code oauth2} {@code Authorization: Bearer} with a token that is fetched, refreshed, and renewed
 * once after a 401 — sends it with the limits of {@link OutboundHttp}, and logs it.
 */
public final class RestMessageExecutor {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]{1,100})}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_CHARS = 1 << 20;

    /** The remote answer as the API returns it. */
    public record Result(int statusCode, Map<String, String> headers, String body, long elapsedMs, boolean tokenRefreshed) { }

    private final RestMessages messages;
    private final Profiles profiles;
    private final OutboundTokens tokens;
    private final OutboundHttp http;
    private final OutboundLog log;

    RestMessageExecutor(RestMessages messages, Profiles profiles, OutboundTokens tokens, OutboundHttp http, OutboundLog log) {
        this.messages = messages;
        this.profiles = profiles;
        this.tokens = tokens;
        this.http = http;
        this.log = log;
    }

    /**
     * @param userSysId whose tokens to use for the authorization code grant (the caller)
     * @throws OutboundException why it could not be done; a remote error status is a {@link OutboundException.RemoteFailure}
     */
    public Result execute(String messageRef, String functionRef, Map<String, Object> variables, String userSysId, String actor) {
        RestMessages.Target target = messages.target(messageRef, functionRef);
        RestMessage m = target.message();
        RestMessageFunction f = target.function();
        Map<String, String> vars = variables(variables);
        URI uri = uri(m, f, vars);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : object(f.headers).entrySet()) {
            String value = substitute(h.getValue(), vars, false);
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0))
                throw new OutboundException.Invalid("The header " + h.getKey() + " would contain a line break");
            headers.put(h.getKey(), value);
        }
        byte[] body = f.content == null || "GET".equals(f.httpMethod) || "HEAD".equals(f.httpMethod) ? null
                : substitute(f.content, vars, false).getBytes(StandardCharsets.UTF_8);
        if (body != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type")))
            headers.put("Content-Type", "application/json");
        if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Accept"))) headers.put("Accept", "application/json");

        OutboundLog.Entry entry = OutboundLog.entry("execution");
        entry.restMessage = m.name;
        entry.httpMethodName = f.name;
        entry.requestMethod = f.httpMethod;
        entry.url = uri.toString();
        entry.actor = actor;
        String auth = m.authenticationType == null ? "no_authentication" : m.authenticationType;
        boolean refreshed = false;
        boolean logged = false;
        try {
            if (!"no_authentication".equals(auth)) requireSafeForCredentials(uri);
            OAuthProfile profile = null;
            OutboundTokens.Usable token = null;
            if ("basic".equals(auth)) {
                String password = messages.basicPassword(m);
                String pair = m.basicUser + ":" + (password == null ? "" : password);
                headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            } else if ("oauth2".equals(auth)) {
                try {
                    profile = profiles.find(m.oauthProfile);
                } catch (RecordNotFoundException e) {
                    throw new OutboundException.Invalid("The REST message's OAuth profile no longer exists");
                }
                entry.oauthProfile = profile.sysId;
                token = tokens.forCall(profile, userSysId, actor);
                refreshed = token.refreshed();
                headers.put("Authorization", "Bearer " + token.accessToken());
            }
            OutboundHttp.Response r = http.send(f.httpMethod, uri, headers, body);
            if (r.status() == 401 && token != null) {
                // RFC 6750 §3.1: the token was refused (expired or revoked early): renew it once and retry once
                OutboundTokens.Usable renewed = tokens.afterRejection(profile, userSysId, token.accessToken(), actor);
                refreshed = refreshed || renewed.refreshed() || !renewed.accessToken().equals(token.accessToken());
                headers.put("Authorization", "Bearer " + renewed.accessToken());
                long before = r.elapsedMs();
                r = http.send(f.httpMethod, uri, headers, body);
                r = new OutboundHttp.Response(r.status(), r.headers(), r.body(), before + r.elapsedMs());
            }
            entry.statusCode = r.status();
            entry.elapsedMs = r.elapsedMs();
            entry.tokenAction = refreshed ? "refreshed" : "none";
            String text = r.bodyText();
            if (r.status() >= 400) {
                String challenge = BearerChallenge.error(r.headers());   // RFC 6750 §3: often the only reason given
                entry.remoteError = "status " + r.status() + (challenge == null ? "" : ": " + challenge);
                log.write(entry);
                logged = true;
                throw new OutboundException.RemoteFailure("The remote server answered " + r.status()
                        + (challenge == null ? "" : " (" + challenge + ")")
                        + (refreshed ? " after the access token was refreshed" : ""), r.status(), cut(text, 2000), refreshed);
            }
            log.write(entry);
            return new Result(r.status(), headers(r.headers()), text, r.elapsedMs(), refreshed);
        } catch (OutboundHttp.Failure failure) {
            entry.elapsedMs = failure.elapsedMs;
            entry.tokenAction = refreshed ? "refreshed" : "none";
            entry.remoteError = failure.getMessage();
            log.write(entry);
            throw new OutboundException.RemoteFailure("The remote server failed: " + failure.getMessage(), null, null, refreshed);
        } catch (OutboundException e) {
            if (!logged) {
                entry.tokenAction = refreshed ? "refreshed" : "none";
                entry.remoteError = e.getMessage();
                log.write(entry);
            }
            throw e;
        }
    }

    private static Map<String, String> variables(Map<String, Object> given) {
        Map<String, String> out = new LinkedHashMap<>();
        if (given == null) return out;
        for (Map.Entry<String, Object> e : given.entrySet()) {
            Object v = e.getValue();
            if (!(v == null || v instanceof String || v instanceof Number || v instanceof Boolean))
                throw new OutboundException.Invalid("The variable " + e.getKey() + " must be text, a number or true/false");
            out.put(e.getKey(), v == null ? "" : v.toString());
        }
        return out;
    }

    private URI uri(RestMessage m, RestMessageFunction f, Map<String, String> vars) {
        String template = f.endpoint != null ? f.endpoint : m.endpoint;
        if (template == null) throw new OutboundException.Invalid("Neither the HTTP method nor its REST message has an endpoint");
        StringBuilder url = new StringBuilder(substitute(template, vars, true));
        Map<String, String> query = object(f.queryParameters);
        if (!query.isEmpty()) {
            url.append(url.indexOf("?") < 0 ? '?' : '&');
            boolean first = true;
            for (Map.Entry<String, String> q : query.entrySet()) {
                if (!first) url.append('&');
                first = false;
                url.append(encode(q.getKey())).append('=').append(encode(substitute(q.getValue(), vars, false)));
            }
        }
        try {
            URI u = new URI(url.toString());
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null || u.getRawUserInfo() != null)
                throw new OutboundException.Invalid("The endpoint is not an http(s) URL with a host: " + OutboundLog.mask(url.toString()));
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new OutboundException.Invalid("The endpoint is not a valid URL after substitution");
        }
    }

    /** Credentials travel only over https, or http to this machine (RFC 6749 §1.6, RFC 6750 §5.3). */
    private static void requireSafeForCredentials(URI u) {
        if (!"https".equals(u.getScheme()) && !(gatehouse.client.RedirectUris.isLoopbackHost(u.getHost()) || "localhost".equalsIgnoreCase(u.getHost())))
            throw new OutboundException.Invalid("Credentials are sent only over https (or http to a loopback host)");
    }

    /** Replaces ${name}; {@code inUrl}: percent-encoded, so that a value cannot change the URL's structure. */
    static String substitute(String template, Map<String, String> vars, boolean inUrl) {
        if (template == null) return "";
        Matcher mt = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (mt.find()) {
            String name = mt.group(1);
            String value = vars.get(name);
            if (value == null) throw new OutboundException.Invalid("No value was given for the variable ${" + name + "}");
            if (inUrl) value = encode(value);
            mt.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        mt.appendTail(out);
        return out.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> object(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null) return out;
        try {
            JsonNode n = JSON.readTree(json);
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } catch (Exception e) {
            throw new OutboundException.Invalid("A stored headers or query_parameters value is not a JSON object");
        }
        return out;
    }

    private static Map<String, String> headers(Map<String, List<String>> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!k.startsWith(":") && !k.equalsIgnoreCase("set-cookie")) out.put(k, String.join(", ", v));
        });
        return out;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
