package io.mailferry.service;

import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import java.nio.file.Path;
import java.util.List;

/**
 * How to start the service.
 *
 * @param dataDir     the data directory (see {@link DataDirectory})
 * @param port        TCP port on 127.0.0.1; 0 = any free port
 * @param probes      "test connection" per connection kind; {@link ServiceMain#defaultProbes()} in production
 * @param fileLogging true to send logs to {@code DATA_DIR/logs} (the CLI's serve); false keeps the JVM's logging
 *                    as it is (tests, embedding)
 * @param providers   mailbox access (and directories) per connection kind; {@link ServiceMain#defaultProviders()} in
 *                    production, a fake kind in tests
 * @param groupAccess true to let the data directory's group find the service: the directory becomes 0750 and
 *                    {@code api-token} and {@code service.url} 0640 (the installed service, for its admin group);
 *                    false keeps them the owner's alone (0700, 0600)
 * @param resume      true (the default) to start again by itself each job that was running when the service last
 *                    stopped; false leaves them stopped for the admin (when a job brings the service down each time)
 */
public record ServiceConfig(Path dataDir, int port, List<ConnectionProbe> probes, boolean fileLogging,
        List<MailboxAccessProvider> providers, boolean groupAccess, boolean resume) {
    public ServiceConfig {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The port must be between 0 and 65535, not " + port + ".");
        }
        probes = probes == null ? ServiceMain.defaultProbes() : List.copyOf(probes);
        providers = providers == null ? ServiceMain.defaultProviders() : List.copyOf(providers);
    }

    /** Resuming interrupted jobs. */
    public ServiceConfig(Path dataDir, int port, List<ConnectionProbe> probes, boolean fileLogging,
            List<MailboxAccessProvider> providers, boolean groupAccess) {
        this(dataDir, port, probes, fileLogging, providers, groupAccess, true);
    }

    /** Private to the owner. */
    public ServiceConfig(Path dataDir, int port, List<ConnectionProbe> probes, boolean fileLogging,
            List<MailboxAccessProvider> providers) {
        this(dataDir, port, probes, fileLogging, providers, false);
    }

    /** The built-in providers. */
    public ServiceConfig(Path dataDir, int port, List<ConnectionProbe> probes, boolean fileLogging) {
        this(dataDir, port, probes, fileLogging, null);
    }

    /** Production defaults: every built-in probe and provider, logs to files. */
    public static ServiceConfig of(Path dataDir, int port) {
        return new ServiceConfig(dataDir, port, ServiceMain.defaultProbes(), true);
    }

    /** The same configuration with {@link #groupAccess()} set to {@code share}. */
    public ServiceConfig withGroupAccess(boolean share) {
        return new ServiceConfig(dataDir, port, probes, fileLogging, providers, share, resume);
    }

    /** The same configuration with {@link #resume()} set to {@code on}. */
    public ServiceConfig withResume(boolean on) {
        return new ServiceConfig(dataDir, port, probes, fileLogging, providers, groupAccess, on);
    }
}
