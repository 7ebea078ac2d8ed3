package io.mailferry.service.bench;

import io.mailferry.service.testing.DovecotServer;
import io.mailferry.service.testing.TestLicenses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code mailferry migrate} as an admin runs it: the repository's {@code ./mailferry} launcher (its JVM flags and
 * class-data sharing archive, one mailbox's heap cap), timed from start to exit with its CPU and peak resident size
 * ({@code /usr/bin/time}), on a data directory of its own — a full pass into a fresh target user, then the same command
 * again, which finds nothing to copy. The launcher is run once before (not timed) so that the jar and its archive are
 * built. {@code MIGRATE_JAVA_OPTS} adds JVM flags to both processes (the launcher's {@code MAILFERRY_JAVA_OPTS}). The
 * no-op pass's output is kept in the work directory.
 */
final class MigrateProcess {
    /** One process: wall time, CPU (user + system), peak RSS, exit code. */
    record Pass(double seconds, double cpuSeconds, long peakRssKiB, int exit) {
        String describe(long messages) {
            return String.format(Locale.ROOT, "%.2f s, %.0f msg/s, CPU %.2f s, peak RSS %d MiB, exit %d", seconds,
                    messages / seconds, cpuSeconds, peakRssKiB >> 10, exit);
        }
    }

    record Result(Pass full, Pass noop) {
    }

    /** The repository's launcher; the bench runs in {@code data-provider-service}. */
    static final Path LAUNCHER = Path.of("..", "mailferry").toAbsolutePath().normalize();

    private MigrateProcess() {
    }

    static Result run(BenchEndpoint from, AppendCeiling.Account source, BenchEndpoint to,
            AppendCeiling.Account target, Path work) throws Exception {
        Path data = TestLicenses.licensed(Files.createTempDirectory(work, "migrate-data-"));
        Path sourcePassword = Files.writeString(Files.createTempFile(work, "source-", ".pw"), source.password());
        Path targetPassword = Files.writeString(Files.createTempFile(work, "target-", ".pw"), target.password());
        List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", data.toString()));
        args.addAll(from.cliArgs("source", work));
        args.addAll(List.of("--source-user", source.user(), "--source-password-file", sourcePassword.toString()));
        args.addAll(to.cliArgs("target", work));
        args.addAll(List.of("--target-user", target.user(), "--target-password-file", targetPassword.toString()));
        build(work); // builds the jar and the archive when they are missing or stale
        Pass full = pass(args, work);
        Pass noop = pass(args, work);
        return new Result(full, noop);
    }

    /**
     * {@code mailferry migrate --csv} of every mailbox at once (its default concurrency), as admins script many
     * mailboxes: the Dovecots' master user on both sides, a full pass into fresh target users, then the same command
     * again (a no-op).
     */
    static Result runMany(BenchEndpoint from, List<AppendCeiling.Account> sources, BenchEndpoint to,
            List<AppendCeiling.Account> targets, Path work) throws Exception {
        List<String> args = manyArgs(from, sources, to, targets, work, "migrate-csv-data-");
        build(work);
        Pass full = pass(args, work);
        Pass noop = pass(args, work);
        return new Result(full, noop);
    }

    /**
     * The arguments of {@code mailferry migrate --csv} of {@code sources} into {@code targets} (pair by pair), the
     * Dovecots' master user on both sides, with a licensed data directory of its own (named from {@code dataPrefix})
     * and its pairs file and password file in {@code work}.
     */
    static List<String> manyArgs(BenchEndpoint from, List<AppendCeiling.Account> sources, BenchEndpoint to,
            List<AppendCeiling.Account> targets, Path work, String dataPrefix) throws IOException {
        Path data = TestLicenses.licensed(Files.createTempDirectory(work, dataPrefix));
        Path master = Files.writeString(Files.createTempFile(work, "master-", ".pw"), DovecotServer.MASTER_PASSWORD);
        StringBuilder csv = new StringBuilder("SourceMailbox,TargetMailbox\n");
        for (int i = 0; i < targets.size(); i++) {
            csv.append(sources.get(i).user()).append(',').append(targets.get(i).user()).append('\n');
        }
        Path pairs = Files.writeString(Files.createTempFile(work, "pairs-", ".csv"), csv);
        List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", data.toString(), "--csv",
                pairs.toString()));
        for (String side : List.of("source", "target")) {
            args.addAll((side.equals("source") ? from : to).cliArgs(side, work));
            args.addAll(List.of("--" + side + "-auth", "master", "--" + side + "-user", DovecotServer.MASTER_USER,
                    "--" + side + "-password-file", master.toString()));
        }
        return args;
    }

    /** Runs the launcher once (not timed), so that the jar and its archive exist. */
    static void build(Path work) throws IOException, InterruptedException {
        pass(List.of("--version"), work);
    }

    private static Pass pass(List<String> args, Path work) throws IOException, InterruptedException {
        Path times = Files.createTempFile(work, "migrate-", ".time");
        Path log = Files.createTempFile(work, "migrate-", ".log");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S %M",
                LAUNCHER.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        String extra = System.getenv("MIGRATE_JAVA_OPTS"); // e.g. a JFR recording of the process
        builder.environment().put("MAILFERRY_JAVA_OPTS", extra == null ? "" : extra.trim());
        Process p = builder.start();
        int rc = p.waitFor();
        String[] f = Files.readString(times).trim().lines().reduce((a, b) -> b).orElse("").split("\\s+");
        if (f.length < 4) {
            throw new IllegalStateException("migrate exited " + rc + ": " + Files.readString(log));
        }
        return new Pass(Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2]),
                Long.parseLong(f[3]), rc);
    }
}
