package io.mailferry.service.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed certificate for 127.0.0.1, made by the JDK's {@code keytool} in the training's own
 * directory (removed with it) for its {@link TlsRelay}: the key never leaves that run, and only that run's client
 * trusts the certificate (as {@code --source-trust-cert} would). RSA, as most mail servers' certificates are.
 *
 * @param keys     the key store holding the key and the certificate
 * @param password the key store's and the key's password
 * @param pem      the certificate alone, PEM
 */
public record TrainingCertificate(KeyStore keys, char[] password, Path pem) {
    private static final String ALIAS = "training";
    private static final String PASSWORD = "training";

    /** Makes one in {@code dir}; empty when this Java has no keytool or it failed (the training goes without TLS). */
    public static Optional<TrainingCertificate> make(Path dir) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            return Optional.empty();
        }
        Path store = dir.resolve("training.p12");
        Path pem = dir.resolve("training.pem");
        boolean made = run(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"), dir)
                && run(List.of(keytool.toString(), "-exportcert", "-rfc", "-alias", ALIAS, "-keystore",
                store.toString(), "-storepass", PASSWORD, "-file", pem.toString()), dir);
        if (!made || !Files.isRegularFile(pem)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            return Optional.of(new TrainingCertificate(keys, PASSWORD.toCharArray(), pem));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static boolean run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return false;
        }
        return p.exitValue() == 0;
    }
}
