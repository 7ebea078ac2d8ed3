package io.mailferry.service.bench;

import io.mailferry.service.testing.TestLicenses;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real service ({@code mailferry serve}) in a JVM of its own, so that what the load tool measures of it (resident
 * memory, heap, CPU) is the service's alone. Heap figures come from its GC log: the largest heap in use before a
 * collection (peak) and after one (what stays live), over a window the caller marks. {@code SERVICE_JAVA_OPTS} adds
 * JVM flags to the service's JVM.
 */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern GC = Pattern.compile("GC\\(\\d+\\) Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Process process;
    private final Path dataDir;
    private final Path gcLog;
    private final URI baseUrl;
    private final String token;
    private long windowStart;
    private long rssPeakKb;

    private ServiceProcess(Process process, Path dataDir, Path gcLog, URI baseUrl, String token) {
        this.process = process;
        this.dataDir = dataDir;
        this.gcLog = gcLog;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Starts the service on a free port with this data directory and waits until it announced its address. */
    static ServiceProcess start(Path dataDir, String heap) throws IOException, InterruptedException {
        Path gcLog = prepare(dataDir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (heap != null && !heap.isBlank()) {
            command.add("-Xmx" + heap);
        }
        String extra = System.getenv("SERVICE_JAVA_OPTS"); // e.g. a JFR recording of the service
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"),
                "io.mailferry.service.cli.MailferryCli", "serve", "--data-dir", dataDir.toString()));
        return await(new ProcessBuilder(command), dataDir, gcLog);
    }

    /**
     * Starts the service as an admin does from the repository: {@code ./mailferry serve}, with the launcher's JVM flags
     * and heap cap ({@code SERVICE_JAVA_OPTS} and the GC log go through {@code MAILFERRY_JAVA_OPTS}). The launcher
     * ends in {@code exec java}, so the process measured is the service's JVM.
     */
    static ServiceProcess viaLauncher(Path dataDir) throws IOException, InterruptedException {
        Path gcLog = prepare(dataDir);
        String extra = System.getenv("SERVICE_JAVA_OPTS");
        ProcessBuilder builder = new ProcessBuilder(MigrateProcess.LAUNCHER.toString(), "serve", "--data-dir",
                dataDir.toString());
        builder.environment().put("MAILFERRY_JAVA_OPTS", "-Xlog:gc:file=" + gcLog
                + (extra == null || extra.isBlank() ? "" : " " + extra.trim()));
        return await(builder, dataDir, gcLog);
    }

    private static Path prepare(Path dataDir) throws IOException {
        TestLicenses.licensed(Files.createDirectories(dataDir));
        Files.deleteIfExists(dataDir.resolve("service.url"));
        return dataDir.resolve("gc.log");
    }

    private static ServiceProcess await(ProcessBuilder builder, Path dataDir, Path gcLog)
            throws IOException, InterruptedException {
        Process p = builder.redirectErrorStream(true).redirectOutput(dataDir.resolve("service.out").toFile()).start();
        Path urlFile = dataDir.resolve("service.url");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(urlFile) || Files.readString(urlFile).isBlank()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("The service did not start; see " + dataDir.resolve("service.out"));
            }
            Thread.sleep(100);
        }
        return new ServiceProcess(p, dataDir, gcLog, URI.create(Files.readString(urlFile).strip()),
                Files.readString(dataDir.resolve("api-token")).strip());
    }

    URI baseUrl() {
        return baseUrl;
    }

    String token() {
        return token;
    }

    long pid() {
        return process.pid();
    }

    /** Starts the window the heap and RSS peaks are taken over. */
    void markWindow() throws IOException {
        windowStart = Files.exists(gcLog) ? Files.size(gcLog) : 0;
        rssPeakKb = 0;
    }

    /** Samples the resident size; call it often during the window. */
    void sampleRss() {
        rssPeakKb = Math.max(rssPeakKb, status("VmRSS:"));
    }

    long rssPeakKb() {
        return rssPeakKb;
    }

    /** Peak resident size over the process's whole life (kB). */
    long rssLifetimePeakKb() {
        return status("VmHWM:");
    }

    /** User + system CPU seconds the service has used so far. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Heap in use before and after collections during the window (MiB), and how many collections. */
    record Heap(long peakBeforeMb, long peakAfterMb, long capacityMb, int collections) {
    }

    Heap heapInWindow() throws IOException {
        long before = 0;
        long after = 0;
        long capacity = 0;
        int count = 0;
        byte[] all = Files.readAllBytes(gcLog);
        String text = new String(all, (int) Math.min(windowStart, all.length), (int) Math.max(0,
                all.length - windowStart), java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = GC.matcher(text);
        while (m.find()) {
            before = Math.max(before, Long.parseLong(m.group(1)));
            after = Math.max(after, Long.parseLong(m.group(2)));
            capacity = Math.max(capacity, Long.parseLong(m.group(3)));
            count++;
        }
        return new Heap(before, after, capacity, count);
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended or this is not Linux: no figure
        }
        return 0;
    }

    /** Stops the service (SIGTERM: a clean shutdown) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    Path dataDir() {
        return dataDir;
    }
}
