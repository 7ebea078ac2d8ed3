package io.mailferry.service.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A self-signed certificate made by openssl, as PEM: something an admin could paste as a trusted certificate. */
public final class SelfSignedCertificate {
    private SelfSignedCertificate() {
    }

    /** A fresh certificate for {@code name}.example, its key and PEM written to {@code dir}. */
    public static String pem(Path dir, String name) throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path cert = dir.resolve(name + ".pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=" + name + ".example", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("openssl failed: " + out);
        }
        return Files.readString(cert);
    }
}
