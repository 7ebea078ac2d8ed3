package io.mailferry.service.engine;

import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.MailboxException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call against a worker's sessions and rides out the failures that pass: THROTTLED waits (exponential backoff
 * capped, or the server's Retry-After hint) and tries again; CONNECTION reopens both sessions and tries again. ITEM
 * and FATAL failures, and failures that outlast the retry budget, are thrown to the caller. The throttle budget counts
 * throttles in a row without progress: a long call (a batch written item by item) that the server slows down again and
 * again while it keeps moving is never failed for it (a server holding an upload budget answers 429 every time the
 * window is full). Time spent waiting for a
 * throttling server is added up for the report. Thread-safe (one instance per pass, shared by workers).
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
    private final AtomicLong throttledMillis = new AtomicLong();

    Retrier(EngineSettings settings) {
        this.settings = settings;
    }

    <T> T call(Sessions sessions, Call<T> call) throws MailboxException {
        return call(sessions, call, s -> { });
    }

    <T> T call(Sessions sessions, Call<T> call, Recovery recovery) throws MailboxException {
        return call(sessions, call, recovery, () -> 0);
    }

    /**
     * As above; {@code progress} tells how much of the call's work is done (e.g. items of a batch settled), so that
     * throttles are counted from the last progress on.
     */
    <T> T call(Sessions sessions, Call<T> call, Recovery recovery, java.util.function.LongSupplier progress)
            throws MailboxException {
        int throttles = 0;
        long progressAtThrottle = progress.getAsLong();
        int drops = 0;
        boolean reopen = false;
        boolean recover = false;
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
                if (e.kind() == MailboxException.Kind.THROTTLED && progress.getAsLong() != progressAtThrottle) {
                    progressAtThrottle = progress.getAsLong();
                    throttles = 0; // it moved since the last throttle: a new run of throttles starts
                }
                if (e.kind() == MailboxException.Kind.THROTTLED && ++throttles <= settings.throttleRetries()) {
                    Duration wait = waitFor(throttles, e.retryAfter());
                    LOG.info("Throttled ({}); waiting {} ms before retry {}", e.getMessage(), wait.toMillis(), throttles);
                    pause(wait);
                    throttledMillis.addAndGet(wait.toMillis());
                    recover = true;
                } else if (e.kind() == MailboxException.Kind.CONNECTION && ++drops <= settings.connectionRetries()) {
                    LOG.info("Connection lost ({}); reconnecting, attempt {}", e.getMessage(), drops);
                    pause(waitFor(drops, null));
                    reopen = true;
                    recover = true;
                } else {
                    throw e;
                }
            }
        }
    }

    long throttledMillis() {
        return throttledMillis.get();
    }

    private Duration waitFor(int attempt, Duration hint) {
        Duration cap = settings.backoffCap();
        if (hint != null && !hint.isNegative()) {
            Duration longest = cap.multipliedBy(10);
            return hint.compareTo(longest) > 0 ? longest : hint;
        }
        Duration d = settings.backoffStart().multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(cap) > 0 ? cap : d;
    }

    private void pause(Duration d) throws MailboxException {
        try {
            settings.sleeper().sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(MailboxException.Kind.FATAL, "The migration was interrupted.", e);
        }
    }
}
