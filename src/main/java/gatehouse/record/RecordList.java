package gatehouse.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.ParameterExpression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Selection;
import jakarta.persistence.criteria.Subquery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs an {@link EncodedQuery} as JPA Criteria: every value a bound parameter, every field an attribute
 * from the table's whitelist. One page of rows plus the total count of matching rows, or aggregates.
 */
public final class RecordList {
    private static final char LIKE_ESCAPE = '\\';

    /** One page and the number of all matching records ({@code -1} when not counted). */
    public record Page<T>(List<T> rows, long total) { }

    /** An aggregate over one field: {@code function} is AVG, MIN, MAX or SUM. */
    public record Aggregate(String function, QueryFields.Field field) { }

    /**
     * One group of an aggregate query: the group-by values (empty without group by), the count, the aggregates in
     * order (an average is a Double, null when no row has a value).
     */
    public record Group(List<Object> keys, long count, List<Object> values) { }

    private RecordList() { }

    /**
     * @param defaultOrder attributes to sort by when the query names none ({@code -attribute}: descending);
     *                     {@code tieBreaker} always ends the sort so that pages do not overlap
     */
    public static <T> Page<T> run(EntityManager em, Class<T> type, EncodedQuery q, int offset, int limit,
                                  List<String> defaultOrder, String tieBreaker) {
        return run(em, type, q, offset, limit, defaultOrder, tieBreaker, true);
    }

