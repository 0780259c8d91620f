package gatehouse.attachment;

import java.util.List;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.DescriptorEvent;
import org.eclipse.persistence.descriptors.DescriptorEventAdapter;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.queries.DataModifyQuery;
import org.eclipse.persistence.sessions.Session;

/**
 * A record's attachments are deleted with it, in the same transaction, whichever service deletes it (Table API,
 * console): EclipseLink runs two bound {@code DELETE}s just before the record's own. A record is any entity keyed by
 * {@code sys_id} (incident, sys_user, oauth_entity, …). Records removed by a bulk JPQL {@code DELETE} are not seen
 * here (their attachments stay unreachable: every access first reads the record). Named in persistence.xml
 * ({@code eclipselink.session.customizer}).
 */
public final class DeletedWithTheirRecords implements SessionCustomizer {
    private static final String CHUNKS = "DELETE FROM sys_attachment_doc WHERE sys_attachment IN "
            + "(SELECT sys_id FROM sys_attachment WHERE table_name = #table AND table_sys_id = #record)";
    private static final String ATTACHMENTS = "DELETE FROM sys_attachment WHERE table_name = #table AND table_sys_id = #record";

    @Override
    public void customize(Session session) {
        for (ClassDescriptor d : session.getDescriptors().values()) {
            String table = d.getTableName();
            List<DatabaseField> key = d.getPrimaryKeyFields();
            if (table == null || Attachments.TABLE.equalsIgnoreCase(table) || key.size() != 1
                    || !"sys_id".equalsIgnoreCase(key.get(0).getName())) continue;
            String tableName = table.toLowerCase(java.util.Locale.ROOT);
            d.getEventManager().addListener(new DescriptorEventAdapter() {
                @Override
                public void aboutToDelete(DescriptorEvent e) {
                    Object sysId = e.getDescriptor().getObjectBuilder().extractPrimaryKeyFromObject(e.getObject(), e.getSession());
                    for (String sql : List.of(CHUNKS, ATTACHMENTS)) {
                        DataModifyQuery q = new DataModifyQuery(sql);
                        q.addArgument("table");
                        q.addArgument("record");
                        e.getSession().executeQuery(q, List.of(tableName, String.valueOf(sysId)));
                    }
                }
            });
        }
    }
}
