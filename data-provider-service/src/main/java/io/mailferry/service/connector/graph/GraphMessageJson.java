package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import io.mailferry.service.engine.port.BufferedContent;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MessageContent;
import io.mailferry.service.engine.port.ReleasedContentException;
import io.mailferry.service.engine.port.SpoolDirectory;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedFileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The JSON of Graph's "create message" ({@code POST /users/{m}/mailFolders/{id}/messages},
 * learn.microsoft.com/graph/api/user-post-messages, and the message resource) rebuilt from a message's MIME — the
 * lossy path C of MICROSOFT.md §1.1: subject, from, sender, to, cc, bcc, reply-to, the body (HTML where the message has
 * it, else text), Message-ID, importance, the {@code x-} headers (the only custom headers Graph takes), attachments
 * inline in the request, read state, follow-up flag, categories, and set at creation the extended properties of
 * {@link GraphProperties}: message flags (so the item is no draft), delivery and submit times, the last verb and the
 * identity stamp. The MIME is parsed from a temporary file above 1 MB ({@link SharedFileInputStream}: parts are read
 * from the file, not held in memory) and attachments are Base64-encoded as they stream, so memory holds the request and
 * no more; a request that would pass Graph's 4 MB limit is refused, not sent.
 */
final class GraphMessageJson {
    /** Graph takes about 4 MB per request (MICROSOFT.md §1.7); Exchange answers 413 above it. */
    static final long REQUEST_LIMIT = 4L * 1024 * 1024;
    /** Custom headers kept per message: each new header name costs a named property of the mailbox's finite quota. */
    static final int MAX_CUSTOM_HEADERS = 30;
    private static final int MAX_HEADER_VALUE = 995;
    private static final Session SESSION = session();

    /** The request, or why this message cannot go through Graph (one plain sentence). */
    record Built(byte[] json, String refusal) {
        boolean ok() {
            return refusal == null;
        }
    }

    private GraphMessageJson() {
    }

    private static Session session() {
        Properties p = new Properties();
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.decodetext.strict", "false");
        p.setProperty("mail.mime.base64.ignoreerrors", "true");
        return Session.getInstance(p);
    }

    /** The message's create request; {@code received} null falls back to the newest Received: line, then Date:. */
    static Built build(MessageContent content, ItemState state, Instant received, String stamp) throws IOException {
        if (content.size() > REQUEST_LIMIT) {
            return tooLarge(content.size());
        }
        Path spool = null;
        InputStream in = null;
        try {
            if (content.size() > BufferedContent.DEFAULT_MEMORY_LIMIT) {
                spool = SpoolDirectory.newFile("mailferry-graph-");
                try (InputStream raw = content.open()) {
                    Files.copy(raw, spool, StandardCopyOption.REPLACE_EXISTING);
                }
                in = new SharedFileInputStream(spool.toFile());
            } else {
                in = content.open();
            }
            MimeMessage m = new MimeMessage(SESSION, in);
            CappedBuffer out = new CappedBuffer(REQUEST_LIMIT);
            try (JsonGenerator g = GraphHttp.JSON.getFactory().createGenerator(out)) {
                write(g, m, state, received, stamp);
            } catch (CappedBuffer.Full full) {
                return tooLarge(content.size());
            } catch (IOException undecodable) {
                if (ReleasedContentException.in(undecodable)) {
                    throw undecodable;
                }
                // a part whose charset or transfer encoding Java cannot decode (e.g. "unknown-8bit"): this message
                // cannot be rebuilt, the next ones can (the body comes from memory or the spool file just written)
                String charset = undecodable instanceof java.io.UnsupportedEncodingException u && u.getMessage() != null
                        ? " (unknown character set \"" + u.getMessage().strip() + "\")" : "";
                return new Built(null, "a part of the message could not be decoded to rebuild it for Microsoft Graph"
                        + charset + "; choose the IMAP write path for this connection to copy it as it is.");
            }
            return new Built(out.bytes(), null);
        } catch (MessagingException e) {
            return new Built(null, "the message could not be read as MIME to rebuild it for Microsoft Graph"
                    + why(e) + ".");
        } finally {
            if (in != null) {
                in.close();
            }
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
        }
    }

    private static Built tooLarge(long size) {
        return new Built(null, String.format(Locale.ROOT, "the message (%.1f MB) does not fit in one Microsoft Graph "
                + "request (at most 4 MB with its attachments); choose the IMAP write path for this connection to "
                + "copy it.", size / 1048576.0));
    }

