package io.mailferry.service.engine.port;

import io.mailferry.model.job.FolderClass;
import java.util.List;
import java.util.Set;

/** Write side of one mailbox. Not thread-safe: the engine opens one instance per worker. */
public interface TargetMailbox extends Mailbox {
    /**
     * Creates the folder at {@code path} (and missing parents) unless it exists; returns it either way. Idempotent.
     * Path segments are Unicode; the connector encodes them and uses its own separator.
     *
     * @throws MailboxException of kind ITEM when the target refuses this folder (its name, say): only this folder's
     *                          items cannot be copied, the rest of the mailbox goes on
     */
    MailFolder ensureFolder(List<String> path) throws MailboxException;

    /**
     * The mail folders the engine is about to {@link #ensureFolder ensure}, one after the other: a connector whose
     * protocol allows it may create the missing ones now, all in one round trip, so that ensuring each takes none. A
     * hint only: what it could not create is not reported here (ensuring that folder reports it), and the default does
     * nothing.
     */
    default void prepareFolders(List<List<String>> paths) throws MailboxException {
    }

    /**
     * True when {@link #write} sends a whole batch to {@code folder} in one exchange (IMAP: pipelined APPENDs or
     * MULTIAPPEND), so that a larger batch saves round trips; false (the default) when each item is a request of its
     * own, where the engine keeps batches small so that progress moves and a crash leaves few writes to reconcile.
     */
    default boolean writesBatchesAtOnce(MailFolder folder) {
        return false;
    }

    /**
     * As {@link #ensureFolder(List)} for a folder of {@code folderClass} (a calendar, a contacts folder, a task list,
     * or mail). The engine asks only for classes whose {@link ItemKind} the target holds ({@link Capabilities#kinds});
     * targets holding mail only need not override it.
     */
    default MailFolder ensureFolder(List<String> path, FolderClass folderClass) throws MailboxException {
        if (folderClass != null && folderClass != FolderClass.MAIL) {
            throw new MailboxException(MailboxException.Kind.ITEM, "The target cannot hold "
                    + ItemKind.of(folderClass).plural() + ".");
        }
        return ensureFolder(path);
    }

    /**
     * What the target needs later to tell which of the items written next arrived (IMAP: UIDVALIDITY and UIDNEXT).
     * The engine records it with its PENDING rows before the write; opaque to the engine, null when the target
     * needs none (it finds items by their stamp).
     */
    String writeMark(MailFolder folder) throws MailboxException;

    /**
     * Writes the items in order (IMAP: MULTIAPPEND / LITERAL+ where offered), one result per request in the same order.
     * An item the target refuses gets a rejected result and does not fail the others; a lost connection throws. Items
     * land as received or sent mail, never as drafts unless their state says draft.
     */
    List<WriteResult> write(MailFolder folder, List<WriteRequest> items) throws MailboxException;

    /**
     * Crash reconciliation: which of {@code pending} (writes begun but not recorded as finished) are in {@code folder}.
     * Returns, per pending write in the same order, the target id of the item that is that write, or null when it did
     * not arrive. Items in {@code own} (ids the ledger already holds as copies) are never answered; each target item
     * answers one pending write at most (two identical messages need two items). IMAP looks at the items at or above
     * the recorded UIDNEXT and compares content hashes; targets with stamps look the stamp up.
     */
    List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own) throws MailboxException;

    /**
     * Gives the items {@code ids} exactly {@code state} (keywords the target cannot hold are dropped). Connectors send
     * as few commands as they can; ids no longer in the folder are ignored. Idempotent.
     */
    void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException;

    /**
     * The name under which this target keeps {@code keyword} and lists it back, or null when it keeps no such keyword.
     * States are compared in these names, so a keyword the target drops or renames causes no update on every pass.
     * By default as {@link Capabilities#keptAs} says: as it is, where the target allows it.
     */
    default String keptAs(String keyword) {
        return capabilities().keptAs(keyword);
    }

    /**
     * The part of {@code state} this target can hold. What it cannot hold (e.g. "deleted" through Microsoft Graph) is
     * never compared, so it causes no update on every pass. By default all of it.
     */
    default ItemState held(ItemState state) {
        return state;
    }

    /** Permanently removes the given items (duplicate policy OVERWRITE). */
    void delete(MailFolder folder, List<String> ids) throws MailboxException;

    /**
     * True when a full listing of a folder, read after a state whose {@link FolderState#mark} was {@code mark}, that
     * does not hold {@code id} proves the item was removed from the folder (IMAP: the same UIDVALIDITY and a UID below
     * that UIDNEXT — UIDs are never reused; Graph/EWS: ids are never reused). False when absence proves nothing
     * (another id space).
     */
    boolean provenGone(String mark, String id);
}
