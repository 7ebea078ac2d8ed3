package io.mailferry.service.engine;

import io.mailferry.service.engine.port.Ledger;
import io.mailferry.model.job.JobOptions;

/**
 * What every part of one pass shares: the task, the ledger, settings, progress, issues, the retry policy and the
 * checkpoint gate that lets the copy step skip unchanged folders.
 */
record PassContext(
        MailboxTask task,
        Ledger ledger,
        EngineSettings settings,
        ProgressTracker progress,
        IssueLog issues,
        Retrier retrier,
        StopSignal stop,
        StopSignal abort,
        ItemFilter filter,
        CheckpointGate checkpoints,
        Stamps stamps) {

    /** True once the admin asked to stop or another worker failed the mailbox: start no new batch. */
    boolean halted() {
        return stop.stopRequested() || abort.stopRequested();
    }

    String pairId() {
        return task.pairId();
    }

    JobOptions options() {
        return task.options();
    }

    long now() {
        return settings.clock().millis();
    }
}
