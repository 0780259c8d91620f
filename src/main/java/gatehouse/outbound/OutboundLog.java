package gatehouse.outbound;

import gatehouse.keys.Secrets;
import gatehouse.store.Database;
import gatehouse.store.OutboundHttpLog;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The outbound HTTP log ({@code sys_outbound_http_log}): one row per execution, token request and revocation.
 * It never holds an Authorization header, a body, a secret or a token; query values whose names look secret
 * are masked. Rows older than {@code gatehouse.outbound.log.days} are purged.
 */
public final class OutboundLog {
    private static final Logger LOG = Logger.getLogger(OutboundLog.class.getName());
    static final String MASK = "********";
    private static final Set<String> SECRET_WORDS = Set.of("secret", "password", "passwd", "pwd", "token", "key", "assertion",
            "code", "signature", "sig", "auth", "credential", "session", "verifier");

    /** What to write about one call. */
    public static final class Entry {
        String kind;
        String restMessage;
        String httpMethodName;
        String oauthProfile;
        String requestMethod;
        String url;
        Integer statusCode;
        Long elapsedMs;
        String tokenAction = "none";
        String remoteError;
        String actor;
    }

    /**
     * Told of every call written (the operators' metrics): its kind, OAuth profile, status code (null when none came) and
     * token action ({@code none}, {@code fetched}, {@code refreshed}).
     */
    public interface Listener {
        void call(String kind, String oauthProfile, Integer statusCode, String tokenAction);
    }

    private final Database db;
    private final long keepMillis;
    private volatile Listener listener = (kind, profile, status, action) -> { };

    public OutboundLog(Database db, long keepDays) {
        this.db = db;
        this.keepMillis = keepDays * 86_400_000L;
    }

    static Entry entry(String kind) {
        Entry e = new Entry();
        e.kind = kind;
        return e;
    }

    /** Writes the row; a failure to log never fails the call it describes. */
    public void write(Entry e) {
        listener.call(e.kind, e.oauthProfile, e.statusCode, e.tokenAction);
        OutboundHttpLog row = new OutboundHttpLog();
        row.sysId = Secrets.sysId();
        row.loggedAt = System.currentTimeMillis();
        row.kind = e.kind;
        row.restMessage = cut(e.restMessage, 200);
        row.httpMethodName = cut(e.httpMethodName, 200);
        row.oauthProfile = e.oauthProfile;
        row.requestMethod = e.requestMethod;
        row.url = cut(mask(e.url), 4000);
        row.statusCode = e.statusCode;
        row.elapsedMs = e.elapsedMs;
        row.tokenAction = e.tokenAction;
        row.remoteError = cut(e.remoteError, 1000);
        row.actor = cut(e.actor, 100);
        try {
            db.tx(em -> {
                em.persist(row);
                return null;
            });
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "could not write the outbound HTTP log: " + ex.getMessage());
        }
    }

    public void listen(Listener l) {
        listener = l;
    }

    public List<OutboundHttpLog> recent(int limit, int offset) {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT l FROM OutboundHttpLog l ORDER BY l.loggedAt DESC, l.sysId", OutboundHttpLog.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList()));
    }

    /** One page of the log, newest first. */
    public record Page(List<OutboundHttpLog> rows, long total) { }

    /** The console's viewer: rows matching the filters that are given (null or blank: any). */
    public Page find(String kind, String restMessage, Integer statusCode, int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        if (kind != null && !kind.isBlank()) where.append(" AND l.kind = :kind");
        if (restMessage != null && !restMessage.isBlank()) where.append(" AND l.restMessage = :message");
        if (statusCode != null) where.append(" AND l.statusCode = :status");
        return db.read(em -> {
            var count = em.createQuery("SELECT COUNT(l) FROM OutboundHttpLog l" + where, Long.class);
            var rows = em.createQuery("SELECT l FROM OutboundHttpLog l" + where + " ORDER BY l.loggedAt DESC, l.sysId", OutboundHttpLog.class);
            if (kind != null && !kind.isBlank()) { count.setParameter("kind", kind); rows.setParameter("kind", kind); }
            if (restMessage != null && !restMessage.isBlank()) { count.setParameter("message", restMessage); rows.setParameter("message", restMessage); }
            if (statusCode != null) { count.setParameter("status", statusCode); rows.setParameter("status", statusCode); }
            return new Page(new ArrayList<>(rows.setFirstResult(offset).setMaxResults(limit).getResultList()), count.getSingleResult());
        });
    }

    /** Deletes rows older than the retention; returns how many. */
    public int purge() {
        long cutoff = System.currentTimeMillis() - keepMillis;
        return db.tx(em -> em.createQuery("DELETE FROM OutboundHttpLog l WHERE l.loggedAt < :c").setParameter("c", cutoff).executeUpdate());
    }

    /** The URL without user info, with the value of every query parameter whose name looks secret masked. */
    static String mask(String url) {
        if (url == null) return null;
        try {
            URI u = new URI(url);
            String query = u.getRawQuery();
            StringBuilder out = new StringBuilder();
            out.append(u.getScheme()).append("://").append(u.getRawAuthority() == null ? "" : u.getRawAuthority().replaceFirst("^[^@]*@", ""));
            if (u.getRawPath() != null) out.append(u.getRawPath());
            if (query != null) {
                out.append('?');
                String[] pairs = query.split("&", -1);
                for (int i = 0; i < pairs.length; i++) {
                    if (i > 0) out.append('&');
                    String p = pairs[i];
                    int eq = p.indexOf('=');
                    String name = eq < 0 ? p : p.substring(0, eq);
                    if (eq >= 0 && looksSecret(name)) out.append(name).append('=').append(MASK);
                    else out.append(p);
                }
            }
            return out.toString();
        } catch (Exception e) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q) + "?" + MASK;
        }
    }

    static boolean looksSecret(String rawName) {
        String n = java.net.URLDecoder.decode(rawName, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        for (String w : SECRET_WORDS) if (n.contains(w)) return true;
        return false;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
