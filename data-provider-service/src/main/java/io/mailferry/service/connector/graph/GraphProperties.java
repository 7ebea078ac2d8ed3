package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The extended properties the Graph write path sets on a message when it creates it, in Graph's id format
 * (learn.microsoft.com/graph/api/resources/extended-properties-overview): MAPI properties by tag ({@code "Integer
 * 0x0E07"}) and our own as named properties under a fixed GUID ({@code "String {guid} Name MailferryStamp"}).
 * PidTagMessageFlags (0x0E07) must be given in the create call: without it Exchange files the item as an unsent draft,
 * and the flags cannot be changed later (learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxcmsg,
 * PidTagMessageFlags: "read-only for the client" after the first save).
 */
final class GraphProperties {
    /** Ours, fixed forever: the stamps of every earlier run are found under it. */
    static final String GUID = "0c9ab1a4-b2ea-4673-bb7a-611d421899c6";
    /** PidTagMessageFlags: mfRead 0x1, mfUnsent 0x8 (a draft). */
    static final String MESSAGE_FLAGS = "Integer 0x0E07";
    static final int MSGFLAG_READ = 0x1;
    static final int MSGFLAG_UNSENT = 0x8;
    /** PidTagMessageDeliveryTime: the received time clients show. */
    static final String DELIVERY_TIME = "SystemTime 0x0E06";
    /** PidTagClientSubmitTime: the sent time. */
    static final String SUBMIT_TIME = "SystemTime 0x0039";
    /** PidTagLastVerbExecuted: 102 reply, 103 reply all, 104 forward (see {@link GraphItems}). */
    static final String LAST_VERB = "Integer 0x1081";
    /** The engine's identity stamp of the source item this message is the copy of. */
    static final String STAMP = "String {" + GUID + "} Name MailferryStamp";
    /**
     * "answered", "forwarded" or both, space-separated: Exchange keeps one last verb only, so an item both answered
     * and forwarded at the source keeps both here.
     */
    static final String VERBS = "String {" + GUID + "} Name MailferryVerbs";

    private GraphProperties() {
    }

    /**
     * The {@code $filter} that finds the message carrying {@code stamp}
     * (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get, "Get resource instances using a filter").
     */
    static String stampFilter(String stamp) {
        return "singleValueExtendedProperties/Any(ep: ep/id eq '" + STAMP + "' and ep/value eq '"
                + stamp.replace("'", "''") + "')";
    }

    /** The value of the extended property {@code id} on a message as Graph returned it, or null. */
    static String value(JsonNode m, String id) {
        String want = normal(id);
        for (JsonNode p : m.path("singleValueExtendedProperties")) {
            if (normal(p.path("id").asText("")).equals(want)) {
                JsonNode v = p.get("value");
                return v == null || v.isNull() ? null : v.asText();
            }
        }
        return null;
    }

    /** Graph answers named ids in its own case and spacing: compared case- and space-insensitively. */
    private static String normal(String id) {
        return id.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
