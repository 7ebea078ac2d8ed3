package io.mailferry.service.connector.ews;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailferry.service.engine.port.BufferedContent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter that takes MimeContent out of a GetItem answer (the shape of Microsoft's example response,
 * learn.microsoft.com/exchange/client-developer/web-service-reference/getitem-operation-email-message, with
 * MimeContent as web-service-reference/mimecontent describes it): what the library reads and what is buffered.
 */
class EwsMimeDownloadTest {
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope"
            + " xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header><h:ServerVersionInfo MajorVersion=\"15\""
            + " xmlns:h=\"http://schemas.microsoft.com/exchange/services/2006/types\"/></s:Header><s:Body><m:GetItemResponse"
            + " xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\""
            + " xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\"><m:ResponseMessages>";
    private static final String TAIL = "</m:ResponseMessages></m:GetItemResponse></s:Body></s:Envelope>";

    private static String item(String mimeElement) {
        return "<m:GetItemResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode><m:Items>"
                + "<t:Message><t:ItemId Id=\"AAMk=\" ChangeKey=\"CQAA\"/>" + mimeElement
                + "<t:Subject>Caf\u00e9 &lt;t:MimeContent&gt;</t:Subject></t:Message></m:Items></m:GetItemResponseMessage>";
    }

    private static String mime(byte[] bytes) {
        return "<t:MimeContent CharacterSet=\"UTF-8\">" + Base64.getEncoder().encodeToString(bytes) + "</t:MimeContent>";
    }

    /** Reads the filtered answer in pieces of {@code piece} bytes, as the library's parser would. */
    private static String filtered(EwsMimeDownload download, String xml, int piece) throws IOException {
        InputStream in = download.filter(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[piece];
        for (int n; (n = in.read(buf, 0, piece)) >= 0; ) {
            assertThat(n).isPositive();
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(BufferedContent c) throws IOException {
        try (InputStream in = c.open()) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 4096, 100_000})
    void theMimeShouldBeBufferedAndTheLibraryShouldReadThePlaceholderInItsPlace(int piece) throws Exception {
        byte[] message = "Subject: Caf\u00e9\r\n\r\nBody\r\n".getBytes(StandardCharsets.UTF_8);
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            String xml = filtered(download, HEAD + item(mime(message)) + TAIL, piece);
            assertThat(xml).isEqualTo(HEAD + item("<t:MimeContent CharacterSet=\"UTF-8\">AA==</t:MimeContent>") + TAIL);
            assertThat(download.count()).isEqualTo(1);
            try (BufferedContent c = download.take(0)) {
                assertThat(bytes(c)).isEqualTo(message);
            }
        }
    }

    @Test
    void aLargeItemShouldGoToATemporaryFileWithEveryByteInPlace() throws Exception {
        byte[] message = new byte[3 * 1024 * 1024 + 2]; // a length that ends in one padding character
        new Random(7).nextBytes(message);
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            filtered(download, HEAD + item(mime(message)) + TAIL, 8192);
            try (BufferedContent c = download.take(0)) {
                assertThat(c.spooled()).isTrue();
                assertThat(c.size()).isEqualTo(message.length);
                assertThat(bytes(c)).isEqualTo(message);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void everyPaddingShouldDecode(int length) throws Exception {
        byte[] message = "abcde".substring(0, length).getBytes(StandardCharsets.US_ASCII);
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            filtered(download, HEAD + item(mime(message)) + TAIL, 3);
            try (BufferedContent c = download.take(0)) {
                assertThat(bytes(c)).isEqualTo(message);
            }
        }
    }

    @Test
    void anyPrefixAttributesWithMarkupLineBreaksAndSeveralItemsShouldBeRead() throws Exception {
        byte[] first = "first message".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "the second one, longer than the first".getBytes(StandardCharsets.US_ASCII);
        String text = Base64.getEncoder().encodeToString(second);
        String broken = text.substring(0, 8) + "&#xD;&#xA;" + text.substring(8, 20) + "\r\n  " + text.substring(20);
        String xml = HEAD + item("<MimeContent CharacterSet='a>b/'>" + Base64.getEncoder().encodeToString(first)
                + "</MimeContent>") + item("<types:MimeContent\n CharacterSet=\"UTF-8\" >" + broken
                + "</types:MimeContent>") + TAIL;
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            String seen = filtered(download, xml, 5);
            assertThat(seen).contains("<MimeContent CharacterSet='a>b/'>AA==</MimeContent>")
                    .contains("<types:MimeContent\n CharacterSet=\"UTF-8\" >AA==</types:MimeContent>");
            assertThat(download.count()).isEqualTo(2);
            assertThat(bytes(download.take(0))).isEqualTo(first);
            assertThat(bytes(download.take(1))).isEqualTo(second);
        }
    }

    @Test
    void anEmptyElementShouldGiveAnEmptyItemAndOtherNamesShouldPassUntouched() throws Exception {
        String xml = HEAD + item("<t:MimeContent CharacterSet=\"UTF-8\"/><t:MimeContentUTF8>x</t:MimeContentUTF8>"
                + "<t:XMimeContent>eQ==</t:XMimeContent>") + TAIL;
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            assertThat(filtered(download, xml, 64)).isEqualTo(xml);
            assertThat(download.count()).isEqualTo(1);
            assertThat(download.take(0).size()).isZero();
        }
    }

