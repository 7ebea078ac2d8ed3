package io.mailferry.service.bench;

import io.mailferry.service.testing.DovecotServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

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

    /**
     * Runs {@code command} under {@code /usr/bin/time}, its output into a log in {@code work}; answers {CPU seconds (user
     * + system), peak RSS KiB}. An exit code {@code ran} refuses fails with the end of the log.
     */
    static double[] measured(List<String> command, String name, IntPredicate ran, Path work)
            throws IOException, InterruptedException {
        Path times = Files.createTempFile(work, "peer-", ".time");
        Path log = Files.createTempFile(work, "peer-", ".log");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S %M"));
        timed.addAll(command);
        int rc = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
        if (!ran.test(rc)) {
            String text = Files.readString(log);
            throw new IllegalStateException(name + " exited " + rc + ": "
                    + (text.length() <= 2000 ? text : text.substring(text.length() - 2000)));
        }
        List<String> lines = Files.readAllLines(times); // "Command exited with non-zero status N" comes first
        String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
        return new double[] {Double.parseDouble(f[0]) + Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    String describe(long messages) {
        return String.format(Locale.ROOT, "%.2f s, %.0f msg/s, client CPU %.2f s, servers' CPU %.2f s, peak RSS %d MiB",
                seconds, messages / seconds, cpuSeconds, serverCpuSeconds, peakRssKiB >> 10);
    }
}
