package io.mailferry.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The service a package installed (the .deb's systemd unit, the Windows service, the macOS launchd daemon), found
 * through its configuration file: {@code /etc/mailferry/mailferry.conf} ({@code %ProgramData%\Mailferry\mailferry.conf}
 * on Windows). The file holds {@code KEY=VALUE} lines in the format of a systemd {@code EnvironmentFile}, which the
 * unit reads too, so the CLI and the service agree on {@code MAILFERRY_DATA} by construction.
 */
public final class InstalledService {
    static final Path LINUX_CONFIG = Path.of("/etc/mailferry/mailferry.conf");

    private InstalledService() {
    }

    /** The configuration file of an installed service on this platform (it may not exist). */
    public static Path configFile(Map<String, String> env, String osName) {
        if (osName.toLowerCase(Locale.ROOT).startsWith("windows")) {
            String programData = env.getOrDefault("ProgramData", "C:\\ProgramData");
            return Path.of(programData, "Mailferry", "mailferry.conf");
        }
        return LINUX_CONFIG;
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

    /** The data directory the configuration file names (absolute), whether or not this user may read it. */
    public static Optional<Path> configuredDataDirectory(Path configFile) {
        return read(configFile, DataDirectory.ENV).filter(v -> Path.of(v).isAbsolute()).map(v -> Path.of(v).normalize());
    }

    /** How to start the service of {@code dataDir}, for a "not running" message; for this machine's files. */
    public static String startHint(Path dataDir) {
        Map<String, String> env = System.getenv();
        String os = System.getProperty("os.name", "");
        return startHint(dataDir, configFile(env, os), os);
    }

    static String startHint(Path dataDir, Path configFile, String osName) {
        Optional<Path> installed = configuredDataDirectory(configFile);
        boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
        if (installed.isPresent() && installed.get().equals(dataDir.toAbsolutePath().normalize())) {
            return windows ? "Start the installed service with: Start-Service mailferry"
                    : "Start the installed service with: sudo systemctl start mailferry";
        }
        if (installed.isPresent() && dataDirectory(configFile).isEmpty()) {
            return "Start one with: mailferry serve. To use the installed service in " + installed.get()
                    + " instead, ask to be added to its admin group (" + (windows ? "Mailferry Admins" : "mailferry")
                    + ").";
        }
        return "Start it with: mailferry serve";
    }

    /** The value of {@code key} in an EnvironmentFile-style file; empty when the file or the key is missing. */
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
