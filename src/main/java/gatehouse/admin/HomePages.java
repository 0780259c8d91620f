package gatehouse.admin;

import gatehouse.metrics.Activity;
import gatehouse.store.OAuthCredential;
import gatehouse.store.OAuthProfile;
import gatehouse.store.SigningKey;
import gatehouse.store.User;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The console's home ({@code /admin/}): tokens issued and refusals over the last {@value #HOURS} hours (a chart and its
 * table), failed log-ins and locked accounts, signing keys due for rotation, outbound credentials that need a person.
 * The counts are the cluster's ({@link Activity}): this node's are flushed first, other nodes' are at most
 * {@code gatehouse.activity.flush.seconds} behind.
 */
final class HomePages implements Pages {
    static final int HOURS = 24;
    /** A key is listed when its scheduled rotation is this close (or past). */
    static final long ROTATION_NOTICE_MILLIS = 7 * 86_400_000L;
    static final int ACCOUNTS_SHOWN = 20;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:00").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00 'UTC'").withZone(ZoneOffset.UTC);
    /** The chart's geometry (SVG user units). */
    static final int CHART_HEIGHT = 120, BAR = 7, GAP = 2, SLOT = 2 * BAR + GAP + 4, LEFT = 36, TOP = 8, BOTTOM = 22;

    @Override
    public void serve(Console c) throws IOException, ServletException {
        if (!c.rest.isEmpty() || !c.isGet()) throw ConsoleException.notFound();
        long now = System.currentTimeMillis();
        activity(c);
        accounts(c, now);
        keys(c, now);
        outbound(c);
        c.render("home");
    }

    private static void activity(Console c) {
        c.g.activity.flush();               // this node's counts are current; the other nodes' at most one flush behind
        List<Activity.Hour> hours = c.g.activity.lastHours(HOURS);
        long max = 1;
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String k : Activity.KINDS) totals.put(k, 0L);
        for (Activity.Hour h : hours) {
            max = Math.max(max, Math.max(h.get(Activity.TOKENS_ISSUED), h.get(Activity.REFUSALS)));
            for (String k : Activity.KINDS) totals.merge(k, h.get(k), Long::sum);
        }
        long scale = niceCeiling(max);
        List<Map<String, Object>> rows = new ArrayList<>();
        int i = 0;
        for (Activity.Hour h : hours) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("label", HOUR.format(Instant.ofEpochMilli(h.start())));
            r.put("from", DAY_HOUR.format(Instant.ofEpochMilli(h.start())));
            for (String k : Activity.KINDS) r.put(k, h.get(k));
            int x = LEFT + i * SLOT;
            r.put("x", x);
            r.put("x2", x + BAR);
            r.put("labelX", x + BAR);
            bar(r, "tokens", h.get(Activity.TOKENS_ISSUED), scale);
            bar(r, "refusals", h.get(Activity.REFUSALS), scale);
            r.put("tick", i % 3 == 0);
            rows.add(r);
            i++;
        }
        c.set("hours", rows);
        c.set("totals", totals);
        c.set("chartWidth", LEFT + HOURS * SLOT);
        c.set("chartHeight", TOP + CHART_HEIGHT + BOTTOM);
        c.set("axisY", TOP + CHART_HEIGHT);
        c.set("axisLabelY", TOP + CHART_HEIGHT + 15);
        c.set("chartTop", TOP);
        c.set("chartMid", TOP + CHART_HEIGHT / 2);
        c.set("chartLeft", LEFT);
        c.set("scale", scale);
        c.set("halfScale", scale / 2);
        c.set("flushSeconds", c.g.settings.number("gatehouse.activity.flush.seconds", 1, 3600));
    }

    /** The bar of {@code value} on a scale of 0 to {@code scale}: its top and height. */
    private static void bar(Map<String, Object> r, String name, long value, long scale) {
        int height = value == 0 ? 0 : Math.max(1, (int) Math.round((double) value * CHART_HEIGHT / scale));
        r.put(name + "Y", TOP + CHART_HEIGHT - height);
        r.put(name + "H", height);
    }

    /** 2, 4, 10, 20, 40, 100, … (whole halves, for the middle grid line): the smallest at least {@code n}. */
    static long niceCeiling(long n) {
        if (n <= 2) return 2;
        long step = 1;
        while (true) {
            for (long m : new long[] {2, 4, 10}) if (m * step >= n) return m * step;
            step *= 10;
        }
    }

    /**
     * Accounts with wrong passwords in a row, and the locked ones (locked out by an admin's setting, or locked for a
     * while after too many failures), each linked to its user page when the viewer may see users.
     */
    private static void accounts(Console c, long now) {
        List<User> failing = ConsoleQueries.failingAccounts(c.g.db, ACCOUNTS_SHOWN);
        Map<String, Long> lockedUntil = ConsoleQueries.lockedNames(c.g.db, now, 200);
        // locked names whose users are not among the accounts with failures (failedAttempts reset by an admin, say)
        List<String> missing = new ArrayList<>(lockedUntil.keySet());
        for (User u : failing) missing.remove(u.userName.toLowerCase(Locale.ROOT));
        List<User> lockedToo = ConsoleQueries.usersNamed(c.g.db, missing, ACCOUNTS_SHOWN);
        List<User> all = new ArrayList<>(lockedToo);
        all.addAll(0, failing);
        int unknownLocked = missing.size() - lockedToo.size();
        List<Map<String, Object>> rows = new ArrayList<>();
        int locked = 0;
        for (User u : all) {
            Long until = lockedUntil.get(u.userName.toLowerCase(Locale.ROOT));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("sysId", u.sysId);
            r.put("userName", u.userName);
            r.put("failures", u.failedAttempts);
            String state = u.lockedOut ? "Locked out until an admin unlocks it"
                    : until == null ? "" : until == Long.MAX_VALUE ? "Locked" : "Locked until " + Console.time(until);
            r.put("state", state);
            r.put("locked", !state.isEmpty());
            if (!state.isEmpty()) locked++;
            rows.add(r);
        }
        c.set("accounts", rows);
        c.set("lockedCount", locked);
        c.set("unknownLocked", Math.max(0, unknownLocked));
        c.set("linkUsers", Section.USERS.allows(c.session.user()));
    }

    /** Active signing keys whose scheduled rotation ({@code gatehouse.keys.rotate.days} after creation) is within a week or past. */
    private static void keys(Console c, long now) {
        long rotateMillis = c.g.settings.number("gatehouse.keys.rotate.days", 1, 3650) * 86_400_000L;
        List<Map<String, Object>> due = new ArrayList<>();
        Long next = null;
        for (SigningKey k : c.g.signingKeys.all()) {
            if (!SigningKey.ACTIVE.equals(k.state)) continue;
            long at = k.createdAt + rotateMillis;
            if (at - now > ROTATION_NOTICE_MILLIS) {
                next = next == null ? at : Math.min(next, at);
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kid", k.kid);
            r.put("alg", k.alg);
            r.put("created", Console.time(k.createdAt));
            r.put("due", Console.time(at));
            r.put("overdue", at <= now);
            due.add(r);
        }
        c.set("keysDue", due);
        c.set("nextRotation", next == null ? "" : Console.time(next));
    }

    /** Outbound credentials that need a person (Get OAuth Token) or whose last refresh failed. */
    private static void outbound(Console c) {
        Map<String, OAuthProfile> profiles = new HashMap<>();
        for (OAuthProfile p : c.g.outbound.profiles.list()) profiles.put(p.sysId, p);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OAuthCredential cr : c.g.outbound.credentials()) {
            if (!cr.needsPerson && cr.lastError == null) continue;
            OAuthProfile p = profiles.get(cr.profile);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("profileSysId", cr.profile);
            r.put("profile", p == null ? cr.profile : p.name);
            User u = cr.userSysId == null ? null : c.g.users.find(cr.userSysId);
            r.put("holder", u == null ? "(instance)" : u.userName);
            r.put("needsPerson", cr.needsPerson);
            r.put("lastError", cr.lastError);
            rows.add(r);
        }
        c.set("outboundAttention", rows);
    }
}
