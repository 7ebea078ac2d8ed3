package io.mailferry.service.connector.graph.doubles;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * One message of the double as Exchange keeps it: parsed from the raw MIME when stored (Message-ID, subject, Date and
 * addresses are read from it, as the store promotes them to properties), its MAPI-ish state (read, follow-up flag,
 * categories, draft, last verb executed), and its MIME rebuilt the way Exchange hands it out through {@code $value}:
 * the identifying headers first in Exchange's order, Thread-Topic, Accept-Language and the X-MS-Has-Attach /
 * X-MS-TNEF-Correlator lines added — so the bytes read back are not the bytes delivered
 * (learn.microsoft.com/graph/outlook-get-mime-message; Exchange converts MIME to MAPI and back).
 */
final class DoubleMessage {
    private static final Session SESSION = Session.getInstance(new Properties());
    /** Header order of Exchange's rebuilt MIME (lower case). */
    private static final List<String> FIRST = List.of("from", "to", "cc", "subject", "thread-topic", "date",
            "message-id");

    final String id;
    String folderId;
    final byte[] raw;
    final byte[] value;
    final String internetMessageId;
    final String subject;
    final Instant sent;
    final List<InternetAddress> from;
    final List<InternetAddress> to;
    final List<InternetAddress> cc;
    final Instant received;
    final long arrival;
    boolean read;
    String flagStatus = "notFlagged";
    Set<String> categories = new LinkedHashSet<>();
    boolean draft;
    /** PR_LAST_VERB_EXECUTED: 0 none, 102 reply, 103 reply all, 104 forward. */
    int lastVerb;
    /** The change sequence of its creation or last change (what delta compares). */
    long changed;
    /** Single-value extended properties set through Graph: {@link PropertyIds#key} to {spelled id, value}. */
    final java.util.Map<String, String[]> props = new java.util.LinkedHashMap<>();
    /** Attachments of a message created as JSON: name and content type. */
    final List<String[]> attachments = new ArrayList<>();
    /** The x- headers of a message created as JSON (internetMessageHeaders), name and value. */
    final List<String[]> customHeaders = new ArrayList<>();
    /** "html" or "text" for a message created as JSON; null for one delivered as MIME. */
    String bodyType;

    DoubleMessage(String id, String folderId, byte[] raw, Instant received, long arrival) {
        this.id = id;
        this.folderId = folderId;
        this.raw = raw.clone();
        this.received = received;
        this.arrival = arrival;
        try {
            MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            String mid = m.getHeader("Message-ID", null);
            this.internetMessageId = mid == null ? null : mid.trim();
            this.subject = m.getSubject();
            this.sent = m.getSentDate() == null ? null : m.getSentDate().toInstant();
            this.from = addresses(m.getFrom());
            this.to = addresses(m.getRecipients(jakarta.mail.Message.RecipientType.TO));
            this.cc = addresses(m.getRecipients(jakarta.mail.Message.RecipientType.CC));
        } catch (MessagingException e) {
            throw new IllegalArgumentException("the double cannot parse this message", e);
        }
        this.value = rebuild(raw);
    }

    private static List<InternetAddress> addresses(Address[] a) {
        List<InternetAddress> out = new ArrayList<>();
        if (a != null) {
            Arrays.stream(a).filter(x -> x instanceof InternetAddress).forEach(x -> out.add((InternetAddress) x));
        }
        return out;
    }

