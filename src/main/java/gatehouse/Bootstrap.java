package gatehouse;

import gatehouse.config.SettingException;
import gatehouse.incident.Incidents;
import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.RecordInput;
import gatehouse.store.Incident;
import gatehouse.store.SystemProperty;
import gatehouse.store.User;
import gatehouse.user.PasswordPolicy;
import gatehouse.user.Users;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** First-start work: the admin account on an empty database, and the demo data once when asked for. */
final class Bootstrap {
    private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());
    static final String DEMO_SEEDED = "demo.seeded";
    /** A salted hash of the last gatehouse.admin.reset value applied. */
    static final String ADMIN_RESET = "admin.reset.applied";
    /**
     * Demo users: name, first and last name, roles, and the PBKDF2 hash (310,000 iterations) of their published password
     * {@code <user name>-demo-pw}, made once with {@link gatehouse.user.PasswordHasher}. The passwords are in the README
     * and the log, so a fixed hash hides nothing that a fresh one would, and a first start saves three hashings (about a
     * second of CPU on two cores). A hash with fewer iterations than gatehouse.password.iterations is upgraded at login.
     */
    static final String[][] DEMO_USERS = {
            {"beth.anglin", "Beth", "Anglin", "itil", "pbkdf2-sha256$310000$23JLiuqapSQP7PBhZ7JhXQ$a5QmGnTKBBRIJqCrD+gUb+C0u/gJNDvzXY73k2AflDo"},
            {"abel.tuter", "Abel", "Tuter", "", "pbkdf2-sha256$310000$7skTDsJO9uDD7VlyWV3Gaw$rVFp2tAjyt5xzU6vdRacjdzCYZepDYMVbPkNKIm4nLY"},
            {"integration.bot", "Integration", "Bot", "itil", "pbkdf2-sha256$310000$PTcgnWarpa4NXnbFlM0coQ$8d/QWfS+rX+jzBNrALTatWBETYmN4ee13AFP/WCNG5I"}};

    private Bootstrap() { }

    static void run(Gatehouse g) {
        if (g.users.count() == 0) createAdmin(g);
        g.settings.get("gatehouse.admin.reset").ifPresent(password -> resetAdmin(g, password));
        if (g.settings.bool("gatehouse.demo") && !demoSeeded(g)) seedDemo(g);
    }

    private static void createAdmin(Gatehouse g) {
        String password = g.settings.get("gatehouse.admin.password").orElse(null);
        boolean generated = password == null;
        if (generated) password = Secrets.random(15);
        g.users.create(new RecordInput(fields("user_name", "admin", "user_password", password, "first_name", "System",
                "last_name", "Administrator", "roles", List.of("admin", "oauth_admin"))), Actor.SYSTEM);
        if (generated) {
            // never in the log (README "Logs"): in an owner-only file of the data folder, for the operator to read once
            Path file = writeOwnerOnly(Path.of(g.settings.string("gatehouse.data.dir")).toAbsolutePath().normalize()
                    .resolve(ADMIN_PASSWORD_FILE), password);
            LOG.warning("Gatehouse created user 'admin' with a random password, written to " + file + " (owner-only): "
                    + "read it, log in, change it and delete the file; or set gatehouse.admin.password to choose it");
        } else {
            LOG.info("Gatehouse created user 'admin' with the password from gatehouse.admin.password");
        }
    }

    /** Where the random first password of {@code admin} is written, in gatehouse.data.dir. */
    static final String ADMIN_PASSWORD_FILE = "admin-password.txt";

    private static Path writeOwnerOnly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            else
                Files.createFile(file);
            Files.writeString(file, text + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write admin's first password to " + file + " (" + e.getMessage()
                    + "); set gatehouse.admin.password instead");
        }
    }

    /**
     * Break-glass for the host's operator (README "Getting back in"): {@code gatehouse.admin.reset} unlocks user
     * {@code admin} (re-creating it, or giving back its admin role, if need be), sets its password to the setting's
     * value and ends its login sessions, once per distinct value: a salted hash of the value applied is kept in
     * {@code gh_property}, so a restart with the same setting changes nothing. Logged and audited, never the password.
     */
    private static void resetAdmin(Gatehouse g, String password) {
        SystemProperty applied = g.db.read(em -> em.find(SystemProperty.class, ADMIN_RESET));
        if (applied != null && g.passwordHasher.verify(password, applied.value)) {
            LOG.info("gatehouse.admin.reset: this value was applied before; nothing changed (remove the setting)");
            return;
        }
        String problem = PasswordPolicy.problem("admin", password);
        if (problem != null) throw new SettingException("gatehouse.admin.reset", "(secret)", "is not a usable password: " + problem);
        if (g.users.findByName("admin") == null) {
            g.users.create(new RecordInput(fields("user_name", "admin", "user_password", password, "first_name", "System",
                    "last_name", "Administrator", "roles", List.of("admin", "oauth_admin"))), Actor.SYSTEM);
        }
        String hash = g.passwordHasher.hash(password);
        String marker = g.passwordHasher.hash(password);
        String sysId = g.db.tx(em -> {
            User admin = Users.byName(em, "admin");
            admin.passwordHash = hash;
            admin.lockedOut = false;
            admin.active = true;
            admin.failedAttempts = 0;
            if (!admin.hasRole("admin")) admin.roles = admin.roles == null || admin.roles.isEmpty() ? "admin" : admin.roles + ",admin";
            admin.updatedOn = System.currentTimeMillis();
            admin.updatedBy = Actor.SYSTEM.userName();
            Users.clearLockout(em, admin.userName);
            em.createQuery("DELETE FROM LoginSession s WHERE s.userSysId = :u").setParameter("u", admin.sysId).executeUpdate();
            SystemProperty p = em.find(SystemProperty.class, ADMIN_RESET);
            if (p == null) {
                p = new SystemProperty();
                p.name = ADMIN_RESET;
                em.persist(p);
            }
            p.value = marker;
            Audit.record(em, Actor.SYSTEM, "admin_reset", Users.TABLE, admin.sysId,
                    "user_name=admin unlocked, password set from gatehouse.admin.reset, login sessions ended");
            return admin.sysId;
        });
        LOG.warning("gatehouse.admin.reset: user 'admin' (" + sysId + ") is unlocked and has the password from the setting; its "
                + "login sessions were ended. This happens once per value: remove the setting once you are back in.");
    }

    private static boolean demoSeeded(Gatehouse g) {
        return g.db.read(em -> em.find(SystemProperty.class, DEMO_SEEDED)) != null;
    }

    /**
     * Demo users (password = user name + "-demo-pw"), a confidential and a public application, four incidents
     * (INC0010001..4, priorities 2, 3, 5 and 1, so that README's examples find something).
     */
    private static void seedDemo(Gatehouse g) {
        boolean claimed = g.db.tx(em -> {
            if (em.find(SystemProperty.class, DEMO_SEEDED) != null) return false;
            SystemProperty p = new SystemProperty();
            p.name = DEMO_SEEDED;
            p.value = String.valueOf(System.currentTimeMillis());
            em.persist(p);
            return true;
        });
        if (!claimed) return;
        Actor actor = Actor.SYSTEM;
        for (String[] u : DEMO_USERS) {
            if (g.users.findByName(u[0]) != null) continue;
            User created = g.users.create(new RecordInput(fields("user_name", u[0], "first_name", u[1],
                    "last_name", u[2], "email", u[0] + "@example.com", "roles", u[3])), actor);
            g.db.tx(em -> {
                em.find(User.class, created.sysId).passwordHash = u[4];
                return null;
            });
        }
        if (g.registry.findByClientId("demo-confidential") == null) {
            g.registry.create(new RecordInput(fields("name", "Demo confidential app", "provider_name", "Gatehouse demo",
                    "client_id", "demo-confidential", "client_secret", "demo-confidential-secret-change-me",
                    "redirect_urls", List.of("https://oauth.pstmn.io/v1/callback", "http://127.0.0.1:8400/callback"),
                    "grant_types", List.of("authorization_code", "refresh_token", "client_credentials", "password"),
                    "post_logout_redirect_uris", List.of("http://127.0.0.1:8400/logged-out"),
                    "auth_scopes", List.of("useraccount", "incident_read", "incident_write", "openid", "profile", "email"),
                    "default_scopes", List.of("useraccount"),
                    "client_credentials_user", "integration.bot")), actor);
        }
        if (g.registry.findByClientId("demo-public") == null) {
            g.registry.create(new RecordInput(fields("name", "Demo public app (PKCE)", "provider_name", "Gatehouse demo",
                    "client_id", "demo-public", "public_client", true,
                    "redirect_urls", List.of("https://oauth.pstmn.io/v1/callback", "http://127.0.0.1/callback"),
                    "post_logout_redirect_uris", List.of("http://127.0.0.1/logged-out"),
                    "auth_scopes", List.of("useraccount", "incident_read", "openid", "profile", "email"),
                    "default_scopes", List.of("incident_read"))), actor);
        }
        User abel = g.users.findByName("abel.tuter");
        g.db.tx(em -> {
            String[][] samples = {
                    {"Email server is down", "2", "1", "network"},
                    {"Cannot log in to the VPN", "2", "2", "network"},
                    {"Printer on floor 3 jams", "3", "3", "hardware"},
                    {"Payroll system unavailable for all staff", "1", "1", "software"}};
            long now = System.currentTimeMillis();
            for (String[] s : samples) {
                Incident i = new Incident();
                i.sysId = Secrets.sysId();
                i.number = Incidents.nextNumber(em);
                i.shortDescription = s[0];
                i.impact = Integer.parseInt(s[1]);
                i.urgency = Integer.parseInt(s[2]);
                i.priority = Incidents.priority(i.impact, i.urgency);
                i.category = s[3];
                i.callerId = abel == null ? null : abel.sysId;
                i.openedAt = now;
                i.createdOn = now;
                i.updatedOn = now;
                i.createdBy = "system";
                i.updatedBy = "system";
                em.persist(i);
            }
            return null;
        });
        // the demo passwords and secret are in README, never in the log (README "Logs")
        LOG.info("Gatehouse demo data created: users beth.anglin, abel.tuter, integration.bot, "
                + "applications demo-confidential and demo-public (their passwords and secret: README, \"demo data\")");
    }

    static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

}
