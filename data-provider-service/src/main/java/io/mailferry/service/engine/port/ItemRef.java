package io.mailferry.service.engine.port;

import java.time.Instant;

/**
 * One item as listed, never its body.
 *
 * @param id           the connector's identity of the item within its folder: opaque, stable across passes as long
 *                     as the folder's {@link FolderState#epoch} stays the same (IMAP: UIDVALIDITY and UID; Graph: the
 *                     immutable id; EWS: the item id)
 * @param order        an order key where the protocol has one (IMAP: the UID; ascending = older first), 0 when not
 * @param kind         message, event, contact or task
 * @param size         size in bytes (IMAP RFC822.SIZE; Graph/EWS: the size the store reports)
 * @param received     received date (IMAP INTERNALDATE), preserved on the target; null when unknown
 * @param state        read, flagged, answered, forwarded, draft, keywords
 * @param messageId    the Message-ID header value with its angle brackets, or null when absent
 * @param headerDigest hex digest of the identifying headers ({@link HeaderDigest}), for items without Message-ID
 * @param subject      decoded Subject, for reports only (may be null)
 * @param sentDate     Date header, for reports and the date filter fallback (may be null)
 * @param stamp        the identity stamp the target stored with the item ({@link Capabilities#stamps}), else null
 */
public record ItemRef(
        String id,
        long order,
        ItemKind kind,
        long size,
        Instant received,
        ItemState state,
        String messageId,
        String headerDigest,
        String subject,
        Instant sentDate,
        String stamp) {

    public ItemRef {
        state = state == null ? ItemState.NONE : state;
        kind = kind == null ? ItemKind.MESSAGE : kind;
    }

    /** A mail message without stamp. */
    public static ItemRef message(String id, long order, long size, Instant received, ItemState state,
            String messageId, String headerDigest, String subject, Instant sentDate) {
        return new ItemRef(id, order, ItemKind.MESSAGE, size, received, state, messageId, headerDigest, subject,
                sentDate, null);
    }

    /** The key duplicates are detected by: the Message-ID, else the header digest. */
    public String dedupKey() {
        return messageId != null && !messageId.isBlank() ? "mid:" + messageId.trim() : "hdr:" + headerDigest;
    }

    /** The same item with the stamp a target read back. */
    public ItemRef withStamp(String s) {
        return new ItemRef(id, order, kind, size, received, state, messageId, headerDigest, subject, sentDate, s);
    }
}
