package gatehouse.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.ParameterExpression;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs an {@link EncodedQuery} as JPA Criteria: every value a bound parameter, every field an attribute
 * from the table's whitelist. One page of rows plus the total count of matching rows.
 */
public final class RecordList {
    private static final char LIKE_ESCAPE = '\\';

    /** One page and the number of all matching records. */
    public record Page<T>(List<T> rows, long total) { }

    private RecordList() { }

    /**
     * @param defaultOrder attributes to sort by when the query names none; {@code tieBreaker} always ends
     *                     the sort so that pages do not overlap
     */
    public static <T> Page<T> run(EntityManager em, Class<T> type, EncodedQuery q, int offset, int limit,
                                  List<String> defaultOrder, String tieBreaker) {
        CriteriaBuilder cb = em.getCriteriaBuilder();

        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Root<T> countRoot = count.from(type);
        Map<ParameterExpression<Object>, Object> countParams = new LinkedHashMap<>();
        count.select(cb.count(countRoot)).where(where(cb, countRoot, q, countParams));
        TypedQuery<Long> countQuery = em.createQuery(count);
        countParams.forEach(countQuery::setParameter);
        long total = countQuery.getSingleResult();

        if (limit == 0 || offset >= total) return new Page<>(List.of(), total);
        CriteriaQuery<T> select = cb.createQuery(type);
        Root<T> root = select.from(type);
        Map<ParameterExpression<Object>, Object> params = new LinkedHashMap<>();
        select.select(root).where(where(cb, root, q, params));
        List<jakarta.persistence.criteria.Order> order = new ArrayList<>();
        for (EncodedQuery.Order o : q.orders()) {
            Path<Object> p = root.get(o.field().attribute());
            order.add(o.descending() ? cb.desc(p) : cb.asc(p));
        }
        if (q.orders().isEmpty()) for (String a : defaultOrder) order.add(cb.asc(root.get(a)));
        order.add(cb.asc(root.get(tieBreaker)));
        select.orderBy(order);
        TypedQuery<T> query = em.createQuery(select).setFirstResult(offset).setMaxResults(limit);
        params.forEach(query::setParameter);
        return new Page<>(query.getResultList(), total);
    }

    /** The where clause: an AND of OR-groups; values go into {@code params}. */
    static Predicate where(CriteriaBuilder cb, Root<?> root, EncodedQuery q, Map<ParameterExpression<Object>, Object> params) {
        List<Predicate> and = new ArrayList<>();
        for (List<EncodedQuery.Condition> group : q.where()) {
            List<Predicate> or = new ArrayList<>();
            for (EncodedQuery.Condition c : group) or.add(predicate(cb, root, c, params));
            and.add(or.size() == 1 ? or.get(0) : cb.or(or.toArray(Predicate[]::new)));
        }
        return cb.and(and.toArray(Predicate[]::new));
    }

    @SuppressWarnings("unchecked")
    private static Predicate predicate(CriteriaBuilder cb, Root<?> root, EncodedQuery.Condition c,
                                       Map<ParameterExpression<Object>, Object> params) {
        Path<Object> path = root.get(c.field().attribute());
        Object value = c.value();
        switch (c.operator()) {
            case LIKE, STARTSWITH -> {
                String pattern = escapeLike(((String) value).toLowerCase(Locale.ROOT));
                pattern = (c.operator() == EncodedQuery.Operator.LIKE ? "%" : "") + pattern + "%";
                Expression<String> text = cb.lower(path.as(String.class));
                return cb.like(text, (Expression<String>) (Expression<?>) param(cb, params, String.class, pattern), LIKE_ESCAPE);
            }
            case EQUALS, NOT_EQUALS -> {
                boolean not = c.operator() == EncodedQuery.Operator.NOT_EQUALS;
                if (value == null) return not ? cb.isNotNull(path) : cb.isNull(path);
                if (value instanceof EncodedQuery.TimeRange r) {
                    Expression<Long> millis = path.as(Long.class);
                    Predicate inside = cb.and(
                            cb.greaterThanOrEqualTo(millis, (Expression<Long>) (Expression<?>) param(cb, params, Long.class, r.from())),
                            cb.lessThan(millis, (Expression<Long>) (Expression<?>) param(cb, params, Long.class, r.until())));
                    return not ? cb.not(inside) : inside;
                }
                if (value instanceof Boolean b) {
                    // a bound Boolean becomes 1/0 on EclipseLink's Derby platform, which Derby will not compare to BOOLEAN
                    Expression<Boolean> flag = path.as(Boolean.class);
                    return b != not ? cb.isTrue(flag) : cb.isFalse(flag);
                }
                ParameterExpression<Object> p = param(cb, params, value.getClass(), value);
                if (!not) return cb.equal(path, p);
                // ServiceNow's != also matches records where the field is empty
                return cb.or(cb.notEqual(path, p), cb.isNull(path));
            }
            default -> throw new InvalidQueryException("unsupported operator");
        }
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
