package io.mailferry.service.engine;

import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source folder's first page, listed on a thread of its own while the caller reads or lists the target folder on
 * its own connection (the copy reads the target folder's state for the duplicate check, verification lists it): the
 * two sides' round trips overlap instead of following each other. One instance per folder.
 *
 * <p>Each session is used by one thread at a time: {@link #readBeside} returns or throws only once the source listing
 * is over, so a retry that reopens the sessions never meets one in use. What each side got survives the other side's
 * failure: a page listed while the target side lost its connection is kept for the retry (which then reads the target
 * side alone), and a source listing that failed leaves the target side's result to the caller, the page being listed
 * again through the caller's retries when it is asked for ({@link #page}) — so that on a link that drops often, one
 * side's drop never costs the other side's work.
 *
 * <p>Verification lists a whole target folder beside the source's first page: a target of several pages keeps the
 * target side busy for as many round trips. Made with {@code pagesAhead} above 0, the source side then goes on with
 * the pages after the first — while the target side is still under way, at most that many — and {@link #after} hands
 * them out in order; a later page that fails to list is simply listed again when it is asked for. Memory: at most
 * {@code 1 + pagesAhead} pages of listed items (no bodies).
 */
final class SourcePageAhead {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePageAhead.class);
    private final Runner pool;
    private final MailFolder folder;
    private final int limit;
    private final FolderState state;
    private final int pagesAhead;
    /** How each page is listed: in full, ids, sizes and states only, or undescribed. */
    private final Lister lister;
    private Page<ItemRef> page;
    private Throwable failure;
    /** Pages after the first, listed while the target side was under way, each with the cursor it was listed from. */
    private final Deque<Listed> later = new ConcurrentLinkedDeque<>();
    /** Set when the target side is over: the source side lists no further page. */
    private volatile boolean targetOver;

    private record Listed(String cursor, Page<ItemRef> page) {
    }

    /** @param state the source folder's state the page is listed with (the folder's, for the whole pass) */
    SourcePageAhead(Runner pool, MailFolder folder, int limit, FolderState state) {
        this(pool, folder, limit, state, 0);
    }

    /** @param pagesAhead how many pages after the first the source side may list while the target side goes on */
    SourcePageAhead(Runner pool, MailFolder folder, int limit, FolderState state, int pagesAhead) {
        this(pool, folder, limit, state, pagesAhead, false);
    }

    /** @param states list ids, sizes and states only ({@link SourceMailbox#listStates}) */
    SourcePageAhead(Runner pool, MailFolder folder, int limit, FolderState state, int pagesAhead,
            boolean states) {
        this(pool, folder, limit, state, pagesAhead, states ? SourceMailbox::listStates : SourceMailbox::list);
    }

    /** @param lister how each page is listed */
    SourcePageAhead(Runner pool, MailFolder folder, int limit, FolderState state, int pagesAhead,
            Lister lister) {
        this.pool = pool;
        this.folder = folder;
        this.limit = limit;
        this.state = state;
        this.pagesAhead = pagesAhead;
        this.lister = lister;
    }

    /** One page's listing on the source. */
    @FunctionalInterface
    interface Lister {
        Page<ItemRef> list(SourceMailbox source, MailFolder folder, String cursor, int limit, FolderState state)
                throws MailboxException;
    }

    /**
     * A first page listed already, with other folders' ({@link io.mailferry.service.engine.port.Mailbox#listWhole}):
     * nothing is left to list beside the target side.
     */
    static SourcePageAhead listed(MailFolder folder, int limit, FolderState state, Page<ItemRef> page) {
        SourcePageAhead ahead = new SourcePageAhead(null, folder, limit, state);
        ahead.page = page;
        return ahead;
    }

    /** Where the source side's listing runs while the caller reads the target side. */
    @FunctionalInterface
    interface Runner {
        Future<Page<ItemRef>> start(Callable<Page<ItemRef>> listing);
    }

    /**
     * The source side's listings of one pass's step ({@code step} names them in the log) on the engine's helper
     * threads ({@link HelperThreads}): kept from step to step and pass to pass, not a pool of their own per step.
     */
    static Runner helpers(String pairId, String step) {
        String name = "mailferry-" + pairId + "-" + step;
        return listing -> HelperThreads.submit(name, listing);
    }

    /** What the caller reads on the target while the source's first page is listed. */
    @FunctionalInterface
    interface TargetRead<T> {
        T read(TargetMailbox target) throws MailboxException;
    }

    /** Lists the page again through the caller's retries (its listing beside the target side failed). */
    @FunctionalInterface
    interface Again {
        Page<ItemRef> list() throws MailboxException;
    }

    /**
     * Reads the target side while the first page is listed on {@code source}, unless an earlier call listed it
     * already; returns the target side's result, or throws what the target side threw, once the listing is over.
     */
    <T> T readBeside(SourceMailbox source, TargetMailbox target, TargetRead<T> onTarget) throws MailboxException {
        targetOver = false;
        Future<Page<ItemRef>> ahead = page != null ? null : pool.start(() -> listAhead(source));
        T read;
        try {
            read = onTarget.read(target);
        } catch (MailboxException | RuntimeException | Error e) {
            // whatever the target side threw (an Error too): the source session is free first
            settleBeside(ahead);
            if (failure != null && failure != e) {
                e.addSuppressed(failure); // the listing's failure too, for the log (as BothSides.read keeps both)
            }
            throw e;
        }
        settleBeside(ahead);
        return read;
    }

    private void settleBeside(Future<Page<ItemRef>> ahead) {
        targetOver = true;
        if (ahead != null) {
            settle(ahead);
        }
    }

    /** The first page, then — while the target side goes on — up to {@code pagesAhead} more into {@link #later}. */
    private Page<ItemRef> listAhead(SourceMailbox source) throws MailboxException {
        Page<ItemRef> first = list(source, null);
        String cursor = first.nextCursor();
        try {
            while (cursor != null && later.size() < pagesAhead && !targetOver) {
                Page<ItemRef> next = list(source, cursor);
                later.add(new Listed(cursor, next));
                cursor = next.nextCursor();
            }
        } catch (MailboxException | RuntimeException e) {
            // that page is listed again when it is asked for (after), through the caller's retries
            LOG.debug("Folder {}: a source page listed ahead failed; listed again on its turn: {}",
                    folder.displayPath(), e.getMessage());
        }
        return first;
    }

    private Page<ItemRef> list(SourceMailbox source, String cursor) throws MailboxException {
        return lister.list(source, folder, cursor, limit, state);
    }

    /**
     * The page listed from {@code cursor} (a page after the first): as listed beside the target side when it was,
     * else listed {@code again}. Asked in order, page after page.
     */
    Page<ItemRef> after(String cursor, Again again) throws MailboxException {
        Listed next = later.poll();
        if (next != null && next.cursor().equals(cursor)) {
            return next.page();
        }
        later.clear(); // asked out of order: what was listed ahead no longer follows
        return again.list();
    }

    /**
     * The first page: as listed beside the target side; when that listing failed for the folder alone (an item
     * failure), that failure; when it failed on its connection or was throttled, listed {@code again}.
     */
    Page<ItemRef> page(Again again) throws MailboxException {
        if (page != null) {
            return page;
        }
        if (failure instanceof MailboxException m && m.kind() == MailboxException.Kind.ITEM) {
            throw m;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return again.list();
    }

    private void settle(Future<Page<ItemRef>> ahead) {
        try {
            page = BothSides.awaitUninterruptibly(ahead);
            failure = null;
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
    }
}
