package io.mailferry.service;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionRole;
import io.mailferry.model.connection.ImapAuthMode;
import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.model.connection.ImapSettings;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.job.Job;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.JobRequest;
import io.mailferry.model.job.JobState;
import io.mailferry.model.mailbox.MailboxPairRequest;
import io.mailferry.model.report.JobReport;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.bench.ConnectionDrops;
import io.mailferry.service.bench.DelayProxy;
import io.mailferry.service.cli.MailferryCli;
import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.ExactCopy;
import io.mailferry.service.testing.ImapMailboxes;
import io.mailferry.service.testing.ServiceProcess;
import io.mailferry.service.testing.TestLicenses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The slow fault run ({@code data-provider-service/faults.sh}, docs/faults.md): thousands of messages between two
 * private Dovecots, through proxies that cut connections at random the whole time, while
 * <ol>
 * <li>{@code mailferry migrate} runs as its own process and is killed with {@code kill -9} at random instants, then
 * resumed, again and again, and finally run until it exits 0;</li>
 * <li>the service runs as its own process ({@link ServiceProcess}) and is killed the same way, restarted, its job
 * started again each time, and finally run until the job is COMPLETED;</li>
 * <li>the data directory's disk fills in the middle of a {@code migrate} (a small tmpfs, when run as root), which must
 * say so, and the run after space came back must complete;</li>
 * <li>if the cuts so far number fewer than {@code --min-drops}, rounds of new mail and {@code migrate} follow.</li>
 * </ol>
 * Each phase ends with an exact comparison of source and target over plain IMAP ({@link ExactCopy}). Every sentence a
 * failed run printed is collected: none may be an internal error or name an exception. Exits 0 when every phase is
 * exact and no sentence is generic, 1 otherwise. Test code; not part of {@code mvn verify}.
 */
public final class FaultRunner {
    /** What the nearly full disk leaves free: room to open the data directory, not to record a whole pass. */
    private static final long FREE_BYTES = Long.getLong("mailferry.faults.freeBytes", 400_000);
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private final int messages;
    private final int kills;
    private final long killMeanMillis;
    private final int minDrops;
    private final Random random;
    private final Path work;
    private final DovecotServer source;
    private final DovecotServer target;
    private final DelayProxy toSource;
    private final DelayProxy toTarget;
    private final Map<String, Integer> sentences = new TreeMap<>();
    private final List<String> results = new ArrayList<>();
    private int migrateKills;
    private int serviceKills;
    private int passes;
    private int totalMessages;
    private boolean allExact = true;

    private FaultRunner(Map<String, String> opts) throws IOException {
        messages = Integer.parseInt(opts.getOrDefault("messages", "3000"));
        kills = Integer.parseInt(opts.getOrDefault("kills", "10"));
        killMeanMillis = Long.parseLong(opts.getOrDefault("kill-mean-ms", "4000"));
        minDrops = Integer.parseInt(opts.getOrDefault("min-drops", "1000"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "1"));
        random = new Random(seed);
        work = Files.createTempDirectory("mf-faults-");
        source = DovecotServer.start();
        target = DovecotServer.start();
        long meanBytes = Long.parseLong(opts.getOrDefault("drop-mean-bytes", "1000000"));
        long meanMillis = Long.parseLong(opts.getOrDefault("drop-mean-ms", "1500"));
        toSource = new DelayProxy(new InetSocketAddress(source.host(), source.imapPort()), 0,
                ConnectionDrops.random(seed, meanBytes, meanMillis));
        toTarget = new DelayProxy(new InetSocketAddress(target.host(), target.imapPort()), 0,
                ConnectionDrops.random(seed + 1, meanBytes, meanMillis));
        say("seed %d; %d messages; connections cut after about %,d bytes or %d ms; kills %d per process, about %d ms"
                + " into a pass", seed, messages, meanBytes, meanMillis, kills, killMeanMillis);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        long started = System.nanoTime();
        FaultRunner run = new FaultRunner(opts);
        boolean ok;
        try {
            ok = run.runAll();
            run.summary((System.nanoTime() - started) / 1_000_000_000L);
        } finally {
            run.close();
        }
        System.exit(ok ? 0 : 1);
    }

    private boolean runAll() throws Exception {
        migrateKilled();
        serviceKilled();
        diskFills();
        while (drops() < minDrops) {
            moreMailUnderDrops();
        }
        boolean generic = sentences.keySet().stream().anyMatch(FaultRunner::generic);
        return allExact && !generic;
    }

    /** Phase 1: {@code migrate} killed at random instants, resumed each time, then run to the end. */
    private void migrateKilled() throws Exception {
        Pair pair = seed("migrate", messages / 2);
        Path data = work.resolve("migrate-data");
        for (int i = 0; i < kills; i++) {
            Process p = migrate(pair, data, work.resolve("migrate-" + i + ".out"));
            if (killAtRandom(p)) {
                migrateKills++;
            } else {
                note(work.resolve("migrate-" + i + ".out"), p.exitValue());
            }
        }
        untilVerified(pair, data, "migrate killed " + migrateKills + " times");
    }

