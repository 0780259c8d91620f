package gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret settings go into a process's environment, never onto its command line. */
class SecretSettingsTest {
    private static final String PASSWORD = "pw-" + java.util.UUID.randomUUID();
    private static final String KEY = "key-" + java.util.UUID.randomUUID();

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("gatehouse.data.dir", "/tmp/data");
        s.put("gatehouse.admin.password", PASSWORD);
        s.put("gatehouse.demo", "true");
        s.put("gatehouse.master.key", KEY);
        return s;
    }

    @Test
    void secretSettingsBecomeEnvironmentVariablesAndTheRestStaysOpen() {
        assertEquals(Map.of("gatehouse.data.dir", "/tmp/data", "gatehouse.demo", "true"), SecretSettings.open(settings()));
        assertEquals(Map.of("GATEHOUSE_ADMIN_PASSWORD", PASSWORD, "GATEHOUSE_MASTER_KEY", KEY), SecretSettings.environment(settings()));
        Map<String, String> seen = SeenSecrets.load(SeenSecrets.file());
        assertTrue(seen.containsKey(PASSWORD) && seen.containsKey(KEY), "recorded for the log scan");
        assertTrue(SecretSettings.secret("gatehouse.metrics.token"));
        assertFalse(SecretSettings.secret("gatehouse.issuer"));
    }

    @Test
    void aCommandLineWithASecretSettingIsRefusedWithoutNamingTheValue() {
        List<String> fine = List.of("java", "-Dgatehouse.data.dir=/tmp/data", "-Dgatehouse.demo=true", "-jar", "x.jar");
        assertEquals(fine, SecretSettings.refuseOnCommandLine(fine, settings()));
        IllegalStateException named = assertThrows(IllegalStateException.class,
                () -> SecretSettings.refuseOnCommandLine(List.of("java", "-Dgatehouse.admin.password=" + PASSWORD), settings()));
        assertTrue(named.getMessage().contains("gatehouse.admin.password") && named.getMessage().contains("GATEHOUSE_ADMIN_PASSWORD"), named.getMessage());
        assertFalse(named.getMessage().contains(PASSWORD), "the message never repeats the secret");
        IllegalStateException value = assertThrows(IllegalStateException.class,
                () -> SecretSettings.refuseOnCommandLine(List.of("tool", "--key", KEY), settings()));
        assertFalse(value.getMessage().contains(KEY));
        assertThrows(IllegalStateException.class, () -> SecretSettings.refuseOnCommandLine(List.of("-Dgatehouse.db.password=x"), Map.of()));
    }

    @Test
    void payaraServersDomainXmlTakesNoSecretSetting() {
        assertThrows(IllegalStateException.class, () -> PayaraServer.configure("<java-config >", 1, 2, settings()));
    }
}
