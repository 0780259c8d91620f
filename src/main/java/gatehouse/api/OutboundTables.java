package gatehouse.api;

import gatehouse.Gatehouse;
import gatehouse.record.Actor;
import gatehouse.record.RecordInput;
import gatehouse.store.OAuthProfile;
import gatehouse.store.OutboundHttpLog;
import gatehouse.store.RestMessage;
import gatehouse.store.RestMessageFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The outbound tables of the Table API, each backed by its service in {@link gatehouse.outbound}. */
final class OutboundTables {
    private OutboundTables() { }

    static Map<String, Table> of(Gatehouse g) {
        return Map.of(
                "oauth_entity_profile", new ProfileTable(g),
                "oauth_credential", new CredentialTable(g),
                "sys_rest_message", new MessageTable(g),
                "sys_rest_message_fn", new FunctionTable(g),
                "sys_outbound_http_log", new LogTable(g));
    }

    static final class ProfileTable extends OutboundTable {
        ProfileTable(Gatehouse g) { super(g, "oauth_entity_profile", false); }

        @Override
        List<Map<String, Object>> rows() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (OAuthProfile p : g.outbound.profiles.list()) out.add(OutboundJson.profile(p));
            return out;
        }

        @Override
        public Map<String, Object> get(String sysId, Caller c) { return OutboundJson.profile(g.outbound.profiles.find(sysId)); }

        @Override
        public Map<String, Object> create(Map<String, Object> body, Caller c, Actor actor) {
            body.remove("sys_id");
            return OutboundJson.profile(g.outbound.profiles.create(new RecordInput(body), actor));
        }

        @Override
        public Map<String, Object> update(String sysId, Map<String, Object> body, Caller c, Actor actor) {
            checkId(sysId, body);
            return OutboundJson.profile(g.outbound.profiles.update(sysId, new RecordInput(body), actor));
        }

        @Override
        public void delete(String sysId, Caller c, Actor actor) { g.outbound.profiles.delete(sysId, actor); }
    }

    /** Read-only: tokens are got by Get OAuth Token and removed by Revoke, never written or shown here. */
    static final class CredentialTable extends OutboundTable {
        CredentialTable(Gatehouse g) { super(g, "oauth_credential", true); }

        @Override
        List<Map<String, Object>> rows() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (var c : g.outbound.credentials()) out.add(OutboundJson.credential(g, c));
            return out;
        }

        @Override
        public Map<String, Object> get(String sysId, Caller c) { return OutboundJson.credential(g, g.outbound.credential(sysId)); }
    }

    static final class MessageTable extends OutboundTable {
        MessageTable(Gatehouse g) { super(g, "sys_rest_message", false); }

        @Override
        List<Map<String, Object>> rows() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (RestMessage m : g.outbound.messages.list()) out.add(OutboundJson.message(m));
            return out;
        }

        @Override
        public Map<String, Object> get(String sysId, Caller c) { return OutboundJson.message(g.outbound.messages.find(sysId)); }

        @Override
        public Map<String, Object> create(Map<String, Object> body, Caller c, Actor actor) {
            body.remove("sys_id");
            return OutboundJson.message(g.outbound.messages.create(new RecordInput(body), actor));
        }

        @Override
        public Map<String, Object> update(String sysId, Map<String, Object> body, Caller c, Actor actor) {
            checkId(sysId, body);
            return OutboundJson.message(g.outbound.messages.update(sysId, new RecordInput(body), actor));
        }

        @Override
        public void delete(String sysId, Caller c, Actor actor) { g.outbound.messages.delete(sysId, actor); }
    }

    static final class FunctionTable extends OutboundTable {
        FunctionTable(Gatehouse g) { super(g, "sys_rest_message_fn", false); }

        @Override
        List<Map<String, Object>> rows() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (RestMessageFunction f : g.outbound.messages.functions(null)) out.add(OutboundJson.function(f));
            return out;
        }

        @Override
        public Map<String, Object> get(String sysId, Caller c) { return OutboundJson.function(g.outbound.messages.findFunction(sysId)); }

        @Override
        public Map<String, Object> create(Map<String, Object> body, Caller c, Actor actor) {
            body.remove("sys_id");
            return OutboundJson.function(g.outbound.messages.createFunction(new RecordInput(body), actor));
        }

        @Override
        public Map<String, Object> update(String sysId, Map<String, Object> body, Caller c, Actor actor) {
            checkId(sysId, body);
            return OutboundJson.function(g.outbound.messages.updateFunction(sysId, new RecordInput(body), actor));
        }

        @Override
        public void delete(String sysId, Caller c, Actor actor) { g.outbound.messages.deleteFunction(sysId, actor); }
    }

    /** Read-only, newest first; filtered and paged in the database (it can grow large). */
    static final class LogTable extends OutboundTable {
        private static final Map<String, String> COLUMNS = Map.of("kind", "kind", "rest_message", "restMessage", "http_method", "httpMethodName",
                "oauth_profile", "oauthProfile", "status_code", "statusCode", "token_action", "tokenAction", "request_method", "requestMethod");

        LogTable(Gatehouse g) { super(g, "sys_outbound_http_log", true); }

        @Override
        List<Map<String, Object>> rows() { throw new UnsupportedOperationException(); }

        @Override
        public Page list(ListQuery q, Caller c) {
            Map<String, String> filter = conditions(q.query());
            StringBuilder where = new StringBuilder(" WHERE 1 = 1");
            int i = 0;
            for (String f : filter.keySet()) {
                if (!COLUMNS.containsKey(f)) throw ApiException.badRequest("sysparm_query on sys_outbound_http_log supports " + String.join(", ", COLUMNS.keySet()));
                where.append(" AND l.").append(COLUMNS.get(f)).append(" = :p").append(i++);
            }
            long total = g.db.read(em -> bind(em.createQuery("SELECT COUNT(l) FROM OutboundHttpLog l" + where, Long.class), filter).getSingleResult());
            List<OutboundHttpLog> rows = g.db.read(em -> bind(em.createQuery("SELECT l FROM OutboundHttpLog l" + where
                    + " ORDER BY l.loggedAt DESC, l.sysId", OutboundHttpLog.class), filter).setFirstResult(q.offset()).setMaxResults(q.limit()).getResultList());
            List<Map<String, Object>> out = new ArrayList<>();
            for (OutboundHttpLog l : rows) out.add(ListQuery.select(OutboundJson.log(l), q.fields()));
            return new Page(out, total, q.limit(), q.offset());
        }

        private static <T> jakarta.persistence.TypedQuery<T> bind(jakarta.persistence.TypedQuery<T> query, Map<String, String> filter) {
            int i = 0;
            for (Map.Entry<String, String> f : filter.entrySet()) {
                Object v = f.getValue();
                if (f.getKey().equals("status_code")) {
                    try {
                        v = Integer.valueOf(f.getValue());
                    } catch (NumberFormatException e) {
                        throw ApiException.badRequest("status_code must be a number");
                    }
                }
                query.setParameter("p" + i++, v);
            }
            return query;
        }

        @Override
        public Map<String, Object> get(String sysId, Caller c) {
            OutboundHttpLog l = g.db.read(em -> em.find(OutboundHttpLog.class, sysId));
            if (l == null) throw new gatehouse.record.RecordNotFoundException("sys_outbound_http_log", sysId);
            return OutboundJson.log(l);
        }
    }
}