    @Test
    void commentsAndCdataShouldBePassedUnread() throws Exception {
        String xml = HEAD + "<!-- <t:MimeContent>ZZZZ</t:MimeContent> -->" + item("<t:Body><![CDATA[<t:MimeContent>"
                + "ZZZZ</t:MimeContent>]]></t:Body>" + mime(new byte[] {1, 2, 3})) + TAIL;
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            String seen = filtered(download, xml, 2);
            assertThat(seen).contains("<!-- <t:MimeContent>ZZZZ</t:MimeContent> -->")
                    .contains("<![CDATA[<t:MimeContent>ZZZZ</t:MimeContent>]]>");
            assertThat(download.count()).isEqualTo(1);
            assertThat(bytes(download.take(0))).containsExactly(1, 2, 3);
        }
    }

    @Test
    void textThatIsNotBase64OrAnAnswerCutShortShouldGiveNoItem() throws Exception {
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            filtered(download, HEAD + item("<t:MimeContent>QUJD*RA==</t:MimeContent>") + TAIL, 16);
            filtered(download, HEAD + item("<t:MimeContent>QUJDRA==QQ==</t:MimeContent>") + TAIL, 16);
            filtered(download, HEAD + item("<t:MimeContent>QUJDR</t:MimeContent>") + TAIL, 16);
            filtered(download, HEAD + "<m:Items><t:Message><t:MimeContent>QUJDRA", 16);
            assertThat(download.count()).isEqualTo(4);
            for (int i = 0; i < 4; i++) {
                assertThat(download.take(i)).as("item %d", i).isNull();
            }
        }
    }

    @Test
    void closingShouldKeepWhatWasTakenAndDropTheRest() throws Exception {
        byte[] message = new byte[2 * 1024 * 1024];
        EwsMimeDownload download = new EwsMimeDownload();
        filtered(download, HEAD + item(mime(message)) + TAIL, 8192);
        BufferedContent c = download.take(0);
        filtered(download, HEAD + item(mime(message)) + TAIL, 8192);
        download.close();
        assertThat(bytes(c)).hasSize(message.length); // taken: the caller's
        c.close();
        assertThat(download.count()).isZero();
    }

    @Test
    void referencesOfBase64CharactersShouldDecodeAndOthersSpoilTheItem() throws Exception {
        byte[] message = "a message with a / and + in its base64: \u00ff\u00fe".getBytes(StandardCharsets.UTF_8);
        String text = Base64.getEncoder().encodeToString(message);
        assertThat(text).contains("/");
        String referenced = text.replace("/", "&#x2F;").replace("+", "&#43;");
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            filtered(download, HEAD + item("<t:MimeContent>" + referenced + "</t:MimeContent>") + TAIL, 3);
            filtered(download, HEAD + item("<t:MimeContent>QUJD&amp;RA==</t:MimeContent>") + TAIL, 3);
            filtered(download, HEAD + item("<t:MimeContent>QUJD&#42;RA==</t:MimeContent>") + TAIL, 3);
            assertThat(bytes(download.take(0))).isEqualTo(message);
            assertThat(download.take(1)).as("a named entity").isNull();
            assertThat(download.take(2)).as("a reference to a character base64 has not").isNull();
        }
    }

    @Test
    void markupInsideTheMimeShouldSpoilTheItemAndLeaveTheRestAsItWas() throws Exception {
        String xml = HEAD + item("<t:MimeContent>QUJD<!-- a note -->RA==</t:MimeContent>") + TAIL;
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            assertThat(filtered(download, xml, 4))
                    .isEqualTo(xml.replace("QUJD<!-- a note -->", "AA==<!-- a note -->"));
            assertThat(download.count()).isEqualTo(1);
            assertThat(download.take(0)).isNull();
        }
    }

    @Test
    void cdataAndCommentsEndingInTheirOwnCharacterAndProcessingInstructionsShouldBeSkippedWhole() throws Exception {
        byte[] one = {1};
        String xml = HEAD + "<?pi <t:MimeContent>ZZZZ</t:MimeContent> ?><!-- x --->" + item("<t:Body><![CDATA[x]]]>"
                + "</t:Body>" + mime(one)) + TAIL;
        try (EwsMimeDownload download = new EwsMimeDownload()) {
            assertThat(filtered(download, xml, 1)).isEqualTo(xml.replace(Base64.getEncoder().encodeToString(one),
                    "AA=="));
            assertThat(download.count()).isEqualTo(1);
            assertThat(bytes(download.take(0))).isEqualTo(one);
        }
    }
}
