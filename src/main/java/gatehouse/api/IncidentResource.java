package gatehouse.api;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code /api/now/incident}: the incident table at the address ServiceNow's OAuth guide uses (seed 001, step 6). */
@Path("now/incident")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource extends TableResource {
    @Override
    protected String tableName() {
        return "incident";
    }
}
