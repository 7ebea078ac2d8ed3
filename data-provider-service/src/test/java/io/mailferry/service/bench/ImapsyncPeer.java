package io.mailferry.service.bench;

import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.service.testing.DovecotServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The command line admins script today, as a peer where it is installed: imapsync (IMAPSYNC names it, else
 * {@code imapsync} on the PATH) copies each source user into a fresh target user of the same target Dovecot, through
 * the same endpoints as Mailferry (its delay proxies; over TLS with {@code --tls}, else in plaintext: imapsync would
 * otherwise turn STARTTLS on by itself), with its own defaults otherwise (no log file, no release check). A full pass,
 * then the same commands again (imapsync's no-op: it compares the messages' headers on both sides), each timed as
 * whole processes like {@link DsyncPeer}, {@code usersAtOnce} users at a time. imapsync's copy is not required to be
 * exact: what it left out is counted, not refused.
 */
final class ImapsyncPeer {
    /** The full pass and the no-op pass. */
    record Result(PeerPass full, PeerPass noop) {
    }

    private ImapsyncPeer() {
    }

    /** The imapsync to run: IMAPSYNC, else the first {@code imapsync} on the PATH; null when there is none. */
    static Path find() {
        String named = System.getenv("IMAPSYNC");
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named.trim());
            return Files.isExecutable(p) ? p : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "imapsync"))) {
                return Path.of(dir, "imapsync");
            }
        }
        return null;
    }

    static Result run(Path imapsync, DovecotServer source, BenchEndpoint from, List<AppendCeiling.Account> sourceUsers,
            DovecotServer target, BenchEndpoint to, List<AppendCeiling.Account> targetUsers, int usersAtOnce,
            Path work) throws Exception {
        PeerPass full = pass(imapsync, source, from, sourceUsers, target, to, targetUsers, usersAtOnce, work);
        PeerPass noop = pass(imapsync, source, from, sourceUsers, target, to, targetUsers, usersAtOnce, work);
        return new Result(full, noop);
    }

    private static PeerPass pass(Path imapsync, DovecotServer source, BenchEndpoint from,
            List<AppendCeiling.Account> sourceUsers, DovecotServer target, BenchEndpoint to,
            List<AppendCeiling.Account> targetUsers, int usersAtOnce, Path work) throws Exception {
        List<Callable<double[]>> runs = new ArrayList<>();
        for (int m = 0; m < sourceUsers.size(); m++) {
            AppendCeiling.Account s = sourceUsers.get(m);
            AppendCeiling.Account t = targetUsers.get(m);
            runs.add(() -> sync(imapsync, from, s, to, t, work));
        }
        return PeerPass.timed(source, target, usersAtOnce, runs);
    }

    /** One imapsync run of one mailbox: {CPU seconds, peak RSS KiB}. */
    private static double[] sync(Path imapsync, BenchEndpoint from, AppendCeiling.Account source, BenchEndpoint to,
            AppendCeiling.Account target, Path work) throws IOException, InterruptedException {
        Path times = Files.createTempFile(work, "imapsync-", ".time");
        Path log = Files.createTempFile(work, "imapsync-", ".log");
        Path tmp = Files.createTempDirectory(work, "imapsync-tmp-");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%U %S %M",
                imapsync.toString(), "--nolog", "--noreleasecheck", "--tmpdir", tmp.toString()));
        command.addAll(side(1, from, source, work));
        command.addAll(side(2, to, target, work));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int rc = p.waitFor();
        // 111-120: it ran through, some messages or folders in error (counted afterwards, as what it left out); any
        // other code but 0 (a refused login, an unreachable server, a missing module) means it did not run
        if (rc != 0 && (rc < 111 || rc > 120)) {
            throw new IllegalStateException("imapsync of " + source.user() + " exited " + rc + ": "
                    + tail(Files.readString(log)));
        }
        List<String> lines = Files.readAllLines(times); // after "Command exited with non-zero status N", if any
        String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
        return new double[] {Double.parseDouble(f[0]) + Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    /** imapsync's options for side {@code n} (1: the source, 2: the target). */
    private static List<String> side(int n, BenchEndpoint end, AppendCeiling.Account user, Path work)
            throws IOException {
        Path password = Files.writeString(Files.createTempFile(work, "imapsync-", ".pw"), user.password());
        List<String> args = new ArrayList<>(List.of("--host" + n, end.host(), "--port" + n,
                String.valueOf(end.port()), "--user" + n, user.user(), "--passfile" + n, password.toString()));
        if (end.security() == ImapSecurity.TLS) {
            args.add("--ssl" + n);
        } else {
            args.addAll(List.of("--nossl" + n, "--notls" + n));
        }
        return args;
    }

    private static String tail(String text) {
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }
}