    /** As above; {@code count} false skips counting (ServiceNow's {@code sysparm_no_count}). */
    public static <T> Page<T> run(EntityManager em, Class<T> type, EncodedQuery q, int offset, int limit,
                                  List<String> defaultOrder, String tieBreaker, boolean count) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        long total = -1;
        if (count) {
            CriteriaQuery<Long> countQuery = cb.createQuery(Long.class);
            Root<T> countRoot = countQuery.from(type);
            Map<ParameterExpression<Object>, Object> countParams = new LinkedHashMap<>();
            countQuery.select(cb.count(countRoot)).where(where(cb, countQuery, countRoot, q, countParams));
            TypedQuery<Long> cq = em.createQuery(countQuery);
            countParams.forEach(cq::setParameter);
            total = cq.getSingleResult();
            if (limit == 0 || offset >= total) return new Page<>(List.of(), total);
        } else if (limit == 0) {
            return new Page<>(List.of(), total);
        }
        CriteriaQuery<T> select = cb.createQuery(type);
        Root<T> root = select.from(type);
        Map<ParameterExpression<Object>, Object> params = new LinkedHashMap<>();
        select.select(root).where(where(cb, select, root, q, params));
        List<jakarta.persistence.criteria.Order> order = new ArrayList<>();
        for (EncodedQuery.Order o : q.orders()) {
            Path<Object> p = root.get(o.field().attribute());
            order.add(o.descending() ? cb.desc(p) : cb.asc(p));
        }
        if (q.orders().isEmpty())
            for (String a : defaultOrder) order.add(a.startsWith("-") ? cb.desc(root.get(a.substring(1))) : cb.asc(root.get(a)));
        order.add(cb.asc(root.get(tieBreaker)));
        select.orderBy(order);
        TypedQuery<T> query = em.createQuery(select).setFirstResult(offset).setMaxResults(limit);
        params.forEach(query::setParameter);
        return new Page<>(query.getResultList(), total);
    }

    /**
     * The count and aggregates of the rows matching {@code q}, per distinct value of {@code groupBy} (all rows in
     * one group when it is empty), groups in the order of their keys.
     */
    public static List<Group> aggregate(EntityManager em, Class<?> type, EncodedQuery q, List<QueryFields.Field> groupBy,
                                        List<Aggregate> aggregates) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Tuple> query = cb.createTupleQuery();
        Root<?> root = query.from(type);
        Map<ParameterExpression<Object>, Object> params = new LinkedHashMap<>();
        List<Selection<?>> select = new ArrayList<>();
        List<Expression<?>> keys = new ArrayList<>();
        for (QueryFields.Field f : groupBy) {
            Path<Object> p = root.get(f.attribute());
            keys.add(p);
            select.add(p);
        }
        select.add(cb.count(root));
        for (Aggregate a : aggregates) {
            Expression<Number> n = root.get(a.field().attribute());
            switch (a.function()) {
                // Derby's AVG of an INTEGER column is an INTEGER: the average is the sum over the count of values
                case "AVG" -> {
                    select.add(cb.sum(n.as(Long.class)));
                    select.add(cb.count(n));
                }
                case "MIN" -> select.add(cb.min(n));
                case "MAX" -> select.add(cb.max(n));
                case "SUM" -> select.add(cb.sum(n.as(Long.class)));
                default -> throw new InvalidQueryException("unknown aggregate " + a.function());
            }
        }
        query.multiselect(select).where(where(cb, query, root, q, params));
        if (!keys.isEmpty()) {
            query.groupBy(keys);
            List<jakarta.persistence.criteria.Order> order = new ArrayList<>();
            for (Expression<?> k : keys) order.add(cb.asc(k));
            query.orderBy(order);
        }
        TypedQuery<Tuple> typed = em.createQuery(query);
        params.forEach(typed::setParameter);
        List<Group> out = new ArrayList<>();
        for (Tuple t : typed.getResultList()) {
            List<Object> k = new ArrayList<>();
            for (int i = 0; i < groupBy.size(); i++) k.add(t.get(i));
            long count = ((Number) t.get(groupBy.size())).longValue();
            List<Object> values = new ArrayList<>();
            int at = groupBy.size() + 1;
            for (Aggregate a : aggregates) {
                if (a.function().equals("AVG")) {
                    Number sum = (Number) t.get(at++);
                    long n = ((Number) t.get(at++)).longValue();
                    values.add(sum == null || n == 0 ? null : sum.doubleValue() / n);
                } else {
                    values.add(t.get(at++));
                }
            }
            out.add(new Group(k, count, values));
        }
        return out;
    }

    /** The where clause: an OR of the {@code ^NQ} queries, each an AND of OR-groups; values go into {@code params}. */
    static Predicate where(CriteriaBuilder cb, AbstractQuery<?> query, Root<?> root, EncodedQuery q,
                           Map<ParameterExpression<Object>, Object> params) {
        List<Predicate> any = new ArrayList<>();
        for (List<List<EncodedQuery.Condition>> groups : q.queries()) {
            List<Predicate> and = new ArrayList<>();
            for (List<EncodedQuery.Condition> group : groups) {
                List<Predicate> or = new ArrayList<>();
                for (EncodedQuery.Condition c : group) or.add(walk(cb, query, root, c, params));
                and.add(or.size() == 1 ? or.get(0) : cb.or(or.toArray(Predicate[]::new)));
            }
            any.add(cb.and(and.toArray(Predicate[]::new)));
        }
        if (any.isEmpty()) return cb.and();
        return any.size() == 1 ? any.get(0) : cb.or(any.toArray(Predicate[]::new));
    }

    /**
     * A dot-walked condition holds where the reference names a record of the other table for which it holds; a
     * negation or ISEMPTY also holds where the reference is empty (the walked field is then empty too).
     */
    private static Predicate walk(CriteriaBuilder cb, AbstractQuery<?> query, Root<?> root, EncodedQuery.Condition c,
                                  Map<ParameterExpression<Object>, Object> params) {
        if (c.via() == null) return predicate(cb, root, c, params);
        Subquery<String> sub = query.subquery(String.class);
        Root<?> target = sub.from(c.via().targetEntity().get());
        sub.select(target.get("sysId")).where(predicate(cb, target, new EncodedQuery.Condition(c.field(), c.operator(), c.value()), params));
        Path<Object> ref = root.get(c.via().attribute());
        Predicate in = ref.in(sub);
        return switch (c.operator()) {
            case NOT_EQUALS, NOT_IN, NOT_LIKE, ISEMPTY -> cb.or(in, cb.isNull(ref));
            default -> in;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Predicate predicate(CriteriaBuilder cb, Root<?> root, EncodedQuery.Condition c,
                                       Map<ParameterExpression<Object>, Object> params) {
        Path<Object> path = root.get(c.field().attribute());
        Object value = c.value();
        switch (c.operator()) {
            case LIKE, NOT_LIKE, STARTSWITH, ENDSWITH -> {
                String pattern = escapeLike(((String) value).toLowerCase(Locale.ROOT));
                pattern = switch (c.operator()) {
                    case STARTSWITH -> pattern + "%";
                    case ENDSWITH -> "%" + pattern;
                    default -> "%" + pattern + "%";
                };
                Expression<String> lower = cb.lower(path.as(String.class));
                Predicate like = cb.like(lower, (Expression<String>) (Expression<?>) param(cb, params, String.class, pattern), LIKE_ESCAPE);
                // ServiceNow's negations also match records where the field is empty
                return c.operator() == EncodedQuery.Operator.NOT_LIKE ? cb.or(cb.not(like), cb.isNull(path)) : like;
            }
            case ISEMPTY -> {
                return empty(cb, path, c.field(), params);
            }
            case ISNOTEMPTY -> {
                return cb.not(empty(cb, path, c.field(), params));
            }
            case ANYTHING -> {
                return cb.and();
            }
            case SAMEAS -> {
                return cb.equal(path, root.get(((QueryFields.Field) value).attribute()));
            }
            case NSAMEAS -> {
                Path<Object> other = root.get(((QueryFields.Field) value).attribute());
                return cb.or(cb.notEqual(path, other), cb.and(cb.isNull(path), cb.isNotNull(other)), cb.and(cb.isNotNull(path), cb.isNull(other)));
            }
            case IN, NOT_IN -> {
                List<Predicate> each = new ArrayList<>();
                for (Object v : (List<Object>) value) each.add(equal(cb, path, v, params));
                Predicate in = cb.or(each.toArray(Predicate[]::new));
                return c.operator() == EncodedQuery.Operator.IN ? in : cb.or(cb.not(in), cb.isNull(path));
            }
            case BETWEEN -> {
                List<Object> ends = (List<Object>) value;
                Expression<Comparable> x = (Expression<Comparable>) (Expression<?>) comparable(path, ends.get(0));
                return cb.and(cb.greaterThanOrEqualTo(x, low(cb, params, ends.get(0))), upper(cb, params, x, ends.get(1)));
            }
            case GREATER, GREATER_OR_EQUAL, LESS, LESS_OR_EQUAL -> {
                Expression<Comparable> x = (Expression<Comparable>) (Expression<?>) comparable(path, value);
                boolean time = value instanceof EncodedQuery.TimeRange;
                EncodedQuery.TimeRange r = time ? (EncodedQuery.TimeRange) value : null;
                return switch (c.operator()) {
                    // a time names a whole second: after it means from its end on
                    case GREATER -> time ? cb.greaterThanOrEqualTo(x, bound(cb, params, r.until())) : cb.greaterThan(x, bound(cb, params, value));
                    case GREATER_OR_EQUAL -> cb.greaterThanOrEqualTo(x, time ? bound(cb, params, r.from()) : bound(cb, params, value));
                    case LESS -> cb.lessThan(x, time ? bound(cb, params, r.from()) : bound(cb, params, value));
                    default -> time ? cb.lessThan(x, bound(cb, params, r.until())) : cb.lessThanOrEqualTo(x, bound(cb, params, value));
                };
            }
            case EQUALS, NOT_EQUALS -> {
                boolean not = c.operator() == EncodedQuery.Operator.NOT_EQUALS;
                if (value == null) return not ? cb.not(empty(cb, path, c.field(), params)) : empty(cb, path, c.field(), params);
                Predicate eq = equal(cb, path, value, params);
                // ServiceNow's != also matches records where the field is empty
                return not ? cb.or(cb.not(eq), cb.isNull(path)) : eq;
            }
            default -> throw new InvalidQueryException("unsupported operator");
        }
    }

    /** Null, or for text also the empty string. */
    private static Predicate empty(CriteriaBuilder cb, Path<Object> path, QueryFields.Field f, Map<ParameterExpression<Object>, Object> params) {
        if (f.type() != QueryFields.Type.STRING) return cb.isNull(path);
        return cb.or(cb.isNull(path), cb.equal(path.as(String.class), param(cb, params, String.class, "")));
    }

    @SuppressWarnings("unchecked")
    private static Predicate equal(CriteriaBuilder cb, Path<Object> path, Object value, Map<ParameterExpression<Object>, Object> params) {
        if (value instanceof EncodedQuery.TimeRange r) {
            Expression<Long> millis = path.as(Long.class);
            return cb.and(
                    cb.greaterThanOrEqualTo(millis, (Expression<Long>) (Expression<?>) param(cb, params, Long.class, r.from())),
                    cb.lessThan(millis, (Expression<Long>) (Expression<?>) param(cb, params, Long.class, r.until())));
        }
        if (value instanceof Boolean b) {
            // a bound Boolean becomes 1/0 on EclipseLink's Derby platform, which Derby will not compare to BOOLEAN
            Expression<Boolean> flag = path.as(Boolean.class);
            return b ? cb.isTrue(flag) : cb.isFalse(flag);
        }
        return cb.equal(path, param(cb, params, value.getClass(), value));
    }

    private static Expression<?> comparable(Path<Object> path, Object sample) {
        if (sample instanceof EncodedQuery.TimeRange) return path.as(Long.class);
        if (sample instanceof Integer) return path.as(Integer.class);
        return path.as(String.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Expression<Comparable> bound(CriteriaBuilder cb, Map<ParameterExpression<Object>, Object> params, Object value) {
        return (Expression<Comparable>) (Expression<?>) param(cb, params, value.getClass(), value);
    }

    @SuppressWarnings("rawtypes")
    private static Expression<Comparable> low(CriteriaBuilder cb, Map<ParameterExpression<Object>, Object> params, Object v) {
        return bound(cb, params, v instanceof EncodedQuery.TimeRange r ? r.from() : v);
    }

    /** BETWEEN includes its upper end: for a time, the whole second or day it names. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Predicate upper(CriteriaBuilder cb, Map<ParameterExpression<Object>, Object> params, Expression<Comparable> x, Object v) {
        if (v instanceof EncodedQuery.TimeRange r) return cb.lessThan(x, bound(cb, params, r.until()));
        return cb.lessThanOrEqualTo(x, bound(cb, params, v));
    }

    @SuppressWarnings("unchecked")
    private static ParameterExpression<Object> param(CriteriaBuilder cb, Map<ParameterExpression<Object>, Object> params,
                                                     Class<?> type, Object value) {
        ParameterExpression<Object> p = (ParameterExpression<Object>) cb.parameter(type, "p" + params.size());
        params.put(p, value);
        return p;
    }

    /** LIKE wildcards in the value match themselves. */
    static String escapeLike(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char ch : s.toCharArray()) {
            if (ch == '%' || ch == '_' || ch == LIKE_ESCAPE) b.append(LIKE_ESCAPE);
            b.append(ch);
        }
        return b.toString();
    }
}
