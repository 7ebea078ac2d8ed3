package io.mailferry.service.engine;

import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;

/**
 * Selected source folders of a class the target cannot hold (a calendar, contacts or a task list for an IMAP server):
 * nothing is created on the target for them and nothing is copied, but each selected item is listed (never fetched)
 * and reported as not copied with the reason, so verification stays exact — such items are counted as not copied by
 * choice of the target, never as missing, and never silently dropped (ADR 0026).
 */
final class UnheldFolders {
    private final PassContext ctx;
    private final IssueLog issues;

    /** @param issues where the findings go (the verification's issue log) */
    UnheldFolders(PassContext ctx, IssueLog issues) {
        this.ctx = ctx;
        this.issues = issues;
    }

    /** True when the target holds the kind of items {@code source} holds. */
    static boolean held(Sessions sessions, MailFolder source) {
        return sessions.target().capabilities().kinds().contains(ItemKind.of(source.folderClass()));
    }

    /** Lists {@code source} and counts each selected item as not copied, because the target cannot hold its kind. */
    FolderCheck check(Sessions sessions, MailFolder source) throws MailboxException {
        String path = source.displayPath();
        FolderCheck check = new FolderCheck(path);
        FolderState state = ctx.retrier().call(sessions, (s, t) -> s.state(source));
        if (state.messageCount() == 0) {
            return check;
        }
        ItemFilter filter = ctx.filter().forFolder();
        String reason = ItemFilter.notHeld(ItemKind.of(source.folderClass()), ctx.task().targetAccess().describe());
        String cursor = null;
        do {
            String from = cursor;
            Page<ItemRef> page = ctx.retrier().call(sessions, (s, t) -> s.list(source, from,
                    ctx.settings().pageSize()));
            for (ItemRef item : page.items()) {
                if (filter.decide(item).kind() == ItemFilter.Decision.Kind.NOT_SELECTED) {
                    continue;
                }
                check.selected++;
                check.skipped(ItemFilter.Decision.Cause.KIND, item.size());
                issues.add(path, item, ItemOutcome.SKIPPED, reason);
            }
            cursor = page.items().isEmpty() && from != null && from.equals(page.nextCursor()) ? null
                    : page.nextCursor();
        } while (cursor != null);
        return check;
    }
}
