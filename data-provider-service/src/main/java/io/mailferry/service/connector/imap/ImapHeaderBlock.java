package io.mailferry.service.connector.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header block a listing fetches ({@code BODY[HEADER.FIELDS (...)]}), read as Jakarta Mail's
 * {@code InternetHeaders} reads it — the same lines (LF, CRLF, CR-CR-LF or a lone CR end one), the same bytes as
 * ISO-8859-1 characters, the same folding and the same values, so a header digest (a dedup key kept in the ledger)
 * does not change — without its list of placeholder headers and its byte-by-byte stream: a listing reads one block
 * per message, three listings per pass. {@code ImapHeaderBlockTest} compares both on generated blocks. It is the only
 * reader of listed headers, so the digests stay the same from pass to pass whatever Jakarta Mail's system
 * properties ({@code mail.mime.allowutf8}) say.
 */
final class ImapHeaderBlock {
    private final byte[] bytes;
    private final int end;
    private int pos;
    /** Each header line as stored (name, then the whole line with its folding). */
    private final List<String> names = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    /** Whether a byte of the lines read has its high bit set (raw 8-bit text). */
    private boolean eightBit;

    private ImapHeaderBlock(byte[] bytes, int start, int count) {
        this.bytes = bytes;
        this.pos = start;
        this.end = start + count;
    }

    /** Reads the header lines of {@code count} bytes from {@code start} (until the first empty line). */
    static ImapHeaderBlock read(byte[] bytes, int start, int count) {
        ImapHeaderBlock block = new ImapHeaderBlock(bytes, start, count);
        block.load();
        return block;
    }

    /**
     * The value of each header named {@code name} (any case), joined by {@code delimiter}; only the first when the
     * delimiter is null; null when there is none.
     */
    String header(String name, String delimiter) {
        StringBuilder joined = null;
        for (int i = 0; i < names.size(); i++) {
            if (!name.equalsIgnoreCase(names.get(i))) {
                continue;
            }
            String value = value(lines.get(i));
            if (delimiter == null) {
                return value;
            }
            if (joined == null) {
                joined = new StringBuilder(value);
            } else {
                joined.append(delimiter).append(value);
            }
        }
        return joined == null ? null : joined.toString();
    }

    /**
     * True when every byte of the block's lines is 7-bit. A server may answer a listing's header fields with 8-bit
     * text re-encoded (GreenMail does), so only a 7-bit block of a whole message is sure to read as the listing's.
     */
    boolean sevenBit() {
        return !eightBit;
    }

    /** InternetHeaders.load: continuation lines fold into the header before them; the first empty line ends. */
    private void load() {
        String prevline = null;
        StringBuilder lineBuffer = new StringBuilder();
        boolean first = true;
        String line;
        do {
            line = readLine();
            if (line != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                if (prevline != null) {
                    lineBuffer.append(prevline);
                    prevline = null;
                }
                if (first) {
                    String lt = line.trim();
                    if (!lt.isEmpty()) {
                        lineBuffer.append(lt);
                    }
                } else {
                    if (lineBuffer.length() > 0) {
                        lineBuffer.append("\r\n");
                    }
                    lineBuffer.append(line);
                }
            } else {
                if (prevline != null) {
                    addHeaderLine(prevline);
                } else if (lineBuffer.length() > 0) {
                    addHeaderLine(lineBuffer.toString());
                    lineBuffer.setLength(0);
                }
                prevline = line;
            }
            first = false;
        } while (line != null && !line.isEmpty());
    }

    /** InternetHeaders.addHeaderLine: a line starting with white space continues the last header. */
    private void addHeaderLine(String line) {
        if (line.isEmpty()) {
            return;
        }
        char c = line.charAt(0);
        if (c == ' ' || c == '\t') {
            if (!lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\r\n" + line);
            }
            return;
        }
        int colon = line.indexOf(':');
        names.add(colon < 0 ? line.trim() : line.substring(0, colon).trim());
        lines.add(line);
    }

    /** InternetHeader.getValue: what follows the colon, white space and line ends after it skipped. */
    private static String value(String line) {
        int i = line.indexOf(':');
        if (i < 0) {
            return line;
        }
        int j = i + 1;
        while (j < line.length()) {
            char c = line.charAt(j);
            if (!(c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
                break;
            }
            j++;
        }
        return line.substring(j);
    }

    /**
     * LineInputStream.readLine: a line ends at LF, CRLF or CR-CR-LF, or at a CR followed by anything else (which
     * stays for the next line); null at the end when nothing is left.
     */
    private String readLine() {
        if (pos >= end) {
            return null;
        }
        int start = pos;
        while (pos < end) {
            byte b = bytes[pos++];
            if (b < 0) {
                eightBit = true;
            }
            if (b == '\n') {
                return text(start, pos - 1);
            }
            if (b == '\r') {
                int lineEnd = pos - 1;
                int mark = pos;
                int c2 = pos < end ? bytes[pos++] : -1;
                if (c2 == '\r') {
                    c2 = pos < end ? bytes[pos++] : -1;
                }
                if (c2 != '\n') {
                    pos = mark;
                }
                return text(start, lineEnd);
            }
        }
        return text(start, end);
    }

    private String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
