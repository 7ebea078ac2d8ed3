package io.mailferry.service.engine;

import java.time.Instant;
import java.util.Set;

/**
 * One message as listed, never its body.
 *
 * @param uid          IMAP UID (or a per-folder stable number for other protocols), unique within the folder's
 *                     uidValidity
 * @param size         RFC822.SIZE in bytes
 * @param internalDate received date (IMAP INTERNALDATE), preserved on the target
 * @param flags        system flags as "\\Seen", "\\Answered", "\\Flagged", "\\Draft", "\\Deleted" and keywords as
 *                     themselves ("$Forwarded", "Work"); never "\\Recent"
 * @param messageId    the Message-ID header value with its angle brackets, or null when absent
 * @param headerDigest hex digest of the identifying headers ({@link HeaderDigest}), for messages without Message-ID
 * @param subject      decoded Subject, for reports only (may be null)
 * @param sentDate     Date header, for reports and the date filter fallback (may be null)
 */
public record ItemRef(
        long uid,
        long size,
        Instant internalDate,
        Set<String> flags,
        String messageId,
        String headerDigest,
        String subject,
        Instant sentDate) {

    public ItemRef {
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    /** The key duplicates are detected by: the Message-ID, else the header digest. */
    public String dedupKey() {
        return messageId != null && !messageId.isBlank() ? "mid:" + messageId.trim() : "hdr:" + headerDigest;
    }
}
