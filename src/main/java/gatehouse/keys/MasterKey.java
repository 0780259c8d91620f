package gatehouse.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that encrypts secrets at rest (signing keys' private parts, outbound credentials): AES-GCM with a
 * random 96-bit nonce and a context string as associated data, so that a ciphertext cannot be moved to
 * another record. The key is {@code gatehouse.master.key} (base64 of 16, 24 or 32 bytes) when set; else a
 * 256-bit key file {@value #FILE_NAME} created in {@code gatehouse.data.dir} on first start, readable by its
 * owner only. With several nodes every node must hold the same key: set {@code gatehouse.master.key}.
 */
public final class MasterKey {
    private static final Logger LOG = Logger.getLogger(MasterKey.class.getName());
    public static final String FILE_NAME = "master.key";
    private static final String VERSION = "v1.";
    private static final int NONCE = 12;

    private final SecretKey key;
    private final String source;

    private MasterKey(byte[] raw, String source) {
        if (raw.length != 16 && raw.length != 24 && raw.length != 32)
            throw new IllegalArgumentException("an AES key has 16, 24 or 32 bytes, not " + raw.length);
        this.key = new SecretKeySpec(raw, "AES");
        this.source = source;
    }

    /** From the setting's base64 value. */
    public static MasterKey fromBase64(String base64, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            raw = Base64.getUrlDecoder().decode(base64.trim());
        }
        return new MasterKey(raw, source);
    }

    /** Reads {@code folder/master.key}, creating it (owner read/write only) when it does not exist. */
    public static MasterKey fromFile(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            Files.createDirectories(folder);
            if (!Files.exists(file)) {
                String encoded = Base64.getEncoder().encodeToString(randomKey());
                try {
                    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(file);
                        file.toFile().setReadable(false, false);
                        file.toFile().setReadable(true, true);
                        file.toFile().setWritable(false, false);
                        file.toFile().setWritable(true, true);
                    }
                    Files.writeString(file, encoded + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
                    LOG.info("Gatehouse created the master key file " + file + " (owner-only); back it up, and set "
                            + "gatehouse.master.key to the same value on every node when running several");
                } catch (FileAlreadyExistsException raced) {
                    // another start created it first: use that one
                }
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return fromBase64(text, "key file " + file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the master key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] randomKey() {
        byte[] b = new byte[32];
        Secrets.secureRandom().nextBytes(b);
        return b;
    }

    public String source() { return source; }

    /** AES-GCM encryption of {@code plain}, bound to {@code context}; the result is text ({@code v1.} + base64). */
    public String seal(byte[] plain, String context) {
        try {
            byte[] nonce = new byte[NONCE];
            Secrets.secureRandom().nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    public String sealText(String plain, String context) {
        return seal(plain.getBytes(StandardCharsets.UTF_8), context);
    }

    /** The plain bytes; {@link WrongKeyException} when the text was sealed under another key or for another context. */
    public byte[] open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(VERSION)) throw new WrongKeyException("not a sealed value");
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            if (all.length < NONCE + 16) throw new WrongKeyException("sealed value too short");
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(all, NONCE, all.length - NONCE);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new WrongKeyException("the value was encrypted under another master key");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new WrongKeyException("cannot decrypt: " + e.getMessage());
        }
    }

    public String openText(String sealed, String context) {
        return new String(open(sealed, context), StandardCharsets.UTF_8);
    }

    /**
     * A key for one purpose, derived from this one (HMAC-SHA256 of the purpose): the same on every node that has the
     * same master key, and telling nothing of it.
     */
    public byte[] derive(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("gatehouse derived key: " + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** A sealed value that this key cannot open. */
    public static final class WrongKeyException extends RuntimeException {
        public WrongKeyException(String message) { super(message); }
    }
}
