package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Character references XML 1.0 forbids (www.w3.org/TR/xml/#wf-Legalchar) become U+FFFD's; nothing else changes. */
class XmlCharacterReferencesTest {
    private static String through(String xml, boolean byteByByte) throws Exception {
        InputStream in = new XmlCharacterReferences(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        if (byteByByte) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int c; (c = in.read()) >= 0; ) {
                out.write(c);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void forbiddenReferencesShouldBecomeReplacementCharacters() throws Exception {
        String in = "<t:Subject>a&#x1A;b&#26;c&#xd800;d&#x110000;</t:Subject>";
        String out = "<t:Subject>a&#xFFFD;b&#xFFFD;c&#xFFFD;d&#xFFFD;</t:Subject>";
        assertThat(through(in, false)).isEqualTo(out);
        assertThat(through(in, true)).isEqualTo(out);
    }

    @Test
    void everythingElseShouldPassUnchanged() throws Exception {
        String in = "<a b=\"&amp;&lt;\">&#9;&#xA;&#13;&#65;&#x20AC;&#x;&#zz;& #1;&#12345678901234;\u00e9 &#x1A</a>&";
        assertThat(through(in, false)).isEqualTo(in);
        assertThat(through(in, true)).isEqualTo(in);
    }

    /** An answer of several MB read in small and odd-sized pieces, references straddling the pieces. */
    @Test
    void aLongAnswerReadInPiecesShouldComeThroughWhole() throws Exception {
        StringBuilder in = new StringBuilder();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            in.append("abcdefgh&#x1A;&amp;");
            out.append("abcdefgh&#xFFFD;&amp;");
        }
        InputStream s = new XmlCharacterReferences(new ByteArrayInputStream(in.toString()
                .getBytes(StandardCharsets.US_ASCII)));
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] piece = new byte[7];
        for (int n; (n = s.read(piece, 0, piece.length)) >= 0; ) {
            got.write(piece, 0, n);
        }
        assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo(out.toString());
    }
}
