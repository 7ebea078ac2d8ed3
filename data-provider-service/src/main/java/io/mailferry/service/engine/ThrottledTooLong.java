package io.mailferry.service.engine;

import io.mailferry.model.report.DurationText;
import io.mailferry.service.engine.port.MailboxException;

/**
 * Servers kept throttling a pass for longer than {@link EngineSettings#throttleBudget()} while no item got through.
 * Not a failure of the mailbox: the pass stops (STOPPED) with this sentence, and the next pass goes on from there.
 * FATAL so that nothing retries it; the engine tells it apart from real failures by its class.
 */
final class ThrottledTooLong extends MailboxException {
    ThrottledTooLong(MailboxException last, long waitedMillis) {
        super(Kind.FATAL, sentence(last.who(), waitedMillis), last);
    }

    private static String sentence(String who, long waitedMillis) {
        return (who == null || who.isBlank() ? "The servers" : who) + " kept throttling for "
                + DurationText.of(waitedMillis) + " without letting an item through; the pass stopped here — run it "
                + "again later; nothing was lost.";
    }
}
