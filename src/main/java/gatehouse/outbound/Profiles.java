package gatehouse.outbound;

import gatehouse.keys.Secrets;
import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.InvalidRecordException;
import gatehouse.record.RecordInput;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.OAuthProfile;
import gatehouse.store.RestMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** OAuth entity profiles ({@code oauth_entity_profile}): the grant and scopes Gatehouse asks a provider for. */
public final class Profiles {
    public static final String TABLE = "oauth_entity_profile";
    public static final Set<String> FIELDS = Set.of("sys_id", "name", "oauth_entity", "grant_type", "scopes", "is_default", "jwt_subject", "jwt_audience",
            "sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");
    private static final Set<String> READ_ONLY = Set.of("sys_created_on", "sys_updated_on", "sys_created_by", "sys_updated_by", "sys_mod_count");

    private final Database db;

    public Profiles(Database db) {
        this.db = db;
    }

    public OAuthProfile find(String sysId) {
        OAuthProfile p = sysId == null ? null : db.read(em -> em.find(OAuthProfile.class, sysId));
        if (p == null) throw new RecordNotFoundException(TABLE, sysId);
        return p;
    }

    public List<OAuthProfile> list() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT p FROM OAuthProfile p ORDER BY p.name, p.sysId", OAuthProfile.class).getResultList()));
    }

    public OAuthProfile create(RecordInput in, Actor actor) {
        return db.tx(em -> {
            OAuthProfile p = new OAuthProfile();
            p.sysId = Secrets.sysId();
            apply(em, p, in, true);
            long now = System.currentTimeMillis();
            p.createdOn = now;
            p.updatedOn = now;
            p.createdBy = actor.userName();
            p.updatedBy = actor.userName();
            if (p.isDefault) clearDefault(em, p);
            em.persist(p);
            Audit.record(em, actor, "create", TABLE, p.sysId, "name=" + p.name + " fields=" + Providers.changed(in));
            return p;
        });
    }

    public OAuthProfile update(String sysId, RecordInput in, Actor actor) {
        return db.tx(em -> {
            OAuthProfile p = em.find(OAuthProfile.class, sysId);
            if (p == null) throw new RecordNotFoundException(TABLE, sysId);
            String oldGrant = p.grantType;
            String oldScopes = p.scopes;
            apply(em, p, in, false);
            if (p.isDefault) clearDefault(em, p);
            if (!p.grantType.equals(oldGrant) || !java.util.Objects.equals(p.scopes, oldScopes)) {
                // tokens got under another grant or other scopes no longer describe this profile
                em.createQuery("DELETE FROM OAuthCredential c WHERE c.profile = :p").setParameter("p", p.sysId).executeUpdate();
            }
            p.updatedOn = System.currentTimeMillis();
            p.updatedBy = actor.userName();
            Audit.record(em, actor, "update", TABLE, p.sysId, "name=" + p.name + " fields=" + Providers.changed(in));
            return p;
        });
    }

    public void delete(String sysId, Actor actor) {
        db.tx(em -> {
            OAuthProfile p = em.find(OAuthProfile.class, sysId);
            if (p == null) throw new RecordNotFoundException(TABLE, sysId);
            List<RestMessage> users = em.createQuery("SELECT m FROM RestMessage m WHERE m.oauthProfile = :p", RestMessage.class)
                    .setParameter("p", sysId).getResultList();
            if (!users.isEmpty()) throw new InvalidRecordException("sys_id", "is used by the REST message '" + users.get(0).name + "'; change that first");
            em.createQuery("DELETE FROM OAuthCredential c WHERE c.profile = :p").setParameter("p", sysId).executeUpdate();
            em.remove(p);
            Audit.record(em, actor, "delete", TABLE, sysId, "name=" + p.name);
            return null;
        });
    }

    private static void clearDefault(jakarta.persistence.EntityManager em, OAuthProfile p) {
        for (OAuthProfile o : em.createQuery("SELECT o FROM OAuthProfile o WHERE o.oauthEntity = :e AND o.sysId <> :id", OAuthProfile.class)
                .setParameter("e", p.oauthEntity).setParameter("id", p.sysId).getResultList())
            o.isDefault = false;
    }

    private static void apply(jakarta.persistence.EntityManager em, OAuthProfile p, RecordInput in, boolean creating) {
        for (String f : READ_ONLY) if (in.has(f)) in.error(f, "is read-only");
        in.refuseUnknown(FIELDS);
        String name = in.text("name", 200);
        if ((creating || in.has("name")) && name == null) in.error("name", "is required");
        String entity = in.text("oauth_entity", 32);
        Application provider = null;
        if (creating && entity == null && !in.errors().containsKey("oauth_entity")) in.error("oauth_entity", "is required (the provider's sys_id)");
        if (entity != null) {
            if (!creating && !entity.equals(p.oauthEntity)) in.error("oauth_entity", "cannot be changed; create a new profile");
            provider = em.find(Application.class, entity);
            if (!Providers.isProvider(provider)) in.error("oauth_entity", "is not the sys_id of an OAuth provider");
        }
        String grant = in.choice("grant_type", Providers.GRANT_TYPES);
        List<String> scopes = in.list("scopes", 50, 200);
        if (scopes != null) for (String s : scopes)
            if (!s.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)))
                in.error("scopes", "'" + s + "' is not a scope token (RFC 6749 §3.3)");
        Boolean isDefault = in.bool("is_default");
        String subject = in.text("jwt_subject", 200);
        String audience = in.text("jwt_audience", 2000);
        in.throwIfInvalid();
        if (in.has("jwt_subject")) p.jwtSubject = subject;
        if (in.has("jwt_audience")) p.jwtAudience = audience;
        if (name != null) p.name = name;
        if (creating) p.oauthEntity = entity;
        if (grant != null) p.grantType = grant;
        else if (creating) p.grantType = provider.defaultGrantType;
        if (scopes != null) p.scopes = RecordInput.join(scopes);
        if (isDefault != null) p.isDefault = isDefault;
    }
}
