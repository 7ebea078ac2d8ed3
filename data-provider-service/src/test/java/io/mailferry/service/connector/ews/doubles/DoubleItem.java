package io.mailferry.service.connector.ews.doubles;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * One item of the double as an Exchange store keeps it: an item class, MAPI properties (extended properties by tag or
 * name, their EWS type kept for rendering), categories, and first-class fields by their EWS element name ("Subject",
 * "InternetMessageId", and — for calendar, contact and task items — whatever their schema names: "Start",
 * "Location", "GivenName" ...), plus the MIME of a mail item. What EWS derives is derived here too: IsRead and IsDraft
 * from PidTagMessageFlags (0x0E07), DateTimeReceived from PidTagMessageDeliveryTime (0x0E06), DateTimeSent from
 * PidTagClientSubmitTime (0x0039), Size from the MIME. Guarded by the double's lock.
 */
public final class DoubleItem {
    private static final Session SESSION = Session.getInstance(new Properties());
    static final String FLAGS = tag(0x0E07);
    static final String DELIVERY = tag(0x0E06);
    static final String SUBMIT = tag(0x0039);

    /** An extended property's value with its EWS type ("Integer", "String", "SystemTime" ...). */
    record Ext(String type, String value, Map<String, String> uri) {
    }

    final String id;
    String changeKey;
    String folderId;
    final String itemClass;
    final byte[] mime;
    final Map<String, String> fields = new LinkedHashMap<>();
    /**
     * Nested parts and elements with attributes, as XML by element name: a calendar item's "Recurrence",
     * "RequiredAttendees" and "StartTimeZone", a contact's "PhysicalAddresses", "PhoneNumbers" and "EmailAddresses",
     * any item's "Body" (its BodyType attribute kept). Rendered back as they were stored.
     */
    final Map<String, String> parts = new LinkedHashMap<>();
    /** A calendar item's CreateItem SendMeetingInvitations: what Exchange would have mailed the attendees. */
    String invitations;
    final Map<String, Ext> extended = new LinkedHashMap<>();
    final List<String> categories = new ArrayList<>();
    long created;
    long changed;
    /** Only the read flag changed since the item's last other change (SyncFolderItems' ReadFlagChange). */
    boolean readOnlyChange;

    DoubleItem(String id, String folderId, String itemClass, byte[] mime) {
        this.id = id;
        this.folderId = folderId;
        this.itemClass = itemClass;
        this.mime = mime;
        if (mime != null) {
            try {
                MimeMessage m = new MimeMessage(SESSION, new ByteArrayInputStream(mime));
                String mid = m.getHeader("Message-ID", null);
                if (mid != null) {
                    fields.put("InternetMessageId", mid.trim());
                }
                if (m.getSubject() != null) {
                    fields.put("Subject", m.getSubject());
                }
                if (m.getSentDate() != null) {
                    put(SUBMIT, "SystemTime", Soap.time(m.getSentDate().toInstant()));
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalArgumentException("not a message", e);
            }
        }
    }

    /** The key of a MAPI property by tag, as the double keeps it. */
    static String tag(int tag) {
        return "tag:" + Integer.toHexString(tag).toLowerCase(Locale.ROOT);
    }

    /** The key of a named property. */
    static String named(String setId, String name) {
        return "name:" + setId.toLowerCase(Locale.ROOT) + ":" + name;
    }

    void put(String key, String type, String value) {
        Map<String, String> uri = new LinkedHashMap<>();
        if (key.startsWith("tag:")) {
            uri.put("PropertyTag", "0x" + key.substring(4));
        } else {
            String[] p = key.split(":", 3);
            uri.put("PropertySetId", p[1]);
            uri.put("PropertyName", p[2]);
        }
        uri.put("PropertyType", type);
        extended.put(key, new Ext(type, value, uri));
    }

    String value(String key) {
        Ext e = extended.get(key);
        return e == null ? null : e.value();
    }

    long flags() {
        String v = value(FLAGS);
        return v == null ? 0 : Long.parseLong(v.trim());
    }

    boolean read() {
        return (flags() & 0x1) != 0;
    }

    boolean draft() {
        return (flags() & 0x8) != 0;
    }

    void read(boolean read) {
        long f = flags();
        put(FLAGS, "Integer", Long.toString(read ? f | 0x1 : f & ~0x1L));
    }

    Instant received() {
        String v = value(DELIVERY);
        return v == null ? null : Instant.parse(v);
    }

    Instant sent() {
        String v = value(SUBMIT);
        return v == null ? null : Instant.parse(v);
    }

    long size() {
        return mime == null ? 256 : mime.length;
    }

    /** The element the item is rendered as: Message, CalendarItem, Contact, Task, DistributionList or Item. */
    String element() {
        String c = itemClass.toLowerCase(Locale.ROOT);
        if (c.startsWith("ipm.appointment")) {
            return "CalendarItem";
        }
        if (c.startsWith("ipm.contact")) {
            return "Contact";
        }
        if (c.startsWith("ipm.task") && !c.startsWith("ipm.taskrequest")) {
            return "Task";
        }
        if (c.startsWith("ipm.distlist")) {
            return "DistributionList"; // learn.microsoft.com/exchange/client-developer/web-service-reference/distributionlist
        }
        return c.startsWith("ipm.note") || c.startsWith("ipm.schedule") || c.startsWith("report") ? "Message"
                : "Item";
    }
}
