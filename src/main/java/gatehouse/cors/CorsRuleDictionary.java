package gatehouse.cors;

import gatehouse.record.Dictionary;
import gatehouse.record.RecordInput;
import gatehouse.store.CorsRule;
import java.util.Set;

/** {@code sys_cors_rule} as the Table API shows it (ServiceNow's CORS rules): role {@code admin}; writes through {@link CorsRules}. */
public final class CorsRuleDictionary {
    private static final Set<String> ADMIN = Set.of("admin");

    public static final Dictionary<CorsRule> CORS_RULE = Dictionary.of(CorsRules.TABLE, CorsRule.class)
            .access(new Dictionary.Access(ADMIN, null, ADMIN, null, false))
            .display(r -> r.name, "name").order("createdOn")
            .string("sys_id", "Sys ID", "sysId", r -> r.sysId).readOnly()
            .string("name", "Name", "name", r -> r.name)
            .string("rest_api", "REST API", "restApi", r -> r.restApi).choices("table", "Table API", "attachment", "Attachment API")
            .string("domain", "Domain", "domain", r -> r.domain)
            .list("http_method", "HTTP methods", "httpMethods", r -> RecordInput.split(r.httpMethods))
            .list("allowed_headers", "Allowed headers", "allowedHeaders", r -> RecordInput.split(r.allowedHeaders))
            .list("exposed_headers", "Exposed headers", "exposedHeaders", r -> RecordInput.split(r.exposedHeaders))
            .integer("max_age", "Max age", "maxAge", r -> r.maxAge)
            .bool("active", "Active", "active", r -> r.active)
            .system(r -> r.createdOn, r -> r.updatedOn, r -> r.createdBy, r -> r.updatedBy, r -> r.modCount)
            .build();

    private CorsRuleDictionary() { }
}
