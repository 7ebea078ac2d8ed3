package io.mailferry.service.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The shutdown hook of {@code migrate} (Ctrl-C, SIGTERM): asks the job to stop, waits until the engine has finished
 * the batches in flight (the JVM exits as soon as its shutdown hooks return, so not waiting would leave the pairs
 * STOPPING with a half-written batch to reconcile), then says how to resume in one line. Once the stop is
 * requested it says so at once, so a user (or a test holding the target) knows the signal was heard before the wait.
 */
final class GracefulStop implements Runnable {
    static final String STOPPING = "Stopping after the items in flight...";
    static final String STOPPED = "Stopped; run the same command again to resume.";
    static final Duration WAIT = Duration.ofSeconds(20);

    /** The runner operations the hook needs (tests replace them). */
    interface Runner {
        void requestStop();

        /** Blocks up to {@code timeout}; true once nothing of the job runs. */
        boolean awaitIdle(Duration timeout) throws InterruptedException;
    }

    private final Runner runner;
    private final PrintWriter out;
    private final Duration wait;
    private final AtomicBoolean requested = new AtomicBoolean();

    GracefulStop(Runner runner, PrintWriter out, Duration wait) {
        this.runner = runner;
        this.out = out;
        this.wait = wait;
    }

    /** True once a signal asked the run to stop: the main thread then leaves the last word to this hook. */
    boolean requested() {
        return requested.get();
    }

    @Override
    public void run() {
        requested.set(true);
        boolean idle;
        try {
            runner.requestStop();
            out.println(STOPPING);
            out.flush();
            idle = runner.awaitIdle(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        } catch (RuntimeException e) {
            // the run ended and the data directory was closed between the signal and this hook: nothing to stop
            idle = true;
        }
        out.println(idle ? STOPPED : "Still copying after " + wait.toSeconds() + " s; exiting anyway. Run the same "
                + "command again to resume (the ledger knows what reached the target).");
        out.flush();
    }
}
