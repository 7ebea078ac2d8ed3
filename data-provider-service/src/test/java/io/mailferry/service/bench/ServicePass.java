package io.mailferry.service.bench;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.service.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every mailbox of the scenario as one job of a running service, as an admin migrates many mailboxes at once
 * (issue 10): {@code ./mailferry serve} started by the repository's launcher (its JVM flags and heap cap — the
 * product's own memory behaviour) on a data directory of its own, the two connections and a job of all pairs with
 * the default options (20 mailboxes at once, automatic connections) created through the API, then the full pass timed
 * from {@code POST .../start} to its verdict read through the API, with the service's CPU, the servers' CPU and the
 * service's resident size (sampled every 20 ms, and its lifetime peak), then a no-op delta of all of them, then the
 * caller's {@link FirstJobDone} (the bench checks the first job's copies and deletes them), then a second job of the
 * same service copying the same mailboxes into fresh target users (its code warm, as in a service that has run for a
 * while).
 * {@code SERVICE_OUT} names a file to keep the service's output in, as for {@link ServiceDelta}, with {@code .pass}
 * added to its name.
 */
final class ServicePass {
    private static final long SAMPLE_MILLIS = 20;

    /** One timed pass: wall time, the service's CPU, the servers' CPU. */
    record Timed(double seconds, double cpuSeconds, double serversCpuSeconds) {
    }

    /**
     * The first job's full pass and no-op delta, and a second job of the same service (the same mailboxes into fresh
     * target users) once the first one's code has run: a service that runs for days copies like the second.
     */
    record Result(Timed first, long peakRssKib, ServiceProcess.Heap heap, double noopSeconds, double noopCpuSeconds,
            Timed second, long lifetimePeakRssKib) {
        String describe(long messages) {
            return String.format(Locale.ROOT, "first job %.2f s, %.0f msg/s, service CPU %.2f s (%.2f per 1,000), "
                    + "servers' CPU %.2f s; service peak RSS %d MiB, heap in use at most %d MiB before a collection "
                    + "and %d MiB after one (%d collections, heap %d MiB); no-op delta %.2f s, service CPU %.2f s; "
                    + "a second job of the same service %.2f s, %.0f msg/s, service CPU %.2f s (%.2f per 1,000), "
                    + "servers' CPU %.2f s; the service's peak RSS over both jobs %d MiB", first.seconds(),
                    messages / first.seconds(), first.cpuSeconds(),
                    first.cpuSeconds() / messages * 1000, first.serversCpuSeconds(), peakRssKib >> 10,
                    heap.peakBeforeMb(), heap.peakAfterMb(), heap.collections(), heap.capacityMb(), noopSeconds,
                    noopCpuSeconds, second.seconds(), messages / second.seconds(), second.cpuSeconds(),
                    second.cpuSeconds() / messages * 1000, second.serversCpuSeconds(), lifetimePeakRssKib >> 10);
        }
    }

    private ServicePass() {
    }

    static Result run(DovecotServer source, BenchEndpoint from, List<AppendCeiling.Account> sourceUsers,
            DovecotServer target, BenchEndpoint to, List<AppendCeiling.Account> targetUsers,
            List<AppendCeiling.Account> againUsers, long expectedItems, FirstJobDone firstJobDone, Path work)
            throws Exception {
        MigrateProcess.build(work);
        Path data = Files.createTempDirectory(work, "service-pass-");
        try (ServiceProcess service = ServiceProcess.viaLauncher(data)) {
            ServiceApi api = new ServiceApi(service);
            String s = api.call("POST", "/api/v1/connections", BenchRunner.connection("bench source",
                    ConnectionRole.SOURCE, from, sourceUsers.get(0))).get("id").asText();
            String t = api.call("POST", "/api/v1/connections", BenchRunner.connection("bench target",
                    ConnectionRole.TARGET, to, targetUsers.get(0))).get("id").asText();
            String job = job(api, "service pass", s, t, sourceUsers, targetUsers);

            service.markWindow();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "service-rss");
                thread.setDaemon(true);
                return thread;
            });
            Timed first;
            try {
                sampler.scheduleAtFixedRate(service::sampleRss, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
                first = timed(api, job, "start", service, source, target);
            } finally {
                sampler.shutdownNow();
            }
            long rss = Math.max(service.rssPeakKb(), service.rssLifetimePeakKb());
            ServiceProcess.Heap heap = service.heapInWindow();
            BenchRunner.check(ServiceDelta.report(api, job), expectedItems, "service pass");

            Timed noop = timed(api, job, "delta", service, source, target);
            BenchRunner.check(ServiceDelta.report(api, job), 0, "service no-op delta");

            firstJobDone.run();
            String again = job(api, "service pass again", s, t, sourceUsers, againUsers);
            Timed second = timed(api, again, "start", service, source, target);
            BenchRunner.check(ServiceDelta.report(api, again), expectedItems, "service second job");
            return new Result(first, rss, heap, noop.seconds(), noop.cpuSeconds(), second,
                    service.rssLifetimePeakKb());
        } finally {
            ServiceDelta.keepOutput(data, ".pass");
        }
    }

    /** What the caller does with the first job's target users once its no-op delta is done (check and delete them). */
    @FunctionalInterface
    interface FirstJobDone {
        void run() throws Exception;
    }

    /** A job of one pair per mailbox with the default options, created through the API; returns its id. */
    private static String job(ServiceApi api, String name, String sourceConnection, String targetConnection,
            List<AppendCeiling.Account> sourceUsers, List<AppendCeiling.Account> targetUsers) throws Exception {
        return api.call("POST", "/api/v1/jobs", new JobRequest(name, sourceConnection, targetConnection,
                options(), BenchRunner.pairs(sourceUsers, targetUsers))).get("id").asText();
    }

    /**
     * The default options, with {@code SERVICE_CONNECTIONS} connections per server and mailbox and {@code
     * SERVICE_MAILBOXES} mailboxes at once where they are set.
     */
    private static JobOptions options() {
        return new JobOptions(null, null, null, null, null, null, null, setting("SERVICE_MAILBOXES"),
                setting("SERVICE_CONNECTIONS"), null, null);
    }

    private static Integer setting(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
    }

    /** Runs {@code command} (start, delta) of {@code job} to its verdict, timed. */
    private static Timed timed(ServiceApi api, String job, String command, ServiceProcess service,
            DovecotServer source, DovecotServer target) throws Exception {
        double serversBefore = ServerCpu.seconds(source.master()) + ServerCpu.seconds(target.master());
        double cpuBefore = service.cpuSeconds();
        long t0 = System.nanoTime();
        ServiceDelta.pass(api, job, command, false);
        return new Timed((System.nanoTime() - t0) / 1e9, service.cpuSeconds() - cpuBefore,
                ServerCpu.seconds(source.master()) + ServerCpu.seconds(target.master()) - serversBefore);
    }
}
