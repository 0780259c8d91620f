package gatehouse.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.record.Actor;
import gatehouse.record.RecordInput;
import gatehouse.store.User;
import gatehouse.testing.TempDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Lockout and throttling on a real (embedded Derby) database: what each attempt is answered. */
class AuthenticatorTest {
    @RegisterExtension static final TempDatabase temp = new TempDatabase("authenticator");
    private static final PasswordHasher HASHER = new PasswordHasher(10_000);

    private static Authenticator authenticator(long lockSeconds, long maxSeconds, boolean permanent, int addressLimit) {
        return new Authenticator(temp.db(), HASHER, 3, new Authenticator.Lockout(lockSeconds, maxSeconds, permanent),
                new AddressThrottle(temp.db(), 3, addressLimit, 0));
    }

    private static User user(String password) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("user_name", "u-" + UUID.randomUUID().toString().substring(0, 8));
        f.put("user_password", password);
        return new Users(temp.db(), HASHER).create(new RecordInput(f), Actor.SYSTEM);
    }

    @Test
    void lockoutLastsOneStepThenTwiceAsLongUpToTheMaximumAndAnUnknownNameIsTheSame() throws Exception {
        Authenticator auth = authenticator(1, 2, false, 1000);
        User u = user("right-password-1");
        String unknown = "nobody-" + UUID.randomUUID();
        String ip = "198.51.100.1";
        for (String name : new String[] {u.userName, unknown}) {
            assertEquals(Authenticator.Outcome.INVALID, auth.authenticate(name, "wrong", ip).outcome());
            assertEquals(Authenticator.Outcome.INVALID, auth.authenticate(name, "wrong", ip).outcome());
            Authenticator.Result third = auth.authenticate(name, "wrong", ip);
            assertEquals(Authenticator.Outcome.LOCKED, third.outcome());
            assertEquals(1, third.retryAfterSeconds());
            assertEquals("This account is locked after too many failed log-in attempts. Try again in 1 second.", third.message());
        }
        assertEquals(Authenticator.Outcome.LOCKED, auth.authenticate(u.userName, "right-password-1", ip).outcome(), "even the right password");
        Thread.sleep(1100);
        // the second lockout of a name lasts twice as long; the third would be 4 s but the maximum is 2 s
        for (int lockout = 2; lockout <= 3; lockout++) {
            auth.authenticate(unknown, "wrong", ip);
            auth.authenticate(unknown, "wrong", ip);
            Authenticator.Result r = auth.authenticate(unknown, "wrong", ip);
            assertEquals(Authenticator.Outcome.LOCKED, r.outcome());
            assertEquals(2, r.retryAfterSeconds(), "lockout " + lockout);
            Thread.sleep(2100);
        }
        // the right password after the lockout ended resets the count: the next lockout is a short one again
        assertEquals(Authenticator.Outcome.OK, auth.authenticate(u.userName, "right-password-1", ip).outcome());
        auth.authenticate(u.userName, "wrong", ip);
        auth.authenticate(u.userName, "wrong", ip);
        assertEquals(1, auth.authenticate(u.userName, "wrong", ip).retryAfterSeconds());
        assertTrue(auth.lockedUntil(u.userName) > System.currentTimeMillis());
    }

    @Test
    void permanentLockoutMarksTheAccountUntilAnAdminUnlocksIt() throws Exception {
        Authenticator auth = authenticator(1, 1, true, 1000);
        User u = user("right-password-2");
        String unknown = "nobody-" + UUID.randomUUID();
        for (String name : new String[] {u.userName, unknown}) {
            for (int i = 0; i < 2; i++) auth.authenticate(name, "wrong", "198.51.100.2");
            Authenticator.Result r = auth.authenticate(name, "wrong", "198.51.100.2");
            assertEquals(Authenticator.Outcome.LOCKED, r.outcome());
            assertEquals("This account is locked after too many failed log-in attempts. Ask an administrator to unlock it.", r.message());
        }
        Thread.sleep(1100);
        assertEquals(Authenticator.Outcome.LOCKED, auth.authenticate(u.userName, "right-password-2", "198.51.100.2").outcome());
        assertEquals("Ask an administrator to unlock it.", auth.authenticate(unknown, "x", "198.51.100.2").message().replaceFirst(".*\\. ", ""));
        Users users = new Users(temp.db(), HASHER);
        assertTrue(users.find(u.sysId).lockedOut);
        users.update(u.sysId, new RecordInput(new LinkedHashMap<>(Map.of("locked_out", false))), Actor.SYSTEM);
        assertEquals(Authenticator.Outcome.OK, auth.authenticate(u.userName, "right-password-2", "198.51.100.2").outcome());
    }

    @Test
    void aThrottledAddressGetsThrottledAnswersToWrongPasswordsButTheRightOneStillWorks() {
        Authenticator auth = authenticator(60, 900, false, 4);
        User u = user("right-password-3");
        String ip = "203.0.113." + (int) (Math.random() * 200);
        for (int i = 0; i < 3; i++) assertEquals(Authenticator.Outcome.INVALID, auth.authenticate("spray-" + i + UUID.randomUUID(), "pw", ip).outcome());
        Authenticator.Result fourth = auth.authenticate("spray-x" + UUID.randomUUID(), "pw", ip);
        assertEquals(Authenticator.Outcome.THROTTLED, fourth.outcome());
        assertEquals(300, fourth.retryAfterSeconds());
        assertEquals("Too many failed log-in attempts from this address. Try again in 5 minutes.", fourth.message());
        assertEquals(Authenticator.Outcome.THROTTLED, auth.authenticate(u.userName, "wrong", ip).outcome());
        assertEquals(Authenticator.Outcome.OK, auth.authenticate(u.userName, "right-password-3", ip).outcome());
        assertEquals(Authenticator.Outcome.INVALID, auth.authenticate(u.userName, "wrong", "203.0.113.250").outcome(), "another address is not throttled");
    }

    @Test
    void oneNoisyClientBehindAnAddressDoesNotThrottleTheOthers() throws Exception {
        Authenticator auth = authenticator(1, 1, false, 5);
        String ip = "2001:db8:77:1::" + Integer.toHexString(1 + (int) (Math.random() * 60000));
        User stale = user("stale-password-4");
        // a cron job with a stale password: locked, unlocked, locked again... its failures count once for the address
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 3; i++) auth.authenticate(stale.userName, "old-password", ip);
            Thread.sleep(1100);
        }
        Authenticator.Result noisy = auth.authenticate(stale.userName, "old-password", ip);
        assertEquals(Authenticator.Outcome.THROTTLED, noisy.outcome(), "the noisy client itself is throttled");
        // someone else behind the same address (the same IPv6 /64) mistypes: an ordinary answer
        User other = user("other-password-4");
        assertEquals(Authenticator.Outcome.INVALID, auth.authenticate(other.userName, "typo", "2001:db8:77:1::ffff").outcome());
        assertEquals(Authenticator.Outcome.OK, auth.authenticate(other.userName, "other-password-4", ip).outcome());
    }

    @Test
    void ipv6AddressesAreCountedPerSlash64() {
        assertEquals("addr:2001:db8:1:2::/64", AddressThrottle.addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("addr:203.0.113.9", AddressThrottle.addressKey("203.0.113.9"));
        assertEquals("addr:unknown", AddressThrottle.addressKey(null));
        assertTrue(AddressThrottle.pairKey("203.0.113.9", "client:" + "x".repeat(300)).length() <= 200);
    }

    @Test
    void lockoutSteps() {
        Authenticator.Lockout l = new Authenticator.Lockout(60, 900, false);
        assertEquals(60_000, l.millis(1));
        assertEquals(120_000, l.millis(2));
        assertEquals(480_000, l.millis(4));
        assertEquals(900_000, l.millis(5));
        assertEquals(900_000, l.millis(1000));
        assertEquals("1 minute", Authenticator.inWords(60));
        assertEquals("2 minutes", Authenticator.inWords(61));
        assertEquals("59 seconds", Authenticator.inWords(59));
    }
}
