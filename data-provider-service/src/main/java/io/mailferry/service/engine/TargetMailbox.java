package io.mailferry.service.engine;

import java.util.List;
import java.util.Set;

/** Write side of one mailbox. Not thread-safe: the engine opens one instance per worker. */
public interface TargetMailbox extends AutoCloseable {
    /** Every folder, parents before children, with the target's own special-use types. */
    List<MailFolder> folders() throws MailboxException;

    /**
     * Creates the folder at {@code path} (and missing parents) unless it exists; returns it either way. Idempotent.
     * Path segments are Unicode; the connector encodes them and uses its own separator.
     */
    MailFolder ensureFolder(List<String> path) throws MailboxException;

    FolderState state(MailFolder folder) throws MailboxException;

    /** Same contract as {@link SourceMailbox#list}: used for duplicate detection, reconciliation and verification. */
    Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException;

    /** Items with UID at or above {@code minUid}, ascending (crash reconciliation looks only at these). */
    List<ItemRef> listFrom(MailFolder folder, long minUid) throws MailboxException;

    /**
     * Appends the messages in order (MULTIAPPEND / LITERAL+ where offered), one result per request in the same order.
     * A message the target refuses gets a rejected result and does not fail the others; a lost connection throws.
     */
    List<AppendResult> append(MailFolder folder, List<AppendRequest> messages) throws MailboxException;

    /** Lowercase hex SHA-256 of the stored message's raw bytes (crash reconciliation and verification on request). */
    String sha256(MailFolder folder, long uid) throws MailboxException;

    /**
     * Replaces the flags and keywords of the messages {@code uids} with exactly {@code flags} (same spelling as
     * {@link ItemRef#flags}; empty = none). "\\Recent" is never set. Keywords the target cannot hold are dropped.
     * Connectors send as few commands as they can (IMAP: {@code UID STORE <uid set> FLAGS.SILENT (...)}).
     * UIDs no longer in the folder are ignored. Idempotent.
     */
    void setFlags(MailFolder folder, Set<String> flags, List<Long> uids) throws MailboxException;

    /** Permanently removes the given UIDs (duplicate policy OVERWRITE). */
    void delete(MailFolder folder, List<Long> uids) throws MailboxException;

    /**
     * Whether two folder names differing only by case are two folders on this target. IMAP servers such as Dovecot
     * say yes, Exchange and Microsoft 365 say no. The default (no) is the safe answer: the folder mapper then keeps
     * such source folders apart by suffixing " (2)" rather than merging them.
     */
    default boolean folderNamesCaseSensitive() {
        return false;
    }

    @Override
    void close();
}
