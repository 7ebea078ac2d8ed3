package io.mailferry.service.bench;

import io.mailferry.model.connection.Secret;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.service.testing.DovecotServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * service's resident size (sampled every 20 ms, and its lifetime peak), then a no-op delta of all of them.
 * {@code SERVICE_OUT} names a file to keep the service's output in, as for {@link ServiceDelta}.
 */
final class ServicePass {
    private static final long SAMPLE_MILLIS = 20;

    /** The full pass and the no-op delta of every mailbox through one running service. */
    record Result(double seconds, double cpuSeconds, double serversCpuSeconds, long peakRssKib,
            ServiceProcess.Heap heap, double noopSeconds, double noopCpuSeconds) {
        String describe(long messages) {
            return String.format(Locale.ROOT, "%.2f s, %.0f msg/s, service CPU %.2f s (%.2f per 1,000), servers' CPU "
                    + "%.2f s, service peak RSS %d MiB, heap in use at most %d MiB before a collection and %d MiB "
                    + "after one (%d collections, heap %d MiB); no-op delta %.2f s, service CPU %.2f s", seconds,
                    messages / seconds, cpuSeconds, cpuSeconds / messages * 1000, serversCpuSeconds, peakRssKib >> 10,
                    heap.peakBeforeMb(), heap.peakAfterMb(), heap.collections(), heap.capacityMb(), noopSeconds,
                    noopCpuSeconds);
        }
    }

    private ServicePass() {
    }

    static Result run(DovecotServer source, BenchEndpoint from, List<AppendCeiling.Account> sourceUsers,
            DovecotServer target, BenchEndpoint to, List<AppendCeiling.Account> targetUsers, long expectedItems,
            Path work) throws Exception {
        MigrateProcess.build(work);
        Path data = Files.createTempDirectory(work, "service-pass-");
        try (ServiceProcess service = ServiceProcess.viaLauncher(data)) {
            ServiceApi api = new ServiceApi(service);
            String s = api.call("POST", "/api/v1/connections", BenchRunner.connection("bench source",
                    ConnectionRole.SOURCE, from, sourceUsers.get(0))).get("id").asText();
            String t = api.call("POST", "/api/v1/connections", BenchRunner.connection("bench target",
                    ConnectionRole.TARGET, to, targetUsers.get(0))).get("id").asText();
            List<MailboxPairRequest> pairs = new ArrayList<>();
            for (int m = 0; m < sourceUsers.size(); m++) {
                AppendCeiling.Account su = sourceUsers.get(m);
                AppendCeiling.Account tu = targetUsers.get(m);
                pairs.add(new MailboxPairRequest(su.user(), tu.user(), su.user(), new Secret(su.password()),
                        tu.user(), new Secret(tu.password())));
            }
            String job = api.call("POST", "/api/v1/jobs", new JobRequest("service pass", s, t, JobOptions.defaults(),
                    pairs)).get("id").asText();

            service.markWindow();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "service-rss");
                thread.setDaemon(true);
                return thread;
            });
            double seconds;
            double cpu;
            double servers;
            try {
                sampler.scheduleAtFixedRate(service::sampleRss, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
                double serversBefore = ServerCpu.seconds(source.master()) + ServerCpu.seconds(target.master());
                double cpuBefore = service.cpuSeconds();
                long t0 = System.nanoTime();
                ServiceDelta.pass(api, job, "start", false);
                seconds = (System.nanoTime() - t0) / 1e9;
                cpu = service.cpuSeconds() - cpuBefore;
                servers = ServerCpu.seconds(source.master()) + ServerCpu.seconds(target.master()) - serversBefore;
            } finally {
                sampler.shutdownNow();
            }
            long rss = Math.max(service.rssPeakKb(), service.rssLifetimePeakKb());
            ServiceProcess.Heap heap = service.heapInWindow();
            BenchRunner.check(ServiceDelta.report(api, job), expectedItems, "service pass");

            double noopCpuBefore = service.cpuSeconds();
            long n0 = System.nanoTime();
            ServiceDelta.pass(api, job, "delta", false);
            double noop = (System.nanoTime() - n0) / 1e9;
            double noopCpu = service.cpuSeconds() - noopCpuBefore;
            BenchRunner.check(ServiceDelta.report(api, job), 0, "service no-op delta");
            return new Result(seconds, cpu, servers, rss, heap, noop, noopCpu);
        } finally {
            ServiceDelta.keepOutput(data);
        }
    }
}
