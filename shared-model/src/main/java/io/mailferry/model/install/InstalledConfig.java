package io.mailferry.model.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration file of a service a package installed (the .deb's systemd unit, the Windows service, the macOS
 * launchd daemon): {@code /etc/mailferry/mailferry.conf}, {@code %ProgramData%\Mailferry\mailferry.conf} on Windows.
 * It holds {@code KEY=VALUE} lines in the format of a systemd {@code EnvironmentFile}, which the unit reads too. The
 * service, its command line and the panel read it here, the one parser. Stateless; never throws for a missing or
 * unreadable file (there is then no installed service to find).
 */
public final class InstalledConfig {

    /** The key naming the installed service's data directory. */
    public static final String DATA_KEY = "MAILFERRY_DATA";
    static final Path LINUX_CONFIG = Path.of("/etc/mailferry/mailferry.conf");

    private InstalledConfig() {
    }

    /** The configuration file of an installed service on this platform (it may not exist). */
    public static Path configFile(Map<String, String> env, String osName) {
        if (osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            String programData = env.getOrDefault("ProgramData", "C:\\ProgramData");
            return Path.of(programData, "Mailferry", "mailferry.conf");
        }
        return LINUX_CONFIG;
    }

    /** The data directory the configuration file names (absolute, normalized), whether or not this user may read it. */
    public static Optional<Path> configuredDataDirectory(Path configFile) {
        return read(configFile, DATA_KEY).filter(v -> Path.of(v).isAbsolute()).map(v -> Path.of(v).normalize());
    }

    /**
     * The installed service's data directory, when the configuration file names one that exists and this user may
     * list (the service's user, root, and members of its group: the unit makes it 0750); empty otherwise, so that
     * everyone else keeps a per-user data directory.
     */
    public static Optional<Path> dataDirectory(Path configFile) {
        return configuredDataDirectory(configFile)
                .filter(dir -> Files.isDirectory(dir) && Files.isReadable(dir) && Files.isExecutable(dir));
    }

    /**
     * The value of {@code key} in an EnvironmentFile-style file: {@code export} and quotes allowed, {@code #} lines
     * ignored, the last assignment wins (as in systemd); empty when the file, the key or a value is missing.
     */
    public static Optional<String> read(Path file, String key) {
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
                found = v.isBlank() ? Optional.empty() : Optional.of(v);
            }
            return found;
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
