package io.mailferry.service.bench;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.BenchCore;
import io.mailferry.service.ServiceCore;
import io.mailferry.service.connector.imap.ImapMailboxAccess;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.testing.DovecotServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The migration benchmark (a main program, never part of the test run): generates a deterministic corpus, and per
 * scenario (loopback, then N ms of round-trip delay through a {@link DelayProxy} in front of each server) starts two
 * private Dovecots, seeds the source (not timed), measures the append ceilings into the target, migrates every
 * mailbox through the product's own path — one job in a fresh data directory, run by the {@code JobRunner} with the
 * SQLite ledger, all mailboxes at once, as {@code mailferry migrate} does — runs the no-op delta on the same job,
 * checks the target's counts, and prints one table with everything measured in the same run.
 *
 * <p>Run: {@code data-provider-service/bench.sh [--messages 3000] [--mailboxes 4] [--connections 2] [--rtt 0,40]
 * [--seed 1] [--tls] [--heap 256m]}. Prints to stdout: this is a report program, not product code.
 */
public final class BenchRunner {
    private static final double MIB = 1024.0 * 1024.0;
    /** Timed no-op delta passes of {@code --service-delta}. */
    private static final int SERVICE_DELTAS = 5;

    /** Command-line options. {@code connections} is the engine's connectionsPerServer per mailbox. */
    record Options(int messages, int mailboxes, int connections, List<Integer> rtts, long seed, int folders,
            boolean odd, boolean ceilings, boolean migrateProcess, int serviceDeltas, boolean servicePoll, boolean hold,
            boolean tls, boolean servicePass, Imapsync imapsync, boolean coldSource, int rounds) {
        static Options parse(String[] args) {
            int messages = 3000;
            int mailboxes = 4;
            int connections = 0; // the job's default: automatic (ADR 0037)
            List<Integer> rtts = List.of(0, 40);
            long seed = 1;
            int folders = 4;
            boolean odd = false;
            boolean ceilings = true;
            boolean migrateProcess = false;
            int serviceDeltas = 0;
            boolean servicePoll = false;
            boolean hold = false;
            boolean tls = false;
            boolean servicePass = false;
            Imapsync imapsync = Imapsync.LOOPBACK;
            boolean coldSource = false;
            int rounds = 1;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--messages" -> messages = Integer.parseInt(v);
                    case "--mailboxes" -> mailboxes = Integer.parseInt(v);
                    case "--connections" -> connections = Integer.parseInt(v);
                    case "--rtt" -> rtts = java.util.Arrays.stream(v.split(",")).map(String::trim)
                            .map(Integer::parseInt).toList();
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--folders" -> folders = Integer.parseInt(v);
                    case "--odd" -> {
                        odd = true;
                        continue;
                    }
                    case "--no-ceilings" -> { // the APPEND floors take minutes at 40 ms and are no peer
                        ceilings = false;
                        continue;
                    }
                    case "--migrate-process" -> { // also `mailferry migrate` as a process: first mailbox, then --csv
                        migrateProcess = true;
                        continue;
                    }
                    case "--service-delta" -> { // also no-op deltas through a running service's API, first mailbox
                        serviceDeltas = SERVICE_DELTAS;
                        continue;
                    }
                    case "--service-pass" -> { // also every mailbox as one job of `mailferry serve` (its RSS)
                        servicePass = true;
                        continue;
                    }
                    case "--hold" -> { // seed, then keep the servers and print a migrate command until stdin ends
                        hold = true;
                        continue;
                    }
                    case "--tls" -> { // Mailferry over TLS (the imaps ports, certificates trusted); dsync stays plain
                        tls = true;
                        continue;
                    }
                    case "--imapsync" -> { // imapsync in every scenario, not only at loopback (it must be installed)
                        imapsync = Imapsync.EVERY_SCENARIO;
                        continue;
                    }
                    case "--cold-source" -> { // the source Dovecot's cache files removed before each full pass
                        coldSource = true;
                        i--;
                    }
                    case "--no-imapsync" -> {
                        imapsync = Imapsync.NEVER;
                        continue;
                    }
                    case "--service-deltas" -> serviceDeltas = Integer.parseInt(v); // how many of them
                    case "--rounds" -> rounds = Integer.parseInt(v); // dsync and `migrate --csv` again, alternating
                    case "--service-delta-poll" -> { // read the job every 2 ms instead of waiting with the API
                        servicePoll = true;
                        continue;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --messages --mailboxes --connections --rtt --seed --folders --odd --no-ceilings --migrate-process --service-delta"
                            + " --service-deltas --service-delta-poll --service-pass --hold --tls --imapsync --no-imapsync --cold-source"
                            + " --rounds)");
                }
                i++;
            }
            // the APPEND ceilings speak plaintext to the target; with --tls its proxies forward to the imaps port
            ceilings = ceilings && !tls;
            return new Options(messages, mailboxes, connections, rtts, seed, folders, odd, ceilings, migrateProcess,
                    serviceDeltas, servicePoll, hold, tls, servicePass, imapsync, coldSource, Math.max(1, rounds));
        }
    }

    /**
     * When imapsync runs as a peer: by default where it is installed and the scenario has no delay (it waits for each
     * message's answer: 20,000 messages through 40 ms would take most of an hour); {@code --imapsync} in every
     * scenario, and fails when it is missing; {@code --no-imapsync} never.
     */
    enum Imapsync { LOOPBACK, EVERY_SCENARIO, NEVER }

    /** One scenario's numbers. */
    record Row(String scenario, int messages, long bytes, double seconds, double plainCeiling,
            double batchedCeiling, double deltaSeconds, long heapPoolPeak, long heapSampledPeak, double cpuSeconds,
            double serverCpuSeconds, PeerPass dsync, PeerPass dsyncNoop, ImapsyncPeer.Result imapsync) {
        double msgPerSecond() {
            return messages / seconds;
        }

        double mibPerSecond() {
            return bytes / MIB / seconds;
        }
    }

    private final Options options;
    private final CorpusFiles corpus;
    /** The imapsync the bench runs as a peer, or null (not installed, or {@code --no-imapsync}). */
    private final Path imapsync;
    private final BenchLayout layout;
    private final PrintStream out;
    private final Path work;

    BenchRunner(Options options, CorpusFiles corpus, Path imapsync, PrintStream out, Path work) {
        this.options = options;
        this.corpus = corpus;
        this.imapsync = imapsync;
        this.layout = new BenchLayout(corpus.count(), options.mailboxes(), options.folders());
        this.out = out;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        PrintStream out = System.out;
        Path imapsync = options.imapsync() == Imapsync.NEVER ? null : ImapsyncPeer.find();
        if (imapsync == null && options.imapsync() == Imapsync.EVERY_SCENARIO) {
            throw new IllegalStateException("--imapsync: no imapsync found (IMAPSYNC, or imapsync on the PATH)");
        }
        Path work = Files.createTempDirectory("mf-bench-");
        try {
            CorpusFiles corpus = CorpusFiles.write(new Corpus(options.seed(), options.odd()), options.messages(),
                    work.resolve("corpus"));
            out.printf(Locale.ROOT, "Corpus: %d messages, %.1f MiB, largest %.1f MiB, seed %d%s; %d mailboxes x %d"
                    + " folders; %s connection(s) per server per mailbox; JVM max heap %d MiB; %d CPUs%s%n",
                    corpus.count(), corpus.totalBytes() / MIB, corpus.largest() / MIB, options.seed(),
                    options.odd() ? " (odd messages)" : "", options.mailboxes(), options.folders(),
                    options.connections() == 0 ? "automatic" : String.valueOf(options.connections()),
                    Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors(),
                    options.tls() ? "; Mailferry over TLS, dsync in plaintext (its own protocol), no APPEND ceilings"
                            : "");
            BenchRunner bench = new BenchRunner(options, corpus, imapsync, out, work);
            List<Row> rows = new ArrayList<>();
            for (int rtt : options.rtts()) {
                rows.add(bench.scenario(rtt));
            }
            out.println();
            printTable(out, rows);
        } finally {
            deleteTree(work);
        }
        System.exit(0); // Angus and the proxies leave daemon-less idle threads behind
    }

    private Row scenario(int rttMillis) throws Exception {
        String name = rttMillis == 0 ? "loopback" : rttMillis + " ms RTT";
        out.printf("%n== %s ==%n", name);
        try (DovecotServer source = DovecotServer.start(); DovecotServer target = DovecotServer.start()) {
            List<AppendCeiling.Account> sourceUsers = accounts(source);
            List<AppendCeiling.Account> targetUsers = accounts(target);
            List<AppendCeiling.Account> plainUsers = accounts(target);
            List<AppendCeiling.Account> batchedUsers = accounts(target);
            long t0 = System.nanoTime();
            seed(source, sourceUsers);
            out.printf(Locale.ROOT, "seeded the source in %.1f s (not measured)%n", secondsSince(t0));

            try (DelayProxy sourceProxy = proxy(source, rttMillis); DelayProxy targetProxy = proxy(target, rttMillis)) {
                BenchEndpoint from = BenchEndpoint.of(source, sourceProxy, options.tls());
                BenchEndpoint to = BenchEndpoint.of(target, targetProxy, options.tls());
                // the plain floors (never with --tls: the proxy then forwards to the imaps port)
                int targetPort = targetProxy == null ? target.imapPort() : targetProxy.port();
                int threads = options.mailboxes()
                        * (options.connections() == 0 ? 2 : options.connections()); // automatic: 2 here
                if (options.hold()) {
                    AppendCeiling.Account held = accounts(target).get(0);
                    List<AppendCeiling.Account> heldMany = options.mailboxes() > 1 ? accounts(target) : List.of();
                    hold(from, sourceUsers, to, held, heldMany, target);
                    deleteTree(target.maildir(held.user())); // its copies would weigh on the passes below (part 22)
                    for (AppendCeiling.Account a : heldMany) {
                        deleteTree(target.maildir(a.user()));
                    }
                }

                double plain = Double.NaN;
                double batched = Double.NaN;
                if (options.ceilings()) {
                    long plainNanos = AppendCeiling.plain(corpus, target.host(), targetPort, plainUsers, threads);
                    plain = corpus.count() / (plainNanos / 1e9);
                    out.printf(Locale.ROOT, "ceiling, plain APPEND, %d connections: %.1f s, %.0f msg/s%n", threads,
                            plainNanos / 1e9, plain);
                    deleteMail(target, plainUsers); // as each pass's copies once checked (verifiedAndReleased)
                    long batchedNanos = AppendCeiling.batched(corpus, target.host(), targetPort, batchedUsers,
                            threads);
                    batched = corpus.count() / (batchedNanos / 1e9);
                    out.printf(Locale.ROOT, "ceiling, connector MULTIAPPEND, %d connections: %.1f s, %.0f msg/s%n",
                            threads, batchedNanos / 1e9, batched);
                    deleteMail(target, batchedUsers);
                }

                Path dataDir = Files.createTempDirectory(work, "data-");
                Map<ConnectionRole, TimedAccess> timed = new java.util.EnumMap<>(ConnectionRole.class);
                long migrationNanos;
                long poolPeak;
                long sampledPeak;
                double deltaSeconds;
                double cpuSeconds;
                double sourceCpu;
                double targetCpu;
                try (ServiceCore core = BenchCore.open(dataDir, (access, role) -> timed.computeIfAbsent(role,
                        r -> new TimedAccess(access, r == ConnectionRole.SOURCE ? "source" : "target"))
                        .sharing(access))) {
                    String jobId = prepareJob(core, from, sourceUsers, to, targetUsers);
                    coldSource(source);
                    try (HeapPeak heap = HeapPeak.start()) {
                        double sourceBefore = ServerCpu.seconds(source.master()); // before the clock starts
                        double targetBefore = ServerCpu.seconds(target.master());
                        long start = System.nanoTime();
                        long cpuStart = processCpuNanos();
                        runJob(core, jobId, RunKind.FULL);
                        migrationNanos = System.nanoTime() - start;
                        cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                        sourceCpu = ServerCpu.seconds(source.master()) - sourceBefore;
                        targetCpu = ServerCpu.seconds(target.master()) - targetBefore;
                        poolPeak = heap.poolPeakBytes();
                        sampledPeak = heap.sampledMaxBytes();
                    }
                    check(core.jobs().report(jobId), corpus.count(), "migration");
                    out.printf(Locale.ROOT, "migration (copy + verify, SQLite ledger, job runner): %.1f s, %.0f msg/s;"
                            + " heap peak %d MiB (pools), %d MiB (sampled); client CPU %.2f s, servers' CPU %.2f s"
                            + " (source %.2f s, target %.2f s)%n", migrationNanos / 1e9,
                            corpus.count() / (migrationNanos / 1e9), poolPeak >> 20, sampledPeak >> 20, cpuSeconds,
                            sourceCpu + targetCpu, sourceCpu, targetCpu);
                    timed.values().forEach(t -> out.println("  time in port calls, summed over workers: " + t.drain()));

                    long deltaStart = System.nanoTime();
                    long deltaCpuStart = processCpuNanos();
                    runJob(core, jobId, RunKind.DELTA);
                    deltaSeconds = secondsSince(deltaStart);
                    double deltaCpu = (processCpuNanos() - deltaCpuStart) / 1e9;
                    JobReport deltaReport = core.jobs().report(jobId);
                    check(deltaReport, 0, "no-op delta");
                    out.printf(Locale.ROOT, "no-op delta: %.2f s, client CPU %.2f s%n", deltaSeconds, deltaCpu);
                    deltaReport.mailboxes().forEach(r -> out.println("  verdict: " + r.verdict()));
                    timed.values().forEach(t -> out.println("  time in port calls, summed over workers: " + t.drain()));
                }
                verifiedAndReleased(target, targetUsers);
                out.println("target counts match the corpus layout folder by folder");

                int usersAtOnce = Math.min(2, sourceUsers.size());
                coldSource(source);
                DsyncPeer.Result dsync = DsyncPeer.run(source, sourceUsers, rttMillis, usersAtOnce, work);
                try (DovecotServer replica = dsync.replica()) {
                    verifyCounts(replica, dsync.replicaUsers());
                }
                out.printf(Locale.ROOT, "peer: dsync (doveadm backup, %d user(s) at a time): %s; no-op: %s%n",
                        usersAtOnce, dsync.full().describe(corpus.count()),
                        dsync.noop().describe(corpus.count()));
                out.println("dsync's replica counts match the corpus layout folder by folder");
                coldSource(source);
                ImapsyncPeer.Result imapsync = imapsyncPeer(rttMillis, source, from, sourceUsers, target, to);
                if (options.migrateProcess()) {
                    List<AppendCeiling.Account> own = accounts(target).subList(0, 1);
                    coldSource(source);
                    MigrateProcess.Result m = MigrateProcess.run(from, sourceUsers.get(0), to, own.get(0), work);
                    out.printf(Locale.ROOT, "mailferry migrate as a process (first mailbox, default heap): %s; "
                            + "no-op: %s%n", m.full().describe(corpus.count() / options.mailboxes()),
                            m.noop().describe(corpus.count() / options.mailboxes()));
                    verifiedAndReleased(target, own);
                    if (sourceUsers.size() > 1) {
                        List<AppendCeiling.Account> all = accounts(target);
                        coldSource(source);
                        MigrateProcess.Result many = MigrateProcess.runMany(from, sourceUsers, to, all, work);
                        out.printf(Locale.ROOT, "mailferry migrate --csv of every mailbox as a process (master user on"
                                + " both sides, its default concurrency): %s; no-op: %s; vs dsync %.2f x%n",
                                many.full().describe(corpus.count()), many.noop().describe(corpus.count()),
                                dsync.full().seconds() / many.full().seconds());
                        verifiedAndReleased(target, all);
                        moreRounds(source, sourceUsers, target, from, to, rttMillis, usersAtOnce,
                                dsync.full().seconds() / many.full().seconds());
                    }
                }
                if (options.serviceDeltas() > 0) {
                    List<AppendCeiling.Account> own = accounts(target).subList(0, 1);
                    ServiceDelta.Result d = ServiceDelta.run(from, sourceUsers.get(0), to, own.get(0),
                            options.connections(), options.serviceDeltas(),
                            options.servicePoll(), layout.folders(0).values().stream().mapToLong(List::size).sum(),
                            work);
                    out.printf(Locale.ROOT, "no-op delta of a running service, API call to verdict (first mailbox, "
                            + "%s): %s%n", options.servicePoll() ? "job read every 2 ms" : "waited for", d.describe());
                    verifiedAndReleased(target, own);
                }
                if (options.servicePass()) {
                    List<AppendCeiling.Account> own = accounts(target);
                    List<AppendCeiling.Account> again = accounts(target);
                    coldSource(source);
                    ServicePass.Result p = ServicePass.run(source, from, sourceUsers, target, to, own, again,
                            corpus.count(), () -> {
                                verifiedAndReleased(target, own);
                                coldSource(source);
                            }, work);
                    out.printf(Locale.ROOT, "every mailbox as one job of `mailferry serve` (the launcher's flags and"
                            + " heap cap): %s; vs dsync %.2f x (first job), %.2f x (second job)%n",
                            p.describe(corpus.count()), dsync.full().seconds() / p.first().seconds(),
                            dsync.full().seconds() / p.second().seconds());
                    verifiedAndReleased(target, again);
                }
                return new Row(name, corpus.count(), corpus.totalBytes(), migrationNanos / 1e9, plain, batched,
                        deltaSeconds, poolPeak, sampledPeak, cpuSeconds, sourceCpu + targetCpu, dsync.full(), dsync.noop(),
                        imapsync);
            }
        }
    }

    /** imapsync as a peer when {@link Options#imapsync} and the machine say so; null when it does not run. */
    /**
     * With {@code --cold-source}: the source Dovecot's cache files removed, as on a server no client has read that way
     * (every first migration): a pass then finds the header fields of no message cached (ADR 0052).
     */
    /**
     * With {@code --rounds N}, N - 1 more full passes of dsync and of {@code migrate --csv}, alternating, each into fresh
     * users (dsync: a fresh replica) and checked: the machine's speed drifts within minutes, so one pair of single runs
     * can fall either way; the median of the pairs' ratios is printed with each pair's.
     */
    private void moreRounds(DovecotServer source, List<AppendCeiling.Account> sourceUsers, DovecotServer target,
            BenchEndpoint from, BenchEndpoint to, int rttMillis, int usersAtOnce, double firstRatio) throws Exception {
        if (options.rounds() < 2) {
            return;
        }
        List<Double> ratios = new ArrayList<>(List.of(firstRatio));
        for (int round = 2; round <= options.rounds(); round++) {
            coldSource(source);
            DsyncPeer.Result d = DsyncPeer.run(source, sourceUsers, rttMillis, usersAtOnce, work);
            try (DovecotServer replica = d.replica()) {
                verifyCounts(replica, d.replicaUsers());
            }
            List<AppendCeiling.Account> fresh = accounts(target);
            coldSource(source);
            MigrateProcess.Result m = MigrateProcess.runMany(from, sourceUsers, to, fresh, work);
            verifiedAndReleased(target, fresh);
            double ratio = d.full().seconds() / m.full().seconds();
            ratios.add(ratio);
            out.printf(Locale.ROOT, "round %d: dsync %.2f s, mailferry migrate --csv %s: %.2f x%n", round,
                    d.full().seconds(), m.full().describe(corpus.count()), ratio);
        }
        List<Double> sorted = ratios.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        out.printf(Locale.ROOT, "migrate --csv vs dsync over %d alternating rounds: median %.2f x (%s)%n", n, median,
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
    }

    private void coldSource(DovecotServer source) throws IOException {
        if (options.coldSource()) {
            source.dropCaches();
        }
    }

    private ImapsyncPeer.Result imapsyncPeer(int rttMillis, DovecotServer source, BenchEndpoint from,
            List<AppendCeiling.Account> sourceUsers, DovecotServer target, BenchEndpoint to) throws Exception {
        if (options.imapsync() == Imapsync.NEVER || options.imapsync() == Imapsync.LOOPBACK && rttMillis != 0) {
            return null;
        }
        if (imapsync == null) {
            out.println("peer: imapsync is not installed (IMAPSYNC, or imapsync on the PATH): not run");
            return null;
        }
        List<AppendCeiling.Account> own = accounts(target);
        int usersAtOnce = Math.min(2, sourceUsers.size());
        ImapsyncPeer.Result r = ImapsyncPeer.run(imapsync, source, from, sourceUsers, target, to, own, usersAtOnce,
                work).counted(leftOut(target, own));
        deleteMail(target, own);
        out.printf(Locale.ROOT, "peer: imapsync (%s, %d user(s) at a time): %s; no-op: %s; its copy lacks %d of %d "
                + "messages%n", imapsync, usersAtOnce, r.full().describe(corpus.count()),
                r.noop().describe(corpus.count()), r.leftOut(), corpus.count());
        return r;
    }

    /** How many messages of the corpus layout {@code users}' folders lack, folder by folder (extras do not offset). */
    private long leftOut(DovecotServer target, List<AppendCeiling.Account> users) throws Exception {
        return counts(target, users).stream().mapToLong(c -> Math.max(0, c.expected() - c.onTarget())).sum();
    }

    /** One folder of one user: the corpus layout's count and the server's. */
    private record FolderCount(String user, List<String> folder, long expected, long onTarget) {
    }

    private List<FolderCount> counts(DovecotServer target, List<AppendCeiling.Account> users) throws Exception {
        List<FolderCount> counts = new ArrayList<>();
        MailboxAccess access = access(target.host(), target.imapPort(), ConnectionRole.TARGET);
        for (int m = 0; m < users.size(); m++) {
            try (TargetMailbox mailbox = access.openTarget(login(users.get(m)))) {
                for (Map.Entry<List<String>, List<Integer>> f : layout.folders(m).entrySet()) {
                    counts.add(new FolderCount(users.get(m).user(), f.getKey(), f.getValue().size(),
                            mailbox.state(mailbox.ensureFolder(f.getKey())).messageCount()));
                }
            }
        }
        return counts;
    }

    /**
     * Keeps the seeded servers (behind their proxies) until standard input ends, printing a {@code mailferry migrate}
     * command line for the first mailbox into a fresh target user, with a licensed data directory of the run (its
     * second run is a no-op delta), and the target user's mail directory (deleted, the next run is a full pass again):
     * for timing or profiling the command by hand, or for {@code ab.sh}'s pairs. With more than one mailbox also a
     * {@code migrate --csv} of all of them into fresh target users ({@code targets}), the Dovecots' master user on both
     * sides, with a data directory of its own, and those users' mail directories — printed before the first mailbox's
     * directory, the line {@code ab.sh} waits for.
     */
    private void hold(BenchEndpoint from, List<AppendCeiling.Account> sources, BenchEndpoint to,
            AppendCeiling.Account held, List<AppendCeiling.Account> targets, DovecotServer target) throws IOException {
        AppendCeiling.Account source = sources.get(0);
        Path sourcePassword = Files.writeString(Files.createTempFile(work, "source-", ".pw"), source.password());
        Path targetPassword = Files.writeString(Files.createTempFile(work, "target-", ".pw"), held.password());
        Path data = io.mailferry.service.testing.TestLicenses.licensed(Files.createTempDirectory(work, "hold-data-"));
        out.printf(Locale.ROOT, "holding the servers until standard input ends; migrate the first mailbox with:%n"
                + "./mailferry migrate --data-dir %s %s --source-user %s --source-password-file %s %s --target-user %s"
                + " --target-password-file %s%n", data, String.join(" ", from.cliArgs("source", work)), source.user(),
                sourcePassword, String.join(" ", to.cliArgs("target", work)), held.user(), targetPassword);
        if (!targets.isEmpty()) {
            List<String> args = MigrateProcess.manyArgs(from, sources, to, targets, work, "hold-csv-data-");
            out.printf(Locale.ROOT, "migrate all %d mailboxes at once with:%n./mailferry %s%n", targets.size(),
                    String.join(" ", args));
            out.printf("target users' mail directories: %s%n", String.join(" ",
                    targets.stream().map(t -> target.maildir(t.user()).toString()).toList()));
        }
        out.printf("target user's mail directory: %s%n", target.maildir(held.user()));
        out.flush();
        while (System.in.read() >= 0) {
            // until end of input
        }
    }

    private List<AppendCeiling.Account> accounts(DovecotServer server) {
        List<AppendCeiling.Account> users = new ArrayList<>();
        for (int m = 0; m < options.mailboxes(); m++) {
            String u = server.newUser();
            users.add(new AppendCeiling.Account(u, server.password(u)));
        }
        return users;
    }

    /** Seeds every source mailbox directly (no proxy) with MULTIAPPEND, one thread per mailbox. */
    private void seed(DovecotServer source, List<AppendCeiling.Account> users) throws Exception {
        MailboxAccess access = access(source.host(), source.imapPort(), ConnectionRole.TARGET);
        parallel(users.size(), m -> {
            AppendCeiling.Account a = users.get(m);
            try (TargetMailbox mailbox = access.openTarget(login(a))) {
                for (Map.Entry<List<String>, List<Integer>> f : layout.folders(m).entrySet()) {
                    MailFolder folder = mailbox.ensureFolder(f.getKey());
                    List<Integer> all = f.getValue();
                    for (int from = 0; from < all.size(); from += 100) {
                        AppendCeiling.append(mailbox, folder, corpus, all.subList(from, Math.min(all.size(), from + 100)),
                                BenchLayout::state);
                    }
                }
            }
            return null;
        });
    }

    /**
     * Creates the two connections and the job with one pair per mailbox, as {@code mailferry migrate} does
     * ({@code LocalMigration.prepare}): concurrency = all mailboxes at once, {@code --connections} per server.
     */
    private String prepareJob(ServiceCore core, BenchEndpoint from, List<AppendCeiling.Account> sourceUsers,
            BenchEndpoint to, List<AppendCeiling.Account> targetUsers) {
        Connection s = core.connections().create(connection("bench source", ConnectionRole.SOURCE, from,
                sourceUsers.get(0)));
        Connection t = core.connections().create(connection("bench target", ConnectionRole.TARGET, to,
                targetUsers.get(0)));
        JobOptions job = new JobOptions(null, null, null, null, null, null, null, options.mailboxes(),
                options.connections(), null);
        return core.jobs().create(new JobRequest("bench", s.id(), t.id(), job, pairs(sourceUsers, targetUsers)),
                "bench").id();
    }

    /** One pair per mailbox, the m-th source user into the m-th target user, each with its own login. */
    static List<MailboxPairRequest> pairs(List<AppendCeiling.Account> sourceUsers,
            List<AppendCeiling.Account> targetUsers) {
        List<MailboxPairRequest> pairs = new ArrayList<>();
        for (int m = 0; m < sourceUsers.size(); m++) {
            AppendCeiling.Account su = sourceUsers.get(m);
            AppendCeiling.Account tu = targetUsers.get(m);
            pairs.add(new MailboxPairRequest(su.user(), tu.user(), su.user(), new Secret(su.password()), tu.user(),
                    new Secret(tu.password())));
        }
        return pairs;
    }

    static ConnectionRequest connection(String name, ConnectionRole role, BenchEndpoint endpoint,
            AppendCeiling.Account a) {
        return new ConnectionRequest(name, role, ConnectionKind.IMAP, endpoint.settings(a.user()), null, null,
                new Secret(a.password()));
    }

    /** Starts a pass of every pair through the job runner and waits until the last pair ended. */
    private static void runJob(ServiceCore core, String jobId, RunKind kind) throws InterruptedException {
        core.runner().start(jobId, kind, List.of());
        if (!core.runner().awaitIdle(jobId, java.time.Duration.ofHours(1))) {
            throw new IllegalStateException(kind + " pass did not end within an hour");
        }
    }

    static void check(JobReport report, long expectedCopied, String phase) {
        long copied = 0;
        for (MailboxReport o : report.mailboxes()) {
            if (o.state() != MailboxState.COMPLETED) {
                throw new IllegalStateException(phase + " of " + o.sourceMailbox() + " ended " + o.state()
                        + ": " + o.verdict());
            }
            copied += o.itemsCopied();
        }
        if (copied != expectedCopied) {
            throw new IllegalStateException(phase + " copied " + copied + " items, expected " + expectedCopied);
        }
    }

    /**
     * {@link #verifyCounts}, then {@link #deleteMail}: every pass then writes with the same bytes in memory (the corpus
     * and the source), instead of each later one with all earlier copies beside it — twenty mailboxes are 2.6 GB a
     * copy, and with 14 GB in /dev/shm on a 24 GB machine the target's CPU for the same APPENDs rose by 26-76 % (the
     * kernel's copies into newly allocated pages; part 22).
     */
    private void verifiedAndReleased(DovecotServer target, List<AppendCeiling.Account> users) throws Exception {
        verifyCounts(target, users);
        deleteMail(target, users);
    }

    private static void deleteMail(DovecotServer target, List<AppendCeiling.Account> users) throws IOException {
        for (AppendCeiling.Account user : users) {
            deleteTree(target.maildir(user.user()));
        }
    }

    /** Every target folder holds exactly the corpus messages the layout put in its source folder. */
    private void verifyCounts(DovecotServer target, List<AppendCeiling.Account> users) throws Exception {
        for (FolderCount c : counts(target, users)) {
            if (c.onTarget() != c.expected()) {
                throw new IllegalStateException("target " + c.user() + " " + c.folder() + " holds " + c.onTarget()
                        + " messages, expected " + c.expected());
            }
        }
    }

    private DelayProxy proxy(DovecotServer server, int rttMillis) throws java.io.IOException {
        return rttMillis == 0 ? null : new DelayProxy(new InetSocketAddress(server.host(),
                BenchEndpoint.serverPort(server, options.tls())), rttMillis / 2);
    }

    private static MailboxAccess access(String host, int port, ConnectionRole role) {
        return new ImapMailboxAccess(new ImapSettings(host, port, ImapSecurity.NONE, ImapAuthMode.PASSWORD, null, null,
                null), null, role);
    }

    private static MailboxAccess.Login login(AppendCeiling.Account a) {
        return new MailboxAccess.Login(a.user(), a.user(), new Secret(a.password()));
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(int index) throws Exception;
    }

    private static <T> List<T> parallel(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> c = () -> task.run(index);
                futures.add(pool.submit(c));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static void printTable(PrintStream out, List<Row> rows) {
        String header = String.format(Locale.ROOT, "| %-10s | %8s | %7s | %7s | %7s | %7s | %18s | %6s | %17s | %6s "
                + "| %13s | %15s |", "scenario", "messages", "MiB", "seconds", "msg/s", "MiB/s", "plain APPEND msg/s",
                "ratio", "MULTIAPPEND msg/s", "ratio", "no-op delta s", "peak heap MiB");
        out.println(header);
        out.println(header.replaceAll("[^|]", "-"));
        for (Row r : rows) {
            out.println(String.format(Locale.ROOT, "| %-10s | %8d | %7.1f | %7.1f | %7.0f | %7.1f | %18.0f | %6.2f "
                    + "| %17.0f | %6.2f | %13.2f | %15s |", r.scenario(), r.messages(), r.bytes() / MIB, r.seconds(),
                    r.msgPerSecond(), r.mibPerSecond(), r.plainCeiling(), r.msgPerSecond() / r.plainCeiling(),
                    r.batchedCeiling(), r.msgPerSecond() / r.batchedCeiling(), r.deltaSeconds(),
                    (r.heapSampledPeak() >> 20) + " / " + (r.heapPoolPeak() >> 20)));
        }
        out.println("ratio = migration msg/s / ceiling msg/s, same run; peak heap = sampled / sum of pool peaks");
        out.println();
        printPeerTable(out, rows);
        if (rows.stream().anyMatch(r -> r.imapsync() != null)) {
            out.println();
            printImapsyncTable(out, rows);
        }
    }

    /** Mailferry against imapsync, where it ran. */
    static void printImapsyncTable(PrintStream out, List<Row> rows) {
        String header = String.format(Locale.ROOT, "| %-10s | %15s | %14s | %6s | %12s | %16s | %14s | %19s | %17s |",
                "scenario", "Mailferry msg/s", "imapsync msg/s", "ratio", "no-op MF s", "no-op imapsync s",
                "CPU MF s/1000", "CPU imapsync s/1000", "imapsync left out");
        out.println(header);
        out.println(header.replaceAll("[^|]", "-"));
        for (Row r : rows) {
            if (r.imapsync() == null) {
                continue;
            }
            double rate = r.messages() / r.imapsync().full().seconds();
            out.println(String.format(Locale.ROOT, "| %-10s | %15.0f | %14.0f | %6.2f | %12.2f | %16.2f | %14.3f "
                    + "| %19.3f | %17d |", r.scenario(), r.msgPerSecond(), rate, r.msgPerSecond() / rate,
                    r.deltaSeconds(), r.imapsync().noop().seconds(), r.cpuSeconds() * 1000 / r.messages(),
                    r.imapsync().full().cpuSeconds() * 1000 / r.messages(), r.imapsync().leftOut()));
        }
        out.println("ratio = Mailferry msg/s / imapsync msg/s; imapsync left out = messages of the corpus its copy lacks"
                + " (Mailferry's and dsync's copies are checked exact)");
    }

    /** Mailferry against Dovecot's own replicator, same run, same corpus: the ratios issue goals are stated in. */
    static void printPeerTable(PrintStream out, List<Row> rows) {
        String header = String.format(Locale.ROOT, "| %-10s | %15s | %11s | %6s | %12s | %13s | %14s | %16s "
                + "| %18s | %20s |", "scenario", "Mailferry msg/s", "dsync msg/s", "ratio", "no-op MF s",
                "no-op dsync s", "CPU MF s/1000", "CPU dsync s/1000", "servers MF s/1000", "servers dsync s/1000");
        out.println(header);
        out.println(header.replaceAll("[^|]", "-"));
        for (Row r : rows) {
            double dsyncRate = r.messages() / r.dsync().seconds();
            out.println(String.format(Locale.ROOT, "| %-10s | %15.0f | %11.0f | %6.2f | %12.2f | %13.2f | %14.3f "
                    + "| %16.3f | %18.3f | %20.3f |", r.scenario(), r.msgPerSecond(), dsyncRate,
                    r.msgPerSecond() / dsyncRate, r.deltaSeconds(), r.dsyncNoop().seconds(),
                    r.cpuSeconds() * 1000 / r.messages(), r.dsync().cpuSeconds() * 1000 / r.messages(),
                    r.serverCpuSeconds() * 1000 / r.messages(), r.dsync().serverCpuSeconds() * 1000 / r.messages()));
        }
        out.println("ratio = Mailferry msg/s / dsync msg/s (above 1: faster than dsync); Mailferry's CPU is the bench"
                + " JVM's during the full pass (with the delay proxies' threads when there is a delay), dsync's the"
                + " doveadm clients'; servers = the CPU of the Dovecot processes of both sides during the pass (Mailferry:"
                + " source and target; dsync: source and replica); dsync peak RSS is printed above");
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
