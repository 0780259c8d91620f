package gatehouse.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class MasterKeyTest {

    @Test
    void sealedValuesOpenOnlyWithTheSameKeyAndContext() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "master");
        MasterKey key = MasterKey.fromFile(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(MasterKey.FILE_NAME))));
        byte[] secret = "private key bytes".getBytes(StandardCharsets.UTF_8);
        String sealed = key.seal(secret, "signing_key:a");
        assertArrayEquals(secret, MasterKey.fromFile(dir).open(sealed, "signing_key:a"), "the same file gives the same key");
        assertThrows(MasterKey.WrongKeyException.class, () -> key.open(sealed, "signing_key:b"), "bound to its context");
        MasterKey other = MasterKey.fromBase64("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "test");
        assertThrows(MasterKey.WrongKeyException.class, () -> other.open(sealed, "signing_key:a"));
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(MasterKey.WrongKeyException.class, () -> key.open(tampered, "signing_key:a"));
        assertThrows(IllegalArgumentException.class, () -> MasterKey.fromBase64("c2hvcnQ=", "test"), "5 bytes is no AES key");
    }
}
