package io.mailferry.service;

import io.mailferry.service.api.ApiServer;
import io.mailferry.service.api.AlertRoutes;
import io.mailferry.service.api.ScheduleRoutes;
import io.mailferry.service.api.ConnectionRoutes;
import io.mailferry.service.api.DashboardRoutes;
import io.mailferry.service.api.HealthRoutes;
import io.mailferry.service.app.StoreHealth;
import io.mailferry.service.app.license.IssuerKeys;
import io.mailferry.service.api.JobRoutes;
import io.mailferry.service.api.LicenseRoutes;
import io.mailferry.service.api.Json;
import io.mailferry.service.api.ReportRoutes;
import io.mailferry.service.api.Routes;
import io.mailferry.service.api.ToolRoutes;
import io.mailferry.service.app.alert.AlertService;
import io.mailferry.service.connector.ews.EwsAccessProvider;
import io.mailferry.service.connector.ews.EwsConnectionProbe;
import io.mailferry.service.connector.imap.GmailAccessProvider;
import io.mailferry.service.connector.imap.GmailConnectionProbe;
import io.mailferry.service.connector.imap.ImapAccessProvider;
import io.mailferry.service.connector.imap.ImapConnectionProbe;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.JavaHeap;
import io.mailferry.service.engine.port.MailboxAccessProvider;
import io.mailferry.service.store.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the whole service by hand from a {@link ServiceConfig} and starts it. Files in the
 * data directory: {@code mailferry.db} (+ WAL), {@code secret.key}, {@code api-token}, {@code service.url} (while
 * running), {@code service.lock}, {@code logs/}.
 */
