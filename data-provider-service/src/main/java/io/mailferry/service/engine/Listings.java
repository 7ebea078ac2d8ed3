package io.mailferry.service.engine;

import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.MailboxException;

/** Walks a whole target folder listing page by page (bodies are never loaded). */
final class Listings {
    private Listings() {
    }

    /** Receives each listed item. */
    @FunctionalInterface
    interface ItemSink {
        void accept(ItemRef item);
    }

    static void forEach(TargetMailbox target, MailFolder folder, int pageSize, ItemSink sink) throws MailboxException {
        forEach(target, folder, pageSize, null, sink);
    }

    /** @param known the folder's state read just before, or null (a hint for the first page's round trips) */
    static void forEach(TargetMailbox target, MailFolder folder, int pageSize, FolderState known, ItemSink sink)
            throws MailboxException {
        String cursor = null;
        do {
            Page<ItemRef> page = target.list(folder, cursor, pageSize, known);
            page.items().forEach(sink::accept);
            cursor = page.nextCursor();
        } while (cursor != null);
    }
}
