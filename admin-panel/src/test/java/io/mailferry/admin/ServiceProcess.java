package io.mailferry.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The real Data Provider service, started as a separate process from the test class path (the service module is a
 * test-scoped dependency; it is named here only as a string, never imported). Its output goes to a log file next to
 * its data directory.
 */
final class ServiceProcess implements AutoCloseable {

    static final String MAIN = "io.mailferry.service.cli.MailferryCli";

    private final Process process;
    private final Path dataDir;
    private final Path log;

    private ServiceProcess(Process process, Path dataDir, Path log) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
    }

    static boolean available() {
        try {
            Class.forName(MAIN, false, ServiceProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static ServiceProcess start(Path dataDir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-service.log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MAIN, "serve",
                "--port", "0", "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        ServiceProcess service = new ServiceProcess(p, dataDir, log);
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(dataDir.resolve("service.url")) || !Files.exists(dataDir.resolve("api-token"))) {
            if (!p.isAlive() || Instant.now().isAfter(until)) {
                String out = Files.exists(log) ? Files.readString(log) : "";
                service.close();
                throw new IllegalStateException("The service did not start:\n" + out);
            }
            Thread.sleep(100);
        }
        return service;
    }

    Path dataDir() {
        return dataDir;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
