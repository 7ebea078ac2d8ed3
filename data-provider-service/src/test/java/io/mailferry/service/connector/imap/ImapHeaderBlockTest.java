package io.mailferry.service.connector.imap;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetHeaders;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ImapHeaderBlock} must read a header block exactly as Jakarta Mail's {@code InternetHeaders} does: the values
 * feed the header digest, a dedup key the ledger keeps, so any difference would make known messages look new. Both
 * read the same generated blocks — folded and unfolded lines, every line end LineInputStream knows (LF, CRLF, lone
 * CR, CR-CR-LF, CR-CR), 8-bit bytes, repeated and odd-cased names, lines without a colon, a leading continuation
 * line, bytes after the blank line — and must agree on every header a listing reads.
 */
class ImapHeaderBlockTest {
    private static final List<String> READ = List.of("Message-ID", "Date", "Subject", "From", "To", "Cc");
    private static final String[] NAMES = {"Message-ID", "message-id", "MESSAGE-ID", "Date", "date", "From", "To",
        "Cc", "CC", "Subject", "subject", "X-Mailer", "Received", "Subject ", " Subject", "Sub ject", "To\t", ""};
    private static final String[] SEPARATORS = {": ", ":", ":\t", ":  ", ": \t ", ":\r", ""};
    private static final String[] ENDS = {"\r\n", "\r\n", "\r\n", "\n", "\r", "\r\r\n", "\r\r"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 20261204})
    void generatedBlocksShouldReadAsInternetHeadersReadsThem(long seed) throws Exception {
        Random random = new Random(seed);
        for (int n = 0; n < 4000; n++) {
            byte[] block = block(random);
            assertSame(block, 0, block.length);
            int from = random.nextInt(block.length + 1);
            assertSame(block, from, block.length - from); // a slice, as an IMAP answer's buffer hands it over
        }
    }

    @Test
    void aRealisticBlockShouldGiveItsValues() throws Exception {
        byte[] block = ("Message-ID: <a1@example.com>\r\nDate: Tue, 5 Mar 2024 10:15:00 +0100\r\n"
                + "From: \"M\u00fcller, Anna\" <anna@example.com>\r\nTo: bob@example.com,\r\n\tcarol@example.com\r\n"
                + "Cc: dave@example.com\r\nSubject: =?UTF-8?Q?Re:_Bericht_=C3=BC?=\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ImapHeaderBlock read = ImapHeaderBlock.read(block, 0, block.length);
        assertThat(read.header("message-id", null)).isEqualTo("<a1@example.com>");
        assertThat(read.header("To", ",")).isEqualTo("bob@example.com,\r\n\tcarol@example.com");
        assertThat(read.header("Subject", null)).isEqualTo("=?UTF-8?Q?Re:_Bericht_=C3=BC?=");
        assertThat(read.header("Bcc", ",")).isNull();
        assertSame(block, 0, block.length);
    }

    /**
     * Jakarta Mail 2.1.5 throws where a folded line comes before any header (its addHeaderLine looks at the last
     * header of an empty list); newer Jakarta Mail ignores that line, and so does the reader, instead of failing the
     * listing.
     */
    @Test
    void foldedLinesBeforeAnyHeaderShouldBeIgnored() {
        byte[] block = " \r\n more\r\nSubject: kept\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ImapHeaderBlock read = ImapHeaderBlock.read(block, 0, block.length);
        assertThat(read.header("Subject", null)).isEqualTo("kept");
        assertThat(read.header("more", null)).isNull();
    }

    private static void assertSame(byte[] block, int start, int count) throws Exception {
        ImapHeaderBlock actual = ImapHeaderBlock.read(block, start, count);
        InternetHeaders expected;
        try {
            expected = new InternetHeaders(new ByteArrayInputStream(block, start, count));
        } catch (IndexOutOfBoundsException libraryFailure) {
            return; // see foldedLinesBeforeAnyHeaderShouldBeIgnored
        }
        for (String name : READ) {
            for (String delimiter : new String[] {null, ","}) {
                assertThat(actual.header(name, delimiter))
                        .as("%s (delimiter %s) of %s", name, delimiter, printable(block, start, count))
                        .isEqualTo(expected.getHeader(name, delimiter));
            }
        }
    }

    private static byte[] block(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = random.nextInt(9);
        for (int i = 0; i < lines; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                write(out, pick(random, NAMES) + pick(random, SEPARATORS) + value(random));
            } else if (kind < 8) {
                write(out, (random.nextBoolean() ? " " : "\t") + (random.nextInt(4) == 0 ? "  " : value(random)));
            } else if (kind == 8) {
                write(out, value(random)); // no colon, or one inside a value
            } else {
                write(out, ""); // an empty line: the block ends here, the rest is not a header
            }
            write(out, pick(random, ENDS));
        }
        if (random.nextInt(3) > 0) {
            write(out, "\r\n");
        }
        return out.toByteArray();
    }

    private static String value(Random random) {
        StringBuilder b = new StringBuilder();
        int length = random.nextInt(14);
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(20);
            b.append(r < 12 ? (char) ('a' + random.nextInt(26)) : r < 14 ? ' ' : r < 15 ? ':' : r < 16 ? '\t'
                    : r < 18 ? (char) (0x80 + random.nextInt(0x80)) : r < 19 ? '<' : '>');
        }
        return b.toString();
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String printable(byte[] block, int start, int count) {
        return new String(block, start, count, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n")
                .replace("\t", "\\t");
    }
}
