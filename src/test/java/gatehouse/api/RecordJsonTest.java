package gatehouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.incident.IncidentDictionary;
import gatehouse.record.InvalidRecordException;
import gatehouse.store.Incident;
import gatehouse.store.User;
import gatehouse.testing.TempDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Records rendered and read back through the incident table's dictionary, on embedded Derby. */
class RecordJsonTest {
    @RegisterExtension
    static final TempDatabase temp = new TempDatabase("recordjson");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Incident incident() {
        return temp.db().tx(em -> {
            User u = em.find(User.class, "rjabel");
            if (u == null) {
                u = new User();
                u.sysId = "rjabel";
                u.userName = "rj.abel";
                u.firstName = "Abel";
                u.lastName = "Tuter";
                em.persist(u);
            }
            Incident i = new Incident();
            i.sysId = "rjinc" + System.nanoTime();
            i.number = "RJ" + System.nanoTime();
            i.shortDescription = "text";
            i.state = 2;
            i.impact = 1;
            i.urgency = 2;
            i.priority = 2;
            i.callerId = "rjabel";
            i.openedBy = "rjabel";
            i.openedAt = 1_700_000_000_000L;
            em.persist(i);
            return i;
        });
    }

    private static RecordJson.Options options(RecordJson.DisplayValue d, boolean noLink, boolean inputDisplay) {
        return new RecordJson.Options(d, noLink, inputDisplay, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> viaJson(Map<String, Object> m) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(m), Map.class);
    }

    @Test
    void valuesDisplayValuesAndLinks() {
        Incident i = incident();
        RecordJson json = new RecordJson(temp.db(), "https://gh.example");
        Map<String, Object> plain = json.render(IncidentDictionary.INCIDENT, i, options(RecordJson.DisplayValue.FALSE, false, false));
        assertEquals("2", plain.get("state"));
        assertEquals("", plain.get("description"));
        assertEquals("2023-11-14 22:13:20", plain.get("opened_at"));
        assertEquals(Map.of("link", "https://gh.example/api/now/table/sys_user/rjabel", "value", "rjabel"), plain.get("caller_id"));
        assertEquals("", plain.get("assigned_to"));
        Map<String, Object> shown = json.render(IncidentDictionary.INCIDENT, i, options(RecordJson.DisplayValue.TRUE, true, false));
        assertEquals("In Progress", shown.get("state"));
        assertEquals("2 - High", shown.get("priority"));
        assertEquals("Abel Tuter", shown.get("caller_id"));
        Map<String, Object> all = json.render(IncidentDictionary.INCIDENT, i, options(RecordJson.DisplayValue.ALL, false, false));
        assertEquals(Map.of("display_value", "1 - High", "value", "1"), all.get("impact"));
        assertEquals("Abel Tuter", ((Map<?, ?>) all.get("caller_id")).get("display_value"));
    }

    @Test
    void aRecordReadInAnyFormCanBeSentBackWhole() throws Exception {
        Incident i = incident();
        RecordJson json = new RecordJson(temp.db(), "https://gh.example");
        for (RecordJson.DisplayValue d : RecordJson.DisplayValue.values()) {
            for (boolean noLink : List.of(false, true)) {
                if (d != RecordJson.DisplayValue.FALSE && noLink) continue;     // display values without their values
                Map<String, Object> read = viaJson(json.render(IncidentDictionary.INCIDENT, i, options(d, noLink, false)));
                read.remove("sys_id");
                Map<String, Object> in = json.input(IncidentDictionary.INCIDENT, read, i, options(d, false, true));
                assertEquals("rjabel", in.get("caller_id"), d + " " + in);
                assertTrue(!in.containsKey("priority") && !in.containsKey("opened_by"), "unchanged read-only fields are dropped: " + in);
            }
        }
    }

    @Test
    void inputTakesLabelsAndNamesAndRefusesChangedReadOnlyFields() {
        Incident i = incident();
        RecordJson json = new RecordJson(temp.db(), "https://gh.example");
        Map<String, Object> in = json.input(IncidentDictionary.INCIDENT,
                new java.util.LinkedHashMap<>(Map.of("urgency", "3 - Low", "state", "on hold", "caller_id", "Abel Tuter", "assigned_to", "rj.abel")),
                i, options(RecordJson.DisplayValue.FALSE, false, true));
        assertEquals(Map.of("urgency", "3", "state", "3", "caller_id", "rjabel", "assigned_to", "rjabel"), in);
        Map<String, Object> noLabels = json.input(IncidentDictionary.INCIDENT, new java.util.LinkedHashMap<>(Map.of("urgency", "3 - Low")), i,
                options(RecordJson.DisplayValue.FALSE, false, false));
        assertEquals("3 - Low", noLabels.get("urgency"), "left for the service to refuse");
        InvalidRecordException e = assertThrows(InvalidRecordException.class, () -> json.input(IncidentDictionary.INCIDENT,
                new java.util.LinkedHashMap<>(Map.of("priority", "1", "number", "INC1")), i, options(RecordJson.DisplayValue.FALSE, false, false)));
        assertEquals(2, e.fieldErrors().size(), e.getMessage());
    }
}
