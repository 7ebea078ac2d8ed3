package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-item issues of a pass, kept up to a limit so a huge mailbox cannot blow up its report (counts elsewhere stay
 * exact). Thread-safe.
 */
final class IssueLog {
    private final String mailbox;
    private final int limit;
    private final List<ItemIssue> issues = new ArrayList<>();
    private long dropped;

    IssueLog(String mailbox, int limit) {
        this.mailbox = mailbox;
        this.limit = limit;
    }

    synchronized void add(String folder, ItemRef item, ItemOutcome outcome, String reason) {
        if (issues.size() >= limit) {
            dropped++;
            return;
        }
        issues.add(new ItemIssue(mailbox, folder, item == null ? 0 : item.order(),
                item == null ? null : item.received() != null ? item.received() : item.sentDate(),
                item == null ? null : item.subject(), item == null ? null : item.messageId(),
                item == null ? 0 : item.size(), outcome, reason));
    }

    synchronized List<ItemIssue> issues() {
        return List.copyOf(issues);
    }

    synchronized long dropped() {
        return dropped;
    }
}
