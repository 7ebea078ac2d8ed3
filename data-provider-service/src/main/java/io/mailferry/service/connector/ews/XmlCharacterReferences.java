package io.mailferry.service.connector.ews;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Exchange writes control characters of item fields (a subject holding U+001A, say) as XML character references such
 * as {@code &#x1A;}, which XML 1.0 forbids (www.w3.org/TR/xml/#wf-Legalchar), so the library's parser rejects the
 * whole answer, and with it every listing of the folder (github.com/OfficeDev/ews-java-api/issues/233, 156, 774).
 * This stream passes an answer through as it arrives and writes each such reference as U+FFFD's ({@code &#xFFFD;},
 * the replacement character) instead; every other byte goes through unchanged. A reference is at most 12 bytes, so
 * nothing is held back longer than that.
 */
final class XmlCharacterReferences extends FilterInputStream {
    private static final byte[] REPLACEMENT = "&#xFFFD;".getBytes(StandardCharsets.US_ASCII);
    /** "&#x" + up to 8 hex digits + ";" (or "&#" + up to 10 digits + ";"). */
    private static final int LONGEST = 12;

    private final byte[] pending = new byte[LONGEST + REPLACEMENT.length];
    private int pendingStart;
    private int pendingEnd;

    XmlCharacterReferences(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        if (pendingStart == pendingEnd && !fill()) {
            return -1;
        }
        return pending[pendingStart++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pendingStart == pendingEnd) {
                if (n > 0 && in.available() <= 0) {
                    break; // hand over what there is rather than wait for more
                }
                if (!fill()) {
                    break;
                }
            }
            int k = Math.min(len - n, pendingEnd - pendingStart);
            System.arraycopy(pending, pendingStart, b, off + n, k);
            pendingStart += k;
            n += k;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return pendingEnd - pendingStart;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads the next byte, or the next character reference whole (replaced when XML forbids it); false at the end. */
    private boolean fill() throws IOException {
        pendingStart = 0;
        pendingEnd = 0;
        int c = in.read();
        if (c < 0) {
            return false;
        }
        pending[pendingEnd++] = (byte) c;
        if (c != '&') {
            return true;
        }
        int next = in.read();
        if (next < 0) {
            return true;
        }
        pending[pendingEnd++] = (byte) next;
        if (next != '#') {
            return true;
        }
        boolean hex = false;
        long value = 0;
        int digits = 0;
        while (pendingEnd < LONGEST) {
            int d = in.read();
            if (d < 0) {
                return true;
            }
            pending[pendingEnd++] = (byte) d;
            if (d == ';') {
                if (digits > 0 && forbidden(value)) {
                    System.arraycopy(REPLACEMENT, 0, pending, 0, REPLACEMENT.length);
                    pendingEnd = REPLACEMENT.length;
                }
                return true;
            }
            if (!hex && digits == 0 && (d == 'x' || d == 'X')) {
                hex = true;
                continue;
            }
            int v = Character.digit(d, hex ? 16 : 10);
            if (v < 0) {
                return true; // not a character reference: passed on as it came
            }
            value = value * (hex ? 16 : 10) + v;
            digits++;
        }
        return true;
    }

    /** A code point XML 1.0's Char production leaves out. */
    private static boolean forbidden(long cp) {
        return cp < 0x20 ? cp != 0x9 && cp != 0xA && cp != 0xD
                : cp >= 0xD800 && cp <= 0xDFFF || cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF;
    }
}
