package gatehouse.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gatehouse.record.EncodedQuery.Condition;
import gatehouse.record.EncodedQuery.Operator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedQueryTest {
    private static final QueryFields FIELDS = QueryFields.builder()
            .string("number", "number").string("short_description", "shortDescription").string("category", "category")
            .integer("state", "state").integer("priority", "priority").bool("active", "active")
            .dateTime("sys_created_on", "createdOn").build();

    private static EncodedQuery parse(String q) {
        return EncodedQuery.parse(q, FIELDS);
    }

    private static void refused(String q) {
        assertThrows(InvalidQueryException.class, () -> parse(q), q);
    }

    @Test
    void emptyOrBlankQueryHasNoConditions() {
        assertEquals(EncodedQuery.NONE, parse(null));
        assertEquals(EncodedQuery.NONE, parse(""));
        assertEquals(EncodedQuery.NONE, parse("   "));
    }

    @Test
    void equalsAndNotEqualsAreTypedByField() {
        EncodedQuery q = parse("state=2^category!=network^active=true");
        assertEquals(3, q.where().size());
        Condition state = q.where().get(0).get(0);
        assertEquals("state", state.field().name());
        assertEquals(Operator.EQUALS, state.operator());
        assertEquals(2, state.value());
        Condition category = q.where().get(1).get(0);
        assertEquals(Operator.NOT_EQUALS, category.operator());
        assertEquals("network", category.value());
        assertEquals(Boolean.TRUE, q.where().get(2).get(0).value());
    }

    @Test
    void likeAndStartsWith() {
        EncodedQuery q = parse("short_descriptionLIKEemail^numberSTARTSWITHINC001");
        assertEquals(Operator.LIKE, q.where().get(0).get(0).operator());
        assertEquals("email", q.where().get(0).get(0).value());
        assertEquals(Operator.STARTSWITH, q.where().get(1).get(0).operator());
        assertEquals("INC001", q.where().get(1).get(0).value());
    }

    @Test
    void orBindsTighterThanAnd() {
        EncodedQuery q = parse("state=1^ORstate=2^category=network");
        assertEquals(2, q.where().size());
        assertEquals(2, q.where().get(0).size());
        assertEquals(1, q.where().get(1).size());
    }

    @Test
    void orderByAndOrderByDesc() {
        EncodedQuery q = parse("state=1^ORDERBYpriority^ORDERBYDESCnumber");
        assertEquals(List.of("priority", "number"), q.orders().stream().map(o -> o.field().name()).toList());
        assertFalse(q.orders().get(0).descending());
        assertTrue(q.orders().get(1).descending());
        assertEquals(1, q.where().size());
    }

    @Test
    void emptyPartsAndTrailingEqAreIgnored() {
        assertEquals(2, parse("^state=1^^category=x^").where().size());
        assertEquals(1, parse("state=1^EQ").where().size());
        assertEquals(EncodedQuery.NONE.where(), parse("^^^").where());
    }

    @Test
    void emptyValueMeansIsEmptyForTextAndIsRefusedOtherwise() {
        assertNull(parse("category=").where().get(0).get(0).value());
        refused("state=");
        refused("active=");
    }

    @Test
    void valuesKeepQuotesAndSqlAsPlainText() {
        String hostile = "x' OR '1'='1";
        assertEquals(hostile, parse("short_description=" + hostile).where().get(0).get(0).value());
        String sql = "'; DROP TABLE incident; --";
        assertEquals(sql, parse("short_descriptionLIKE" + sql).where().get(0).get(0).value());
        assertEquals("%_\\", parse("short_descriptionLIKE%_\\").where().get(0).get(0).value());
        assertEquals("a=b!=c", parse("short_description=a=b!=c").where().get(0).get(0).value());
    }

    @Test
    void unknownFieldsAreRefused() {
        refused("password_hash=x");
        refused("client_secret_hash=x");
        refused("caller_id.name=x");
        refused("Number=INC1");
        refused("ORDERBYpassword_hash");
        refused("ORDERBY");
        refused("=x");
        refused("1=1");
        refused("number); DROP TABLE incident; --=x");
        refused("(number=x)");
    }

    @Test
    void unknownOrUnsupportedOperatorsAreRefused() {
        // changed in this version: >, <=, IN, ENDSWITH, NOT LIKE, ISEMPTY and ^NQ are ServiceNow's and now supported
        refused("number");
        refused("numberlike x");
        refused("numberEMPTYSTRING");
        refused("numberDYNAMIC1234");
        refused("state=>1");
        refused("numberISEMPTYx");
        refused("^NQstate=1");
        refused("state=1^NQ");
    }

    @Test
    void serviceNowOperatorsAreTypedByField() {
        assertEquals(Operator.GREATER, parse("state>1").where().get(0).get(0).operator());
        assertEquals(1, parse("state>1").where().get(0).get(0).value());
        assertEquals(Operator.GREATER_OR_EQUAL, parse("state>=1").where().get(0).get(0).operator());
        assertEquals(Operator.LESS_OR_EQUAL, parse("state<=1").where().get(0).get(0).operator());
        assertEquals(Operator.LESS, parse("sys_created_on<2026-01-02").where().get(0).get(0).operator());
        Condition in = parse("stateIN1,2,6").where().get(0).get(0);
        assertEquals(Operator.IN, in.operator());
        assertEquals(List.of(1, 2, 6), in.value());
        assertEquals(Operator.NOT_IN, parse("numberNOT INa,b").where().get(0).get(0).operator());
        assertEquals(List.of("a", "b"), parse("numberNOT INa,b").where().get(0).get(0).value());
        assertEquals(Operator.NOT_LIKE, parse("numberNOT LIKEx").where().get(0).get(0).operator());
        assertEquals(Operator.ENDSWITH, parse("numberENDSWITH01").where().get(0).get(0).operator());
        assertNull(parse("numberISEMPTY").where().get(0).get(0).value());
        assertEquals(Operator.ISNOTEMPTY, parse("numberISNOTEMPTY").where().get(0).get(0).operator());
        assertEquals(Operator.ANYTHING, parse("numberANYTHING").where().get(0).get(0).operator());
        assertEquals(List.of(1, 3), parse("stateBETWEEN1@3").where().get(0).get(0).value());
        Condition same = parse("stateSAMEASpriority").where().get(0).get(0);
        assertEquals(Operator.SAMEAS, same.operator());
        assertEquals("priority", ((QueryFields.Field) same.value()).name());
        assertEquals(Operator.NSAMEAS, parse("numberNSAMEAScategory").where().get(0).get(0).operator());
        refused("stateINone,2");
        refused("stateIN1,,2");
        refused("stateBETWEEN1");
        refused("stateBETWEEN1@2@3");
        refused("activeBETWEENtrue@false");
        refused("active>true");
        refused("stateNOT LIKE1");
        refused("stateENDSWITH1");
        refused("stateSAMEASnumber");
        refused("stateSAMEASpassword_hash");
        refused("sys_created_onIN2026-01-01");
        refused("state>");
    }

    @Test
    void newQueriesAreAlternatives() {
        EncodedQuery q = parse("state=1^category=network^NQstate=2^ORstate=3^ORDERBYnumber");
        assertEquals(2, q.queries().size());
        assertEquals(2, q.queries().get(0).size());
        assertEquals(1, q.queries().get(1).size());
        assertEquals(2, q.queries().get(1).get(0).size());
        assertEquals(1, q.orders().size());
    }

    @Test
    void referencesAreWalkedOneLevel() {
        QueryFields users = QueryFields.builder().string("user_name", "userName").bool("active", "active").build();
        QueryFields incidents = QueryFields.builder().string("number", "number")
                .reference("caller_id", "callerId", () -> users, () -> gatehouse.store.User.class).build();
        Condition c = EncodedQuery.parse("caller_id.user_name=abel.tuter", incidents).where().get(0).get(0);
        assertEquals("caller_id", c.via().name());
        assertEquals("user_name", c.field().name());
        assertEquals("abel.tuter", c.value());
        assertEquals(Boolean.TRUE, EncodedQuery.parse("caller_id.active=true", incidents).where().get(0).get(0).value());
        assertThrows(InvalidQueryException.class, () -> EncodedQuery.parse("caller_id.password_hash=x", incidents));
        assertThrows(InvalidQueryException.class, () -> EncodedQuery.parse("caller_id.user_name.x=y", incidents));
        assertThrows(InvalidQueryException.class, () -> EncodedQuery.parse("number.user_name=y", incidents));
        assertThrows(InvalidQueryException.class, () -> EncodedQuery.parse("ORDERBYcaller_id.user_name", incidents));
    }

    @Test
    void operatorsNeedTheRightFieldType() {
        refused("stateLIKE1");
        refused("stateSTARTSWITH1");
        refused("activeLIKEtrue");
        refused("state=two");
        refused("state=1.5");
        refused("state=99999999999999999999");
        refused("active=yes");
        refused("sys_created_on=yesterday");
    }

    @Test
    void timesCoverTheSecondOrDayNamed() {
        EncodedQuery.TimeRange second = (EncodedQuery.TimeRange) parse("sys_created_on=2026-01-02 03:04:05").where().get(0).get(0).value();
        assertEquals(1000, second.until() - second.from());
        EncodedQuery.TimeRange day = (EncodedQuery.TimeRange) parse("sys_created_on=2026-01-02").where().get(0).get(0).value();
        assertEquals(86_400_000L, day.until() - day.from());
        assertEquals(day.from() + 3 * 3600_000L + 4 * 60_000L + 5000, second.from());
    }

    @Test
    void orWithoutAPreviousConditionIsRefused() {
        refused("ORstate=1");
        refused("^ORstate=1");
        refused("state=1^OR");
    }

    @Test
    void hugeInputIsRefusedQuickly() {
        refused("number=" + "x".repeat(EncodedQuery.MAX_LENGTH));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= EncodedQuery.MAX_CONDITIONS; i++) many.append("state=1^");
        refused(many.toString());
        StringBuilder orders = new StringBuilder();
        for (int i = 0; i <= EncodedQuery.MAX_ORDERS; i++) orders.append("ORDERBYnumber^");
        refused(orders.toString());
    }

    @Test
    void controlCharactersAndUnicodeAreJustValues() {
        assertEquals("a\u0000b", parse("short_description=a\u0000b").where().get(0).get(0).value());
        assertEquals("ünïcødé ✓", parse("short_descriptionLIKEünïcødé ✓").where().get(0).get(0).value());
        refused("\u0000=1");
    }

    @Test
    void likeWildcardsAreEscaped() {
        assertEquals("100\\%\\_\\\\", RecordList.escapeLike("100%_\\"));
    }
}
