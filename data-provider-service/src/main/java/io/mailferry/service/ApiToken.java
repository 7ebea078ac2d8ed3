package io.mailferry.service;

import io.mailferry.service.store.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bearer token of the local API: 256 random bits as 64 hex characters in {@code DATA_DIR/api-token} (0600),
 * created at first start and reused afterwards so the panel and scripts keep working across restarts. With group access
 * (the installed service) it is 0640, so that the admins in the service's group can use it, and nobody else.
 */
final class ApiToken {
    static final String FILE = "api-token";

    private ApiToken() {
    }

    static String loadOrCreate(Path dataDir) {
        return loadOrCreate(dataDir, false);
    }

    static String loadOrCreate(Path dataDir, boolean groupAccess) {
        String token = loadOrCreateOwnerOnly(dataDir, groupAccess);
        if (groupAccess) {
            GroupReadable.allow(dataDir.resolve(FILE));
        }
        return token;
    }

    private static String loadOrCreateOwnerOnly(Path dataDir, boolean groupAccess) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (token.matches("[0-9a-f]{64}")) {
                    if (!groupAccess && !OwnerOnlyFile.isOwnerOnly(file)) {
                        OwnerOnlyFile.restrict(file);
                    }
                    return token;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = HexFormat.of().formatHex(random);
        OwnerOnlyFile.write(file, (token + "\n").getBytes(StandardCharsets.US_ASCII));
        return token;
    }
}
