package io.mailferry.admin.client;

import io.mailferry.model.install.InstalledConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the service's data directory exactly as the service does: {@code --data-dir}, else {@code MAILFERRY_DATA},
 * else the installed service's (see {@link InstalledConfig}) when this user may read it, else the platform's per-user
 * data directory — the order of the CLI's client commands. Both sides must agree, or the panel would look for the
 * wrong files.
 */
public final class DataDir {

    private DataDir() {
    }

    public static Path resolve(String explicit) {
        Map<String, String> env = System.getenv();
        String os = System.getProperty("os.name", "");
        return resolve(explicit, env, os, System.getProperty("user.home"), InstalledConfig.configFile(env, os));
    }

    static Path resolve(String explicit, Map<String, String> env, String osName, String home) {
        return resolve(explicit, env, osName, home, Path.of("/nonexistent/mailferry.conf"));
    }

    static Path resolve(String explicit, Map<String, String> env, String osName, String home, Path installedConfig) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String fromEnv = env.get("MAILFERRY_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath();
        }
        Optional<Path> installed = InstalledConfig.dataDirectory(installedConfig);
        if (installed.isPresent()) {
            return installed.get();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            return local != null && !local.isBlank()
                    ? Path.of(local, "Mailferry")
                    : Path.of(home, "AppData", "Local", "Mailferry");
        }
        if (os.contains("mac")) {
            return Path.of(home, "Library", "Application Support", "Mailferry");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "mailferry") : Path.of(home, ".local", "share", "mailferry");
    }
}
