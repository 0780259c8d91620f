package gatehouse.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeviceAuthorizationsTest {
    @Test
    void userCodesAreEightConsonantsInTwoGroups() {
        String a = DeviceAuthorizations.newUserCode();
        assertTrue(a.matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"), a);
        assertNotEquals(a, DeviceAuthorizations.newUserCode());
    }

    @Test
    void typedCodesAreNormalisedAndAnythingElseRefused() {
        assertEquals("BCDFGHJK", DeviceAuthorizations.normalise("bcdf-ghjk"));
        assertEquals("BCDFGHJK", DeviceAuthorizations.normalise(" BCDF GHJK "));
        assertNull(DeviceAuthorizations.normalise("BCDF-GHJA"), "a vowel");
        assertNull(DeviceAuthorizations.normalise("BCDF-GHJ"), "too short");
        assertNull(DeviceAuthorizations.normalise("BCDF-GHJKL"), "too long");
        assertNull(DeviceAuthorizations.normalise("BCDF_GHJK"));
        assertNull(DeviceAuthorizations.normalise(null));
        assertNull(DeviceAuthorizations.normalise("B".repeat(100)));
    }
}
