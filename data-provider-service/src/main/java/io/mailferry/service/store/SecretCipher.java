package io.mailferry.service.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts secrets at rest with AES-256-GCM. The key is 32 random bytes in {@code DATA_DIR/secret.key} (mode 0600),
 * created on first use and never stored in the database, so a copied SQLite file alone reveals no password
 * (see docs/decisions/0003-secret-key-file.md).
 *
 * <p>Sealed form: {@code version(1) | nonce(12) | ciphertext+tag}. The nonce is random per encryption. The
 * {@code context} (e.g. the connection id) is bound as associated data, so a sealed secret copied onto another row
 * does not decrypt. Thread-safe.
 */
public final class SecretCipher {
    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Loads the key from {@code keyFile}, creating it (0600) with a fresh random key when it does not exist. */
    public static SecretCipher fromKeyFile(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                byte[] fresh = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                OwnerOnlyFile.write(keyFile, fresh);
                log.info("Created a new secret key file {}", keyFile);
                return new SecretCipher(fresh);
            }
            byte[] bytes = Files.readAllBytes(keyFile);
            if (bytes.length != KEY_BYTES) {
                throw new IllegalStateException("The secret key file " + keyFile + " is damaged (expected "
                        + KEY_BYTES + " bytes, found " + bytes.length + "). Restore it from a backup.");
            }
            if (!OwnerOnlyFile.isOwnerOnly(keyFile)) {
                OwnerOnlyFile.restrict(keyFile);
                log.warn("The secret key file {} was readable by others; restricted it to its owner", keyFile);
            }
            return new SecretCipher(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the secret key file " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Seals and opens a secret with a throwaway key: the first-time work of AES-GCM and of the random source, done by
     * a command on a thread of its own while it reads its arguments ({@code StartupWarmUp}).
     */
    public static void warmUp() {
        SecretCipher throwaway = new SecretCipher(new byte[KEY_BYTES]);
        throwaway.decrypt(throwaway.encrypt("warm-up", "warm-up"), "warm-up");
    }

    public byte[] encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** @throws IllegalStateException when the data was sealed with another key or for another context */
    public String decrypt(byte[] sealed, String context) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalStateException("A stored secret is damaged or of an unknown format.");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES)));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("A stored secret cannot be decrypted with this data directory's "
                    + "secret.key (was the key file replaced?). Enter the password again.", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }
}
