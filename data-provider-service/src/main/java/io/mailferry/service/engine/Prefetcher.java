package io.mailferry.service.engine;

import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Copies the batches of one folder in order while fetching the next batch ahead: the source FETCH of batch N+1 runs on
 * a fetch thread while the worker appends batch N, so a folder of many batches (one big INBOX) keeps both servers
 * busy instead of waiting on each in turn.
 *
 * <p>Each batch is still copied by {@link BatchCopier} on the worker's thread, in order, on the worker's one target
 * session: PENDING rows durable before its append, DONE after (with the next batch's PENDING rows: {@link
 * BatchCopier#flush}), the UIDNEXT bound and the retries as before. The fetch
 * thread only reads the worker's source session, a connection of its own, and only while {@link #copy} runs: copy
 * waits for the fetch to end before it returns (the caller lists the source between batches), and a retry waits for
 * it before the {@link Retrier} may reopen the sessions. A fetch ahead that failed is handed to its batch's copy as the
 * first attempt's failure, so the retrier backs off, reconnects and settles exactly as for a fetch of its own (unless
 * the sessions were reopened since: then the batch is simply fetched again).
 *
 * <p>Memory: at most two batches are buffered, the one being appended and the one fetched ahead. A batch fetched
 * ahead that is not copied (stop requested, the other side failed) is closed by {@link #close} — no ledger row is ever
 * written for it, so the next pass copies it. Used by one worker thread for one folder; close it on every path.
 */
final class Prefetcher implements AutoCloseable, BatchCopier.FetchAhead {
    private final BatchCopier batches;
    private final Sessions sessions;
    private final MailFolder source;
    private final String sourceEpoch;
    private final MailFolder target;
    private final FolderTally tally;
    /** The name of the fetch's thread while it fetches ({@link HelperThreads}). */
    private final String fetchThread;
    /** The batch being copied: its bodies were fetched ahead. */
    private Ahead current;
    /** The batch fetched ahead (its fetch may still run), copied by the next {@link #copy} or {@link #finish}. */
    private Ahead next;

    Prefetcher(PassContext ctx, BatchCopier batches, Sessions sessions, MailFolder source, String sourceEpoch,
            MailFolder target, FolderTally tally) {
        this.batches = batches;
        this.sessions = sessions;
        this.source = source;
        this.sourceEpoch = sourceEpoch;
        this.target = target;
        this.tally = tally;
        this.fetchThread = "mailferry-" + ctx.pairId() + "-fetch";
    }

    /**
     * Starts fetching {@code batch}, copies the batch handed over before it meanwhile, and returns once the fetch has
     * ended, leaving the source session to the caller. {@code batch} is copied by the next call or by {@link #finish}.
     */
    void copy(List<CopyItem> batch) throws MailboxException {
        Ahead previous = next;
        SourceMailbox src = sessions.source();
        next = new Ahead(batch, src, HelperThreads.submit(fetchThread, () -> BatchCopier.fetch(src, source, batch)));
        if (previous != null) {
            copyFetched(previous);
        }
        next.await();
    }

    /**
     * Whether {@code id} is an item of the batch fetched ahead: handed over for copying, its PENDING row not written yet
     * (every batch handed over before it has its rows).
     */
    boolean fetchedAhead(String id) {
        return next != null && next.ids().contains(id);
    }

    /** Copies the batch fetched ahead, if any: the folder's listing is done. */
    void finish() throws MailboxException {
        Ahead last = next;
        next = null;
        if (last != null) {
            copyFetched(last);
        }
    }

    private void copyFetched(Ahead ahead) throws MailboxException {
        current = ahead;
        try {
            batches.copy(sessions, source, sourceEpoch, target, ahead.batch, tally, this);
        } finally {
            current = null;
            ahead.discard(); // bodies the copy never took (it failed before asking for them)
        }
    }

    @Override
    public BatchCopier.Bodies take() throws MailboxException {
        return current.take(sessions.source());
    }

    @Override
    public void quiesce() {
        if (next != null) {
            next.await();
        }
    }

    /** Discards the batch fetched ahead and not copied, waiting for its fetch to end first. */
    @Override
    public void close() {
        if (next != null) {
            next.discard();
            next = null;
        }
    }

    /** One batch and its fetch on the fetch thread; the bodies go to whoever takes them first, else they are closed. */
    private static final class Ahead {
        final List<CopyItem> batch;
        private final SourceMailbox session;
        private final Future<BatchCopier.Bodies> bodies;
        private boolean taken;
        /** The batch's item ids, made when first asked for. */
        private Set<String> ids;

        Ahead(List<CopyItem> batch, SourceMailbox session, Future<BatchCopier.Bodies> bodies) {
            this.batch = batch;
            this.session = session;
            this.bodies = bodies;
        }

        Set<String> ids() {
            if (ids == null) {
                ids = new HashSet<>();
                batch.forEach(item -> ids.add(item.ref().id()));
            }
            return ids;
        }

        /** Waits until the fetch has ended, whatever its outcome (not interruptible: it holds the source session). */
        void await() {
            try {
                BothSides.awaitUninterruptibly(bodies);
            } catch (ExecutionException e) {
                // over: its outcome is for take or discard
            }
        }

        /**
         * The bodies, or the fetch's failure, the first time; null afterwards, and null for a failure on a session
         * the retrier has replaced since (a stale failure: the caller fetches again on {@code now}).
         */
        BatchCopier.Bodies take(SourceMailbox now) throws MailboxException {
            if (taken) {
                return null;
            }
            taken = true;
            await();
            try {
                return bodies.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof MailboxException me) {
                    if (now != session) {
                        return null;
                    }
                    throw me;
                } else if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                } else if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                throw new IllegalStateException("unreachable: the fetch has ended", e);
            }
        }

        /** Closes the bodies unless they were taken. */
        void discard() {
            if (taken) {
                return;
            }
            taken = true;
            await();
            try {
                bodies.get().close();
            } catch (ExecutionException | InterruptedException e) {
                // the fetch failed and closed what it had buffered; nothing to release
            }
        }
    }
}
