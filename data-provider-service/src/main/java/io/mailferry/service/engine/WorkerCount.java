package io.mailferry.service.engine;

/**
 * How many workers — each a connection to each server — a pass may copy and verify with (ADR 0037). A job's
 * {@code connectionsPerServer} is kept as the admin set it; 0, the default, is automatic: {@link #FAST} on a fast link,
 * {@link #SLOW} where the pass's batches grow ({@link BatchScale} of 2 or more: a round trip of 10 ms or more, and at
 * most two passes running). Through a slow link each folder waits a round trip per listing, fetch and write whatever
 * its size, and more folders at once hide those waits; on a fast link the pass is bound by the processors, which more
 * connections only share, and many mailboxes at once bring their own concurrency (BatchScale's budget then leaves
 * every pass at {@link #FAST}). The workers beyond the first are helpers ({@link #helpers}): when automatic on a fast
 * link, they open their connections only while fewer than {@link #SHARED_FROM} passes run (ADR 0041) — with many
 * mailboxes at once each copies over one connection per server, and a mailbox left running as the others end gets
 * its helpers then.
 */
final class WorkerCount {
    /** Automatic, on a fast link or when many passes run. */
    static final int FAST = 2;
    /** Automatic, over a slow link. */
    static final int SLOW = 4;
    /** From this many passes running at once, an automatic pass copies without helpers until fewer run. */
    static final int SHARED_FROM = 3;

    private WorkerCount() {
    }

    /**
     * @param setting the job's connections per server (0: automatic)
     * @param scale   the pass's batch scale ({@link BatchScale#of}); 1 where it was not measured
     * @param task    whose sides may let fewer sessions of a mailbox be open at once
     *                ({@link io.mailferry.service.engine.port.MailboxAccess#sessionsPerMailbox}): a worker beyond that
     *                would wait for a session the others keep until the pass ends
     */
    static int of(int setting, int scale, MailboxTask task) {
        int wanted = setting > 0 ? setting : scale >= 2 ? SLOW : FAST;
        int sessions = Math.min(task.sourceAccess().sessionsPerMailbox(), task.targetAccess().sessionsPerMailbox());
        return Math.max(1, Math.min(wanted, sessions));
    }

    /**
     * Whether a pass's helpers (its workers beyond the first) may open their connections now: always when the admin
     * set the number or the link is slow (each worker then mostly waits for round trips, which more connections hide),
     * else while fewer than {@link #SHARED_FROM} passes run. On a fast link their logins and server processes buy
     * little while other mailboxes keep the processors and servers busy: measured, a fresh service's twenty mailboxes
     * at once took 5 % less time this way over eight pairs of runs, a later job the same (docs/performance.md,
     * part 16).
     *
     * @param setting  the job's connections per server (0: automatic)
     * @param slowLink whether the pass measured a slow link ({@link BatchScale#slow})
     * @param running  the passes the engine runs now, this one included
     */
    static boolean helpers(int setting, boolean slowLink, int running) {
        return setting > 0 || slowLink || running < SHARED_FROM;
    }
}
