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
