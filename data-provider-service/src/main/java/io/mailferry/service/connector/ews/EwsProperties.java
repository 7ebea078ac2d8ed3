package io.mailferry.service.connector.ews;

import java.util.UUID;
import microsoft.exchange.webservices.data.core.enumeration.property.MapiPropertyType;
import microsoft.exchange.webservices.data.property.definition.ExtendedPropertyDefinition;

/**
 * The MAPI properties EWS reads and writes as extended properties (learn.microsoft.com/openspecs/exchange_server_protocols
 * ms-oxprops), and our own named ones. PidTagMessageFlags (0x0E07) must be set in the CreateItem that stores a message:
 * without it Exchange files it as an unsent draft, and it cannot be changed after the first save
 * (learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-import-items-by-using-ews-in-exchange).
 * The stamp and verbs are the same named properties, under the same GUID, as the Microsoft 365 write path's, so a
 * mailbox moved later keeps them in one place.
 */
final class EwsProperties {
    /** Ours, fixed forever: the stamps of every earlier run are found under it. */
    static final UUID GUID = UUID.fromString("0c9ab1a4-b2ea-4673-bb7a-611d421899c6");
    static final int MSGFLAG_READ = 0x1;
    static final int MSGFLAG_UNSENT = 0x8;
    /** PR_FLAG_STATUS: 2 flagged, 1 complete, absent or 0 none. */
    static final int FLAG_FLAGGED = 2;
    static final int VERB_REPLY_TO_SENDER = 102;
    static final int VERB_REPLY_TO_ALL = 103;
    static final int VERB_FORWARD = 104;

    static final ExtendedPropertyDefinition MESSAGE_FLAGS = tag(0x0E07, MapiPropertyType.Integer);
    static final ExtendedPropertyDefinition DELIVERY_TIME = tag(0x0E06, MapiPropertyType.SystemTime);
    static final ExtendedPropertyDefinition SUBMIT_TIME = tag(0x0039, MapiPropertyType.SystemTime);
    static final ExtendedPropertyDefinition FLAG_STATUS = tag(0x1090, MapiPropertyType.Integer);
    static final ExtendedPropertyDefinition LAST_VERB = tag(0x1081, MapiPropertyType.Integer);
    static final ExtendedPropertyDefinition STAMP = named("MailferryStamp");
    static final ExtendedPropertyDefinition VERBS = named("MailferryVerbs");

    private EwsProperties() {
    }

    private static ExtendedPropertyDefinition tag(int tag, MapiPropertyType type) {
        try {
            return new ExtendedPropertyDefinition(tag, type);
        } catch (Exception e) {
            throw new IllegalStateException("bad MAPI tag " + tag, e);
        }
    }

    private static ExtendedPropertyDefinition named(String name) {
        try {
            return new ExtendedPropertyDefinition(GUID, name, MapiPropertyType.String);
        } catch (Exception e) {
            throw new IllegalStateException("bad named property " + name, e);
        }
    }
}
