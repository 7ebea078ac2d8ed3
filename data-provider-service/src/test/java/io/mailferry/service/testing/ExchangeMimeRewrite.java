package io.mailferry.service.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays how Exchange Online serves a stored message over IMAP (test code only, for {@link ExchangeImapProxy}): Exchange
 * keeps a message as MAPI properties and builds the MIME a FETCH returns from them, and reports an estimated
 * RFC822.SIZE unless exact sizes are switched on (Set-CASMailbox, ImapEnableExactRFC822Size "$false: use an estimated
 * message size" by default, and ImapMessagesRetrievalMimeFormat:
 * learn.microsoft.com/en-us/powershell/module/exchange/set-casmailbox). So a fetched message is not the bytes that
 * were appended: headers in Exchange's order, Message-ID folded onto its own line, Thread-Topic/Thread-Index and the
 * MIME headers added; the body is kept. One FETCH response at a time: its text lines and literals, in order.
 */
final class ExchangeMimeRewrite {
    private static final Pattern FETCH = Pattern.compile("^\\* \\d+ FETCH ", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("RFC822\\.SIZE (\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern WHOLE = Pattern.compile("BODY\\[\\] \\{(\\d+)\\}\\r?\\n$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FIELDS = Pattern.compile("BODY\\[HEADER\\.FIELDS \\([^)]*\\)\\] \\{(\\d+)\\}\\r?\\n$",
            Pattern.CASE_INSENSITIVE);
    private static final List<String> ORDER = List.of("from", "to", "cc", "subject", "date", "message-id");

    private ExchangeMimeRewrite() {
    }

    /** Exchange's estimate of a message of {@code bytes}: not the size of what a FETCH returns. */
    static long estimatedSize(long bytes) {
        return bytes + bytes / 8 + 211;
    }

    /**
     * Rewrites one response in place when it is a FETCH: even indexes are text lines (ending with a literal's
     * {@code {n}} when one follows), odd indexes the literals.
     */
    static void rewrite(List<byte[]> parts) {
        if (!FETCH.matcher(text(parts.get(0))).find()) {
            return;
        }
        for (int i = 0; i < parts.size(); i += 2) {
            Matcher m = SIZE.matcher(text(parts.get(i)));
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, "RFC822.SIZE " + estimatedSize(Long.parseLong(m.group(1))));
            }
            m.appendTail(sb);
            parts.set(i, bytes(sb.toString()));
        }
        for (int i = 1; i < parts.size(); i += 2) {
            String before = text(parts.get(i - 1));
            byte[] literal = parts.get(i);
            byte[] rebuilt;
            Matcher m;
            if ((m = WHOLE.matcher(before)).find()) {
                rebuilt = message(literal);
            } else if ((m = FIELDS.matcher(before)).find()) {
                rebuilt = bytes(headers(text(literal), false) + "\r\n");
            } else {
                continue; // partial fetches (BODY[]<n>) stay as they are
            }
            parts.set(i - 1, bytes(before.substring(0, m.start(1)) + rebuilt.length + "}\r\n"));
            parts.set(i, rebuilt);
        }
    }

    private static byte[] message(byte[] literal) {
        String all = text(literal);
        int end = all.indexOf("\r\n\r\n");
        String head = end < 0 ? all : all.substring(0, end + 2);
        String body = end < 0 ? "" : all.substring(end + 4);
        return bytes(headers(head, true) + "\r\n" + body);
    }

    /** The header block (without its closing blank line) as Exchange writes it. */
    private static String headers(String block, boolean whole) {
        List<String[]> fields = new ArrayList<>();
        for (String line : block.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && !fields.isEmpty()) {
                String[] last = fields.get(fields.size() - 1);
                last[1] = last[1] + " " + line.strip();
            } else {
                int colon = line.indexOf(':');
                fields.add(new String[] {colon < 0 ? line : line.substring(0, colon),
                        colon < 0 ? "" : line.substring(colon + 1).strip()});
            }
        }
        StringBuilder out = new StringBuilder();
        String subject = null;
        for (String name : ORDER) {
            for (String[] f : fields) {
                if (f[0].toLowerCase(Locale.ROOT).equals(name)) {
                    out.append(name.equals("message-id") ? "Message-ID:\r\n\t" + f[1] : f[0] + ": " + f[1])
                            .append("\r\n");
                    subject = name.equals("subject") ? f[1] : subject;
                }
            }
        }
        if (whole) {
            if (subject != null) {
                out.append("Thread-Topic: ").append(subject).append("\r\n");
            }
            out.append("Thread-Index: AQHYGMX5c2V0dGxlZCBieSBFeGNoYW5nZQ==\r\n");
            for (String[] f : fields) {
                if (!ORDER.contains(f[0].toLowerCase(Locale.ROOT))) {
                    out.append(f[0]).append(": ").append(f[1]).append("\r\n");
                }
            }
            if (fields.stream().noneMatch(f -> f[0].equalsIgnoreCase("Content-Type"))) {
                out.append("Content-Type: text/plain; charset=\"us-ascii\"\r\n");
            }
            if (fields.stream().noneMatch(f -> f[0].equalsIgnoreCase("MIME-Version"))) {
                out.append("MIME-Version: 1.0\r\n");
            }
        }
        return out.toString();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
