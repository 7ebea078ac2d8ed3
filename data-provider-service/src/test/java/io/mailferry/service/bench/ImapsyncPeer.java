package io.mailferry.service.bench;

import io.mailferry.model.connection.ImapSecurity;
import io.mailferry.service.testing.DovecotServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The command line admins script today, as a peer where it is installed: imapsync (IMAPSYNC names it, else
 * {@code imapsync} on the PATH) copies each source user into a fresh target user of the same target Dovecot, through
 * the same endpoints as Mailferry (its delay proxies; over TLS with {@code --tls}, else in plaintext: imapsync would
 * otherwise turn STARTTLS on by itself), with imapsync's defaults but for {@code --nolog --noreleasecheck}. A full pass,
 * then the same commands again (imapsync's no-op: it compares the messages' headers on both sides), each timed as
 * whole processes like {@link DsyncPeer}, {@code usersAtOnce} users at a time. imapsync's copy is not required to be
 * exact: what it left out is counted by the caller, not refused.
 */
final class ImapsyncPeer {
    /**
     * imapsync's exit codes for a run that went through with some messages or folders in error (111 "with errors",
     * 114-117 and 119-120 an APPEND, FETCH, CREATE, SELECT, virus or flags error); 112 (too many errors, stopped), 113
     * (target over quota), 118 (transfer limit) and the rest mean it did not copy what it could.
     */
    private static final Set<Integer> RAN_THROUGH = Set.of(0, 111, 114, 115, 116, 117, 119, 120);

    /** The full pass, the no-op pass, and how many of the corpus's messages the copy lacks (set by the caller). */
    record Result(PeerPass full, PeerPass noop, long leftOut) {
        Result counted(long lacking) {
            return new Result(full, noop, lacking);
        }
    }

    private ImapsyncPeer() {
    }

    /**
     * The imapsync to run: IMAPSYNC (which must then be an executable file), else the first {@code imapsync} on the
     * PATH; null when there is none.
     */
    static Path find() {
        String named = System.getenv("IMAPSYNC");
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named.trim());
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new IllegalStateException("IMAPSYNC names " + p + ", which is not an executable file");
            }
            return p;
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
        return new Result(full, noop, -1);
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
        Path tmp = Files.createTempDirectory(work, "imapsync-tmp-");
        List<String> command = new ArrayList<>(List.of(imapsync.toString(), "--nolog", "--noreleasecheck", "--tmpdir",
                tmp.toString()));
        command.addAll(side(1, from, source, work));
        command.addAll(side(2, to, target, work));
        return PeerPass.measured(command, "imapsync of " + source.user(), RAN_THROUGH::contains, work);
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
}
