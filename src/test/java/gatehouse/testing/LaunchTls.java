package gatehouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * https for the run command ({@link Launcher}): a PKCS#12 keystore given with {@code -Dgatehouse.launch.keystore}
 * (and {@code -Dgatehouse.launch.keystore.password}), else a self-signed certificate for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}, made by the JDK's {@code keytool} on first start into the data folder
 * ({@value #FOLDER}/): {@value #KEYSTORE}, its password in {@value #PASSWORD_FILE}, the certificate as
 * {@value #CERTIFICATE} for clients to trust.
 *
 * @param port     the https port (0: any free one)
 * @param keystore the PKCS#12 file
 * @param password its password (also the key's)
 * @param made     whether Gatehouse made it (self-signed) rather than being given it
 */
public record LaunchTls(int port, Path keystore, String password, boolean made) {
    public static final String FOLDER = "tls";
    public static final String KEYSTORE = "launch-keystore.p12";
    public static final String PASSWORD_FILE = "launch-keystore.password";
    public static final String CERTIFICATE = "launch-certificate.pem";
    /** Connector settings an https connector takes over from the http one when it has them. */
    private static final List<String> SHARED = List.of("maxThreads", "relaxedQueryChars", "relaxedPathChars", "server",
            "maxHttpHeaderSize");

    /** The given keystore, else the data folder's generated one (made now when missing). */
    public static LaunchTls of(int port, String keystore, String password, Path dataDir) {
        if (keystore != null && !keystore.isBlank()) {
            Path given = Path.of(keystore).toAbsolutePath();
            if (!Files.isReadable(given)) throw new IllegalStateException("gatehouse.launch.keystore " + given + " is not a readable file");
            if (password == null) throw new IllegalStateException("gatehouse.launch.keystore needs gatehouse.launch.keystore.password");
            LaunchTls tls = new LaunchTls(port, given, password, false);
            tls.certificate();                  // a wrong password or format: now, with a clear message
            return tls;
        }
        Path folder = dataDir.toAbsolutePath().resolve(FOLDER);
        Path file = folder.resolve(KEYSTORE);
        try {
            if (!Files.exists(file)) generate(folder);
            return new LaunchTls(port, file, Files.readString(folder.resolve(PASSWORD_FILE)).strip(), true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the https certificate in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** A self-signed EC P-256 certificate, valid 825 days, by {@code keytool} (the JDK's). */
    private static void generate(Path folder) throws IOException {
        Files.createDirectories(folder);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path passwordFile = folder.resolve(PASSWORD_FILE);
        Path partial = folder.resolve(KEYSTORE + ".partial");
        Files.deleteIfExists(partial);
        Files.writeString(passwordFile, password + "\n", StandardCharsets.US_ASCII);
        ownerOnly(passwordFile);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "gatehouse", "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-validity", "825", "-dname", "CN=localhost, O=Gatehouse run command",
                "-ext", "san=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1", "-ext", "eku=serverAuth",
                "-storetype", "PKCS12", "-keystore", partial.toString(), "-storepass:file", passwordFile.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream out = p.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IOException(keytool + " failed: " + output.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        ownerOnly(partial);
        LaunchTls made = new LaunchTls(0, partial, password, true);
        Files.writeString(folder.resolve(CERTIFICATE), made.pem(), StandardCharsets.US_ASCII);
        Files.move(partial, folder.resolve(KEYSTORE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions apply
        }
    }

    /** An https connector on the http one's address, with its shared settings. */
    Connector connector(Connector http, String address) {
        Connector c = new Connector("org.apache.coyote.http11.Http11NioProtocol");
        c.setPort(port);
        c.setProperty("address", address);
        for (String name : SHARED) {
            Object value = http.getProperty(name);
            if (value != null) c.setProperty(name, String.valueOf(value));
        }
        c.setScheme("https");
        c.setSecure(true);
        c.setProperty("SSLEnabled", "true");
        SSLHostConfig host = new SSLHostConfig();
        host.setProtocols("TLSv1.2+TLSv1.3");
        SSLHostConfigCertificate cert = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        cert.setCertificateKeystoreFile(keystore.toString());
        cert.setCertificateKeystorePassword(password);
        cert.setCertificateKeystoreType("PKCS12");
        cert.setCertificateKeyAlias(keyAlias());
        host.addCertificate(cert);
        c.addSslHostConfig(host);
        return c;
    }

    /** The server certificate. */
    public Certificate certificate() {
        try {
            return load().getCertificate(keyAlias());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The alias of the keystore's (first) private key. */
    private String keyAlias() {
        try {
            KeyStore ks = load();
            for (String alias : java.util.Collections.list(ks.aliases())) if (ks.isKeyEntry(alias)) return alias;
            throw new IllegalStateException("the keystore " + keystore + " holds no private key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load() {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the keystore " + keystore + " (wrong password, or not PKCS#12?): " + e.getMessage(), e);
        }
    }

    String pem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the start-up message: which certificate, and its SHA-256 fingerprint. */
    String describe() {
        try {
            String fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(certificate().getEncoded()));
            return made ? "(self-signed certificate " + keystore.resolveSibling(CERTIFICATE) + ", SHA-256 " + fingerprint + ")"
                    : "(certificate from " + keystore + ", SHA-256 " + fingerprint + ")";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
