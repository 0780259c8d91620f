package gatehouse.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.store.Application;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Gatehouse as an OAuth client at a provider's token endpoint (RFC 6749 §3.2): sends a grant's parameters with
 * the client authentication the provider's {@code send_credentials} names — {@code body} (client_secret_post,
 * §2.3.1), {@code basic} (client_secret_basic, §2.3.1) or {@code private_key_jwt} (RFC 7523 §2.2, signed with
 * Gatehouse's own key for this provider) — and reads the answer (§5.1, §5.2). Every request is logged, without
 * its body.
 */
final class TokenEndpoint {
    static final String CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutboundHttp http;
    private final OutboundLog log;
    private final Providers providers;
    private final Sealer sealer;
    private final Supplier<String> issuer;

    TokenEndpoint(OutboundHttp http, OutboundLog log, Providers providers, Sealer sealer, Supplier<String> issuer) {
        this.http = http;
        this.log = log;
        this.providers = providers;
        this.sealer = sealer;
        this.issuer = issuer;
    }

    /** Asks the provider for tokens; {@code action} (fetched or refreshed) and {@code profileSysId} go to the log. */
    TokenSet request(Application provider, Map<String, String> grantParameters, String profileSysId, String action, String actor) {
        if (provider.tokenUrl == null) throw new OutboundException.Invalid("The OAuth provider '" + provider.name + "' has no Token URL");
        if (!provider.active) throw new OutboundException.Invalid("The OAuth provider '" + provider.name + "' is not active");
        Map<String, String> form = new LinkedHashMap<>(grantParameters);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        authenticate(provider, form, headers);

        OutboundLog.Entry entry = OutboundLog.entry("token");
        entry.oauthProfile = profileSysId;
        entry.requestMethod = "POST";
        entry.url = provider.tokenUrl;
        entry.tokenAction = action;
        entry.actor = actor;
        try {
            OutboundHttp.Response r = http.send("POST", URI.create(provider.tokenUrl), headers, encode(form).getBytes(StandardCharsets.UTF_8));
            entry.statusCode = r.status();
            entry.elapsedMs = r.elapsedMs();
            JsonNode body = parse(r);
            if (r.status() == 200 && body != null && body.path("access_token").isTextual() && !body.path("access_token").asText().isEmpty()) {
                log.write(entry);
                return tokens(body);
            }
            if (body != null && body.path("error").isTextual()) {
                String error = body.path("error").asText();
                String description = body.path("error_description").isTextual() ? body.path("error_description").asText() : null;
                entry.remoteError = error + (description == null ? "" : ": " + description);
                log.write(entry);
                throw new OutboundException.ProviderRefused(r.status(), cut(error, 100), cut(description, 500));
            }
            entry.remoteError = "no token in the answer";
            log.write(entry);
            throw new OutboundException.RemoteFailure("The token endpoint answered " + r.status() + " without a token", r.status(),
                    null, false);
        } catch (OutboundHttp.Failure f) {
            entry.elapsedMs = f.elapsedMs;
            entry.remoteError = f.getMessage();
            log.write(entry);
            throw new OutboundException.RemoteFailure("The token endpoint could not be reached: " + f.getMessage(), null, null, false);
        }
    }

    /** RFC 7009 §2.1: asks the provider to revoke one token; true when it answered 200. */
    boolean revoke(Application provider, String token, String hint, String profileSysId, String actor) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", hint);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        authenticate(provider, form, headers);
        OutboundLog.Entry entry = OutboundLog.entry("revocation");
        entry.oauthProfile = profileSysId;
        entry.requestMethod = "POST";
        entry.url = provider.tokenRevocationUrl;
        entry.actor = actor;
        try {
            OutboundHttp.Response r = http.send("POST", URI.create(provider.tokenRevocationUrl), headers, encode(form).getBytes(StandardCharsets.UTF_8));
            entry.statusCode = r.status();
            entry.elapsedMs = r.elapsedMs();
            if (r.status() != 200) {
                JsonNode body = parse(r);
                entry.remoteError = body != null && body.path("error").isTextual() ? body.path("error").asText() : "status " + r.status();
            }
            log.write(entry);
            return r.status() == 200;
        } catch (OutboundHttp.Failure f) {
            entry.elapsedMs = f.elapsedMs;
            entry.remoteError = f.getMessage();
            log.write(entry);
            return false;
        }
    }

    /** Client authentication per the provider's send_credentials (RFC 6749 §2.3, RFC 7523 §2.2). */
    private void authenticate(Application provider, Map<String, String> form, Map<String, String> headers) {
        String clientId = provider.providerClientId;
        if (provider.publicClient) {
            form.put("client_id", clientId);   // §2.1: a public client only identifies itself
            return;
        }
        switch (provider.sendCredentials == null ? "body" : provider.sendCredentials) {
            case "basic" -> {
                String secret = secret(provider);
                // §2.3.1: both parts form-encoded before Basic encoding
                String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
                headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            case "private_key_jwt" -> {
                form.put("client_id", clientId);
                form.put("client_assertion_type", CLIENT_ASSERTION_TYPE);
                form.put("client_assertion", ProviderKeys.sign(provider.jwtKeyEnc, provider.sysId, provider.jwtPublicJwk, sealer,
                        clientId, clientId, provider.tokenUrl));
            }
            default -> {
                form.put("client_id", clientId);
                form.put("client_secret", secret(provider));
            }
        }
    }

    private String secret(Application provider) {
        String s = providers.clientSecret(provider);
        if (s == null) throw new OutboundException.Invalid("The OAuth provider '" + provider.name + "' has no Client Secret; set one or use private_key_jwt");
        return s;
    }

    String issuer() {
        return issuer.get();
    }

    private static JsonNode parse(OutboundHttp.Response r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static TokenSet tokens(JsonNode b) {
        return new TokenSet(b.path("access_token").asText(),
                b.path("token_type").isTextual() ? b.path("token_type").asText() : "Bearer",
                positive(b.path("expires_in")),
                b.path("refresh_token").isTextual() && !b.path("refresh_token").asText().isEmpty() ? b.path("refresh_token").asText() : null,
                positive(b.path("refresh_expires_in")),
                b.path("scope").isTextual() ? b.path("scope").asText() : null);
    }

    private static Long positive(JsonNode n) {
        if (n.isNumber() && n.asLong() > 0) return n.asLong();
        if (n.isTextual() && n.asText().matches("\\d{1,12}") && Long.parseLong(n.asText()) > 0) return Long.parseLong(n.asText());
        return null;
    }

    static String encode(Map<String, String> form) {
        StringJoiner j = new StringJoiner("&");
        form.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return j.toString();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