public final class ServiceMain {
    private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);
    public static final String SERVICE_URL_FILE = "service.url";
    public static final String API_TOKEN_FILE = ApiToken.FILE;
    public static final String DATABASE_FILE = "mailferry.db";
    public static final String SECRET_KEY_FILE = "secret.key";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> GROUP_LISTED_DIRECTORY = PosixFilePermissions.fromString("rwxr-x---");

    private ServiceMain() {
    }

    /** The "test connection" probes built into this build, one per supported kind. Add a kind's probe here. */
    public static List<ConnectionProbe> defaultProbes() {
        return probes(new ImapConnectionProbe());
    }

    /**
     * As {@link #defaultProbes()}, for a test a migration in this process follows at once: an IMAP login is left for
     * the pass to take instead of logging in again (ImapConnectionProbe#handingOver).
     */
    public static List<ConnectionProbe> handingOverProbes() {
        return probes(ImapConnectionProbe.handingOver());
    }

    private static List<ConnectionProbe> probes(ImapConnectionProbe imap) {
        return List.of(imap, new Microsoft365Probe(), new GmailConnectionProbe(), new EwsConnectionProbe());
    }

    /** How the job runner opens mailboxes, one provider per supported kind. Add a kind's provider here. */
    public static List<MailboxAccessProvider> defaultProviders() {
        return List.of(new ImapAccessProvider(), new Microsoft365Access(), new GmailAccessProvider(),
                new EwsAccessProvider());
    }

    /**
     * Opens the data directory without the HTTP API (the CLI's {@code migrate}): the same database, stores, engine
     * and runner as the service. Holds the data directory's lock until closed, so a service and a CLI run never share
     * one data directory.
     *
     * @throws IllegalStateException when a service or another run already uses the data directory
     */
    public static ServiceCore openCore(Path dataDir, boolean fileLogging) {
        return openCore(dataDir, fileLogging, () -> { });
    }

    /** As {@link #openCore(Path, boolean)}, running {@code beforeDatabase} after the lock and the log, before the database. */
    public static ServiceCore openCore(Path dataDir, boolean fileLogging, Runnable beforeDatabase) {
        Path dir = dataDir.toAbsolutePath();
        createPrivateDirectory(dir);
        FileLock lock = lock(dir);
        try {
            if (fileLogging) {
                LogSetup.toDirectory(dir.resolve("logs"));
            }
            beforeDatabase.run();
            ServiceCore core = ServiceCore.open(dir, defaultProbes(), defaultProviders());
            return core.onClose(() -> closeAll(List.of(), lock));
        } catch (RuntimeException | Error e) {
            closeAll(List.of(), lock);
            throw e;
        }
    }

    public static String version() {
        return Optional.ofNullable(ServiceMain.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    /**
     * Starts the service on 127.0.0.1 and returns once it answers requests.
     *
     * @throws IllegalStateException when another service already runs on the same data directory, or the port is taken
     */
    public static RunningService start(ServiceConfig config) {
        Instant startedAt = Instant.now();
        Path dataDir = config.dataDir().toAbsolutePath();
        createPrivateDirectory(dataDir, config.groupAccess());
        FileLock lock = lock(dataDir);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            if (config.fileLogging()) {
                LogSetup.toDirectory(dataDir.resolve("logs"));
            }
            String token = ApiToken.loadOrCreate(dataDir, config.groupAccess());
            ServiceCore core = ServiceCore.open(dataDir, config.probes(), config.providers());
            opened.add(core);
            core.dashboard().startSampling();
            core.alerts().start(AlertService.CHECK_EVERY);

            List<Routes> routes = List.of(
                    new HealthRoutes(version(), startedAt, dataDir.toString(), core.runner()::runningJobs,
                            new StoreHealth(dataDir)::problem),
                    new ConnectionRoutes(core.connections()),
                    new JobRoutes(core.jobs(), core.runner()),
                    new ScheduleRoutes(core.scheduler()),
                    new ReportRoutes(core.jobs(), core.reports()),
                    new ToolRoutes(core.jobs()),
                    new DashboardRoutes(core.dashboard(), core.license(), core.alerts()),
                    new AlertRoutes(core.alerts()),
                    new LicenseRoutes(core.license()));
            ApiServer api = ApiServer.start(config.port(), token, Json.mapper(), routes);
            opened.add(0, api);
            core.startBackground(config.resume());

            // logged before service.url announces the service, which a client waits for; with the heap's cap
            // (ADR 0040), so that an admin who raised it can see it took effect
            log.info("Mailferry service {} started on {} with data directory {} and a Java heap of at most {} MB "
                    + "in {} ms", version(), api.baseUrl(), dataDir, JavaHeap.capBytes() >> 20,
                    java.time.Duration.between(startedAt, Instant.now()).toMillis());
            Path urlFile = dataDir.resolve(SERVICE_URL_FILE);
            OwnerOnlyFile.write(urlFile, (api.baseUrl() + "\n").getBytes(StandardCharsets.US_ASCII));
            if (config.groupAccess()) {
                GroupReadable.allow(urlFile);
            }
            return new Started(api.baseUrl(), token, dataDir, opened, lock);
        } catch (IOException e) {
            closeAll(opened, lock);
            throw new IllegalStateException("The service could not listen on 127.0.0.1 port " + config.port() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(opened, lock);
            throw e;
        }
    }

    /**
     * Creates the data directory with mode 0700, or tightens an existing one that is empty or already Mailferry's (it
     * has {@code mailferry.db} or {@code secret.key}) to 0700: the database (message metadata, reports), the logs and
     * the reports are created with the process's umask and rely on the directory to keep other users out, and a
     * directory made by hand ({@code mkdir}, an installer) is usually 0755. Any other open directory (say
     * {@code --data-dir /tmp}) is left as it is, with a warning: changing it could break other programs. With
     * {@code groupAccess} the mode is 0750 instead: the group may list it and read what is made readable to it.
     */
    static void createPrivateDirectory(Path dir) {
        createPrivateDirectory(dir, false);
    }

    static void createPrivateDirectory(Path dir, boolean groupAccess) {
        Set<PosixFilePermission> wanted = groupAccess ? GROUP_LISTED_DIRECTORY : OWNER_ONLY_DIRECTORY;
        try {
            boolean existed = Files.isDirectory(dir);
            if (!existed) {
                Files.createDirectories(dir);
            }
            if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return; // Windows: the per-user %LOCALAPPDATA% is private already
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (wanted.equals(perms)) {
                return;
            }
            if (!existed || isEmptyOrOurs(dir)) {
                Files.setPosixFilePermissions(dir, wanted);
                if (existed) {
                    log.info("Set the data directory {} to {} (it was {})", dir, PosixFilePermissions.toString(wanted),
                            PosixFilePermissions.toString(perms));
                }
            } else {
                log.warn("The data directory {} is {} and holds other files; left as it is. Other users of this "
                        + "machine may read the database and logs: use a directory of its own.", dir,
                        PosixFilePermissions.toString(perms));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the data directory " + dir + " or restrict it to its "
                    + "owner: " + e.getMessage(), e);
        }
    }

    private static boolean isEmptyOrOurs(Path dir) throws IOException {
        if (Files.exists(dir.resolve(DATABASE_FILE)) || Files.exists(dir.resolve(SECRET_KEY_FILE))) {
            return true;
        }
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            // an administrator may place the license issuer keys before the first start
            return entries.allMatch(e -> e.getFileName().toString().equals(IssuerKeys.DIRECTORY));
        }
    }

    /** One service per data directory: two would fight over the database and service.url. */
    private static FileLock lock(Path dataDir) {
        try {
            FileChannel channel = FileChannel.open(dataDir.resolve("service.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("Another Mailferry service is already running with the data "
                        + "directory " + dataDir + " (its address is in " + SERVICE_URL_FILE + ").");
            }
            return lock;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw new IllegalStateException("Another Mailferry service in this process already uses the data "
                    + "directory " + dataDir + ".", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lock the data directory " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static void closeAll(List<AutoCloseable> opened, FileLock lock) {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            log.warn("Releasing the data directory lock failed: {}", e.getMessage());
        }
    }

    private static final class Started implements RunningService {
        private final URI baseUrl;
        private final String token;
        private final Path dataDir;
        private final List<AutoCloseable> opened;
        private final FileLock lock;
        private final CountDownLatch closed = new CountDownLatch(1);
        private boolean closing;

        Started(URI baseUrl, String token, Path dataDir, List<AutoCloseable> opened, FileLock lock) {
            this.baseUrl = baseUrl;
            this.token = token;
            this.dataDir = dataDir;
            this.opened = opened;
            this.lock = lock;
        }

        @Override
        public URI baseUrl() {
            return baseUrl;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public Path dataDir() {
            return dataDir;
        }

        @Override
        public void awaitClosed() throws InterruptedException {
            closed.await();
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closing) {
                    return;
                }
                closing = true;
            }
            try {
                removeServiceUrl();
                closeAll(opened, lock);
                log.info("Mailferry service stopped");
            } finally {
                closed.countDown();
            }
        }

        /** Removes service.url only if it is still ours (a later service may have replaced it). */
        private void removeServiceUrl() {
            Path file = dataDir.resolve(SERVICE_URL_FILE);
            try {
                if (Files.exists(file) && Files.readString(file).strip().equals(baseUrl.toString())) {
                    Files.delete(file);
                }
            } catch (IOException e) {
                log.warn("Could not remove {}: {}", file, e.getMessage());
            }
        }
    }
}
