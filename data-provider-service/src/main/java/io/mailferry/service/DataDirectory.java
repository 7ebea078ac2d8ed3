package io.mailferry.service;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the service keeps its database, key, token, URL and logs. In order: {@code --data-dir}, the
 * {@code MAILFERRY_DATA} environment variable, then the platform's convention for per-user application data:
 * Linux {@code $XDG_DATA_HOME/mailferry} (default {@code ~/.local/share/mailferry}), macOS
 * {@code ~/Library/Application Support/Mailferry}, Windows {@code %LOCALAPPDATA%\Mailferry}.
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
