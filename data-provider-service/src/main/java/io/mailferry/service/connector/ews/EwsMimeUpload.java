package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.MessageContent;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.http.entity.AbstractHttpEntity;

/**
 * A message's MIME sent in a CreateItem without holding it in memory: the library writes the request with
 * {@link #placeholder()} as the item's MimeContent (48 random bytes, whose base64 text cannot occur anywhere else in the
 * request by chance), and the request's body ({@link #entity}) is that XML with the placeholder's text replaced, as it
 * goes out, by the base64 of the message read from its buffer (learn.microsoft.com/exchange/client-developer/
 * web-service-reference/mimecontent: the element's text is the base64 of the MIME). Its length is known beforehand, so
 * the body has a Content-Length; it can be sent again (a sign-in that answers the first attempt with 401).
 */
final class EwsMimeUpload {
    private final MessageContent content;
    private final byte[] placeholder = new byte[48];
    private final byte[] placeholderText;
    private boolean sent;

    EwsMimeUpload(MessageContent content) {
        this.content = content;
        ThreadLocalRandom.current().nextBytes(placeholder);
        this.placeholderText = Base64.getEncoder().encode(placeholder);
    }

    /** What the library is given as the item's MIME. */
    byte[] placeholder() {
        return placeholder.clone();
    }

    /** The body of the request whose XML is {@code xml}: the XML with the MIME in place of the placeholder. */
    AbstractHttpEntity entity(byte[] xml) throws IOException {
        // ISO-8859-1 maps each byte to one char: the index found is the byte's (the XML is small: no MIME in it)
        int at = new String(xml, StandardCharsets.ISO_8859_1)
                .indexOf(new String(placeholderText, StandardCharsets.ISO_8859_1));
        if (at < 0) {
            throw new IOException("the request holds no placeholder for the message's MIME");
        }
        sent = true;
        return new Body(xml, at);
    }

    /** True once a request's body was built with the message in place of the placeholder. */
    boolean sent() {
        return sent;
    }

    /** The base64 length of {@code n} bytes, padded. */
    static long base64Length(long n) {
        return (n + 2) / 3 * 4;
    }

    private final class Body extends AbstractHttpEntity {
        private final byte[] xml;
        private final int at;

        Body(byte[] xml, int at) {
            this.xml = xml;
            this.at = at;
            setContentType("text/xml; charset=utf-8");
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public long getContentLength() {
            return xml.length - placeholderText.length + base64Length(content.size());
        }

        @Override
        public InputStream getContent() {
            throw new UnsupportedOperationException("written with writeTo only");
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(xml, 0, at);
            OutputStream base64 = Base64.getEncoder().wrap(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush(); // the request goes on after the MIME: the connection stays open
                }
            });
            long written = content.writeTo(base64);
            base64.close(); // the last group and its padding
            if (written != content.size()) {
                throw new IOException("the buffered message is " + written + " bytes long instead of "
                        + content.size() + " (its temporary file changed)");
            }
            int after = at + placeholderText.length;
            out.write(xml, after, xml.length - after);
            out.flush();
        }

        @Override
        public boolean isStreaming() {
            return false;
        }
    }
}
