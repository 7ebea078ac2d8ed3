package io.mailferry.service.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.report.JobReport;
import io.mailferry.service.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The no-op delta of a running service as an admin sees it (issue 10): the real service ({@code mailferry serve}) in
 * its own JVM on a data directory of its own, the first mailbox's source and target connections and a job of one pair
 * created through its API, one full pass (not timed), then {@code passes} delta passes, each timed from the
 * {@code POST .../delta} until the job read through the API shows the pass's end and verdict. The job is read with
 * {@code ?waitSeconds=} (ADR 0030), which answers the moment the run ended; with {@code poll} (as on a service without
 * that parameter) it is read every {@link #POLL_MICROS} µs instead — a coarser poll would add its own latency.
 * {@code SERVICE_JAVA_OPTS} adds JVM flags to the service (e.g. a JFR recording); {@code SERVICE_OUT} names a file to
 * keep the service's output (its log) in.
 */
final class ServiceDelta {
    private static final long POLL_MICROS = 2_000;

    /** The delta passes' wall times (API call to verdict, seconds) and the verdict of the last one. */
    record Result(List<Double> seconds, String verdict) {
        String describe() {
            List<Double> sorted = seconds.stream().sorted().toList();
            String each = seconds.stream().map(s -> String.format(Locale.ROOT, "%.3f", s))
                    .collect(java.util.stream.Collectors.joining(" "));
            return String.format(Locale.ROOT, "%d passes (%s), min %.3f s, median %.3f s, max %.3f s; verdict: %s",
                    sorted.size(), each, sorted.get(0), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                    verdict);
        }
    }

    private ServiceDelta() {
    }

    static Result run(BenchEndpoint from, AppendCeiling.Account source, BenchEndpoint to,
            AppendCeiling.Account target, int connections, int passes, boolean poll,
            long expectedItems, Path work) throws Exception {
        Path data = Files.createTempDirectory(work, "service-data-");
        try (ServiceProcess service = ServiceProcess.start(data, null)) {
            ServiceApi api = new ServiceApi(service);
            String s = api.call("POST", "/api/v1/connections", BenchRunner.connection("bench source",
                    ConnectionRole.SOURCE, from, source)).get("id").asText();
            String t = api.call("POST", "/api/v1/connections", BenchRunner.connection("bench target",
                    ConnectionRole.TARGET, to, target)).get("id").asText();
            JobOptions options = new JobOptions(null, null, null, null, null, null, null, 1, connections, null);
            MailboxPairRequest pair = new MailboxPairRequest(source.user(), target.user(), source.user(),
                    new Secret(source.password()), target.user(), new Secret(target.password()));
            String job = api.call("POST", "/api/v1/jobs", new JobRequest("service delta", s, t, options,
                    List.of(pair))).get("id").asText();
            pass(api, job, "start", poll);
            BenchRunner.check(report(api, job), expectedItems, "service full pass");
            List<Double> seconds = new ArrayList<>();
            String verdict = null;
            for (int i = 0; i < passes; i++) {
                long t0 = System.nanoTime();
                verdict = pass(api, job, "delta", poll);
                seconds.add((System.nanoTime() - t0) / 1e9);
                BenchRunner.check(report(api, job), 0, "service no-op delta");
            }
            return new Result(seconds, verdict);
        } finally {
            keepOutput(data, "");
        }
    }

    /**
     * Copies the service's output (its log) of data directory {@code data} to the file {@code SERVICE_OUT} names, with
     * {@code suffix} added to its name (two steps of one run keep theirs apart).
     */
    static void keepOutput(Path data, String suffix) throws java.io.IOException {
        String keep = System.getenv("SERVICE_OUT");
        if (keep != null && !keep.isBlank() && Files.exists(data.resolve("service.out"))) {
            Files.copy(data.resolve("service.out"), Path.of(keep + suffix), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Starts a pass of the job and reads the job until it shows the pass's end; returns its verdict. */
    static String pass(ServiceApi api, String job, String command, boolean poll) throws Exception {
        String path = "/api/v1/jobs/" + job;
        String before = api.call("GET", path, null).path("lastRunStartedAt").asText();
        api.call("POST", path + "/" + command, null);
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        while (true) {
            JsonNode j = api.call("GET", path + (poll ? "" : "?waitSeconds=60"), null);
            boolean ended = !j.path("lastRunEndedAt").isNull() && !j.path("lastRunEndedAt").isMissingNode();
            if (ended && !j.path("lastRunStartedAt").asText().equals(before)) {
                if (!j.path("state").asText().equals("COMPLETED")) {
                    throw new IllegalStateException(command + " pass ended " + j.path("state").asText() + ": "
                            + j.path("verdict").asText());
                }
                return j.path("verdict").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(command + " pass did not end within an hour");
            }
            TimeUnit.MICROSECONDS.sleep(POLL_MICROS);
        }
    }

    static JobReport report(ServiceApi api, String job) throws Exception {
        return Json.mapper().treeToValue(api.call("GET", "/api/v1/jobs/" + job + "/report", null), JobReport.class);
    }
}
