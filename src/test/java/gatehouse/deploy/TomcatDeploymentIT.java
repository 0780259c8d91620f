package gatehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gatehouse.testing.Http;
import gatehouse.testing.TestServer;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The built {@code target/gatehouse.war}, unchanged, deployed by Arquillian's managed adapter into a real
 * Apache Tomcat 10.1 distribution (its own JVM, its manager application, no test code inside the WAR) at
 * context path {@code /gatehouse}; the test speaks HTTP to it. Settings reach Gatehouse as system properties
 * of Tomcat's JVM (see {@code arquillian.xml}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TomcatDeploymentIT {

    @Deployment(testable = false)
    static WebArchive war() {
        File war = new File(System.getProperty("gatehouse.test.webapp", "target/gatehouse") + ".war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    @ArquillianResource
    URL base;

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    @Test
    void healthIsUpOnEmbeddedDerbyAndTheHomePageNamesTheRealTomcat() throws Exception {
        assertTrue(base.getPath().startsWith("/gatehouse"), base.toString());
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/health")));
        assertEquals(200, health.statusCode(), health.body());
        JsonNode body = Http.JSON.readTree(health.body());
        assertEquals("UP", body.path("status").asText());
        assertTrue(body.path("database").path("detail").asText().contains("Derby"), health.body());

        HttpResponse<String> home = send(HttpRequest.newBuilder(uri("/")));
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains("Apache Tomcat/10.1"), "runs in the Tomcat distribution: " + home.body());
        assertTrue(home.body().contains("href=\"/gatehouse/login.do\""), "links honour the context path: " + home.body());
    }

    @Test
    void tableApiCreatesAndReadsAUserWithBasicAuth() throws Exception {
        String name = "arq-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = Http.basic("admin", TestServer.ADMIN_PASSWORD);
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/now/table/sys_user"))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(
                        Map.of("user_name", name, "user_password", "arquillian-pass-1", "roles", "itil")))));
        assertEquals(201, created.statusCode(), created.body());
        String id = Http.JSON.readTree(created.body()).path("result").path("sys_id").asText();

        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/now/table/sys_user/" + id)).header("Authorization", admin));
        assertEquals(200, read.statusCode(), read.body());
        assertEquals(name, Http.JSON.readTree(read.body()).path("result").path("user_name").asText());
        assertFalse(read.body().contains("user_password"));

        // gatehouse.demo=true reached Gatehouse: the demo user exists (authenticated, but not an admin)
        HttpResponse<String> demo = send(HttpRequest.newBuilder(uri("/api/now/table/sys_user"))
                .header("Authorization", Http.basic("beth.anglin", "beth.anglin-demo-pw")));
        assertEquals(403, demo.statusCode(), demo.body());

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/now/table/sys_user")));
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").isPresent());
    }
}
