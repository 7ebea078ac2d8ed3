package io.mailferry.service.bench;

import io.mailferry.service.testing.DovecotServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pass of a peer tool over every user (dsync, imapsync): wall time, the summed CPU of its processes, the largest
 * peak RSS among them, and the CPU of the two Dovecots it read and wrote during the pass.
 */
record PeerPass(double seconds, double cpuSeconds, long peakRssKiB, double serverCpuSeconds) {
    /**
     * Runs {@code runs} (one process each, answering {CPU seconds, peak RSS KiB}) {@code atOnce} at a time and times
     * them together, with the CPU {@code from} and {@code into} spent meanwhile.
     */
    static PeerPass timed(DovecotServer from, DovecotServer into, int atOnce, List<Callable<double[]>> runs)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(atOnce);
        try {
            double serversBefore = ServerCpu.seconds(from.master()) + ServerCpu.seconds(into.master());
            long start = System.nanoTime();
            List<Future<double[]>> started = new ArrayList<>();
            for (Callable<double[]> run : runs) {
                started.add(pool.submit(run));
            }
            double cpu = 0;
            long rss = 0;
            for (Future<double[]> f : started) {
                double[] r = f.get();
                cpu += r[0];
                rss = Math.max(rss, (long) r[1]);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double servers = ServerCpu.seconds(from.master()) + ServerCpu.seconds(into.master()) - serversBefore;
            return new PeerPass(seconds, cpu, rss, servers);
        } finally {
            pool.shutdownNow();
        }
    }

    String describe(long messages) {
        return String.format(Locale.ROOT, "%.2f s, %.0f msg/s, client CPU %.2f s, servers' CPU %.2f s, peak RSS %d MiB",
                seconds, messages / seconds, cpuSeconds, serverCpuSeconds, peakRssKiB >> 10);
    }
}
