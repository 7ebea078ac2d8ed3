package io.mailferry.service.app.license;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer public keys an administrator placed in the data directory's {@value #DIRECTORY} folder: one Ed25519
 * public key per {@code *.pem} file, as {@code openssl pkey -pubout} writes it (service providers who resell seats;
 * tests, the benchmark and the crash runs put their own there). Read once, at the service's start; a file that is no
 * such key is logged and skipped, never fatal.
 */
public final class IssuerKeys {
    public static final String DIRECTORY = "license-issuers";
    private static final Logger log = LoggerFactory.getLogger(IssuerKeys.class);

    private IssuerKeys() {
    }

    /** The verifier of a data directory: the vendor's key and the issuer keys in {@code dataDir/license-issuers}. */
    public static LicenseVerifier verifier(Path dataDir) {
        return LicenseVerifier.trusting(read(dataDir.resolve(DIRECTORY)));
    }

    static List<PublicKey> read(Path dir) {
        List<PublicKey> keys = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return keys;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pem")).sorted().toList()) {
                try {
                    keys.add(LicenseVerifier.publicKeyFromText(Files.readString(file)));
                    log.info("License issuer key trusted: {}", file);
                } catch (IOException | IllegalArgumentException e) {
                    log.warn("Skipped {}: not an Ed25519 public key in PEM form ({})", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            log.warn("Could not list the license issuer keys in {}: {}", dir, e.getMessage());
        }
        return keys;
    }
}
