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

    /**
     * The item filter for source folder {@code source} copied into a target folder with {@code capabilities}. In move
     * mode under a per-folder item limit (the trial's), the items moved by earlier passes count within it: they are no
     * longer listed, and each pass would otherwise move the next ones.
     */
    ItemFilter filter(io.mailferry.service.engine.port.MailFolder source,
            io.mailferry.service.engine.port.Capabilities capabilities) {
        ItemFilter f = filter.forFolder(capabilities);
        if (!f.limitsItems() || !options().deleteFromSource()) {
            return f;
        }
        return f.countingFirst(ledger.entriesOf(pairId(), source.id()).stream()
                .filter(e -> e.state() == io.mailferry.service.engine.port.LedgerState.MOVED)
                .map(io.mailferry.service.engine.port.LedgerEntry::sourceItem).toList());
    }
}
