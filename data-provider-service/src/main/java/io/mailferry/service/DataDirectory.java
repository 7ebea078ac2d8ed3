package io.mailferry.service;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the service keeps its database, key, token, URL and logs. In order: {@code --data-dir}, the
 * {@code MAILFERRY_DATA} environment variable, then the platform's convention for per-user application data:
 * Linux {@code $XDG_DATA_HOME/mailferry} (default {@code ~/.local/share/mailferry}), macOS
 * {@code ~/Library/Application Support/Mailferry}, Windows {@code %LOCALAPPDATA%\Mailferry}.
 * Commands that only talk to a service ({@link #resolveForClient}) look for an installed service before the per-user
 * directory; {@code serve} and {@code migrate}, which own their directory, never pick the installed one by themselves.
 */
public final class DataDirectory {
    public static final String ENV = "MAILFERRY_DATA";

    private DataDirectory() {
    }

    /** The data directory for this process ({@code option} may be null when {@code --data-dir} was not given). */
    public static Path resolve(String option) {
        return resolve(option, System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /**
     * The data directory of the service a client command talks to: {@code --data-dir}, {@code MAILFERRY_DATA}, then the
     * installed service's (see {@link InstalledService}) when this user may read it, then the per-user directory.
     */
    public static Path resolveForClient(String option) {
        Map<String, String> env = System.getenv();
        String os = System.getProperty("os.name", "");
        return resolveForClient(option, env, os, Path.of(System.getProperty("user.home")),
                InstalledService.configFile(env, os));
    }

    static Path resolveForClient(String option, Map<String, String> env, String osName, Path home, Path installed) {
        if (present(option) || present(env.get(ENV))) {
            return resolve(option, env, osName, home);
        }
        return InstalledService.dataDirectory(installed).orElseGet(() -> resolve(null, env, osName, home));
    }

    static Path resolve(String option, Map<String, String> env, String osName, Path home) {
        if (present(option)) {
            return Path.of(option).toAbsolutePath().normalize();
        }
        if (present(env.get(ENV))) {
            return Path.of(env.get(ENV)).toAbsolutePath().normalize();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return (present(local) ? Path.of(local) : home.resolve("AppData").resolve("Local")).resolve("Mailferry");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Mailferry");
        }
        String xdg = env.get("XDG_DATA_HOME");
        // the XDG spec says to ignore a relative XDG_DATA_HOME
        if (present(xdg) && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg).resolve("mailferry");
        }
        return home.resolve(".local").resolve("share").resolve("mailferry");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
