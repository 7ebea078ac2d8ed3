package io.mailferry.service.engine;

/**
 * Asks a running pass to stop gracefully: items in flight are finished and recorded in the ledger, no new batch
 * starts, and the pass returns with state STOPPED. A later pass resumes where this one stopped. Thread-safe.
 */
public final class StopSignal {
    private volatile boolean requested;

    public void requestStop() {
        requested = true;
    }

    public boolean stopRequested() {
        return requested;
    }
}
