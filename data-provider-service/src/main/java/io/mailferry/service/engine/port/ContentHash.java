package io.mailferry.service.engine.port;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The hash of a message's bytes that the ledger keeps with a write, so that crash reconciliation recognises the
 * message among the few items that arrived after the write's mark (ADR 0038): {@code "crc:"} and 16 hex digits, the
 * CRC-32C and the CRC-32 of the bytes. Both are instructions of the processor (the JDK's intrinsics, tens of GB/s):
 * hashing every body copied with SHA-256 was a tenth of a full pass's CPU, for a hash read only after a crash. The
 * 64 bits tell apart messages that are not the same bytes with a chance of one in 2^64 per pair (and the matcher also
 * requires the order bound); they are not a defence against crafted collisions, which nothing here needs.
 *
 * <p>Ledgers written before ADR 0038 hold a hex SHA-256: {@link Computed#matches} answers for either, so a pending
 * write recorded by an older Mailferry is still recognised after an upgrade.
 */
public final class ContentHash {
    private static final String PREFIX = "crc:";

    private final CRC32C castagnoli = new CRC32C();
    private final CRC32 ieee = new CRC32();

    public void update(byte[] b, int off, int len) {
        castagnoli.update(b, off, len);
        ieee.update(b, off, len);
    }

    /** The hash of everything updated so far, as the ledger keeps it. */
    public String value() {
        return PREFIX + HexFormat.of().toHexDigits((int) castagnoli.getValue())
                + HexFormat.of().toHexDigits((int) ieee.getValue());
    }

    /** The hash of {@code length} bytes of {@code b} from {@code offset}. */
    public static String of(byte[] b, int offset, int length) {
        ContentHash h = new ContentHash();
        h.update(b, offset, length);
        return h.value();
    }

    /** The hash of all of {@code b}. */
    public static String of(byte[] b) {
        return of(b, 0, b.length);
    }

    /**
     * A stored item's bytes hashed both ways (crash reconciliation only: a candidate is compared with pending writes
     * recorded by this version or an older one), read to the stream's end.
     */
    public static Computed ofStored(InputStream in) throws IOException {
        ContentHash h = new ContentHash();
        MessageDigest sha256 = sha256();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
            h.update(buf, 0, n);
            sha256.update(buf, 0, n);
        }
        return new Computed(h.value(), HexFormat.of().formatHex(sha256.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** A stored item's hash as this version keeps it, and its hex SHA-256 as versions before ADR 0038 kept it. */
    public record Computed(String value, String legacySha256) {
        /** True when {@code recorded} (a ledger's hash, of this version or an older one) is the hash of these bytes. */
        public boolean matches(String recorded) {
            if (recorded == null) {
                return false;
            }
            return recorded.startsWith(PREFIX) ? recorded.equals(value) : recorded.equals(legacySha256);
        }
    }
}