    /** Exchange's rendering of the MIME: reordered and added header lines, the body as it was. */
    static byte[] rebuild(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1); // byte-transparent
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end + 2);
        String body = end < 0 ? "" : text.substring(end + 4);
        List<String> fields = new ArrayList<>();
        for (String line : head.split("\r\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
            } else {
                fields.add(line);
            }
        }
        StringBuilder out = new StringBuilder(raw.length + 200);
        String subject = null;
        for (String f : fields) {
            if (name(f).equals("subject")) {
                subject = f.substring(f.indexOf(':') + 1).trim();
            }
        }
        for (String first : FIRST) {
            if (first.equals("thread-topic")) {
                if (subject != null) {
                    out.append("Thread-Topic: ").append(subject).append("\r\n");
                }
                continue;
            }
            for (String f : fields) {
                if (name(f).equals(first)) {
                    out.append(f).append("\r\n");
                }
            }
        }
        out.append("Accept-Language: en-US\r\nContent-Language: en-US\r\nX-MS-Has-Attach:\r\nX-MS-TNEF-Correlator:\r\n");
        for (String f : fields) {
            if (!FIRST.contains(name(f))) {
                out.append(f).append("\r\n");
            }
        }
        out.append("\r\n").append(body);
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String name(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? "" : field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * The message resource (learn.microsoft.com/graph/api/resources/message), only the fields of {@code select} (all
     * when null) plus id and etag; the single-value extended properties {@code expand} names (none when null), spelt as
     * Graph spells them back ("Integer 0xe08"), and left out when the message has none of them.
     */
    ObjectNode json(GraphDouble d, Set<String> select, List<String> expand) {
        ObjectNode m = GraphDouble.JSON.createObjectNode();
        m.put("@odata.etag", "W/\"CQAAABYAAAD" + changed + "\"");
        m.put("id", id);
        m.put("createdDateTime", received.toString());
        m.put("lastModifiedDateTime", received.toString());
        m.put("changeKey", "CQAAABYAAAD" + changed);
        m.putArray("categories").addAll(categories.stream().map(m::textNode).toList());
        m.put("receivedDateTime", received.toString());
        if (sent != null) {
            m.put("sentDateTime", sent.toString());
        } else {
            m.putNull("sentDateTime");
        }
        m.put("hasAttachments", !attachments.isEmpty());
        if (internetMessageId != null) {
            m.put("internetMessageId", internetMessageId);
        } else {
            m.putNull("internetMessageId");
        }
        m.put("subject", subject == null ? "" : subject);
        m.put("importance", "normal");
        m.put("parentFolderId", folderId);
        m.put("conversationId", "AAQkAD" + Math.abs((subject == null ? "" : subject).hashCode()));
        m.put("isDeliveryReceiptRequested", false);
        m.put("isReadReceiptRequested", false);
        m.put("isRead", read);
        m.put("isDraft", draft);
        m.put("webLink", "https://outlook.office365.com/owa/?ItemID=" + id + "&viewmodel=ReadMessageItem");
        m.put("inferenceClassification", "focused");
        if (!from.isEmpty()) {
            m.set("sender", address(from.get(0)));
            m.set("from", address(from.get(0)));
        }
        list(m.putArray("toRecipients"), to);
        list(m.putArray("ccRecipients"), cc);
        m.putArray("bccRecipients");
        m.putArray("replyTo");
        m.putObject("flag").put("flagStatus", flagStatus);
        if (select != null) {
            m.retain(keep(select));
        }
        if (expand != null) {
            ArrayNode list = GraphDouble.JSON.createArrayNode();
            for (String key : expand) {
                String[] p = property(key);
                if (p != null) {
                    list.addObject().put("id", p[0]).put("value", p[1]);
                }
            }
            if (!list.isEmpty()) {
                m.set("singleValueExtendedProperties", list);
            }
        }
        return m;
    }

    /** The property {@code key} as Graph answers it ({spelled id, value}), or null when the message has none. */
    String[] property(String key) {
        if (key.equals("integer 0xe08")) {
            return new String[] {"Integer 0xe08", Long.toString(value.length)};
        }
        if (key.equals("integer 0x1081")) {
            return lastVerb == 0 ? null : new String[] {"Integer 0x1081", Integer.toString(lastVerb)};
        }
        return props.get(key);
    }

    private static List<String> keep(Set<String> select) {
        List<String> k = new ArrayList<>(select);
        k.add("id");
        k.add("@odata.etag");
        return k;
    }

    private static void list(ArrayNode a, List<InternetAddress> list) {
        list.forEach(x -> a.add(address(x)));
    }

    private static ObjectNode address(InternetAddress a) {
        ObjectNode r = GraphDouble.JSON.createObjectNode();
        r.putObject("emailAddress").put("name", a.getPersonal() != null ? a.getPersonal() : a.getAddress())
                .put("address", a.getAddress());
        return r;
    }

    byte[] valueCopy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }
}
