package io.mailferry.service.cli;

import io.mailferry.service.demo.DemoServers;
import io.mailferry.service.demo.DemoServers.DemoUser;
import io.mailferry.service.demo.TlsRelay;
import io.mailferry.service.demo.TrainingCertificate;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailferry archive-training} (hidden): a first pass and a no-op delta of one demo mailbox between the two
 * embedded demo servers, then a first pass of another over TLS ({@link #tlsPass}), in a throwaway data directory,
 * printing nothing. {@code ./mailferry} runs it once after a
 * build, and the Debian package's postinst once per installation, with {@code -XX:ArchiveClassesAtExit}
 * ({@code mailferry_make_archive} of jvm-options.sh), so that the class-data sharing archive every command maps holds
 * the classes a migration loads — the engine, IMAP, the JSON and SQL machinery — not only those of start-up (ADR 0029,
 * 0048).
 * Exits 0 when every pass ran to its report, 1 otherwise.
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
            List<String> args = migrate(work.resolve("data"), user, password, "none", servers.sourcePort(),
                    servers.targetPort(), null);
            boolean first = ranToReport(args, "First pass");
            boolean delta = ranToReport(args, "Delta pass");
            return first && delta && tlsPass(servers, work) ? 0 : 1;
        } finally {
            delete(work);
        }
    }

    /**
     * A first pass of the second demo user over TLS — through a {@link TlsRelay} in front of each demo server, with
     * the training's own certificate trusted as an admin's would be — so that the archive holds the classes of a TLS
     * session (the JDK's TLS, certificate checks, AES-GCM): a TLS {@code migrate} loaded ~760 classes outside the archive
     * (docs/performance.md, issue 10 part 26). True when it ran to its report, or when this Java cannot make a
     * certificate (no keytool: the archive then goes without them).
     */
    static boolean tlsPass(DemoServers servers, Path work) throws Exception {
        Optional<TrainingCertificate> certificate = TrainingCertificate.make(work);
        if (certificate.isEmpty()) {
            return true;
        }
        TrainingCertificate c = certificate.get();
        DemoUser user = DemoServers.USERS.get(1);
        Path password = Files.writeString(work.resolve("password-tls"), user.password(), StandardCharsets.UTF_8);
        try (TlsRelay source = TlsRelay.start(c.keys(), c.password(), servers.sourcePort());
                TlsRelay target = TlsRelay.start(c.keys(), c.password(), servers.targetPort())) {
            return ranToReport(migrate(work.resolve("data-tls"), user, password, "tls", source.port(), target.port(),
                    c.pem()), "First pass");
        }
    }

    private static List<String> migrate(Path data, DemoUser user, Path password, String security, int sourcePort,
            int targetPort, Path trusted) {
        List<String> args = new ArrayList<>(List.of("migrate", "--data-dir", data.toString(),
                "--source-host", "127.0.0.1", "--source-port", Integer.toString(sourcePort),
                "--source-security", security, "--source-user", user.sourceAddress(),
                "--source-password-file", password.toString(),
                "--target-host", "127.0.0.1", "--target-port", Integer.toString(targetPort),
                "--target-security", security, "--target-user", user.targetAddress(),
                "--target-password-file", password.toString()));
        if (trusted != null) {
            args.addAll(List.of("--source-trust-cert", trusted.toString(), "--target-trust-cert", trusted.toString()));
        }
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
