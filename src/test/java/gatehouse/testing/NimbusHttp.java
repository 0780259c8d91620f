package gatehouse.testing;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Sends a Nimbus OAuth SDK request ({@code HTTPRequest.send()}) and records for the log scan ({@link SeenSecrets})
 * what {@link Http} records for its own requests: the secrets the request carries (client secrets and bearer, DPoP
 * and registration access tokens in {@code Authorization}, the proof in {@code DPoP}, secret form or JSON members)
 * and those the response hands out (tokens, device and user codes, a registered client's secret and registration
 * access token, codes in a redirect).
 */
public final class NimbusHttp {

    private NimbusHttp() { }

    public static HTTPResponse send(HTTPRequest request) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> headers = request.getHeaderMap();
        headers.forEach((name, values) -> {
            if (name.equalsIgnoreCase("Authorization")) values.forEach(SeenSecrets::fromAuthorization);
            if (name.equalsIgnoreCase("DPoP")) values.forEach(v -> SeenSecrets.record("DPoP proof", v));
        });
        SeenSecrets.fromForm(request.getQuery(), "a Nimbus request");
        SeenSecrets.fromForm(request.getURL().getQuery(), "a Nimbus request's query");
        SeenSecrets.fromJson(request.getBody(), "a Nimbus request");
        HTTPResponse response = request.send();
        SeenSecrets.fromJson(response.getBody(), "a response");
        if (response.getLocation() != null) SeenSecrets.fromLocation(response.getLocation().toString());
        return response;
    }
}
