package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.BufferedContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the MIME of the items a GetItem answer carries goes instead of into the library's memory: the answer's XML
 * passes through {@link #filter}, which takes the base64 text out of every {@code MimeContent} element (any prefix,
 * learn.microsoft.com/exchange/client-developer/web-service-reference/mimecontent) and decodes it, a piece at a time,
 * into a {@link BufferedContent} (memory up to 1 MB, a temporary file beyond); the library parses the rest of the
 * answer (its response codes, faults and the other properties) with a one-byte placeholder in each {@code MimeContent}.
 * The library would hold the base64 text as one string and the decoded bytes besides: about three times the item.
 * Comments, CDATA sections and processing instructions are passed through unread; a MimeContent whose text holds
 * anything but base64, white space and character references of those (a comment, CDATA, an entity) gives no item. Closing it deletes the buffers not taken. Not thread-safe.
 */
final class EwsMimeDownload implements AutoCloseable {
    /** What the library reads in place of each item's MIME: one zero byte, base64. */
    static final byte[] PLACEHOLDER = "AA==".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ELEMENT = "MimeContent".getBytes(StandardCharsets.US_ASCII);
    private static final int[] DECODE = decodeTable();

    private final List<BufferedContent> contents = new ArrayList<>();
    private final List<Boolean> malformed = new ArrayList<>();
    private BufferedContent.Writer writer;
    private IOException spoolFailure;

    /** The answer's XML as the library should read it. */
    InputStream filter(InputStream xml) {
        return new Filter(xml);
    }

    /** How many {@code MimeContent} elements the answers read so far held. */
    int count() {
        return contents.size();
    }

    /** The {@code index}th item's MIME (the caller closes it), or null when its text was not valid base64. */
    BufferedContent take(int index) {
        BufferedContent c = contents.set(index, null);
        if (malformed.get(index) && c != null) {
            c.close();
            return null;
        }
        return c;
    }

    /** Why the MIME could not be written to its buffer (a full or unwritable temporary directory), or null. */
    IOException spoolFailure() {
        return spoolFailure;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        for (BufferedContent c : contents) {
            if (c != null) {
                c.close();
            }
        }
        contents.clear();
        malformed.clear();
    }

    private static int[] decodeTable() {
        int[] t = new int[256];
        Arrays.fill(t, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            t[alphabet.charAt(i)] = i;
        }
        return t;
    }

    /** The XML, byte by byte: markup is ASCII in UTF-8, and base64 text holds no '<'. */
    private final class Filter extends FilterInputStream {
        private static final int TEXT = 0;
        private static final int NAME = 1;
        private static final int MIME_TAG = 2;
        private static final int MIME_TEXT = 3;
        private static final int SKIP = 4;
        private static final int REFERENCE = 5;
        private static final int MIME_LT = 6;

        private final byte[] in = new byte[16 * 1024];
        private final byte[] out = new byte[2 * 16 * 1024];
        private int outStart;
        private int outEnd;
        private int state = TEXT;
        /** The tag name read so far after '<' (only as much as tells MimeContent from anything else). */
        private final byte[] name = new byte[64];
        private int nameLength;
        private byte quote;
        private byte last;
        /** What ends a comment or CDATA section being skipped, and how much of it was seen. */
        private byte[] skipUntil;
        private int skipMatched;
        /** Base64 decoding: the current group of four, its length, padding seen, and the decoded bytes not written. */
        private int group;
        private int groupLength;
        private boolean padded;
        private final byte[] decoded = new byte[12 * 1024];
        private int decodedLength;
        private boolean bad;
        private boolean eof;
        /** A character reference inside the base64 text, after its '&amp;' (bounded: anything longer is bad). */
        private final StringBuilder reference = new StringBuilder();

