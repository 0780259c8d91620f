package gatehouse.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import gatehouse.Gatehouse;
import gatehouse.client.Registry;
import gatehouse.outbound.Providers;
import gatehouse.record.Actor;
import gatehouse.record.EncodedQuery;
import gatehouse.record.QueryFields;
import gatehouse.record.RecordList;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.store.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code oauth_entity} over the Table API: roles {@code admin} or {@code oauth_admin}; the secret only on create. */
final class ApplicationTable implements Table {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Gatehouse g;

    ApplicationTable(Gatehouse g) {
        this.g = g;
    }

    @Override
    public void authorizeRead(Caller c) {
        if (!c.isOAuthAdmin()) throw ApiException.forbidden("oauth_entity needs the admin or oauth_admin role");
        Scopes.require(c, "useraccount");
    }

    @Override
    public void authorizeWrite(Caller c) {
        authorizeRead(c);
    }

    /** What {@code sysparm_query} may name on oauth_entity (never the secret's hash). */
    static final QueryFields QUERY_FIELDS = QueryFields.builder()
            .string("sys_id", "sysId").string("type", "type").string("name", "name").string("provider_name", "providerName")
            .string("client_id", "clientId").bool("public_client", "publicClient").string("redirect_urls", "redirectUrls")
            .string("grant_types", "grantTypes").string("auth_scopes", "authScopes").string("default_scopes", "defaultScopes")
            .bool("enforce_token_restriction", "enforceTokenRestriction").string("api_access_policies", "apiAccessPolicies")
            .string("token_format", "tokenFormat").integer("access_token_lifespan", "accessTokenLifespan")
            .integer("refresh_token_lifespan", "refreshTokenLifespan").string("signing_alg", "signingAlg")
            .bool("first_party", "firstParty").bool("active", "active")
            .dateTime("sys_created_on", "createdOn").dateTime("sys_updated_on", "updatedOn")
            .string("sys_created_by", "createdBy").string("sys_updated_by", "updatedBy").integer("sys_mod_count", "modCount")
            .build();

    @Override
    public Page list(ListQuery q, Caller c) {
        EncodedQuery query = EncodedQuery.parse(q.query(), QUERY_FIELDS);
        RecordList.Page<Application> page = g.db.read(em -> RecordList.run(em, Application.class, query, q.offset(), q.limit(),
                List.of("createdOn"), "sysId"));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Application a : page.rows()) rows.add(ListQuery.select(Providers.isProvider(a) ? OutboundJson.provider(g, a) : json(a), q.fields()));
        return new Page(rows, page.total(), q.limit(), q.offset());
    }

    @Override
    public Map<String, Object> get(String sysId, Caller c) {
        Application a = g.registry.find(sysId);
        if (a == null) throw new RecordNotFoundException(Registry.TABLE, sysId);
        return Providers.isProvider(a) ? OutboundJson.provider(g, a) : json(a);
    }

    @Override
    public Map<String, Object> create(Map<String, Object> body, Caller c, Actor actor) {
        body.remove("sys_id");
        if (Providers.TYPE.equals(body.get("type"))) return OutboundJson.provider(g, g.outbound.providers.create(new RecordInput(body), actor));
        Registry.WithSecret created = g.registry.create(new RecordInput(body), actor);
        Map<String, Object> m = json(created.application());
        m.put("client_secret", created.clientSecret());
        return m;
    }

    @Override
    public Map<String, Object> update(String sysId, Map<String, Object> body, Caller c, Actor actor) {
        Object id = body.remove("sys_id");
        if (id != null && !sysId.equals(id)) throw ApiException.badRequest("sys_id in the body does not match the URL");
        if (Providers.isProvider(g.registry.find(sysId))) return OutboundJson.provider(g, g.outbound.providers.update(sysId, new RecordInput(body), actor));
        return json(g.registry.update(sysId, new RecordInput(body), actor));
    }

    @Override
    public void delete(String sysId, Caller c, Actor actor) {
        if (Providers.isProvider(g.registry.find(sysId))) g.outbound.providers.delete(sysId, actor);
        else g.registry.delete(sysId, actor);
    }

    Map<String, Object> json(Application a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sys_id", a.sysId);
        m.put("type", a.type);
        m.put("name", a.name);
        m.put("provider_name", a.providerName);
        m.put("client_id", a.clientId);
        m.put("public_client", a.publicClient);
        m.put("redirect_urls", RecordInput.split(a.redirectUrls));
        m.put("grant_types", RecordInput.split(a.grantTypes));
        m.put("auth_scopes", RecordInput.split(a.authScopes));
        m.put("default_scopes", RecordInput.split(a.defaultScopes));
        m.put("enforce_token_restriction", a.enforceTokenRestriction);
        m.put("api_access_policies", RecordInput.split(a.apiAccessPolicies));
        m.put("token_format", a.tokenFormat);
        m.put("access_token_lifespan", a.accessTokenLifespan);
        m.put("refresh_token_lifespan", a.refreshTokenLifespan);
        m.put("login_url", a.loginUrl);
        m.put("logo_url", a.logoUrl);
        m.put("signing_alg", a.signingAlg);
        User ccUser = a.clientCredentialsUser == null ? null : g.users.find(a.clientCredentialsUser);
        m.put("client_credentials_user", ccUser == null ? null : ccUser.userName);
        try {
            m.put("jwks", a.jwks == null ? null : JSON.readTree(a.jwks));
        } catch (Exception e) {
            m.put("jwks", null);
        }
        m.put("jwks_url", a.jwksUrl);
        m.put("first_party", a.firstParty);
        m.put("active", a.active);
        m.put("sys_created_on", Formats.dateTime(a.createdOn));
        m.put("sys_updated_on", Formats.dateTime(a.updatedOn));
        m.put("sys_created_by", a.createdBy);
        m.put("sys_updated_by", a.updatedBy);
        m.put("sys_mod_count", a.modCount);
        return m;
    }
}
