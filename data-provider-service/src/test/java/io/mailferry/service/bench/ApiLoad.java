package io.mailferry.service.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Load on the service's API as many admin panels polling it put it (docs/performance.md, "API under load"): starts
 * the real service in its own JVM on a data directory, creates jobs of many mailbox pairs through the API, starts some
 * of them against an IMAP server that accepts connections and never answers (their pairs stay RUNNING or QUEUED) and
 * some against a closed port (their pairs end FAILED: alerts), then lets {@code --clients} clients poll the endpoints
 * the panel polls, one after the other without pause, for {@code --seconds}. Prints requests/s and p50/p95/p99 per
 * endpoint and the service's peak heap (from its GC log), resident size and CPU. Run by {@code api-load.sh}.
 */
public final class ApiLoad {

    private int jobs = 20;
    private int pairs = 1000;
    private int clients = 50;
    /** Pause of each client between two requests (0: none, the worst case; the panel polls every 2 s). */
    private long intervalMs = 0;
    private int seconds = 30;
    private int warmup = 5;
    private int running = 4;
    private int failing = 4;
    private int pageSize = 100;
    private String heap = "";
    private Path dataDir;
    private boolean keep;

    public static void main(String[] args) throws Exception {
        ApiLoad load = new ApiLoad();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--jobs" -> load.jobs = Integer.parseInt(v);
                case "--pairs" -> load.pairs = Integer.parseInt(v);
                case "--clients" -> load.clients = Integer.parseInt(v);
                case "--interval-ms" -> load.intervalMs = Long.parseLong(v);
                case "--seconds" -> load.seconds = Integer.parseInt(v);
                case "--warmup" -> load.warmup = Integer.parseInt(v);
                case "--running" -> load.running = Integer.parseInt(v);
                case "--failing" -> load.failing = Integer.parseInt(v);
                case "--page" -> load.pageSize = Integer.parseInt(v);
                case "--service-heap" -> load.heap = v;
                case "--data-dir" -> load.dataDir = Path.of(v);
                case "--keep" -> {
                    load.keep = true;
                    i--;
                }
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "; see api-load.sh");
            }
            i++;
        }
        load.run();
    }

    private void run() throws Exception {
        boolean temp = dataDir == null;
        Path dir = temp ? Files.createTempDirectory("mailferry-api-load") : dataDir;
        try (SilentServer silent = new SilentServer(); ServiceProcess service = ServiceProcess.start(dir, heap)) {
            System.out.printf(Locale.ROOT, "service pid %d at %s, data directory %s, heap cap %s%n", service.pid(),
                    service.baseUrl(), dir, heap.isBlank() ? "JVM default" : heap);
            ServiceApi seedClient = new ServiceApi(service);
            List<String> jobIds = jobIds(seedClient);
            if (jobIds.isEmpty()) {
                jobIds = seed(seedClient, silent.port());
            } else {
                System.out.println("using the " + jobIds.size() + " jobs already in the data directory");
            }
            measure(service, jobIds);
        } finally {
            if (temp && !keep) {
                deleteTree(dir);
            }
        }
    }

    private List<String> seed(ServiceApi http, int silentPort) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String target = connection(http, "Target", ConnectionRole.TARGET, silentPort);
        String silentSource = connection(http, "Silent source", ConnectionRole.SOURCE, silentPort);
        String closedSource = connection(http, "Closed source", ConnectionRole.SOURCE, closedPort);
        List<String> ids = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int j = 0; j < jobs; j++) {
            List<MailboxPairRequest> list = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                list.add(MailboxPairRequest.of("user" + j + "-" + i + "@old.example",
                        "user" + j + "-" + i + "@new.example"));
            }
            boolean fails = j >= running && j < running + failing;
            // the failing passes retry their connection for seconds: many at once, so that they end soon
            JobOptions options = new JobOptions(null, null, null, null, null, null, null, fails ? 200 : null, null,
                    null);
            JsonNode job = http.call("POST", "/api/v1/jobs",
                    new JobRequest("Load job " + j, fails ? closedSource : silentSource, target, options, list));
            ids.add(job.get("id").asText());
        }
        System.out.printf(Locale.ROOT, "created %d jobs x %d pairs in %.1f s%n", jobs, pairs, secondsSince(t0));
        t0 = System.nanoTime();
        for (int j = 0; j < Math.min(jobs, running + failing); j++) {
            http.call("POST", "/api/v1/jobs/" + ids.get(j) + "/start", null);
        }
        System.out.printf(Locale.ROOT, "started %d jobs (%d against a silent server, %d against a closed port) "
                + "in %.1f s%n", Math.min(jobs, running + failing), running, failing, secondsSince(t0));
        t0 = System.nanoTime();
        for (int j = running; j < Math.min(jobs, running + failing); j++) {
            while (true) {
                String state = http.call("GET", "/api/v1/jobs/" + ids.get(j), null).get("state").asText();
                if (!state.equals("RUNNING") && !state.equals("QUEUED") && !state.equals("STOPPING")) {
                    break;
                }
                if (secondsSince(t0) > 600) {
                    throw new IllegalStateException("The failing jobs did not end within 10 minutes.");
                }
                Thread.sleep(500);
            }
        }
        System.out.printf(Locale.ROOT, "failing jobs ended after %.1f s%n", secondsSince(t0));
        return ids;
    }

    private void measure(ServiceProcess service, List<String> jobIds) throws Exception {
        List<String> endpoints = List.of("health", "jobs", "connections", "license", "dashboard/throughput",
                "dashboard/throttling", "alerts", "jobs/{id}/pairs");
        Latencies latencies = new Latencies();
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(clients);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        double[] cpu = new double[1];
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try {
                    ServiceApi http = new ServiceApi(service);
                    for (long n = client; System.nanoTime() < end; n++) {
                        String endpoint = endpoints.get((int) (n % endpoints.size()));
                        String path = "/api/v1/" + endpoint.replace("{id}", jobIds.get((int) (n % jobIds.size())))
                                + (endpoint.endsWith("pairs") ? "?offset=0&limit=" + pageSize : "");
                        long start = System.nanoTime();
                        HttpResponse<byte[]> r = http.send("GET", path, null);
                        long took = System.nanoTime() - start;
                        if (start >= warmEnd && System.nanoTime() < end) {
                            latencies.record(endpoint, took, r.statusCode() / 100 == 2);
                        }
                        if (intervalMs > 0) {
                            Thread.sleep(intervalMs);
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            }, "load-client-" + c);
            t.setDaemon(true);
            t.start();
        }
        boolean marked = false;
        while (!done.await(100, TimeUnit.MILLISECONDS)) {
            if (!marked && System.nanoTime() >= warmEnd) {
                service.markWindow();
                cpu[0] = service.cpuSeconds();
                marked = true;
            }
            if (marked) {
                service.sampleRss();
            }
        }
        double cpuUsed = service.cpuSeconds() - cpu[0];
        ServiceProcess.Heap heapUse = service.heapInWindow();
        System.out.printf(Locale.ROOT, "%n%d clients (pause %d ms between requests), %d s measured after %d s warm-up,"
                + " %d jobs x %d pairs (%d running, %d failed), pairs page %d%n", clients, intervalMs, seconds, warmup,
                jobIds.size(), pairs,
                running, failing, pageSize);
        System.out.print(latencies.table(seconds));
        System.out.printf(Locale.ROOT, "service: CPU %.1f s in %d s (%.2f cores); heap in use before GC peak %d MiB, "
                + "after GC peak %d MiB, heap size %d MiB, %d collections; RSS peak %d MiB (life %d MiB)%n", cpuUsed,
                seconds, cpuUsed / seconds, heapUse.peakBeforeMb(), heapUse.peakAfterMb(), heapUse.capacityMb(),
                heapUse.collections(), service.rssPeakKb() / 1024, service.rssLifetimePeakKb() / 1024);
        if (!failures.isEmpty()) {
            System.out.println(failures.size() + " clients stopped early; the first: " + failures.get(0));
        }
    }

    private static List<String> jobIds(ServiceApi http) throws Exception {
        List<String> ids = new ArrayList<>();
        http.call("GET", "/api/v1/jobs", null).forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    private static String connection(ServiceApi http, String name, ConnectionRole role,
            int port) throws Exception {
        ConnectionRequest request = new ConnectionRequest(name, role, ConnectionKind.IMAP, new ImapSettings(
                "127.0.0.1", port, ImapSecurity.NONE, ImapAuthMode.MASTER_USER, "admin", "*", null), null, null,
                new Secret("secret"));
        return http.call("POST", "/api/v1/connections", request).get("id").asText();
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Accepts IMAP connections and never says a word: the passes against it wait in RUNNING until they time out. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0);
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentServer() throws IOException {
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-imap");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private ApiLoad() {
    }
}
