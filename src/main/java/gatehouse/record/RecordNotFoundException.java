package gatehouse.record;

/** No record with that sys_id in that table. */
public class RecordNotFoundException extends RuntimeException {
    public RecordNotFoundException(String table, String sysId) {
        super("No Record found: " + table + " " + sysId);
    }
}
