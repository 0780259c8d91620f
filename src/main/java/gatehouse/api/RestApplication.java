package gatehouse.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** Jersey under {@code /api}: the Table API ({@code /api/now/…}) and Gatehouse's own ({@code /api/gatehouse/…}). */
@ApplicationPath("/api")
public class RestApplication extends Application {
    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                "jersey.config.server.wadl.disableWadl", true,      // no JAXB runtime bundled
                "jersey.config.jsonFeature", "JacksonFeature",      // the same JSON provider on Payara as on Tomcat
                "jersey.config.server.response.setStatusOverSendError", true);
    }
}
