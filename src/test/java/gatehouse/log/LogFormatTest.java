package gatehouse.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.config.SettingException;
import gatehouse.config.Settings;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aJsonLineIsOneObjectWhateverTheMessageHolds() throws Exception {
        LogRecord r = new LogRecord(Level.WARNING, "two\nlines, a \"quote\", a \\ and \u0001 and {0}");
        r.setParameters(new Object[] {"a parameter"});
        r.setLoggerName("gatehouse.x.Y");
        r.setInstant(Instant.parse("2026-12-03T10:15:30.123Z"));
        String line = LogFormat.json(r, "rid-1", "worker \"7\"");
        assertTrue(line.endsWith("}\n"));
        assertEquals(1, line.lines().count(), line);
        JsonNode n = JSON.readTree(line);
        assertEquals("2026-12-03T10:15:30.123Z", n.get("time").asText());
        assertEquals("WARNING", n.get("level").asText());
        assertEquals("gatehouse.x.Y", n.get("logger").asText());
        assertEquals("two\nlines, a \"quote\", a \\ and \u0001 and a parameter", n.get("message").asText());
        assertEquals("rid-1", n.get("request_id").asText());
        assertEquals("worker \"7\"", n.get("thread").asText());
        assertFalse(n.has("exception"));
        assertTrue(JSON.readTree(LogFormat.json(r, null, "t")).get("request_id").isNull());
    }

    @Test
    void aFailureGivesItsClassAndMessageAndTheFramesButNoCausesMessage() throws Exception {
        LogRecord r = new LogRecord(Level.SEVERE, "request failed");
        r.setLoggerName("gatehouse.web.ErrorPageServlet");
        r.setThrown(new IllegalStateException("outer", new RuntimeException("inner detail")));
        JsonNode n = JSON.readTree(LogFormat.json(r, "rid", "t"));
        assertEquals("java.lang.IllegalStateException: outer", n.get("exception").asText());
        String stack = n.get("stack").asText();
        assertTrue(stack.contains("at gatehouse.log.LogFormatTest.aFailureGivesItsClassAndMessageAndTheFramesButNoCausesMessage"), stack);
        assertTrue(stack.contains("Caused by: java.lang.RuntimeException\n"), stack);
        assertFalse(stack.contains("inner detail"), stack);
    }

    @Test
    void theTextFormatPutsTheIdBeforeTheMessage() {
        LogRecord r = new LogRecord(Level.INFO, "hello {0}");
        r.setParameters(new Object[] {"you"});
        assertEquals("[request_id=abc] hello you", LogFormat.textMessage(r, "abc"));
        assertEquals("hello you", LogFormat.textMessage(r, null));
    }

    @Test
    void theSettingIsTextOrJson() {
        assertEquals(LogFormat.TEXT, LogFormat.of(" Text "));
        assertEquals(LogFormat.JSON, LogFormat.of("json"));
        assertNull(LogFormat.of("xml"));
        Settings.of(Map.of("gatehouse.log.format", "json")).validate();
        Settings.of(Map.of()).validate();
        SettingException e = assertThrows(SettingException.class, () -> Settings.of(Map.of("gatehouse.log.format", "xml")).validate());
        assertTrue(e.getMessage().contains("gatehouse.log.format"), e.getMessage());
    }

    @Test
    void onlyABoundedWellFormedIdIsKeptAndNewOnesDiffer() {
        assertTrue(RequestId.wellFormed("a.b_c:d-E9"));
        assertTrue(RequestId.wellFormed("x".repeat(128)));
        assertFalse(RequestId.wellFormed("x".repeat(129)));
        assertFalse(RequestId.wellFormed(""));
        assertFalse(RequestId.wellFormed(null));
        assertFalse(RequestId.wellFormed("a b"));
        assertFalse(RequestId.wellFormed("a\nb"));
        String a = RequestId.generate();
        assertTrue(RequestId.wellFormed(a) && a.length() == 22, a);
        assertFalse(a.equals(RequestId.generate()));
    }
}