    /** Phase 2: the service killed at random instants while its job runs, restarted and started again each time. */
    private void serviceKilled() throws Exception {
        Pair pair = seed("service", messages - messages / 2);
        Path data = work.resolve("service-data");
        ServiceProcess service = ServiceProcess.start(data);
        String job = createJob(service, pair);
        for (int i = 0; i < kills; i++) {
            service.api().send("POST", "/api/v1/jobs/" + job + "/start", null);
            Thread.sleep(randomDelay());
            if (jobRunning(service, job)) {
                service.kill9();
                serviceKills++;
            } else {
                noteJob(service, job);
            }
            service.close();
            service = ServiceProcess.start(data);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                service.api().send("POST", "/api/v1/jobs/" + job + "/start", null);
                while (jobRunning(service, job)) {
                    Thread.sleep(200);
                }
                passes++;
                Job done = service.api().get("/api/v1/jobs/" + job).as(Job.class);
                if (done.state() == JobState.COMPLETED) {
                    say("service: COMPLETED after %d kills and %d more passes: %s", serviceKills, attempt,
                            done.verdict());
                    break;
                }
                noteJob(service, job);
                if (attempt >= 30) {
                    throw new IllegalStateException("the service's job did not complete in 30 passes");
                }
            }
        } finally {
            service.close();
        }
        compare(pair, "service killed " + serviceKills + " times");
    }

    /** Phase 3: the data directory's disk fills mid-pass; the pass must say so; the next one must complete. */
    private void diskFills() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            say("disk fills: skipped (mounting a small tmpfs as the data directory needs root)");
            results.add("disk fills: skipped, not root");
            return;
        }
        Path mount = work.resolve("small-disk");
        Files.createDirectories(mount);
        run("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", mount.toString());
        try {
            Pair pair = seed("disk", Math.max(500, messages / 6));
            Path data = TestLicenses.licensed(Files.createDirectories(mount.resolve("data"))); // before it fills
            Path out = work.resolve("disk-full.out");
            // the disk is nearly full before the pass: its ledger and logs fill the rest; drops wait meanwhile, so
            // that the pass fails for the disk and not for a dropped connection
            Path filler = mount.resolve("filler");
            long fill = Files.getFileStore(mount).getUsableSpace() - FREE_BYTES;
            run("sh", "-c", "head -c " + fill + " /dev/zero > " + filler);
            toSource.drops().pause();
            toTarget.drops().pause();
            Process p = migrate(pair, data, out);
            boolean ended = p.waitFor(10, TimeUnit.MINUTES);
            toSource.drops().resume();
            toTarget.drops().resume();
            String said = Files.readString(out);
            boolean named = said.contains("the disk is full");
            say("disk fills: the pass %s with exit %s and %s the disk", ended ? "ended" : "did not end",
                    ended ? p.exitValue() : "-", named ? "named" : "did NOT name");
            if (ended) {
                note(out, p.exitValue());
            }
            if (!ended || p.exitValue() == 0 || !named) {
                allExact = false;
                results.add("disk fills: the pass did not end saying the disk is full:\n" + said);
            }
            Files.delete(filler);
            untilVerified(pair, data, "disk filled " + (named ? "and named" : "(the pass ended before)"));
        } finally {
            run("umount", "-l", mount.toString());
        }
    }

    /** Phase 4: new mail and {@code migrate} runs under drops until enough connections were cut. */
    private void moreMailUnderDrops() throws Exception {
        Pair pair = seed("more" + passes, 300);
        untilVerified(pair, work.resolve("more-data-" + passes), "more mail under drops");
    }

    /** Runs {@code migrate} until it exits 0 (verified), then compares the mailboxes. */
    private void untilVerified(Pair pair, Path data, String phase) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Path out = work.resolve("run-" + System.nanoTime() + ".out");
            Process p = migrate(pair, data, out);
            int exit = p.waitFor();
            passes++;
            if (exit == 0) {
                break;
            }
            note(out, exit);
            if (attempt >= 30) {
                throw new IllegalStateException(phase + ": migrate did not verify in 30 runs");
            }
        }
        compare(pair, phase);
    }

    /** {@code migrate} on {@code data}, licensed by this run first (the trial would copy 10 items per folder). */
    private Process migrate(Pair pair, Path data, Path out) throws IOException {
        TestLicenses.licensed(Files.createDirectories(data));
        Path sp = Files.writeString(work.resolve(pair.source + ".pw"), source.password(pair.source));
        Path tp = Files.writeString(work.resolve(pair.target + ".pw"), target.password(pair.target));
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), MailferryCli.class.getName(), "migrate",
                "--data-dir", data.toString(),
                "--source-host", source.host(), "--source-port", String.valueOf(toSource.port()),
                "--source-security", "none", "--source-user", pair.source, "--source-password-file", sp.toString(),
                "--target-host", target.host(), "--target-port", String.valueOf(toTarget.port()),
                "--target-security", "none", "--target-user", pair.target, "--target-password-file", tp.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** Kills {@code p} with SIGKILL after a random delay; false when it had ended by itself before. */
    private boolean killAtRandom(Process p) throws Exception {
        if (p.waitFor(randomDelay(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        run("kill", "-9", Long.toString(p.pid()));
        p.waitFor();
        return true;
    }

    private long randomDelay() {
        return 200 + (long) (-Math.log(1 - random.nextDouble()) * killMeanMillis);
    }

    /** Keeps the last sentence a failed {@code migrate} printed (its stderr verdict), counted. */
    private void note(Path out, int exit) throws IOException {
        if (exit == 0) {
            return;
        }
        List<String> lines = Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
        String last = lines.isEmpty() ? "(nothing printed, exit " + exit + ")" : lines.get(lines.size() - 1);
        sentences.merge(withoutNumbers(last), 1, Integer::sum);
    }

    private void noteJob(ServiceProcess service, String job) {
        JobReport report = service.api().get("/api/v1/jobs/" + job + "/report").as(JobReport.class);
        for (MailboxReport m : report.mailboxes()) {
            if (m.error() != null) {
                sentences.merge(withoutNumbers(m.error()), 1, Integer::sum);
            }
        }
    }

    /** Ports, counts and user names out, so that the same sentence is counted once. */
    private static String withoutNumbers(String s) {
        return s.replaceAll("\\d+", "N");
    }

    private static boolean generic(String sentence) {
        String s = sentence.toLowerCase(Locale.ROOT);
        return s.contains("internal error") || s.contains("exception") || s.contains("failed unexpectedly");
    }

    private boolean jobRunning(ServiceProcess service, String job) {
        JobState state = service.api().get("/api/v1/jobs/" + job).as(Job.class).state();
        return List.of(JobState.NEW, JobState.QUEUED, JobState.RUNNING, JobState.STOPPING).contains(state);
    }

    private String createJob(ServiceProcess service, Pair pair) {
        Connection s = service.api().send("POST", "/api/v1/connections", connection(ConnectionRole.SOURCE,
                toSource.port(), pair.source, source.password(pair.source))).as(Connection.class);
        Connection t = service.api().send("POST", "/api/v1/connections", connection(ConnectionRole.TARGET,
                toTarget.port(), pair.target, target.password(pair.target))).as(Connection.class);
        return service.api().send("POST", "/api/v1/jobs", new JobRequest("Fault run", s.id(), t.id(),
                JobOptions.defaults(), List.of(MailboxPairRequest.of(pair.source, pair.target)))).as(Job.class).id();
    }

    private static ConnectionRequest connection(ConnectionRole role, int port, String user, String password) {
        return new ConnectionRequest(role.name().toLowerCase(Locale.ROOT), role, ConnectionKind.IMAP,
                new ImapSettings(DovecotServer.HOST, port, ImapSecurity.NONE, ImapAuthMode.PASSWORD, user, null, null),
                null, null, new Secret(password));
    }

    private record Pair(String source, String target) {
    }

    /** A new source mailbox with {@code count} messages (the crash tests' corpus, scaled) and an empty target one. */
    private Pair seed(String tag, int count) throws Exception {
        Map<String, Integer> layout = new LinkedHashMap<>();
        int main = CrashCorpus.mainLayout().values().stream().mapToInt(Integer::intValue).sum();
        CrashCorpus.mainLayout().forEach((folder, n) -> layout.put(folder, Math.max(20, n * count / main)));
        Pair pair = new Pair(source.newUser(), target.newUser());
        new ImapMailboxes(source.host(), source.imapPort()).append(pair.source, source.password(pair.source),
                CrashCorpus.build(layout, 0, tag));
        return pair;
    }

    private void compare(Pair pair, String phase) throws Exception {
        var from = new ImapMailboxes(source.host(), source.imapPort()).snapshot(pair.source,
                source.password(pair.source));
        var to = new ImapMailboxes(target.host(), target.imapPort()).snapshot(pair.target,
                target.password(pair.target));
        List<String> differences = ExactCopy.differences(from, to);
        totalMessages += ExactCopy.count(from);
        allExact &= differences.isEmpty();
        String line = phase + ": " + ExactCopy.count(from) + " messages, "
                + (differences.isEmpty() ? "exact" : "NOT exact: " + differences) + "; drops so far " + drops();
        results.add(line);
        say("%s", line);
    }

    private int drops() {
        return toSource.drops().drops() + toTarget.drops().drops();
    }

    private void summary(long seconds) {
        say("---");
        results.forEach(r -> say("%s", r));
        say("kills: migrate %d, service %d; runs and passes %d; drops %d (source side %d, target side %d) of %d"
                + " connections; messages %d; %d s", migrateKills, serviceKills, passes, drops(),
                toSource.drops().drops(), toTarget.drops().drops(),
                toSource.drops().connections() + toTarget.drops().connections(), totalMessages, seconds);
        say("sentences of failed runs (numbers as N):");
        sentences.forEach((s, n) -> say("  %4d x %s%s", n, s, generic(s) ? "   <-- GENERIC" : ""));
        say("result: %s", allExact && sentences.keySet().stream().noneMatch(FaultRunner::generic)
                ? "every phase exact, every failure named" : "FAILED");
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue());
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private void close() throws IOException {
        toSource.close();
        toTarget.close();
        source.close();
        target.close();
    }
}
