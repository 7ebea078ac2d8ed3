package io.mailferry.service.connector.ews;

import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import microsoft.exchange.webservices.data.core.PropertySet;
import microsoft.exchange.webservices.data.core.enumeration.property.BasePropertySet;
import microsoft.exchange.webservices.data.core.service.item.EmailMessage;
import microsoft.exchange.webservices.data.core.service.item.Item;
import microsoft.exchange.webservices.data.core.service.schema.EmailMessageSchema;
import microsoft.exchange.webservices.data.core.service.schema.ItemSchema;
import microsoft.exchange.webservices.data.property.complex.ExtendedProperty;
import microsoft.exchange.webservices.data.property.definition.ExtendedPropertyDefinition;

/**
 * An EWS item as the engine sees it ({@link ItemRef}): what a listing asks for and how it maps. Read and draft come
 * from PidTagMessageFlags (0x0E07: 0x1 read, 0x8 unsent), flagged from PidTagFlagStatus (0x1090 = 2), answered or
 * forwarded from PidTagLastVerbExecuted (0x1081: 102/103 reply, 104 forward; Exchange keeps the last verb only),
 * keywords from the categories. The kind follows the item class (IPM.Note and other mail classes are messages,
 * IPM.Appointment events, IPM.Contact contacts, IPM.DistList contact groups, IPM.Task tasks). Size is the size
 * Exchange reports.
 */
final class EwsItems {
    /** What every listing asks for; the target's also asks for the stamp and our verbs. */
    static final PropertySet LISTING = listing(false);
    static final PropertySet TARGET_LISTING = listing(true);
    /** The MIME of one item. */
    static final PropertySet MIME = new PropertySet(BasePropertySet.IdOnly, ItemSchema.MimeContent);

    private EwsItems() {
    }

    private static PropertySet listing(boolean target) {
        PropertySet p = new PropertySet(BasePropertySet.IdOnly, ItemSchema.ItemClass, ItemSchema.Subject,
                ItemSchema.Size, ItemSchema.DateTimeReceived, ItemSchema.DateTimeSent, ItemSchema.Categories,
                EmailMessageSchema.InternetMessageId, EwsProperties.MESSAGE_FLAGS, EwsProperties.FLAG_STATUS,
                EwsProperties.LAST_VERB);
        if (target) {
            try {
                p.add(EwsProperties.STAMP);
                p.add(EwsProperties.VERBS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the listing's property set", e);
            }
        }
        return p;
    }

    /** The kind an item of {@code itemClass} is (null or unknown classes are mail: reports, meeting requests ...). */
    static ItemKind kind(String itemClass) {
        String c = itemClass == null ? "" : itemClass.toLowerCase(Locale.ROOT);
        if (c.startsWith("ipm.appointment")) {
            return ItemKind.EVENT;
        }
        if (c.startsWith("ipm.contact")) {
            return ItemKind.CONTACT;
        }
        if (c.startsWith("ipm.distlist")) {
            return ItemKind.CONTACT_GROUP;
        }
        if (c.startsWith("ipm.task") && !c.startsWith("ipm.taskrequest")) {
            return ItemKind.TASK;
        }
        return ItemKind.MESSAGE;
    }

    /**
     * The listing of one item. The header digest is computed over what EWS gives (sent time, subject, reported size),
     * so it identifies an item among EWS listings only (dedup keys of messages with a Message-ID do not depend on it).
     */
    static ItemRef ref(Item item) {
        String id = safe(() -> item.getId().getUniqueId());
        long flags = number(item, EwsProperties.MESSAGE_FLAGS);
        long verb = number(item, EwsProperties.LAST_VERB);
        boolean answered = verb == EwsProperties.VERB_REPLY_TO_SENDER || verb == EwsProperties.VERB_REPLY_TO_ALL;
        boolean forwarded = verb == EwsProperties.VERB_FORWARD;
        String verbs = text(item, EwsProperties.VERBS);
        if (verbs != null) {
            answered |= verbs.contains("answered");
            forwarded |= verbs.contains("forwarded");
        }
        Set<String> categories = new LinkedHashSet<>();
        var list = safe(item::getCategories);
        if (list != null) {
            list.forEach(categories::add);
        }
        ItemState state = new ItemState((flags & EwsProperties.MSGFLAG_READ) != 0,
                number(item, EwsProperties.FLAG_STATUS) == EwsProperties.FLAG_FLAGGED, answered, forwarded,
                (flags & EwsProperties.MSGFLAG_UNSENT) != 0, false, categories);
        Integer size = safe(item::getSize);
        long bytes = size == null ? 0 : size;
        Instant sent = instant(safe(item::getDateTimeSent));
        String subject = safe(item::getSubject);
        String messageId = item instanceof EmailMessage m ? safe(m::getInternetMessageId) : null;
        if (messageId != null && messageId.isBlank()) {
            messageId = null;
        }
        String digest = HeaderDigest.of(sent == null ? null : sent.toString(), null, null, null, subject, bytes);
        return new ItemRef(id, 0, kind(safe(item::getItemClass)), bytes, instant(safe(item::getDateTimeReceived)),
                state, messageId, digest, subject, sent, text(item, EwsProperties.STAMP));
    }

    /** PidTagLastVerbExecuted for a state: forward wins when both; 0 none. */
    static int verb(ItemState s) {
        return s.forwarded() ? EwsProperties.VERB_FORWARD : s.answered() ? EwsProperties.VERB_REPLY_TO_SENDER : 0;
    }

    /** Our verbs property for a state: "answered", "forwarded", both or "". */
    static String verbs(ItemState s) {
        return ((s.answered() ? "answered " : "") + (s.forwarded() ? "forwarded" : "")).trim();
    }

    private static Object value(Item item, ExtendedPropertyDefinition def) {
        var props = safe(item::getExtendedProperties);
        if (props == null) {
            return null;
        }
        for (ExtendedProperty p : props) {
            if (def.equals(p.getPropertyDefinition())) {
                return p.getValue();
            }
        }
        return null;
    }

    private static long number(Item item, ExtendedPropertyDefinition def) {
        Object v = value(item, def);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? 0 : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(Item item, ExtendedPropertyDefinition def) {
        Object v = value(item, def);
        return v == null ? null : v.toString();
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    /** A getter of the library that throws when the server left the property out. */
    @FunctionalInterface
    interface Getter<T> {
        T get() throws Exception;
    }

    static <T> T safe(Getter<T> g) {
        try {
            return g.get();
        } catch (Exception e) {
            return null;
        }
    }
}
