package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.MessageContent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Exchange Online's IMAP server refuses or asks for, handled per item so one message never fails a folder
 * (MICROSOFT.md "Corrections", from imapsync's FAQ.Office365): messages over about 35 MB, lines over about 10,500
 * characters, the reserved top-level folder name "Files", and throttling answers that say "Request is throttled.
 * Suggested Backoff Time: N milliseconds" (imapsync's FAQ.Office365 quotes them as {@code BAD} answers; "ms" is
 * accepted too). A tenant may set a lower size limit than the default ({@code MaxReceiveSize}): its refusal, "Maximum
 * size of appendable message has been exceeded", is recognised so that no larger message is sent again.
 */
final class ExchangeOnlineRules {
    /** The largest message written: Exchange Online's default 35 MB send/receive limit. */
    static final long MAX_MESSAGE_BYTES = 35L * 1024 * 1024;
    /** Longest line (without CRLF) written; Exchange Online refuses lines from about 10,500 characters. */
    static final int MAX_LINE_CHARS = 10_000;
    /** Top-level folder names Exchange Online IMAP keeps for itself. */
    static final Set<String> RESERVED_FOLDERS = Set.of("Files");

    private static final Pattern BACKOFF =
            Pattern.compile("Suggested\\s+Backoff\\s+Time:\\s*(\\d+)\\s*(?:ms|milliseconds)\\b",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE_REFUSED =
            Pattern.compile("Maximum\\s+size\\s+of\\s+appendable\\s+message", Pattern.CASE_INSENSITIVE);

    private ExchangeOnlineRules() {
    }

    /** The plain reason Exchange Online would refuse {@code content}, or null when it may be written. */
    static String refusal(MessageContent content) {
        if (content.size() > MAX_MESSAGE_BYTES) {
            return "The message is " + content.size() + " bytes, larger than Microsoft 365 accepts over IMAP ("
                    + MAX_MESSAGE_BYTES + " bytes).";
        }
        int longest;
        try {
            longest = longestLine(content);
        } catch (IOException e) {
            return null; // the append reads it again and reports what fails
        }
        if (longest > MAX_LINE_CHARS) {
            return "The message has a line of " + longest + " characters; Microsoft 365 refuses lines longer than"
                    + " about " + MAX_LINE_CHARS + " characters over IMAP.";
        }
        return null;
    }

    /** The length of the longest line (bytes between line ends), stopping early once over the limit. */
    static int longestLine(MessageContent content) throws IOException {
        int longest = 0;
        int current = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = content.open()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n' || b == '\r') {
                        current = 0;
                    } else if (++current > longest) {
                        longest = current;
                    }
                }
                if (longest > MAX_LINE_CHARS) {
                    return longest;
                }
            }
        }
        return longest;
    }

    /** True when {@code serverWords} refuse a message for its size (the tenant's own limit). */
    static boolean sizeRefusal(String serverWords) {
        return serverWords != null && SIZE_REFUSED.matcher(serverWords).find();
    }

    /** The plain reason for a message the mailbox refused, or would refuse, for its size. */
    static String tooLargeForMailbox(long size, long refusedSize) {
        return "The message is " + size + " bytes; Microsoft 365 refused a message of " + refusedSize
                + " bytes for this mailbox as larger than its size limit allows.";
    }

    /** The wait of a "Suggested Backoff Time: N ms" answer, or null when the words carry none. */
    static Duration backoff(String serverWords) {
        Matcher m = serverWords == null ? null : BACKOFF.matcher(serverWords);
        if (m == null || !m.find()) {
            return null;
        }
        try {
            return Duration.ofMillis(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
