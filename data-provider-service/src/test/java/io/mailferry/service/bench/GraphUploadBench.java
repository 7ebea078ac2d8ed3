package io.mailferry.service.bench;

import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.report.FolderReport;
import io.mailferry.service.connector.graph.GraphMailboxAccess;
import io.mailferry.service.connector.graph.doubles.GraphDouble;
import io.mailferry.service.engine.EngineSettings;
import io.mailferry.service.engine.InMemoryCheckpoints;
import io.mailferry.service.engine.InMemoryLedger;
import io.mailferry.service.engine.MailboxOutcome;
import io.mailferry.service.engine.MailboxTask;
import io.mailferry.service.engine.MigrationEngine;
import io.mailferry.service.engine.ProgressListener;
import io.mailferry.service.engine.StopSignal;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import io.mailferry.service.engine.port.MailboxAccess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The throttling scenario of the Graph write path (docs/performance.md), not a test: the engine copies a generated
 * corpus from the engine's fake IMAP-like source to a Microsoft 365 mailbox written by the real {@code
 * GraphTargetMailbox} into the Graph double, whose upload budget plays Outlook's 150 MB per 5 minutes per mailbox
 * (learn.microsoft.com/graph/throttling-limits), scaled in time (same bytes per second, shorter window), while extra 429
 * bursts are injected. Prints how much of the budget the writer used: the shortest time the sliding window allows for
 * the bytes Graph accepted (a full window's worth at once, then one more per window: (ceil(bytes / budget) - 1) x
 * window) divided by the measured time of the whole pass, and the failed items.
 *
 * <p>Options: {@code --budget-mb 15 --window-s 30 --windows 4 --burst-every-s 10 --burst 3 --burst-retry-s 2
 * --folders 4 --connections 4 --seed 1}. The corpus holds a little less than {@code windows} budgets of MIME.
 */
public final class GraphUploadBench {
    private static final String MAILBOX = "bench@contoso.example";

    private GraphUploadBench() {
    }

    public static void main(String[] args) throws Exception {
        double budgetMb = 15;
        int windowS = 30;
        int windows = 4;
        int burstEveryS = 10;
        int burst = 3;
        int burstRetryS = 2;
        int folders = 4;
        int connections = 4;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--budget-mb" -> budgetMb = Double.parseDouble(v);
                case "--window-s" -> windowS = Integer.parseInt(v);
                case "--windows" -> windows = Integer.parseInt(v);
                case "--burst-every-s" -> burstEveryS = Integer.parseInt(v);
                case "--burst" -> burst = Integer.parseInt(v);
                case "--burst-retry-s" -> burstRetryS = Integer.parseInt(v);
                case "--folders" -> folders = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long budget = (long) (budgetMb * 1_000_000);
        FakeMailServer source = FakeMailServer.source();
        Random random = new Random(seed);
        for (int f = 0; f < folders; f++) {
            source.addFolder("Folder " + f);
        }
        long corpus = 0;
        int messages = 0;
        while (corpus < budget * (windows - 0.05)) {
            String folder = "Folder " + (messages % folders);
            byte[] raw = message(random, messages);
            source.add(java.util.List.of(folder), raw, Instant.parse("2020-01-01T00:00:00Z").plusSeconds(messages),
                    java.util.Set.of("\\Seen"));
            corpus += raw.length;
            messages++;
        }
        try (GraphDouble graph = new GraphDouble()) {
            graph.addUser(MAILBOX, "Bench");
            graph.uploadBudget(budget, Duration.ofSeconds(windowS));
            MailboxAccess target = new GraphMailboxAccess(graph.cloud(), (s, f) -> graph.token(),
                    ConnectionRole.TARGET, 4, true);
            JobOptions options = new JobOptions(null, null, null, null, null, null, null, 1, connections, null);
            MailboxTask task = new MailboxTask("bench", new FakeAccess(source), new MailboxAccess.Login("src", "src",
                    null), target, new MailboxAccess.Login(MAILBOX, null, null), options, RunKind.FULL, "src", MAILBOX);
            ScheduledExecutorService bursts = Executors.newSingleThreadScheduledExecutor();
            int n = burst;
            int retry = burstRetryS;
            bursts.scheduleAtFixedRate(() -> graph.throttle(n, retry, p -> p.endsWith("/messages")), burstEveryS,
                    burstEveryS, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "corpus: %d messages, %.1f MB of MIME in %d folders; budget %.1f MB per "
                    + "%d s (%.3f MB/s), 429 bursts of %d (Retry-After %d s) every %d s%n", messages, corpus / 1e6,
                    folders, budgetMb, windowS, budget / 1e6 / windowS, burst, burstRetryS, burstEveryS);
            long start = System.nanoTime();
            MailboxOutcome outcome = new MigrationEngine(new InMemoryLedger(), new InMemoryCheckpoints(),
                    EngineSettings.defaults()).run(task, ProgressListener.NONE, new StopSignal());
            double seconds = (System.nanoTime() - start) / 1e9;
            bursts.shutdownNow();
            long uploaded = graph.uploaded(MAILBOX);
            long failed = outcome.report().folders().stream().mapToLong(FolderReport::itemsFailed).sum();
            double ideal = (Math.ceil((double) uploaded / budget) - 1) * windowS;
            System.out.printf(Locale.ROOT, "state %s, %d copied, %d failed, %d written on the target%n",
                    outcome.state(), outcome.report().itemsCopied(), failed, graph.written(MAILBOX).size());
            System.out.printf(Locale.ROOT, "%.1f s; %.1f MB of requests accepted (%.3f MB/s); the budget allows them "
                    + "in %.0f s at best: %.1f %% of the budget used; %d budget 429s, %d injected 429s, workers waited "
                    + "%.1f s in all%n", seconds, uploaded / 1e6, uploaded / 1e6 / seconds, ideal,
                    100 * ideal / seconds, graph.budgetRefusals(),
                    graph.count(r -> r.status() == 429) - graph.budgetRefusals(), outcome.throttledMillis() / 1000.0);
        }
    }

    /** A message of 20 KB to 600 KB: a text body and, for most, one attachment (Base64, as mail carries it). */
    private static byte[] message(Random random, int n) {
        int size = 20_000 + random.nextInt(580_000);
        StringBuilder sb = new StringBuilder(size + 1000);
        sb.append("Date: Tue, 3 Mar 2020 10:15:00 +0100\r\nFrom: Alice <alice@example.com>\r\n")
                .append("To: Bob <bob@example.com>\r\nSubject: bench ").append(n).append("\r\nMessage-ID: <bench-")
                .append(n).append("@example.com>\r\nMIME-Version: 1.0\r\n");
        boolean attach = random.nextInt(4) != 0;
        if (!attach) {
            sb.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
            while (sb.length() < size) {
                sb.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit ").append(sb.length()).append("\r\n");
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] data = new byte[size * 3 / 4];
        random.nextBytes(data);
        sb.append("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n")
                .append("See the attachment.\r\n--b\r\nContent-Type: application/octet-stream; name=\"data.bin\"\r\n")
                .append("Content-Disposition: attachment; filename=\"data.bin\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(data)).append("\r\n--b--\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
