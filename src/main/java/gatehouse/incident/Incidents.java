package gatehouse.incident;

import jakarta.persistence.EntityManager;

/** Incident rules shared by every writer: numbering and the priority matrix. */
public final class Incidents {
    private Incidents() { }

    /**
     * The next number, {@code INC0010001} onwards: the UPDATE takes the counter's row lock, so concurrent
     * creates on any node get distinct numbers, and a rolled-back create gives its number back.
     */
    public static String nextNumber(EntityManager em) {
        em.createNativeQuery("UPDATE number_counter SET next_value = next_value + 1 WHERE name = 'incident'").executeUpdate();
        Number n = (Number) em.createNativeQuery("SELECT next_value FROM number_counter WHERE name = 'incident'").getSingleResult();
        return String.format("INC%07d", n.longValue() - 1);
    }

    /** ServiceNow's priority from impact and urgency (1 high … 3 low): 1 critical … 5 planning. */
    public static int priority(int impact, int urgency) {
        int sum = impact + urgency;
        return switch (sum) {
            case 2 -> 1;
            case 3 -> 2;
            case 4 -> 3;
            case 5 -> 4;
            default -> 5;
        };
    }
}
