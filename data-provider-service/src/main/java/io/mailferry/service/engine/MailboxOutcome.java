package io.mailferry.service.engine;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.MailboxReport;

/**
 * What one pass over a mailbox pair produced.
 *
 * @param report         the report; {@code report.state()} is the pair's new state
 * @param progress       the final progress snapshot (the same the listener got last)
 */
public record MailboxOutcome(MailboxReport report, Progress progress) {
    public MailboxState state() {
        return report.state();
    }

    /** Time the pass spent waiting because a server asked it to slow down. */
    public long throttledMillis() {
        return report.throttledMillis();
    }
}
