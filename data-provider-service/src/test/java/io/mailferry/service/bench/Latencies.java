package io.mailferry.service.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Response times per endpoint of one load run, and answers that were not 2xx. Thread-safe. */
final class Latencies {
    private final Map<String, long[]> samples = new TreeMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, Integer> errors = new TreeMap<>();

    synchronized void record(String endpoint, long nanos, boolean ok) {
        long[] s = samples.computeIfAbsent(endpoint, k -> new long[1024]);
        int n = counts.getOrDefault(endpoint, 0);
        if (n == s.length) {
            s = Arrays.copyOf(s, n * 2);
            samples.put(endpoint, s);
        }
        s[n] = nanos;
        counts.put(endpoint, n + 1);
        if (!ok) {
            errors.merge(endpoint, 1, Integer::sum);
        }
    }

    /** One line per endpoint: count, rate, p50/p95/p99/max in ms, non-2xx answers. */
    synchronized String table(double seconds) {
        StringBuilder b = new StringBuilder(String.format("| %-22s | %8s | %7s | %7s | %7s | %7s | %7s | %6s |%n",
                "endpoint", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"));
        b.append("|").append("-".repeat(24)).append("|").append("-".repeat(10));
        for (int i = 0; i < 5; i++) {
            b.append("|").append("-".repeat(9));
        }
        b.append("|").append("-".repeat(8)).append("|\n");
        long total = 0;
        for (Map.Entry<String, long[]> e : samples.entrySet()) {
            int n = counts.get(e.getKey());
            total += n;
            long[] sorted = Arrays.copyOf(e.getValue(), n);
            Arrays.sort(sorted);
            b.append(String.format("| %-22s | %8d | %7.1f | %7.1f | %7.1f | %7.1f | %7.1f | %6d |%n", e.getKey(), n,
                    n / seconds, ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), sorted[n - 1] / 1e6,
                    errors.getOrDefault(e.getKey(), 0)));
        }
        b.append(String.format("all endpoints: %d requests, %.1f requests/s%n", total, total / seconds));
        return b.toString();
    }

    private static double ms(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
