package io.mailferry.service.engine.port;

import java.util.List;

/**
 * Read side of one mailbox. Implemented once per protocol; the engine sees nothing else. Not thread-safe: the engine
 * opens one instance per worker. Read-only unless {@link #delete} is called (move mode).
 */
public interface SourceMailbox extends Mailbox {
    /**
     * Fetches the bodies of {@code items} (all of {@code folder}), handing each to {@code handler} once, not
     * necessarily in the given order (a connector may hand bodies over as its server answers). Connectors batch round
     * trips and spool large bodies to temporary files so memory stays flat. A body that cannot be read is handed over
     * with an ITEM error; a lost connection throws.
     */
    void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException;

    /**
     * As {@link #list(MailFolder, String, int, FolderState)}, with the same items, order and cursors, where reading the
     * items' Message-ID and header fields costs the server more than the bodies' own reading (IMAP: a server may have
     * to open every message's file to answer them, then again for its body): each item may come
     * {@linkplain ItemRef#described() undescribed} — and without its received date unless {@code dated} — and
     * {@link #fetch} then hands each body to the handler with its item described and dated from it. For a first pass
     * into an empty target folder, which needs neither before the bodies (ADR 0052). By default the full listing.
     */
    default Page<ItemRef> listUndescribed(MailFolder folder, String cursor, int limit, FolderState known,
            boolean dated) throws MailboxException {
        return list(folder, cursor, limit, known);
    }

    /**
     * {@code items} described and dated as {@link #list} gives them, same order: for undescribed items whose body did
     * not describe them (it could not be read, or its header section was longer than the part read first). A round
     * trip. By default the items as they are.
     */
    default List<ItemRef> describe(MailFolder folder, List<ItemRef> items) throws MailboxException {
        return items;
    }

    /**
     * What changed in {@code folder} since {@code token} (one this source gave earlier through {@link FolderState#token}
     * or {@link Page#token}): added items and items whose state changed, as full listings. {@link Changes#EXPIRED}
     * when the token is no longer valid; {@link Changes#UNKNOWN} when this source cannot tell.
     */
    default Changes changes(MailFolder folder, String token) throws MailboxException {
        return Changes.UNKNOWN;
    }

    /** Permanently removes the given items from the source folder (move mode, after verification only). */
    void delete(MailFolder folder, List<String> ids) throws MailboxException;
}
