package io.mailferry.service.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read side of one mailbox. Implemented once per protocol; the engine sees nothing else. Not thread-safe: the engine
 * opens one instance per worker. Read-only unless {@link #delete} is called (move mode).
 */
public interface SourceMailbox extends AutoCloseable {
    /** Every folder, parents before children, including \Noselect containers (selectable = false). */
    List<MailFolder> folders() throws MailboxException;

    FolderState state(MailFolder folder) throws MailboxException;

    /**
     * Items of {@code folder} after {@code cursor} (null = from the start), in ascending UID order, at most
     * {@code limit}; never loads bodies. A connector should fetch a page in one round trip.
     */
    Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException;

    /**
     * Fetches the bodies of {@code items} (all of {@code folder}), handing each to {@code handler} in the given order.
     * Connectors batch round trips and spool large bodies to temporary files so memory stays flat.
     * A body that cannot be read is handed over with an ITEM error; a lost connection throws.
     */
    void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException;

    /**
     * The messages of {@code folder} whose mod-sequence is above {@code modSeq} (CONDSTORE {@code CHANGEDSINCE}: flags
     * changed or newly arrived), as UID → current flags, in one round trip; never loads bodies. Null when the
     * source cannot tell (no CONDSTORE); the engine then lists instead.
     */
    default Map<Long, Set<String>> changedSince(MailFolder folder, long modSeq) throws MailboxException {
        return null;
    }

    /** Permanently removes the given UIDs from the source folder (move mode, after verification only). */
    void delete(MailFolder folder, List<Long> uids) throws MailboxException;

    @Override
    void close();
}
