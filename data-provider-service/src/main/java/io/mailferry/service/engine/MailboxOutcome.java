package io.mailferry.service.engine;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.port.MailboxException;

/**
 * What one pass over a mailbox pair produced.
 *
 * @param report         the report; {@code report.state()} is the pair's new state
 * @param progress       the final progress snapshot (the same the listener got last)
 * @param pause          set when a server's limit that lasts stopped the pass (STOPPED): what paused the pair, for how long
 */
public record MailboxOutcome(MailboxReport report, Progress progress, MailboxException.Pause pause) {
    public MailboxOutcome(MailboxReport report, Progress progress) {
        this(report, progress, null);
    }

    public MailboxState state() {
        return report.state();
    }

    /** Time the pass spent waiting because a server asked it to slow down. */
    public long throttledMillis() {
        return report.throttledMillis();
    }
}
