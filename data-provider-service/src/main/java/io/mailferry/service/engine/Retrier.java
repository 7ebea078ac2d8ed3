package io.mailferry.service.engine;

import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.MailboxException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call against a worker's sessions and rides out the failures that pass: THROTTLED waits (exponential backoff
 * capped, or the server's Retry-After hint) and tries again; CONNECTION reopens both sessions and tries again. ITEM
 * and FATAL failures, and dropped connections that outlast the retry budget, are thrown to the caller.
 *
 * <p>Throttling has no attempt limit: a call is retried for as long as the pass still gets items through (any
 * worker's). Once a call has waited {@link EngineSettings#throttleBudget()} for throttling servers since the last item
 * reached the target, it throws {@link ThrottledTooLong}, and every other worker of the pass gives up at its next
 * throttle too. A limit that lasts ({@link MailboxException#pause()}: Google's daily limit) is not waited for: the call
 * throws {@link PausedByLimit} at once, and the other workers give up the same way. Time waited is counted in the pass's {@link ProgressTracker} as each wait begins. Thread-safe (one
 * instance per pass, shared by workers).
 */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    /** A call to one or both sides. */
    @FunctionalInterface
    interface Call<T> {
        T run(SourceMailbox source, TargetMailbox target) throws MailboxException;
    }

    /** Runs after a reconnect or a throttle wait, before the call is tried again (e.g. crash reconciliation). */
    @FunctionalInterface
    interface Recovery {
        void recover(Sessions sessions) throws MailboxException;
    }

    private final EngineSettings settings;
    private final ProgressTracker progress;
    private final AtomicReference<MailboxException> gaveUp = new AtomicReference<>();
    /** The pass's copy turn while it holds one (CopyTurns): lent while a call waits. */
    private volatile CopyTurns.Turn turn;

    Retrier(EngineSettings settings, ProgressTracker progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** The pass's copy turn from now on (null: none), lent to a waiting pass while a call waits here. */
    void turn(CopyTurns.Turn held) {
        turn = held;
    }

    <T> T call(Sessions sessions, Call<T> call) throws MailboxException {
        return call(sessions, call, s -> { });
    }

    <T> T call(Sessions sessions, Call<T> call, Recovery recovery) throws MailboxException {
        return call(sessions, call, recovery, () -> 0);
    }

    /**
     * As {@link #call(Sessions, Call)} for a long call that goes on where it stopped when run again (a whole folder's
     * listing, page by page): {@code headway} counts what it has got through so far (pages read), and a dropped
     * connection after headway starts the count of drops in a row afresh, as an item that reached the target does —
     * a link that drops every few pages still moves, one that drops before anything arrives still fails.
     */
    <T> T call(Sessions sessions, Call<T> call, LongSupplier headway) throws MailboxException {
        return call(sessions, call, s -> { }, headway);
    }

    private <T> T call(Sessions sessions, Call<T> call, Recovery recovery, LongSupplier headway)
            throws MailboxException {
        int throttles = 0;
        int drops = 0;
        boolean reopen = false;
        boolean recover = false;
        long waited = 0; // throttled waits of this call since an item last got through
        long doneBefore = progress.itemsDone();
        long doneAtLastDrop = doneBefore + headway.getAsLong();
        while (true) {
            try {
                if (reopen) {
                    sessions.reopen();
                    reopen = false;
                }
                if (recover) {
                    recovery.recover(sessions);
                    recover = false;
                }
                return call.run(sessions.source(), sessions.target());
            } catch (MailboxException e) {
                if (e.kind() == MailboxException.Kind.THROTTLED) {
                    long done = progress.itemsDone();
                    if (done != doneBefore) { // items still get through (here or on another worker): start afresh
                        doneBefore = done;
                        waited = 0;
                        throttles = 0;
                    }
                    if (gaveUp.get() != null) {
                        throw gaveUp.get();
                    }
                    if (e.pause() != null) { // a limit no back-off rides out: the pass stops now
                        gaveUp.compareAndSet(null, new PausedByLimit(e));
                        throw gaveUp.get();
                    }
                    if (waited >= settings.throttleBudget().toMillis()) {
                        ThrottledTooLong out = new ThrottledTooLong(e, waited);
                        gaveUp.compareAndSet(null, out);
                        throw gaveUp.get();
                    }
                    Duration wait = waitFor(++throttles, e.retryAfter());
                    LOG.info("Throttled ({}); waiting {} ms before retry {}", e.getMessage(), wait.toMillis(), throttles);
                    progress.throttled(wait.toMillis());
                    pause(wait);
                    waited += wait.toMillis();
                    recover = true;
                } else if (e.kind() == MailboxException.Kind.CONNECTION
                        && (drops = dropsInARow(drops, doneAtLastDrop, headway)) <= settings.connectionRetries()) {
                    doneAtLastDrop = progress.itemsDone() + headway.getAsLong();
                    LOG.info("Connection lost ({}); reconnecting, attempt {}", e.getMessage(), drops);
                    progress.reconnected();
                    pause(waitFor(drops, null));
                    reopen = true;
                    recover = true;
                } else {
                    throw e;
                }
            }
        }
    }

    /**
     * The count of drops in a row including this one: items that got through since the last drop, or the call's own
     * headway, start it afresh.
     */
    private int dropsInARow(int before, long doneAtLastDrop, LongSupplier headway) {
        return progress.itemsDone() + headway.getAsLong() != doneAtLastDrop ? 1 : before + 1;
    }

    private Duration waitFor(int attempt, Duration hint) {
        Duration cap = settings.backoffCap();
        if (hint != null && !hint.isNegative() && !hint.isZero()) { // "now" gets the backoff: time must pass
            Duration longest = cap.multipliedBy(10);
            return hint.compareTo(longest) > 0 ? longest : hint;
        }
        Duration d = settings.backoffStart().multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private void pause(Duration d) throws MailboxException {
        CopyTurns.Turn lent = turn;
        if (lent != null) {
            lent.lend(); // a pass that waits for a server leaves the processors to a pass that waits for a turn
        }
        try {
            settings.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(MailboxException.Kind.FATAL, "The migration was interrupted.", e);
        } finally {
            if (lent != null) {
                lent.reclaim();
            }
        }
    }
}
