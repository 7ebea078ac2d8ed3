package io.mailferry.service.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate made by openssl for one subject alternative name, as the PEM an admin would trust and as
 * the TLS context of a test server presenting it.
 *
 * @param pem    the certificate, PEM
 * @param server a TLS context whose key manager presents it
 */
public record SelfSignedTls(String pem, SSLContext server) {
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    /** Makes the certificate in {@code dir} for {@code subjectAltName} (e.g. {@code IP:127.0.0.1}). */
    public static SelfSignedTls make(Path dir, String subjectAltName) throws IOException, GeneralSecurityException {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Path p12 = dir.resolve("server.p12");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=mailferry-test",
                "-addext", "subjectAltName=" + subjectAltName, "-keyout", key.toString(), "-out", cert.toString());
        openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-out", p12.toString(),
                "-passout", "pass:" + new String(STORE_PASSWORD));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, STORE_PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, STORE_PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        return new SelfSignedTls(Files.readString(cert), tls);
    }

    private static void openssl(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("openssl " + args[0] + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while openssl ran", e);
        }
    }
}
