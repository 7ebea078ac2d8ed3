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
 * @param mark         for a target: what {@link TargetMailbox#writeMark} would answer now (IMAP: UIDVALIDITY and
 *                     UIDNEXT), so that {@link TargetMailbox#provenGone} can judge a listing made after this state;
 *                     null when the connector needs none
 */
public record FolderState(String epoch, String token, long messageCount, String mark) {
    /** A state without write mark (sources, and targets whose ids are never reused). */
    public FolderState(String epoch, String token, long messageCount) {
        this(epoch, token, messageCount, null);
    }
}
