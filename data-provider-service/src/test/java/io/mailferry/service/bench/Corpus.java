package io.mailferry.service.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;

/**
 * A deterministic message corpus with a realistic size mix: mostly small text mails, some with a small attachment,
 * a few large ones. The same seed gives byte-identical messages, so two runs (or the ceiling and the migration)
 * move the same bytes.
 */
public final class Corpus {
    private static final DateTimeFormatter RFC_DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final long seed;
    private final boolean odd;

    public Corpus(long seed) {
        this(seed, false);
    }

    /**
     * With {@code odd}, the corpus also has what real mailboxes hold and simple tools trip over: one message in 2,500
     * of 10–25 MB, exact duplicates (every 101st message repeats the one before it, Message-ID included), messages
     * without a Message-ID (one in 103) and raw 8-bit UTF-8 in the Subject and From headers (one in 89).
     */
    public Corpus(long seed, boolean odd) {
        this.seed = seed;
        this.odd = odd;
    }

    /** Size in bytes of the body part of message {@code i}: 70% 1–8 KB, 22% 10–80 KB, 7% 100–600 KB, 1% 1–3 MB. */
    static int bodySize(Random r) {
        int p = r.nextInt(100);
        if (p < 70) {
            return 1_000 + r.nextInt(7_000);
        }
        if (p < 92) {
            return 10_000 + r.nextInt(70_000);
        }
        if (p < 99) {
            return 100_000 + r.nextInt(500_000);
        }
        return 1_000_000 + r.nextInt(2_000_000);
    }

    /** Message {@code i} of the corpus as CRLF-terminated RFC 5322 bytes. */
    public byte[] message(int i) {
        if (odd && i > 0 && i % 101 == 50) {
            return message(i - 1);
        }
        Random r = new Random(seed * 1_000_003L + i);
        int size = bodySize(r);
        if (odd && i % 2500 == 1250) {
            size = 10_000_000 + r.nextInt(15_000_000);
        }
        Instant date = Instant.parse("2019-01-01T00:00:00Z").plusSeconds(r.nextInt(200_000_000));
        StringBuilder sb = new StringBuilder(size + 800);
        if (!(odd && i % 103 == 7)) {
            sb.append("Message-ID: <bench-").append(seed).append('-').append(i).append("@corpus.mailferry.test>\r\n");
        }
        boolean eightBit = odd && i % 89 == 3;
        sb.append("Date: ").append(RFC_DATE.format(date)).append("\r\n");
        sb.append("From: ").append(eightBit ? "Jürgen Müller " : "Sender ").append(i % 37).append(" <sender")
                .append(i % 37).append("@example.org>\r\n");
        sb.append("To: bench@example.net\r\n");
        sb.append("Subject: ").append(eightBit ? "Überweisung für März, Nachricht " : "Bench message ").append(i)
                .append(" about topic ").append(r.nextInt(1000)).append("\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        boolean attachment = size > 10_000;
        if (!attachment) {
            sb.append("Content-Type: text/plain; charset=UTF-8\r\n\r\n");
            appendText(sb, r, size);
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        sb.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n");
        sb.append("--b").append(i).append("\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n");
        appendText(sb, r, 600);
        sb.append("--b").append(i).append("\r\nContent-Type: application/octet-stream; name=\"file").append(i)
                .append(".bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        byte[] payload = new byte[size * 3 / 4];
        r.nextBytes(payload);
        String b64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(payload);
        sb.append(b64).append("\r\n--b").append(i).append("--\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** INTERNALDATE of message {@code i}. */
    public Instant internalDate(int i) {
        Random r = new Random(seed * 7_919L + i);
        return Instant.parse("2019-01-01T00:00:00Z").plusSeconds(r.nextInt(200_000_000));
    }

    private static void appendText(StringBuilder sb, Random r, int size) {
        String[] words = {"migration", "mailbox", "folder", "report", "quarterly", "meeting", "invoice", "draft",
            "schedule", "project", "update", "review", "the", "and", "of", "to", "a", "in"};
        int line = 0;
        int start = sb.length();
        while (sb.length() - start < size) {
            String w = words[r.nextInt(words.length)];
            sb.append(w).append(' ');
            line += w.length() + 1;
            if (line > 70) {
                sb.append("\r\n");
                line = 0;
            }
        }
        sb.append("\r\n");
    }
}
