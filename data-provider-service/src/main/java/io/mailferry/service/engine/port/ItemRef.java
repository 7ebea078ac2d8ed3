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
 * @param description  the header digest, decoded subject and Date header, possibly worked out on first use
 *                     ({@link ItemDescription}; read through {@link #headerDigest}, {@link #subject}, {@link #sentDate})
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
        ItemDescription description,
        String stamp) {

    public ItemRef {
        state = state == null ? ItemState.NONE : state;
        kind = kind == null ? ItemKind.MESSAGE : kind;
        description = description == null ? ItemDescription.NONE : description;
    }

    /** With the description's values at hand. */
    public ItemRef(String id, long order, ItemKind kind, long size, Instant received, ItemState state,
            String messageId, String headerDigest, String subject, Instant sentDate, String stamp) {
        this(id, order, kind, size, received, state, messageId, ItemDescription.of(headerDigest, subject, sentDate),
                stamp);
    }

    /** A mail message without stamp. */
    public static ItemRef message(String id, long order, long size, Instant received, ItemState state,
            String messageId, String headerDigest, String subject, Instant sentDate) {
        return new ItemRef(id, order, ItemKind.MESSAGE, size, received, state, messageId, headerDigest, subject,
                sentDate, null);
    }

    /** A mail message without stamp, described as {@code description} says (possibly on first use). */
    public static ItemRef message(String id, long order, long size, Instant received, ItemState state,
            String messageId, ItemDescription description) {
        return new ItemRef(id, order, ItemKind.MESSAGE, size, received, state, messageId, description, null);
    }

    /** Hex digest of the identifying headers ({@link HeaderDigest}), for items without Message-ID. */
    public String headerDigest() {
        return description.headerDigest();
    }

    /** Decoded Subject, for reports only (may be null). */
    public String subject() {
        return description.subject();
    }

    /** Date header, for reports and the date filter fallback (may be null). */
    public Instant sentDate() {
        return description.sentDate();
    }

    /** How a {@link #dedupKey} made of the Message-ID begins. */
    public static final String MESSAGE_ID_KEY = "mid:";

    /**
     * The key duplicates are detected by: the Message-ID, else the header digest; null for an item not
     * {@linkplain #described() described} yet.
     */
    public String dedupKey() {
        if (!described()) {
            return null;
        }
        return messageId != null && !messageId.isBlank() ? MESSAGE_ID_KEY + messageId.trim()
                : "hdr:" + headerDigest();
    }

    /**
     * False for an item listed without its header fields ({@link SourceMailbox#listUndescribed}): its Message-ID,
     * dedup key, subject and Date header are not known until its body is read.
     */
    public boolean described() {
        return description != ItemDescription.UNREAD;
    }

    /** The same item with the stamp a target read back. */
    public ItemRef withStamp(String s) {
        return new ItemRef(id, order, kind, size, received, state, messageId, description, s);
    }
}
