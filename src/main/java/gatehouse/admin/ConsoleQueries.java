package gatehouse.admin;

import gatehouse.store.Application;
import gatehouse.store.AuditEntry;
import gatehouse.store.Database;
import gatehouse.store.User;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console's read-only searches (lists with a search box and pages); writes go through the services. */
final class ConsoleQueries {
    record Page<T>(List<T> items, long total) { }

    private ConsoleQueries() { }

    /** Applications whose name, client id or provider contains {@code text} (any case), newest first. */
    static Page<Application> applications(Database db, String text, int offset, int limit) {
        return search(db, Application.class, "Application a", "a", text,
                List.of("a.name", "a.clientId", "a.providerName", "a.providerClientId"), "a.createdOn DESC, a.sysId", offset, limit);
    }

    /** The home's accounts with wrong passwords in a row (or locked out by an admin's setting), most failures first. */
    static List<User> failingAccounts(Database db, int limit) {
        return db.read(em -> em.createQuery("SELECT u FROM User u WHERE u.failedAttempts > 0 OR u.lockedOut = :t "
                + "ORDER BY u.failedAttempts DESC, u.userName", User.class).setParameter("t", true).setMaxResults(limit).getResultList());
    }

    /** User names (lower case) locked for a while after too many wrong passwords, and until when (epoch ms; MAX_VALUE: for good). */
    static Map<String, Long> lockedNames(Database db, long now, int limit) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (gatehouse.store.LoginThrottle t : db.read(em -> em.createQuery("SELECT t FROM LoginThrottle t WHERE t.key LIKE 'name:%' "
                + "AND t.blockedUntil > :now ORDER BY t.blockedUntil DESC", gatehouse.store.LoginThrottle.class)
                .setParameter("now", now).setMaxResults(limit).getResultList()))
            out.put(t.key.substring("name:".length()), t.blockedUntil);
        return out;
    }

    /** The users of these user names (lower case), by name. */
    static List<User> usersNamed(Database db, List<String> lowerCaseNames, int limit) {
        if (lowerCaseNames.isEmpty()) return List.of();
        return db.read(em -> em.createQuery("SELECT u FROM User u WHERE LOWER(u.userName) IN :names ORDER BY u.userName", User.class)
                .setParameter("names", lowerCaseNames).setMaxResults(limit).getResultList());
    }

    /** Users whose user name, first or last name or email contains {@code text} (any case). */
    static Page<User> users(Database db, String text, int offset, int limit) {
        return search(db, User.class, "User u", "u", text,
                List.of("u.userName", "u.firstName", "u.lastName", "u.email"), "u.userName", offset, limit);
    }

    /** The audit log, newest first, filtered by actor, table, record id and time (each optional). */
    static Page<AuditEntry> audit(Database db, String actor, String table, String recordId, Long from, Long until, int offset, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> p = new LinkedHashMap<>();
        if (actor != null && !actor.isEmpty()) { where.append(" AND e.actor = :actor"); p.put("actor", actor); }
        if (table != null && !table.isEmpty()) { where.append(" AND e.tableName = :tbl"); p.put("tbl", table); }
        if (recordId != null && !recordId.isEmpty()) { where.append(" AND e.recordId = :rec"); p.put("rec", recordId); }
        if (from != null) { where.append(" AND e.at >= :from"); p.put("from", from); }
        if (until != null) { where.append(" AND e.at < :until"); p.put("until", until); }
        return db.read(em -> page(em, AuditEntry.class, "SELECT e FROM AuditEntry e" + where + " ORDER BY e.at DESC, e.id",
                "SELECT COUNT(e) FROM AuditEntry e" + where, p, offset, limit));
    }

    private static <T> Page<T> search(Database db, Class<T> type, String from, String alias, String text, List<String> fields,
                                      String order, int offset, int limit) {
        Map<String, Object> p = new LinkedHashMap<>();
        String where = "";
        if (text != null && !text.isBlank()) {
            List<String> ors = new ArrayList<>();
            for (String f : fields) ors.add("LOWER(" + f + ") LIKE :q ESCAPE '\\'");
            where = " WHERE " + String.join(" OR ", ors);
            p.put("q", "%" + likeEscape(text.trim().toLowerCase(Locale.ROOT)) + "%");
        }
        String w = where;
        return db.read(em -> page(em, type, "SELECT " + alias + " FROM " + from + w + " ORDER BY " + order,
                "SELECT COUNT(" + alias + ") FROM " + from + w, p, offset, limit));
    }

    private static <T> Page<T> page(EntityManager em, Class<T> type, String select, String count, Map<String, Object> params,
                                    int offset, int limit) {
        TypedQuery<T> q = em.createQuery(select, type).setFirstResult(offset).setMaxResults(limit);
        TypedQuery<Long> n = em.createQuery(count, Long.class);
        params.forEach((k, v) -> { q.setParameter(k, v); n.setParameter(k, v); });
        return new Page<>(new ArrayList<>(q.getResultList()), n.getSingleResult());
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