    private static void write(JsonGenerator g, MimeMessage m, ItemState state, Instant received, String stamp)
            throws IOException, MessagingException {
        Parts parts = new Parts();
        parts.walk(m);
        g.writeStartObject();
        String subject = m.getSubject();
        if (subject != null) {
            g.writeStringField("subject", subject);
        }
        g.writeObjectFieldStart("body");
        g.writeStringField("contentType", parts.html != null ? "html" : "text");
        g.writeStringField("content", parts.html != null ? parts.html : parts.text != null ? parts.text : "");
        g.writeEndObject();
        List<InternetAddress> from = addresses(m, "From");
        List<InternetAddress> sender = addresses(m, "Sender");
        if (!from.isEmpty()) {
            g.writeFieldName("from");
            recipient(g, from.get(0));
        }
        if (!sender.isEmpty() || !from.isEmpty()) {
            g.writeFieldName("sender");
            recipient(g, sender.isEmpty() ? from.get(0) : sender.get(0));
        }
        recipients(g, "toRecipients", addresses(m, "To"));
        recipients(g, "ccRecipients", addresses(m, "Cc"));
        recipients(g, "bccRecipients", addresses(m, "Bcc"));
        recipients(g, "replyTo", addresses(m, "Reply-To"));
        String messageId = m.getHeader("Message-ID", null);
        if (messageId != null && messageId.contains("@")) {
            g.writeStringField("internetMessageId", messageId.trim());
        }
        g.writeStringField("importance", importance(m));
        customHeaders(g, m);
        g.writeBooleanField("isRead", state.read());
        g.writeObjectFieldStart("flag");
        g.writeStringField("flagStatus", state.flagged() ? "flagged" : "notFlagged");
        g.writeEndObject();
        g.writeArrayFieldStart("categories");
        for (String k : state.keywords()) {
            g.writeString(k);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("singleValueExtendedProperties");
        int flags = (state.read() ? GraphProperties.MSGFLAG_READ : 0)
                | (state.draft() ? GraphProperties.MSGFLAG_UNSENT : 0);
        property(g, GraphProperties.MESSAGE_FLAGS, Integer.toString(flags));
        Instant delivered = received != null ? received : newestReceived(m);
        Date sent = m.getSentDate();
        if (delivered == null && sent != null) {
            delivered = sent.toInstant();
        }
        if (delivered != null) {
            property(g, GraphProperties.DELIVERY_TIME, delivered.toString());
        }
        if (sent != null) {
            property(g, GraphProperties.SUBMIT_TIME, sent.toInstant().toString());
        }
        if (state.answered() || state.forwarded()) {
            property(g, GraphProperties.LAST_VERB, Integer.toString(GraphItems.verb(state)));
            property(g, GraphProperties.VERBS, GraphItems.verbs(state));
        }
        if (stamp != null) {
            property(g, GraphProperties.STAMP, stamp);
        }
        g.writeEndArray();
        if (!parts.attachments.isEmpty()) {
            g.writeArrayFieldStart("attachments");
            int n = 0;
            for (Part a : parts.attachments) {
                attachment(g, a, ++n);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void property(JsonGenerator g, String id, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    /** Addresses of one header, leniently: an address Graph could not take (a group, no "@") is left out. */
    private static List<InternetAddress> addresses(MimeMessage m, String header) throws MessagingException {
        List<InternetAddress> out = new ArrayList<>();
        String value = m.getHeader(header, ",");
        if (value == null) {
            return out;
        }
        try {
            for (Address a : InternetAddress.parseHeader(value, false)) {
                if (a instanceof InternetAddress ia && !ia.isGroup() && ia.getAddress() != null
                        && ia.getAddress().contains("@")) {
                    out.add(ia);
                }
            }
        } catch (AddressException e) {
            // an unreadable header: the message keeps its other fields
        }
        return out;
    }

    private static void recipient(JsonGenerator g, InternetAddress a) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("emailAddress");
        if (a.getPersonal() != null && !a.getPersonal().isBlank()) {
            g.writeStringField("name", a.getPersonal());
        }
        g.writeStringField("address", a.getAddress());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void recipients(JsonGenerator g, String field, List<InternetAddress> list) throws IOException {
        if (list.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (InternetAddress a : list) {
            recipient(g, a);
        }
        g.writeEndArray();
    }

    private static String importance(MimeMessage m) throws MessagingException {
        String imp = m.getHeader("Importance", null);
        if (imp != null) {
            String v = imp.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("high")) {
                return "high";
            }
            if (v.startsWith("low")) {
                return "low";
            }
        }
        String prio = m.getHeader("X-Priority", null);
        if (prio != null && !prio.isBlank()) {
            char c = prio.trim().charAt(0);
            if (c == '1' || c == '2') {
                return "high";
            }
            if (c == '4' || c == '5') {
                return "low";
            }
        }
        return "normal";
    }

    /** The {@code x-} headers, at most {@value #MAX_CUSTOM_HEADERS}; Exchange's own X-MS-Exchange-* it sets itself. */
    private static void customHeaders(JsonGenerator g, MimeMessage m) throws IOException, MessagingException {
        int n = 0;
        boolean open = false;
        for (Enumeration<Header> e = m.getAllHeaders(); e.hasMoreElements() && n < MAX_CUSTOM_HEADERS;) {
            Header h = e.nextElement();
            String name = h.getName().toLowerCase(Locale.ROOT);
            if (!name.startsWith("x-") || name.startsWith("x-ms-exchange-") || h.getValue() == null) {
                continue;
            }
            String value = MimeUtility.unfold(h.getValue()).trim();
            if (value.length() > MAX_HEADER_VALUE) {
                value = value.substring(0, MAX_HEADER_VALUE);
            }
            if (!open) {
                g.writeArrayFieldStart("internetMessageHeaders");
                open = true;
            }
            g.writeStartObject();
            g.writeStringField("name", h.getName());
            g.writeStringField("value", value);
            g.writeEndObject();
            n++;
        }
        if (open) {
            g.writeEndArray();
        }
    }

    /** The date of the newest (topmost) Received: line, or null. */
    static Instant newestReceived(MimeMessage m) throws MessagingException {
        String[] lines = m.getHeader("Received");
        if (lines == null || lines.length == 0) {
            return null;
        }
        String line = MimeUtility.unfold(lines[0]);
        int semi = line.lastIndexOf(';');
        if (semi < 0) {
            return null;
        }
        try {
            return new MailDateFormat().parse(line.substring(semi + 1).trim()).toInstant();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** One fileAttachment (learn.microsoft.com/graph/api/resources/fileattachment), its bytes Base64 as they stream. */
    private static void attachment(JsonGenerator g, Part a, int n) throws IOException, MessagingException {
        String type = a.getContentType() == null ? "application/octet-stream"
                : a.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        String name = fileName(a);
        if (name == null) {
            name = a.isMimeType("message/rfc822") ? "message-" + n + ".eml"
                    : a.isMimeType("text/html") ? "part-" + n + ".html"
                    : a.isMimeType("text/*") ? "part-" + n + ".txt" : "attachment-" + n;
        }
        String[] cid = a.getHeader("Content-ID");
        boolean inline = cid != null && cid.length > 0 && !Part.ATTACHMENT.equalsIgnoreCase(a.getDisposition());
        g.writeStartObject();
        g.writeStringField("@odata.type", "#microsoft.graph.fileAttachment");
        g.writeStringField("name", name);
        g.writeStringField("contentType", type);
        g.writeBooleanField("isInline", inline);
        if (inline) {
            g.writeStringField("contentId", cid[0].trim().replaceAll("^<|>$", ""));
        }
        g.writeFieldName("contentBytes");
        try (InputStream in = a.getInputStream()) {
            g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, in, -1);
        }
        g.writeEndObject();
    }

    private static String fileName(Part a) {
        try {
            String name = a.getFileName();
            return name == null ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | IOException e) {
            return null;
        }
    }

    /** The body (the first HTML, else the first text part that is no attachment) and everything else to attach. */
    private static final class Parts {
        String html;
        String text;
        final List<Part> attachments = new ArrayList<>();

        void walk(Part p) throws MessagingException, IOException {
            if (p.isMimeType("multipart/alternative") && p.getContent() instanceof Multipart mp) {
                Part best = null;
                for (int i = 0; i < mp.getCount(); i++) {
                    Part c = mp.getBodyPart(i);
                    if (best == null || c.isMimeType("text/html") || c.isMimeType("multipart/related")) {
                        best = c; // the last alternative is the richest (RFC 2046 §5.1.4)
                    }
                }
                if (best != null) {
                    walk(best);
                }
                return;
            }
            if (p.isMimeType("multipart/*") && p.getContent() instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    walk(mp.getBodyPart(i));
                }
                return;
            }
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || fileName(p) != null;
            if (!attachment && html == null && text == null && p.isMimeType("text/html")) {
                html = content(p);
            } else if (!attachment && html == null && text == null && p.isMimeType("text/plain")) {
                text = content(p);
            } else {
                attachments.add(p);
            }
        }

        private static String content(Part p) throws IOException, MessagingException {
            Object c = p.getContent();
            return c instanceof String s ? s : new String(p.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Collects the request up to {@code limit} bytes; one byte more and it gives up. */
    private static final class CappedBuffer extends OutputStream {
        static final class Full extends IOException {
            Full() {
                super("request limit reached");
            }
        }

        private final long limit;
        private byte[] buf = new byte[8192];
        private int count;

        CappedBuffer(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if ((long) count + len > limit) {
                throw new Full();
            }
            if (count + len > buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(limit, Math.max(buf.length * 2L, count + len)));
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(buf, count);
        }
    }

    /** The parser's own words when it has some, never a bare exception name ("IOException"). */
    private static String why(MessagingException e) {
        String m = e.getMessage();
        boolean words = m != null && !m.isBlank() && !m.matches("(?s)[\\w.$]*(Exception|Error)\\b.*");
        return words ? " (" + m.strip() + ")" : "";
    }
}
