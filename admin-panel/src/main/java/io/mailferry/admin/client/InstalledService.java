package io.mailferry.admin.client;

import io.mailferry.model.install.InstalledConfig;
import java.nio.file.Path;

/**
 * The service a package installed, found as the CLI finds it: {@code MAILFERRY_DATA} in its configuration file, read
 * by the shared {@link InstalledConfig} (the panel may not import the service module).
 */
public final class InstalledService {

    private InstalledService() {
    }

    /** Whether {@code dataDir} is the installed service's (the panel then does not start a service of its own). */
    public static boolean owns(Path dataDir) {
        return InstalledConfig.dataDirectory(InstalledConfig.configFile(System.getenv(),
                        System.getProperty("os.name", "")))
                .map(dir -> dir.equals(dataDir.toAbsolutePath().normalize()))
                .orElse(false);
    }
}
