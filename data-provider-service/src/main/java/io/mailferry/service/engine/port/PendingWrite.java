package io.mailferry.service.engine.port;

/**
 * A write the ledger recorded as begun but not as finished (a crash or a dropped connection came between): what the
 * target needs to tell whether it arrived.
 *
 * @param mark     what {@link TargetMailbox#writeMark} answered before the write (IMAP: UIDVALIDITY and UIDNEXT)
 * @param contentHash the {@link ContentHash} of the bytes sent (a hex SHA-256 when an older version recorded it)
 * @param size     their size
 * @param dedupKey the item's Message-ID key ({@link ItemRef#dedupKey})
 * @param stamp    the identity stamp written with the item, null when the target takes none
 */
public record PendingWrite(String mark, String contentHash, long size, String dedupKey, String stamp) {
}
