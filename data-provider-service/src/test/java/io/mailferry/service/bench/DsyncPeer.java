package io.mailferry.service.bench;

import io.mailferry.service.testing.DovecotServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The strongest peer that runs here: Dovecot's own replicator, {@code doveadm backup} (one-way dsync), copying the
 * source Dovecot's mailboxes into a third private Dovecot over its replicator port — through the same delay as the
 * migration when the scenario has one. A full pass, then a no-op pass, each timed as whole processes with their CPU
 * and peak resident size ({@code /usr/bin/time}). dsync runs {@code usersAtOnce} users at a time, as the replicator
 * does by default with two.
 */
final class DsyncPeer {
    /** The full pass and the no-op pass; {@code replica} holds the copies (close it after checking them). */
    record Result(PeerPass full, PeerPass noop, DovecotServer replica, List<AppendCeiling.Account> replicaUsers) {
    }

    private DsyncPeer() {
    }

    /**
     * Replicates {@code users} of {@code source} into a fresh Dovecot, through {@code rttMillis} of round-trip delay
     * in front of the replica's port (0: direct).
     */
    static Result run(DovecotServer source, List<AppendCeiling.Account> users, int rttMillis, int usersAtOnce,
            Path work) throws Exception {
        DovecotServer replica = DovecotServer.startWithDoveadm();
        try {
            List<AppendCeiling.Account> replicaUsers = new ArrayList<>();
            for (AppendCeiling.Account u : users) {
                String name = replica.newUser();
                if (!name.equals(u.user())) {
                    throw new IllegalStateException("dsync needs the same user names on both sides: " + u.user()
                            + " vs " + name);
                }
                replicaUsers.add(new AppendCeiling.Account(name, replica.password(name)));
            }
            try (DelayProxy proxy = rttMillis == 0 ? null : new DelayProxy(
                    new InetSocketAddress(replica.host(), replica.doveadmPort()), rttMillis / 2)) {
                int port = proxy == null ? replica.doveadmPort() : proxy.port();
                PeerPass full = pass(source, replica, users, port, usersAtOnce, work);
                PeerPass noop = pass(source, replica, users, port, usersAtOnce, work);
                return new Result(full, noop, replica, replicaUsers);
            }
        } catch (Exception | Error e) {
            replica.close();
            throw e;
        }
    }

    private static PeerPass pass(DovecotServer source, DovecotServer replica, List<AppendCeiling.Account> users,
            int port, int usersAtOnce, Path work) throws Exception {
        List<Callable<double[]>> runs = new ArrayList<>();
        for (AppendCeiling.Account u : users) {
            runs.add(() -> backup(source, u.user(), replica.host(), port, work));
        }
        return PeerPass.timed(source, replica, usersAtOnce, runs);
    }

    /** One {@code doveadm backup} of one user: {CPU seconds, peak RSS KiB}. */
    private static double[] backup(DovecotServer source, String user, String host, int port, Path work)
            throws IOException, InterruptedException {
        return PeerPass.measured(source.backupCommand(user, host, port), "doveadm backup of " + user, rc -> rc == 0,
                work);
    }
}
