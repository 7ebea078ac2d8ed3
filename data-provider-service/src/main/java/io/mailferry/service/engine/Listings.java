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

    /**
     * A whole folder's listing that goes on where it stopped when it is run again — by a retry, on a new connection:
     * the pages already read are not read again, and each run after the first asks for half the page size before
     * (at least {@value #MIN_PAGE}), so that a link that drops before a whole page arrives still moves. Each page goes
     * to the sink once, whole.
     */
    static final class Walk {
        static final int MIN_PAGE = 10;
        private final MailFolder folder;
        private final FolderState known;
        private final ItemSink sink;
        private final boolean states;
        private int pageSize;
        private String cursor;
        private boolean started;
        private boolean done;
        private long pages;

        Walk(MailFolder folder, int pageSize, FolderState known, ItemSink sink) {
            this(folder, pageSize, known, sink, false);
        }

        /** @param states list ids, sizes and states only ({@link TargetMailbox#listStates}) */
        Walk(MailFolder folder, int pageSize, FolderState known, ItemSink sink, boolean states) {
            this.folder = folder;
            this.pageSize = pageSize;
            this.known = known;
            this.sink = sink;
            this.states = states;
        }

        /** The folder's first page, listed already (with other folders'): the walk goes on after it, if at all. */
        void listed(Page<ItemRef> first) {
            started = true;
            first.items().forEach(sink::accept);
            cursor = first.nextCursor();
            done = cursor == null;
        }

        void run(TargetMailbox target) throws MailboxException {
            if (started && !done) {
                pageSize = Math.max(Math.min(MIN_PAGE, pageSize), pageSize / 2);
            }
            started = true;
            while (!done) {
                Page<ItemRef> page = states ? target.listStates(folder, cursor, pageSize, known)
                        : target.list(folder, cursor, pageSize, known);
                page.items().forEach(sink::accept);
                cursor = page.nextCursor();
                done = cursor == null;
                pages++;
            }
        }

        /** Pages read by {@link #run} so far: the walk's headway, which a retry after a lost connection goes on from. */
        long pages() {
            return pages;
        }
    }
}
