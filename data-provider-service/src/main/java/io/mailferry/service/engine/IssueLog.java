package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.ItemOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-item issues of a pass, kept up to a limit so a huge mailbox cannot blow up its report (counts elsewhere stay
 * exact). When the list is full, a failed or missing item takes the place of the latest skipped one (a trial's or a
 * size limit's skips must not push the items that need the admin out of the report); what is left out is counted
 * ({@link #dropped}) and the verdict says so. Thread-safe.
 */
final class IssueLog {
    private final String mailbox;
    private final int limit;
    /** Failed and missing items, and skipped ones, each with its arrival number (the report keeps that order). */
    private final List<Numbered> needsAdmin = new ArrayList<>();
    private final List<Numbered> skipped = new ArrayList<>();
    private long arrived;
    private long dropped;

    private record Numbered(long n, ItemIssue issue) {
    }

    IssueLog(String mailbox, int limit) {
        this.mailbox = mailbox;
        this.limit = limit;
    }

    synchronized void add(String folder, ItemRef item, ItemOutcome outcome, String reason) {
        boolean skip = outcome == ItemOutcome.SKIPPED;
        if (needsAdmin.size() + skipped.size() >= limit) {
            dropped++;
            if (skip || skipped.isEmpty()) {
                return;
            }
            skipped.remove(skipped.size() - 1); // counted in dropped instead
        }
        ItemIssue issue = new ItemIssue(mailbox, folder, item == null ? 0 : item.order(),
                item == null ? null : item.received() != null ? item.received() : item.sentDate(),
                item == null ? null : item.subject(), item == null ? null : item.messageId(),
                item == null ? 0 : item.size(), outcome, reason);
        (skip ? skipped : needsAdmin).add(new Numbered(arrived++, issue));
    }

    synchronized List<ItemIssue> issues() {
        return java.util.stream.Stream.concat(needsAdmin.stream(), skipped.stream())
                .sorted(java.util.Comparator.comparingLong(Numbered::n)).map(Numbered::issue).toList();
    }

    /** Issues left out of {@link #issues} for the limit. */
    synchronized long dropped() {
        return dropped;
    }
}
