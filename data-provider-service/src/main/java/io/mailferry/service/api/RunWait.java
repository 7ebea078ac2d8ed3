package io.mailferry.service.api;

import io.mailferry.service.app.JobRunner;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * {@code ?waitSeconds=} of {@code GET /api/v1/jobs/{id}} (ADR 0030): while the job runs, the answer waits until its
 * run ended — state, verdict and reports recorded — or the seconds passed, so that a client learns the verdict the
 * moment it exists without polling. A waiting request holds one of the {@link ApiServer#WORKERS}: at most
 * {@link #MAX_WAITING} wait at once, and a request beyond them is answered at once, as without the parameter.
 */
final class RunWait {
    static final int MAX_SECONDS = 60;
    static final int MAX_WAITING = Math.max(1, ApiServer.WORKERS / 4);

    private final JobRunner runner;
    private final Semaphore waiting = new Semaphore(MAX_WAITING);

    RunWait(JobRunner runner) {
        this.runner = runner;
    }

    /** Waits as the request asks (no parameter: not at once); then the caller reads the job as it is. */
    void await(Request request, String jobId) throws InterruptedException {
        var text = request.query("waitSeconds");
        if (text.isEmpty()) {
            return;
        }
        int seconds = Paging.number("waitSeconds", text.get(), 1, MAX_SECONDS);
        if (!waiting.tryAcquire()) {
            return;
        }
        try {
            runner.awaitRunEnd(jobId, Duration.ofSeconds(seconds));
        } finally {
            waiting.release();
        }
    }
}
