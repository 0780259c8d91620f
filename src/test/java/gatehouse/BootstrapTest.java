package gatehouse;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.user.PasswordHasher;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    @Test
    void eachDemoUsersStoredHashMatchesItsPublishedPasswordOnly() {
        PasswordHasher hasher = new PasswordHasher(310_000);
        for (String[] u : Bootstrap.DEMO_USERS) {
            assertTrue(hasher.verify(u[0] + "-demo-pw", u[4]), u[0]);
            assertFalse(hasher.verify(u[0] + "-demo-pW", u[4]), u[0]);
            assertFalse(hasher.needsRehash(u[4]), "made with the default iteration count");
        }
    }
}
