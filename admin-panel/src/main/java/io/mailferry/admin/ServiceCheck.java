package io.mailferry.admin;

import io.mailferry.admin.client.DataDir;
import io.mailferry.admin.client.HttpServiceClient;
import io.mailferry.admin.client.ServiceClient;
import io.mailferry.admin.client.ServiceException;
import io.mailferry.admin.client.ServiceLocator;
import io.mailferry.model.api.Health;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code mailferry-panel --check-service}: finds the service exactly as the panel's window would (same data directory,
 * same files, same token) and asks its health, without opening a window — for an admin on a server without a desktop,
 * and for the package test, which runs it as a member of the service's group.
 */
final class ServiceCheck {
    static final String OPTION = "--check-service";

    private ServiceCheck() {
    }

    static boolean asked(List<String> args) {
        return args.contains(OPTION);
    }

    /** Prints one sentence; 0 when the service answered, 1 when it could not be reached or used. */
    static int run(PanelOptions options, PrintStream out) {
        Path dataDir = DataDir.resolve(options.dataDir());
        return run(new HttpServiceClient(new ServiceLocator(dataDir)), dataDir, out);
    }

    static int run(ServiceClient client, Path dataDir, PrintStream out) {
        try {
            Health health = client.health();
            out.println("The panel finds the Mailferry service " + health.version() + " at "
                    + client.baseUrl().orElse("its announced address") + " (data directory " + dataDir + "): "
                    + health.status() + ", store " + health.store() + ", " + health.runningJobs() + " job(s) running.");
            return 0;
        } catch (ServiceException e) {
            out.println("The panel cannot use the Mailferry service of " + dataDir + ". " + e.getMessage());
            return 1;
        }
    }
}
