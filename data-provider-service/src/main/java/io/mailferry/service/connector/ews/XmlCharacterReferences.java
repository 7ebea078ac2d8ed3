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
    /** The longest reference looked at: "&#x" and up to 8 hex digits and ";" (or "&#", 9 digits and ";"). */
    private static final int LONGEST = 12;

    private final byte[] pending = new byte[LONGEST + REPLACEMENT.length];
    private int pendingStart;
    private int pendingEnd;
    /** What was read from the answer and not handed on yet. */
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;

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
            if (pendingStart < pendingEnd) {
                int k = Math.min(len - n, pendingEnd - pendingStart);
                System.arraycopy(pending, pendingStart, b, off + n, k);
                pendingStart += k;
                n += k;
                continue;
            }
            if (pos == limit) {
                if (n > 0) {
                    break; // hand over what there is rather than wait for more
                }
                if (!refill()) {
                    return -1;
                }
            }
            // the run up to the next '&' goes through as it is, in one copy
            int run = 0;
            int max = Math.min(len - n, limit - pos);
            while (run < max && buf[pos + run] != '&') {
                run++;
            }
            if (run > 0) {
                System.arraycopy(buf, pos, b, off + n, run);
                pos += run;
                n += run;
            } else if (!fill()) {
                break;
            }
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
        return pendingEnd - pendingStart + limit - pos;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private boolean refill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        while (r == 0) {
            r = in.read(buf, 0, buf.length);
        }
        pos = 0;
        limit = Math.max(0, r);
        return r > 0;
    }

    private int next() throws IOException {
        if (pos == limit && !refill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Reads the next byte, or the next character reference whole (replaced when XML forbids it); false at the end. */
    private boolean fill() throws IOException {
        pendingStart = 0;
        pendingEnd = 0;
        int c = next();
        if (c < 0) {
            return false;
        }
        pending[pendingEnd++] = (byte) c;
        if (c != '&') {
            return true;
        }
        int following = next();
        if (following < 0) {
            return true;
        }
        pending[pendingEnd++] = (byte) following;
        if (following != '#') {
            return true;
        }
        boolean hex = false;
        long value = 0;
        int digits = 0;
        while (pendingEnd < LONGEST) {
            int d = next();
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
