package io.mailferry.service;

import io.mailferry.model.license.LicenseState;
import io.mailferry.service.app.AppException;
import io.mailferry.service.app.LicenseService;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The license of a data directory no service runs on (the directory {@code migrate} uses): the CLI's {@code license}
 * commands open it here, with the service's own {@link LicenseService}, when there is no service to ask. Holds the
 * data directory's lock only while one call runs.
 */
public final class LocalLicense {
    private LocalLicense() {
    }

    public static LicenseState state(Path dataDir) {
        return apply(dataDir, LicenseService::state);
    }

    /** @throws IllegalArgumentException with the plain sentence when the key is refused (nothing changed then) */
    public static LicenseState install(Path dataDir, String key) {
        return apply(dataDir, license -> license.install(key));
    }

    public static LicenseState remove(Path dataDir) {
        return apply(dataDir, LicenseService::remove);
    }

    /** @throws IllegalStateException when a service or a {@code migrate} run holds the directory */
    private static LicenseState apply(Path dataDir, Function<LicenseService, LicenseState> action) {
        try (ServiceCore core = ServiceMain.openCore(dataDir, false)) {
            return action.apply(core.license());
        } catch (AppException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
