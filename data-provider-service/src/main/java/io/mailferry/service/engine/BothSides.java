package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A read on each side of a worker at once: the source's on a helper thread ({@link HelperThreads}), the target's on the
 * caller's, so the two servers' round trips overlap instead of following each other (the folder listings and
 * capabilities a pass starts with, the folder states verification starts with). Returns or throws only once both are over, so the sessions are
 * free for whatever follows, a retry's reconnection included; when both fail, the source's failure is the one thrown,
 * as when they ran one after the other.
 */
final class BothSides {
    private BothSides() {
    }

    /** What is read on the source. */
    @FunctionalInterface
    interface SourceRead<S> {
        S read(SourceMailbox source) throws MailboxException;
    }

    /** What is read on the target. */
    @FunctionalInterface
    interface TargetRead<T> {
        T read(TargetMailbox target) throws MailboxException;
    }

    /** The two results. */
    record Read<S, T>(S source, T target) {
    }

    static <S, T> Read<S, T> read(SourceMailbox source, TargetMailbox target, SourceRead<S> onSource,
            TargetRead<T> onTarget) throws MailboxException {
        Future<S> ahead = HelperThreads.submit("mailferry-source-beside", () -> onSource.read(source));
        T read;
        try {
            read = onTarget.read(target);
        } catch (MailboxException | RuntimeException | Error e) {
            try {
                sourceSide(ahead); // the source's failure, if any, is the one thrown
            } catch (MailboxException | RuntimeException | Error first) {
                if (first != e) {
                    first.addSuppressed(e); // the target's, for the log
                }
                throw first;
            }
            throw e;
        }
        return new Read<>(sourceSide(ahead), read);
    }

    /** The source side's result once it is over (waiting through interrupts: its session must be free first). */
    private static <S> S sourceSide(Future<S> ahead) throws MailboxException {
        try {
            return awaitUninterruptibly(ahead);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /**
     * Waits for a side's work to end even when interrupted (its session must be free before anything else uses it),
     * then keeps the interrupt for the caller.
     */
    static <V> V awaitUninterruptibly(Future<V> f) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws what a side's thread threw, as it was (a checked cause other than ours is wrapped). */
    static IllegalStateException rethrow(Throwable cause) throws MailboxException {
        if (cause instanceof MailboxException m) {
            throw m;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }
}
