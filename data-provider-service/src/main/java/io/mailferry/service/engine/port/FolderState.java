package io.mailferry.service.engine.port;

/**
 * What the engine needs to know of a folder before working on it.
 *
 * @param epoch        the folder's identity space: item ids are stable while it stays the same (IMAP: UIDVALIDITY;
 *                     constant where ids never get renumbered). When it changes, every item id of the folder the
 *                     ledger knows is void
 * @param token        a change token read now, before any listing: when a later pass reads the same token nothing
 *                     changed in the folder, and {@link SourceMailbox#changes} can tell what changed since (IMAP:
 *                     UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ); null when the connector has none to give here
 * @param messageCount exact number of items when read (the engine skips listing a folder whose count is 0), or -1
 *                     when unknown
 * @param bytes        the folder's size in bytes when the connector can read it cheaply with the count (IMAP: STATUS
 *                     SIZE, RFC 8438), or -1 when unknown; only used to show a byte total before the folder is listed
 * @param mark         for a target: what {@link TargetMailbox#writeMark} would answer now (IMAP: UIDVALIDITY and
 *                     UIDNEXT), so that {@link TargetMailbox#provenGone} can judge a listing made after this state;
 *                     null when the connector needs none
 */
public record FolderState(String epoch, String token, long messageCount, long bytes, String mark) {
    /** A state whose size is unknown. */
    public FolderState(String epoch, String token, long messageCount, String mark) {
        this(epoch, token, messageCount, -1, mark);
    }

    /** A state without write mark (sources, and targets whose ids are never reused), size unknown. */
    public FolderState(String epoch, String token, long messageCount) {
        this(epoch, token, messageCount, -1, null);
    }
}
