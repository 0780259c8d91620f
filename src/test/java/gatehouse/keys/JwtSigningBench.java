package gatehouse.keys;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.util.Date;
import java.util.function.Supplier;

/**
 * Not a test: run by hand (bench/README.md "RS256 in a real Tomcat"). CPU time of this thread per access token signed, jjwt's builder (as
 * JwtAccessTokens signed until 2026-12-03) against {@link JwsSigner}, RS256 and ES256, with the native provider
 * when it loads and with the JDK's; alternating the two, several rounds, after a warm-up, so both meet the same noise.
 */
public final class JwtSigningBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile int sink;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Provider accp = NativeCrypto.loadNative();
        System.out.println("java " + System.getProperty("java.version") + ", " + n + " tokens per measurement, " + rounds + " rounds");
        for (Provider p : accp == null ? new Provider[] {null} : new Provider[] {accp, null}) {
            for (String alg : new String[] {SigningKeys.RS256, SigningKeys.ES256}) {
                SignatureAlgorithm sig = SigningKeys.RS256.equals(alg) ? Jwts.SIG.RS256 : Jwts.SIG.ES256;
                KeyPair kp = sig.keyPair().build();
                PrivateKey key = NativeCrypto.own(kp.getPrivate(), p);
                JwsSigner signer = new JwsSigner(alg, "zC2eLcH_Si5b1zt95qqwXA", "at+jwt", key, p);
                long[] i = {0};
                Supplier<String> jjwt = () -> {
                    long now = System.currentTimeMillis();
                    return Jwts.builder().provider(p).header().type("at+jwt").keyId("zC2eLcH_Si5b1zt95qqwXA").and().signWith(key, sig)
                            .id(Secrets.timeOrderedId(now)).issuer("http://127.0.0.1:18601").subject("4fa12fd56f50bd06a9c90dfdb34165fe")
                            .audience().single("http://127.0.0.1:18601").claim("client_id", "bench-rs256").claim("scope", "incident_read")
                            .issuedAt(new Date(now)).expiration(new Date(now + 1_800_000)).compact();
                };
                Supplier<String> own = () -> {
                    long now = System.currentTimeMillis();
                    StringBuilder j = new StringBuilder(256).append("{\"jti\":");
                    JwsSigner.Json.string(j, Secrets.timeOrderedId(now)).append(",\"iss\":");
                    JwsSigner.Json.string(j, "http://127.0.0.1:18601").append(",\"sub\":");
                    JwsSigner.Json.string(j, "4fa12fd56f50bd06a9c90dfdb34165fe").append(",\"aud\":");
                    JwsSigner.Json.string(j, "http://127.0.0.1:18601").append(",\"client_id\":");
                    JwsSigner.Json.string(j, "bench-rs256").append(",\"scope\":");
                    JwsSigner.Json.string(j, "incident_read").append(",\"iat\":").append(now / 1000)
                            .append(",\"exp\":").append((now + 1_800_000) / 1000).append('}');
                    return signer.sign(j.toString().getBytes(StandardCharsets.UTF_8));
                };
                String where = alg + " " + (p == null ? "JDK" : p.getName());
                run(jjwt, n); run(own, n);                              // warm-up (JIT)
                run(jjwt, n); run(own, n);
                for (int r = 0; r < rounds; r++) {
                    System.out.printf("%-30s jjwt builder %.4f ms/token   JwsSigner %.4f ms/token%n", where, run(jjwt, n), run(own, n));
                }
            }
        }
    }

    /** Milliseconds of this thread's CPU per call. */
    private static double run(Supplier<String> s, int n) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        int h = 0;
        for (int i = 0; i < n; i++) h += s.get().length();
        sink = h;
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e6 / n;
    }
}
