package io.mailferry.service.engine.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Header digests are kept in ledgers and compared across passes and versions: the one-pass folding must give exactly
 * what the regex-based folding of earlier versions gave, for any text.
 */
class HeaderDigestTest {
    /** The digest as earlier versions computed it. */
    private static String reference(String date, String from, String to, String cc, String subject, long size)
            throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String v : new String[] {date, from, to, cc, subject}) {
            sb.append(v == null ? "" : v.replaceAll("\\s+", " ").trim().toLowerCase(Locale.ROOT)).append('\n');
        }
        sb.append(size);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void digestShouldEqualTheRegexFoldingForAnyText() throws Exception {
        String alphabet = "aZ \t\n\u000B\f\r\u0001\u001F\u00A0\u2003\u0130\u00DFé@<>\"\\";
        Random random = new Random(7);
        for (int n = 0; n < 5_000; n++) {
            String[] v = new String[5];
            for (int i = 0; i < v.length; i++) {
                if (random.nextInt(10) == 0) {
                    continue; // null
                }
                StringBuilder sb = new StringBuilder();
                for (int k = random.nextInt(12); k > 0; k--) {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                v[i] = sb.toString();
            }
            long size = random.nextInt(100_000);
            assertThat(HeaderDigest.of(v[0], v[1], v[2], v[3], v[4], size))
                    .as(String.join("|", String.valueOf(v[0]), String.valueOf(v[1]), String.valueOf(v[2]),
                            String.valueOf(v[3]), String.valueOf(v[4])))
                    .isEqualTo(reference(v[0], v[1], v[2], v[3], v[4], size));
        }
    }

    @Test
    void digestShouldFoldWhitespaceAndCaseButNotOtherCharacters() {
        String a = HeaderDigest.of("Mon, 1 Jan 2024", " Anna  <a@x>\r\n\t", "b@x", null, "Hello   World", 42);
        String b = HeaderDigest.of("mon, 1 jan 2024", "anna <A@X>", "B@x", "", "hello world", 42);
        String c = HeaderDigest.of("mon, 1 jan 2024", "anna <A@X>", "B@x", "", "hello\u00A0world", 42);
        String d = HeaderDigest.of("mon, 1 jan 2024", "anna <A@X>", "B@x", "", "hello world", 43);

        assertThat(a).isEqualTo(b).hasSize(64);
        assertThat(c).as("a no-break space is no \\s").isNotEqualTo(b);
        assertThat(d).as("the size counts").isNotEqualTo(b);
    }
}
