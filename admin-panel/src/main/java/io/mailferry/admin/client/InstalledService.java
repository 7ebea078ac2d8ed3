package io.mailferry.admin.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The service a package installed, found as the CLI finds it: {@code MAILFERRY_DATA} in {@code /etc/mailferry/mailferry.conf}
 * ({@code %ProgramData%\Mailferry\mailferry.conf} on Windows), the systemd {@code EnvironmentFile} of the unit. The
 * panel may not import the service module, so this mirrors the service's {@code InstalledService}.
 */
public final class InstalledService {

    private InstalledService() {
    }

    static Path configFile(Map<String, String> env, String osName) {
        if (osName.toLowerCase(Locale.ROOT).contains("win")) {
            return Path.of(env.getOrDefault("ProgramData", "C:\\ProgramData"), "Mailferry", "mailferry.conf");
        }
        return Path.of("/etc/mailferry/mailferry.conf");
    }

    /** The installed service's data directory when it exists and this user may list it (root, its admin group). */
    static Optional<Path> dataDirectory(Path configFile) {
        Optional<String> value = read(configFile, "MAILFERRY_DATA");
        if (value.isEmpty() || !Path.of(value.get()).isAbsolute()) {
            return Optional.empty();
        }
        Path dir = Path.of(value.get()).normalize();
        return Files.isDirectory(dir) && Files.isReadable(dir) && Files.isExecutable(dir) ? Optional.of(dir)
                : Optional.empty();
    }

    /** Whether {@code dataDir} is the installed service's (the panel then does not start a service of its own). */
    public static boolean owns(Path dataDir) {
        return dataDirectory(configFile(System.getenv(), System.getProperty("os.name", "")))
                .map(dir -> dir.equals(dataDir.toAbsolutePath().normalize()))
                .orElse(false);
    }

    static Optional<String> read(Path file, String key) {
        if (!Files.isReadable(file)) {
            return Optional.empty();
        }
        try {
            Optional<String> found = Optional.empty();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.startsWith("export ")) {
                    l = l.substring("export ".length()).strip();
                }
                int eq = l.indexOf('=');
                if (l.startsWith("#") || eq <= 0 || !l.substring(0, eq).strip().equals(key)) {
                    continue;
                }
                String v = l.substring(eq + 1).strip();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                found = v.isBlank() ? Optional.empty() : Optional.of(v); // the last assignment wins, as in systemd
            }
            return found;
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
