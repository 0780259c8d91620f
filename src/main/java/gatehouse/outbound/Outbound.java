package gatehouse.outbound;

import gatehouse.record.Actor;
import gatehouse.record.Audit;
import gatehouse.record.RecordNotFoundException;
import gatehouse.store.Application;
import gatehouse.store.Database;
import gatehouse.store.Leases;
import gatehouse.store.OAuthCredential;
import gatehouse.store.OAuthProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gatehouse as the OAuth client of third parties (CONTRACT "Outbound OAuth"): the services the Table API, the
 * outbound API, the redirect servlet and the console share. Built once by {@link gatehouse.Gatehouse}.
 */
public final class Outbound implements AutoCloseable {
    /** The settings this feature reads. */
    public record Config(long refreshSkewSeconds, long refreshIntervalSeconds, long logDays, long connectTimeoutMillis,
                         long readTimeoutMillis, int maxResponseBytes) { }

    public final Providers providers;
    public final Profiles profiles;
    public final RestMessages messages;
    public final OutboundTokens tokens;
    public final RestMessageExecutor executor;
    public final AuthorizationCodeFlow authorizationCode;
    public final OutboundLog log;
    private final Database db;
    private final TokenEndpoint endpoint;
    private final RefreshJob job;

    public Outbound(Database db, Sealer sealer, Supplier<String> issuer, Config config, Leases leases, String node) {
        this.db = db;
        OutboundHttp http = new OutboundHttp(config.connectTimeoutMillis(), config.readTimeoutMillis(), config.maxResponseBytes());
        this.providers = new Providers(db, sealer);
        this.profiles = new Profiles(db);
        this.messages = new RestMessages(db, sealer);
        this.log = new OutboundLog(db, config.logDays());
        this.endpoint = new TokenEndpoint(http, log, providers, sealer, issuer);
        this.tokens = new OutboundTokens(db, sealer, endpoint, config.refreshSkewSeconds());
        this.executor = new RestMessageExecutor(messages, profiles, tokens, http, log);
        this.authorizationCode = new AuthorizationCodeFlow(db, sealer, endpoint, tokens, issuer);
        this.job = new RefreshJob(leases, tokens, log, node, config.refreshSkewSeconds(), config.refreshIntervalSeconds());
    }

    /** Starts the scheduled refresh and purge (every node runs it; a lease lets one at a time do the work). */
    public void startJobs() {
        job.start();
    }

    public List<OAuthCredential> credentials() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT c FROM OAuthCredential c ORDER BY c.updatedOn DESC", OAuthCredential.class)
                .getResultList()));
    }

    public OAuthCredential credential(String sysId) {
        OAuthCredential c = sysId == null ? null : db.read(em -> em.find(OAuthCredential.class, sysId));
        if (c == null) throw new RecordNotFoundException("oauth_credential", sysId);
        return c;
    }

    /** Credentials waiting for a person (for the console's banner). */
    public List<OAuthCredential> needingPerson() {
        return db.read(em -> new ArrayList<>(em.createQuery("SELECT c FROM OAuthCredential c WHERE c.needsPerson = :t", OAuthCredential.class).setParameter("t", true)
                .getResultList()));
    }

    /** Revoke: sends the tokens to the provider's Token Revocation URL (RFC 7009) and deletes the credential. */
    public boolean revoke(String credentialSysId, Actor actor) {
        OAuthCredential c = credential(credentialSysId);
        Application provider = db.read(em -> em.find(Application.class, c.oauthEntity));
        boolean sent = false;
        if (Providers.isProvider(provider) && provider.tokenRevocationUrl != null) {
            String refresh = tokens.refreshToken(c);
            String access = tokens.accessToken(c);
            sent = true;
            if (refresh != null) sent = endpoint.revoke(provider, refresh, "refresh_token", c.profile, actor.userName());
            if (access != null) sent = endpoint.revoke(provider, access, "access_token", c.profile, actor.userName()) && sent;
        }
        boolean confirmed = sent;
        db.tx(em -> {
            OAuthCredential row = em.find(OAuthCredential.class, credentialSysId);
            if (row != null) em.remove(row);
            Audit.record(em, actor, "revoke", "oauth_credential", credentialSysId, "profile=" + c.profile + " revoked_at_provider=" + confirmed);
            return null;
        });
        return confirmed;
    }

    /** The profile for Get OAuth Token; refuses one whose provider is gone. */
    public OAuthProfile profile(String sysId) {
        return profiles.find(sysId);
    }

    @Override
    public void close() {
        job.stop();
    }
}
