package io.mailferry.service;

import io.mailferry.model.install.InstalledConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The service a package installed (the .deb's systemd unit, the Windows service, the macOS launchd daemon), found
 * through its configuration file, which {@link InstalledConfig} reads for the service, the CLI and the panel alike,
 * so they agree on {@code MAILFERRY_DATA} by construction; here, what the service and the CLI add to it.
 */
public final class InstalledService {

    private InstalledService() {
    }

    /** The configuration file of an installed service on this platform (it may not exist). */
    public static Path configFile(Map<String, String> env, String osName) {
        return InstalledConfig.configFile(env, osName);
    }

    /** See {@link InstalledConfig#dataDirectory}. */
    public static Optional<Path> dataDirectory(Path configFile) {
        return InstalledConfig.dataDirectory(configFile);
    }

    /** See {@link InstalledConfig#configuredDataDirectory}. */
    public static Optional<Path> configuredDataDirectory(Path configFile) {
        return InstalledConfig.configuredDataDirectory(configFile);
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

}
