package io.mailferry.service.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real service as a separate JVM on a data directory, started the way an administrator starts it
 * ({@code MailferryCli serve --port 0 --data-dir DIR} when the CLI has {@code serve}, else
 * {@link ServiceProcessMain}; always the latter when a test hands the child system properties), found through
 * {@code DATA_DIR/service.url} and {@code DATA_DIR/api-token}, and ended either gracefully (SIGTERM) or by
 * {@code kill -9} — a crash no code in the service can react to.
 */
public final class ServiceProcess implements AutoCloseable {
    /** What a JVM killed by SIGKILL exits with on Linux (128 + 9). */
    public static final int KILLED_EXIT = 137;
    private static final String CLI = "io.mailferry.service.cli.MailferryCli";
    /** The CLI may exist before its {@code serve} command does. */
    private static final String SERVE = "io.mailferry.service.cli.ServeCommand";

    private final Process process;
    private final Path dataDir;
    private final ApiClient api;

    private ServiceProcess(Process process, Path dataDir, ApiClient api) {
        this.process = process;
        this.dataDir = dataDir;
        this.api = api;
    }

    /** Starts the service on {@code dataDir} and waits (up to 30 s) until it has written its address. */
    public static ServiceProcess start(Path dataDir) throws IOException, InterruptedException {
        TestLicenses.licensed(Files.createDirectories(dataDir));
        return start(dataDir, dataDir.resolve("process.out"));
    }

    /**
     * As {@link #start(Path)}, with the process's stdout and stderr appended to {@code output}; {@code dataDir} is left
     * for the service to create, as it is on a first start.
     */
    public static ServiceProcess start(Path dataDir, Path output) throws IOException, InterruptedException {
        return start(dataDir, output, null, true);
    }

    /**
     * As {@link #start(Path)}, but the service leaves the jobs a kill interrupted stopped ({@code serve --no-resume}),
     * for tests that resume them through the API at a moment of their choosing.
     */
    public static ServiceProcess startWithoutResume(Path dataDir) throws IOException, InterruptedException {
        TestLicenses.licensed(Files.createDirectories(dataDir));
        return start(dataDir, dataDir.resolve("process.out"), null, false);
    }

    /** {@link #start(Path, Map)} without resuming interrupted jobs (see {@link #startWithoutResume(Path)}). */
    public static ServiceProcess startWithoutResume(Path dataDir, Map<String, String> systemProperties)
            throws IOException, InterruptedException {
        TestLicenses.licensed(Files.createDirectories(dataDir));
        return start(dataDir, dataDir.resolve("process.out"), Map.copyOf(systemProperties), false);
    }

    /**
     * As {@link #start(Path)}, but always through {@link ServiceProcessMain}, with {@code systemProperties} set in the
     * child JVM: how a test points the service at its doubles (see {@link ServiceProcessMain}) without a product hook.
     */
    public static ServiceProcess start(Path dataDir, Map<String, String> systemProperties)
            throws IOException, InterruptedException {
        TestLicenses.licensed(Files.createDirectories(dataDir));
        return start(dataDir, dataDir.resolve("process.out"), Map.copyOf(systemProperties), true);
    }

    private static ServiceProcess start(Path dataDir, Path output, Map<String, String> systemProperties,
            boolean resume) throws IOException, InterruptedException {
        Path url = dataDir.resolve("service.url");
        Files.deleteIfExists(url); // a killed service leaves its old address behind
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        if (systemProperties != null) {
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        if (systemProperties == null && cliAvailable()) {
            command.addAll(List.of(CLI, "serve", "--port", "0", "--data-dir", dataDir.toString()));
        } else {
            command.addAll(List.of(ServiceProcessMain.class.getName(), dataDir.toString()));
        }
        if (!resume) {
            command.add(ServiceProcessMain.NO_RESUME);
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(url) || Files.readString(url).isBlank()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited with " + process.exitValue() + ": "
                        + Files.readString(output));
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The service did not write service.url within 30 s");
            }
            Thread.sleep(20);
        }
        URI base = URI.create(Files.readString(url).strip());
        String token = Files.readString(dataDir.resolve("api-token"), StandardCharsets.US_ASCII).strip();
        return new ServiceProcess(process, dataDir, new ApiClient(base, token));
    }

    private static boolean cliAvailable() {
        try {
            Class.forName(SERVE, false, ServiceProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public ApiClient api() {
        return api;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGKILL with {@code kill -9 PID} and returns the exit code once the process is gone. */
    public int kill9() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 " + process.pid() + " failed");
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The service survived kill -9");
        }
        return process.exitValue();
    }

    /** The service's own log files, for failure messages. */
    public String logTail(int maxChars) {
        try (Stream<Path> files = Files.list(dataDir.resolve("logs"))) {
            StringBuilder sb = new StringBuilder();
            for (Path f : files.sorted().toList()) {
                sb.append(Files.readString(f));
            }
            return sb.length() <= maxChars ? sb.toString() : sb.substring(sb.length() - maxChars);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Graceful stop (SIGTERM: the service's shutdown hook closes it); kill -9 after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
