package io.mailferry.service.engine.port;

import java.util.ArrayList;
import java.util.List;

/** What both sides of a mailbox pair offer: folders, their state, paged listings and what the connector can do. */
public interface Mailbox extends AutoCloseable {
    /** Every folder, parents before children, including containers (selectable = false). */
    List<MailFolder> folders() throws MailboxException;

    FolderState state(MailFolder folder) throws MailboxException;

    /**
     * The states of {@code folders}, in their order, each as {@link #state} reads it; null for a folder whose state
     * could not be read for a reason of its own (an {@link MailboxException.Kind#ITEM} failure, which reading it
     * alone reports). A connector whose protocol allows it reads them all in one round trip.
     */
    default List<FolderState> states(List<MailFolder> folders) throws MailboxException {
        List<FolderState> out = new ArrayList<>(folders.size());
        for (MailFolder folder : folders) {
            try {
                out.add(state(folder));
            } catch (MailboxException e) {
                if (e.kind() != MailboxException.Kind.ITEM) {
                    throw e;
                }
                out.add(null);
            }
        }
        return out;
    }

    /**
     * Items of {@code folder} after {@code cursor} (null = from the start), at most {@code limit}, never bodies. In
     * ascending {@link ItemRef#order} where the protocol has one, else in a stable order of the connector's choice. A
     * connector should fetch a page in one round trip. The last page may carry a change token
     * ({@link Page#token}) valid from the start of the listing.
     */
    Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException;

    /**
     * As {@link #list(MailFolder, String, int)}, with the folder's state read just before the listing ({@code known},
     * may be null): a connector that needs the folder's size before it can ask for a page may save that round trip. A
     * hint only — the page must be the same whatever it says.
     */
    default Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        return list(folder, cursor, limit);
    }

    /**
     * Small folders listed whole, for a caller that expects each to fit in one page: for each of {@code folders} (with
     * its state read just before, {@code known}, same order), the page {@link #list(MailFolder, String, int,
     * FolderState)} lists from the start when it is the folder's only page; null where the folder has more, or its
     * listing failed for a reason of its own (an {@link MailboxException.Kind#ITEM} failure: listing it alone reports
     * it), or the connector would rather the caller listed it alone. A connector whose protocol allows it lists them
     * all in one round trip (IMAP); by default they are listed one after the other.
     */
    default List<Page<ItemRef>> listWhole(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return eachWhole(folders, limit, known, this::list);
    }

    /** One listing call: {@link #list(MailFolder, String, int, FolderState)} or {@link #listStates}. */
    @FunctionalInterface
    interface Lister {
        Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known) throws MailboxException;
    }

    /**
     * Small folders listed whole one after the other (what {@link #listWhole} does by default), each by
     * {@code lister}: a folder's first page when it is its only one, null when it has more or failed on its own.
     */
    static List<Page<ItemRef>> eachWhole(List<MailFolder> folders, int limit, List<FolderState> known, Lister lister)
            throws MailboxException {
        List<Page<ItemRef>> pages = new ArrayList<>(folders.size());
        for (int i = 0; i < folders.size(); i++) {
            try {
                Page<ItemRef> page = lister.list(folders.get(i), null, limit, known.get(i));
                pages.add(page.nextCursor() == null ? page : null);
            } catch (MailboxException e) {
                if (e.kind() != MailboxException.Kind.ITEM) {
                    throw e;
                }
                pages.add(null);
            }
        }
        return pages;
    }

    /**
     * True when {@link #listStates} reads less than a full listing (IMAP: no header fields, which a server may have to
     * read from every message's file), so that verification lists a folder's ids, sizes and states first and its
     * header fields only for the items that need them. False by default.
     */
    default boolean listsStatesApart() {
        return false;
    }

    /**
     * As {@link #list(MailFolder, String, int, FolderState)}, with the same items, order and cursors, but only each
     * item's id, order, kind, size, state and (where the target keeps stamps) stamp need be read: its Message-ID, header
     * digest, subject and both dates may be null. By default the full listing.
     */
    default Page<ItemRef> listStates(MailFolder folder, String cursor, int limit, FolderState known)
            throws MailboxException {
        return list(folder, cursor, limit, known);
    }

    /** As {@link #listWhole}, with the items of {@link #listStates}. By default the full listings. */
    default List<Page<ItemRef>> listWholeStates(List<MailFolder> folders, int limit, List<FolderState> known)
            throws MailboxException {
        return listWhole(folders, limit, known);
    }

    /**
     * How long one exchange with the server takes when it has nothing to do (IMAP: a NOOP), in nanoseconds; -1 when the
     * connector cannot tell. The engine takes larger batches over a slow link by it; the server's own work must not
     * count, so no folder's data is read.
     */
    default long roundTrip() throws MailboxException {
        return -1;
    }

    Capabilities capabilities();

    /**
     * What the side can do for the items of {@code folder}: the same as {@link #capabilities()} except for a side that
     * keeps different kinds of folders in different stores (a Microsoft 365 target writing mail over IMAP and
     * calendars, contacts and tasks through Graph), which answers for the store behind the folder.
     */
    default Capabilities capabilities(MailFolder folder) {
        return capabilities();
    }

    @Override
    void close();
}
