package io.mailferry.admin.client;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts {@code mailferry serve} as a separate process when the admin asks for it. The process outlives the panel:
 * the service, not the panel, owns the migrations. Its output goes to {@code DATA_DIR/logs/service-start.log}.
 */
public class ServiceStarter {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceStarter.class);

    /**
     * The service's heap cap (ADR 0040), for a service the panel starts: the installed images carry none, so that
     * the admin's {@code JAVA_TOOL_OPTIONS} decides; one already in the panel's environment is kept.
     */
    static final String HEAP_CAP = "-Xmx640m";

    private final Path dataDir;
    private final List<String> command;

    /**
     * @param command the command that runs the service without the {@code serve} arguments; empty = find one
     *                (see {@link #defaultCommand(Path)})
     */
    public ServiceStarter(Path dataDir, List<String> command) {
        this.dataDir = dataDir;
        this.command = command == null || command.isEmpty() ? defaultCommand(installDir()).orElse(List.of()) : command;
    }

    public List<String> command() {
        return command;
    }

    /** Launches the service and returns at once; the caller then waits for {@code service.url}. */
    public void start() {
        if (InstalledService.owns(dataDir)) {
            // its files belong to the service's user: a service started by the admin could not write them
            throw new ServiceException(0, "installed_service_stopped", "The installed Mailferry service is not "
                    + "running. Start it with \"sudo systemctl start mailferry\" (Windows: the Mailferry service).");
        }
        if (command.isEmpty()) {
            throw new ServiceException(0, "no_service_command",
                    "The panel cannot find the Mailferry service; start it with \"mailferry serve\".");
        }
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("serve", "--data-dir", dataDir.toString()));
        try {
            Path logs = Files.createDirectories(dataDir.resolve("logs"));
            ProcessBuilder builder = new ProcessBuilder(full);
            builder.environment().putIfAbsent("JAVA_TOOL_OPTIONS", HEAP_CAP);
            builder.redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve("service-start.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")))
                    .start();
            LOG.info("Started the service: {}", full);
        } catch (IOException e) {
            LOG.warn("Could not start the service with {}", full, e);
            String m = String.valueOf(e.getMessage());
            throw new ServiceException(0, "service_start_failed", "The Mailferry service could not be started with "
                    + full.get(0) + (m.contains("error=2,") ? ": it does not exist."
                    : m.contains("error=13,") ? ": permission denied (it must be executable)."
                    : "; the panel's log has the details."), e);
        }
    }

    /**
     * The {@code mailferry} launcher in the repository root or an installation the panel is part of (also a jpackage
     * image's {@code bin/mailferry}, or a sibling {@code mailferry/bin/mailferry} image), else
     * {@code java -jar mailferry-service.jar} found there or in the repository's build output, else {@code mailferry}
     * on the PATH. A launcher anywhere up the tree comes before a jar nearer the panel: the installed image holds the
     * service's jar beside the panel's folder (lib/app), and only its launcher starts it with the service's JVM flags
     * (ADR 0048).
     */
    static Optional<List<String>> defaultCommand(Path from) {
        return defaultCommand(from, System.getenv("PATH"));
    }

    static Optional<List<String>> defaultCommand(Path from, String pathVariable) {
        String script = isWindows() ? "mailferry.bat" : "mailferry";
        String java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            for (Path s : List.of(dir.resolve(script), dir.resolve("bin").resolve(script),
                    dir.resolve("mailferry").resolve("bin").resolve(script))) {
                if (Files.isRegularFile(s) && Files.isExecutable(s)) {
                    return Optional.of(List.of(s.toString()));
                }
            }
        }
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            for (Path jar : List.of(dir.resolve("mailferry-service.jar"),
                    dir.resolve("data-provider-service/target/mailferry-service.jar"))) {
                if (Files.isRegularFile(jar)) {
                    return Optional.of(List.of(java, "-jar", jar.toString()));
                }
            }
        }
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                Path s = entry.isEmpty() ? null : Path.of(entry, script);
                if (s != null && Files.isRegularFile(s) && Files.isExecutable(s)) {
                    return Optional.of(List.of(s.toString()));
                }
            }
        }
        return Optional.empty();
    }

    /** Directory of the panel's jar (or classes), the starting point of the search. */
    private static Path installDir() {
        try {
            Path here = Path.of(ServiceStarter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return here.getParent() == null ? here : here.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** Splits a configured command line on spaces (quotes are not needed for the commands we document). */
    public static List<String> parseCommand(String line) {
        return line == null || line.isBlank() ? List.of() : Arrays.asList(line.trim().split("\\s+"));
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().contains("win");
    }
}