        Filter(InputStream xml) {
            super(xml);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (outStart == outEnd) {
                if (eof) {
                    return -1;
                }
                outStart = 0;
                outEnd = 0;
                int n = super.in.read(in, 0, in.length);
                if (n < 0) {
                    eof = true;
                    if (state == MIME_TEXT || state == REFERENCE || state == MIME_LT) {
                        // the answer ended inside the MIME: the item is incomplete
                        bad = true;
                        endMime();
                    }
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    step(in[i]);
                }
            }
            int n = Math.min(len, outEnd - outStart);
            System.arraycopy(out, outStart, b, off, n);
            outStart += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = 0;
            byte[] buf = new byte[4096];
            while (skipped < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public int available() {
            return outEnd - outStart;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void emit(byte c) {
            out[outEnd++] = c;
        }

        private void step(byte c) throws IOException {
            switch (state) {
                case TEXT -> {
                    emit(c);
                    if (c == '<') {
                        state = NAME;
                        nameLength = 0;
                    }
                }
                case NAME -> {
                    emit(c);
                    if (nameLength == 0 && c == '?') {
                        skip("?>"); // a processing instruction, to its end
                    } else if (nameLength == 0 && c == '!') {
                        name[nameLength++] = c;
                    } else if (nameLength > 0 && name[0] == '!') {
                        name[Math.min(nameLength++, name.length - 1)] = c;
                        declaration();
                    } else if (c == ':' || c == '_' || c == '-' || c == '.' || Character.isLetterOrDigit(c)
                            || (nameLength == 0 && c == '/')) {
                        name[Math.min(nameLength++, name.length - 1)] = c;
                    } else {
                        state = isMimeContent() ? MIME_TAG : TEXT;
                        quote = 0;
                        last = c;
                        if (state == MIME_TAG && c == '>') {
                            startMime(false);
                        }
                    }
                }
                case MIME_TAG -> {
                    emit(c);
                    if (quote != 0) {
                        quote = c == quote ? 0 : quote;
                    } else if (c == '"' || c == '\'') {
                        quote = c;
                    } else if (c == '>') {
                        startMime(last == '/');
                    }
                    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                        last = c;
                    }
                }
                case MIME_TEXT -> mimeText(c);
                case REFERENCE -> reference(c);
                case MIME_LT -> {
                    // the end tag ends the text; anything else inside it (a comment, CDATA) is not plain base64
                    bad |= c != '/';
                    endMime();
                    emit((byte) '<');
                    state = NAME;
                    nameLength = 0;
                    step(c);
                }
                case SKIP -> {
                    emit(c);
                    if (c == skipUntil[skipMatched]) {
                        skipMatched++;
                    } else if (!(skipMatched == 2 && c == skipUntil[0] && skipUntil[1] == skipUntil[0])) {
                        // "]]]>" and "--->" still end: the last two of the repeated character stay matched
                        skipMatched = c == skipUntil[0] ? 1 : 0;
                    }
                    if (skipMatched == skipUntil.length) {
                        state = TEXT;
                    }
                }
                default -> throw new IllegalStateException("state " + state);
            }
        }

        /** After "<!": a comment or CDATA section is skipped to its end; any other declaration to its '>'. */
        private void declaration() {
            if (nameLength == 3 && name[1] == '-' && name[2] == '-') {
                skip("-->");
            } else if (nameLength == 8 && new String(name, 1, 7, StandardCharsets.US_ASCII).equals("[CDATA[")) {
                skip("]]>");
            } else if (nameLength >= 8 || !(name[nameLength - 1] == '-' || name[nameLength - 1] == '['
                    || Character.isLetter(name[nameLength - 1]))) {
                skip(">");
            } // else: not decided yet
        }

        private void skip(String until) {
            skipUntil = until.getBytes(StandardCharsets.US_ASCII);
            skipMatched = 0;
            state = SKIP;
        }

        /** The name read is an element start named MimeContent, with or without a prefix. */
        private boolean isMimeContent() {
            if (nameLength > name.length - 1 || nameLength < ELEMENT.length || name[0] == '/' || name[0] == '?') {
                return false;
            }
            int from = nameLength - ELEMENT.length;
            if (from > 0 && name[from - 1] != ':') {
                return false;
            }
            for (int i = 0; i < ELEMENT.length; i++) {
                if (name[from + i] != ELEMENT[i]) {
                    return false;
                }
            }
            return true;
        }

        private void startMime(boolean empty) throws IOException {
            group = 0;
            groupLength = 0;
            padded = false;
            decodedLength = 0;
            bad = false;
            if (spoolFailure == null) {
                writer = BufferedContent.writer();
            }
            if (empty) {
                endMime();
                state = TEXT;
            } else {
                for (byte p : PLACEHOLDER) {
                    emit(p);
                }
                state = MIME_TEXT;
            }
        }

        private void mimeText(byte c) throws IOException {
            if (c == '<') {
                state = MIME_LT;
                return;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                return;
            }
            if (c == '&') {
                reference.setLength(0);
                state = REFERENCE;
                return;
            }
            if (c == '=') {
                padded = true;
                return;
            }
            int v = DECODE[c & 0xff];
            if (v < 0 || padded) {
                bad = true;
                return;
            }
            group = group << 6 | v;
            if (++groupLength == 4) {
                decodedByte((byte) (group >> 16));
                decodedByte((byte) (group >> 8));
                decodedByte((byte) group);
                group = 0;
                groupLength = 0;
            }
        }

        /**
         * A character reference in the base64 text ({@code &#xD;}, {@code &#43;}): white space is skipped, a base64
         * character decoded like the others; anything else (a named entity, another character) makes the item bad.
         */
        private void reference(byte c) throws IOException {
            if (c == '<') {
                bad = true;
                state = MIME_TEXT;
                mimeText(c);
                return;
            }
            if (c != ';') {
                if (reference.length() < 10) {
                    reference.append((char) c);
                } else {
                    bad = true;
                }
                return;
            }
            state = MIME_TEXT;
            String r = reference.toString();
            int code = -1;
            try {
                if (r.startsWith("#x") || r.startsWith("#X")) {
                    code = Integer.parseInt(r.substring(2), 16);
                } else if (r.startsWith("#")) {
                    code = Integer.parseInt(r.substring(1));
                }
            } catch (NumberFormatException notNumeric) {
                code = -1;
            }
            if (code == ' ' || code == '\t' || code == '\r' || code == '\n') {
                return;
            }
            if (code > 0 && code < 128 && (DECODE[code] >= 0 || code == '=')) {
                mimeText((byte) code);
                return;
            }
            bad = true;
        }

        private void decodedByte(byte b) throws IOException {
            decoded[decodedLength++] = b;
            if (decodedLength == decoded.length) {
                spool();
            }
        }

        private void spool() throws IOException {
            if (writer != null && decodedLength > 0) {
                try {
                    writer.write(decoded, 0, decodedLength);
                } catch (IOException e) {
                    spoolFailure = e;
                    writer.close();
                    writer = null;
                    throw e;
                }
            }
            decodedLength = 0;
        }

        /** The end of one item's MIME: the last group (two or three characters before the padding) and its buffer. */
        private void endMime() throws IOException {
            if (groupLength == 2) {
                decodedByte((byte) (group >> 4));
            } else if (groupLength == 3) {
                decodedByte((byte) (group >> 10));
                decodedByte((byte) (group >> 2));
            } else if (groupLength == 1) {
                bad = true;
            }
            groupLength = 0;
            spool();
            BufferedContent done = writer == null ? null : writer.finish();
            writer = null;
            contents.add(done);
            malformed.add(bad || done == null);
        }
    }
}
