package io.mailferry.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
    @TempDir
    Path dir;

    @Test
    void keyFileShouldBeCreatedOwnerOnlyAndReused() throws Exception {
        Path key = dir.resolve("secret.key");
        byte[] sealed = SecretCipher.fromKeyFile(key).encrypt("hunter2", "c1");
        assertThat(Files.size(key)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(SecretCipher.fromKeyFile(key).decrypt(sealed, "c1")).isEqualTo("hunter2");
    }

    @Test
    void sealedFormShouldNotContainThePlaintextAndDifferEachTime() {
        SecretCipher cipher = SecretCipher.fromKeyFile(dir.resolve("secret.key"));
        byte[] a = cipher.encrypt("hunter2", "c1");
        byte[] b = cipher.encrypt("hunter2", "c1");
        assertThat(new String(a, StandardCharsets.ISO_8859_1)).doesNotContain("hunter2");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void decryptShouldRefuseAnotherContextOrAnotherKey() {
        SecretCipher cipher = SecretCipher.fromKeyFile(dir.resolve("secret.key"));
        byte[] sealed = cipher.encrypt("hunter2", "c1");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "c2")).hasMessageContaining("cannot be decrypted");
        SecretCipher other = SecretCipher.fromKeyFile(dir.resolve("other.key"));
        assertThatThrownBy(() -> other.decrypt(sealed, "c1")).hasMessageNotContaining("hunter2");
    }

    @Test
    void aLooseKeyFileShouldBeRestrictedToItsOwner() throws Exception {
        Path key = dir.resolve("secret.key");
        SecretCipher.fromKeyFile(key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        SecretCipher.fromKeyFile(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
}
