package io.mailferry.service.cli;

import io.mailferry.service.demo.DemoServers;
import io.mailferry.service.demo.DemoServers.DemoUser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailferry archive-training} (hidden): a first pass and a no-op delta of one demo mailbox between the two
 * embedded demo servers, in a throwaway data directory, printing nothing. {@code ./mailferry} runs it once after a
 * build, and the Debian package's postinst once per installation, with {@code -XX:ArchiveClassesAtExit}
 * ({@code mailferry_make_archive} of jvm-options.sh), so that the class-data sharing archive every command maps holds
 * the classes a migration loads — the engine, IMAP, the JSON and SQL machinery — not only those of start-up (ADR 0029,
 * 0048).
 * Exits 0 when both passes ran to their report, 1 otherwise.
 */
@Command(name = ArchiveTrainingCommand.NAME, hidden = true,
        description = "Migrates a demo mailbox between embedded servers, for the class-data sharing archive.")
public final class ArchiveTrainingCommand implements Callable<Integer> {
    static final String NAME = "archive-training";

    @Option(names = "--dir", paramLabel = "DIR", description = "Where its files go (removed at the end); default: a "
            + "new temporary directory.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir)
                : Files.createTempDirectory("mailferry-archive-training-");
        try (DemoServers servers = DemoServers.start()) {
            DemoUser user = DemoServers.USERS.get(0);
            Path password = Files.writeString(work.resolve("password"), user.password(), StandardCharsets.UTF_8);
            List<String> args = migrate(work.resolve("data"), servers, "--source-user", user.sourceAddress(),
                    "--source-password-file", password.toString(), "--target-user", user.targetAddress(),
                    "--target-password-file", password.toString());
            boolean first = ranToReport(args, "First pass");
            boolean delta = ranToReport(args, "Delta pass");
            // and every demo mailbox at once from a pairs file, as `migrate --csv` runs them: the file's parsing,
            // the pairs' job, its workers (about 60 classes a run of twenty mailboxes loaded from the jars without it)
            boolean many = ranToReport(manyArgs(work, servers), "First pass");
            return first && delta && many ? 0 : 1;
        } finally {
            delete(work);
        }
    }

    /** A {@code migrate --csv} of every demo user, each pair with its own logins, into a data directory of its own. */
    private static List<String> manyArgs(Path work, DemoServers servers) throws IOException {
        StringBuilder csv = new StringBuilder("SourceMailbox,TargetMailbox,SourceUser,SourcePassword,TargetUser,"
                + "TargetPassword\n");
        for (DemoUser u : DemoServers.USERS) {
            csv.append(String.join(",", u.sourceAddress(), u.targetAddress(), u.sourceAddress(), u.password(),
                    u.targetAddress(), u.password())).append('\n');
        }
        Path pairs = Files.writeString(work.resolve("pairs.csv"), csv, StandardCharsets.UTF_8);
        return migrate(work.resolve("many"), servers, "--csv", pairs.toString());
    }

    /** A {@code migrate} between the demo servers in plain text, into {@code data}, with the mailboxes' options. */
    private static List<String> migrate(Path data, DemoServers servers, String... mailboxes) {
        List<String> args = new java.util.ArrayList<>(List.of("migrate", "--data-dir", data.toString(),
                "--source-host", "127.0.0.1", "--source-port", Integer.toString(servers.sourcePort()),
                "--source-security", "none", "--target-host", "127.0.0.1",
                "--target-port", Integer.toString(servers.targetPort()), "--target-security", "none"));
        args.addAll(List.of(mailboxes));
        return args;
    }

    /**
     * Runs {@code migrate} with its output kept here; true when it started the expected pass and ended with a verdict
     * (exit 1 included: the demo's folders exceed the trial's cap, which is fine here — a failure also exits 1, but
     * prints no job line).
     */
    private static boolean ranToReport(List<String> args, String pass) {
        String[] argv = args.toArray(new String[0]);
        CommandLine cli = MailferryCli.commandLine(argv);
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(Writer.nullWriter()));
        int exit = cli.execute(argv);
        return (exit == MigrateCommand.VERIFIED || exit == MigrateCommand.ITEMS_MISSING)
                && out.toString().startsWith(pass) && out.toString().contains("Job: ");
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
