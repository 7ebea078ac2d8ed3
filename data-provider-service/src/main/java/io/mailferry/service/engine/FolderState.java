package io.mailferry.service.engine;

/**
 * Identity and size of a selected folder. {@code uidValidity} identifies the folder's UID space (IMAP) or a stable
 * hash of the folder id (Graph/EWS); {@code uidNext} is the UID the next appended message will get, or 0 if unknown;
 * {@code messageCount} is exact when read (the engine skips listing a folder whose count is 0);
 * {@code highestModSeq} is the folder's CONDSTORE HIGHESTMODSEQ (RFC 7162: grows with every change of a message's
 * flags and every arrival), 0 when the server offers no CONDSTORE or the connector does not know it.
 */
public record FolderState(long uidValidity, long uidNext, long messageCount, long highestModSeq) {
    /** A state without a mod-sequence (servers and protocols without CONDSTORE). */
    public FolderState(long uidValidity, long uidNext, long messageCount) {
        this(uidValidity, uidNext, messageCount, 0);
    }
}
