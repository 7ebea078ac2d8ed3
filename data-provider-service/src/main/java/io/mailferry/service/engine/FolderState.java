package io.mailferry.service.engine;

/**
 * Identity and size of a selected folder. {@code uidValidity} identifies the folder's UID space (IMAP) or a stable
 * hash of the folder id (Graph/EWS); {@code uidNext} is the UID the next appended message will get, or 0 if unknown;
 * {@code messageCount} is exact when read (the engine skips listing a folder whose count is 0).
 */
public record FolderState(long uidValidity, long uidNext, long messageCount) {
}
