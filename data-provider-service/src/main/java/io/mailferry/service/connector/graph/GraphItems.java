package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A Graph message as the engine sees it ({@link ItemRef}): what is asked for ({@link #QUERY}) and how it maps. State:
 * {@code isRead} is read, {@code flag.flagStatus == "flagged"} is flagged ("complete" is not), {@code isDraft} is
 * draft, categories are keywords, and PR_LAST_VERB_EXECUTED (0x1081: 102 reply, 103 reply all, 104 forward) gives
 * answered or forwarded — only one of them, as Exchange keeps the last verb only. Size is PR_MESSAGE_SIZE (0x0E08), the
 * size Exchange reports for the item.
 */
final class GraphItems {
    static final int PR_MESSAGE_SIZE = 0x0E08;
    static final int PR_LAST_VERB_EXECUTED = 0x1081;
    static final int VERB_REPLY_TO_SENDER = 102;
    static final int VERB_REPLY_TO_ALL = 103;
    static final int VERB_FORWARD = 104;

    static final String SELECT = "id,internetMessageId,subject,receivedDateTime,sentDateTime,isRead,isDraft,flag,"
            + "categories,from,toRecipients,ccRecipients";
    static final String EXPAND = "singleValueExtendedProperties($filter=id eq 'Integer 0x0E08' or id eq 'Integer 0x1081')";
    /** The query of every listing and item read: the fields above plus the two MAPI properties. */
    static final String QUERY = "$select=" + GraphHttp.query(SELECT) + "&$expand=" + GraphHttp.query(EXPAND);
    /** {@link #QUERY} with the item's folder: one read by id may have moved to another folder since it was named. */
    static final String QUERY_WITH_FOLDER = "$select=" + GraphHttp.query(SELECT + ",parentFolderId") + "&$expand="
            + GraphHttp.query(EXPAND);

    /**
     * A written item's listing also asks for our stamp and verbs (GraphProperties): the target's query. Named
     * properties are filtered by their full id.
     */
    static final String TARGET_QUERY = "$select=" + GraphHttp.query(SELECT) + "&$expand=" + GraphHttp.query(
            "singleValueExtendedProperties($filter=id eq 'Integer 0x0E08' or id eq 'Integer 0x1081' or id eq '"
                    + GraphProperties.STAMP + "' or id eq '" + GraphProperties.VERBS + "')");

    private GraphItems() {
    }

    /**
     * A written item's listing: as {@link #ref}, with the stamp it carries and answered/forwarded from our verbs
     * property too (Exchange's last verb holds only one of them; what a user did later on the target adds to it).
     */
    static ItemRef targetRef(JsonNode m) {
        ItemRef r = ref(m);
        String verbs = GraphProperties.value(m, GraphProperties.VERBS);
        if (verbs != null && !verbs.isBlank()) {
            ItemState s = r.state();
            boolean answered = s.answered() || verbs.contains("answered");
            boolean forwarded = s.forwarded() || verbs.contains("forwarded");
            r = new ItemRef(r.id(), r.order(), r.kind(), r.size(), r.received(), new ItemState(s.read(), s.flagged(),
                    answered, forwarded, s.draft(), s.deleted(), s.keywords()), r.messageId(), r.description(),
                    null);
        }
        return r.withStamp(GraphProperties.value(m, GraphProperties.STAMP));
    }

    /** PR_LAST_VERB_EXECUTED for a state: forward wins when both, as it is the later verb in most threads; 0 none. */
    static int verb(ItemState s) {
        return s.forwarded() ? VERB_FORWARD : s.answered() ? VERB_REPLY_TO_SENDER : 0;
    }

    /** Our verbs property for a state: "answered", "forwarded", both or "". */
    static String verbs(ItemState s) {
        return ((s.answered() ? "answered " : "") + (s.forwarded() ? "forwarded" : "")).trim();
    }

    /**
     * The listing of one message. The header digest is computed over what Graph gives — {@code sentDateTime} in ISO
     * form, "Name &lt;address&gt;" of from, to and cc, the decoded subject and the reported size — not over the raw
     * header lines as IMAP's is, so a Graph item's digest never equals an IMAP item's: it identifies an item among
     * Graph listings only (dedup keys of messages with a Message-ID do not depend on it).
     */
    static ItemRef ref(JsonNode m) {
        String id = m.path("id").asText();
        long size = property(m, PR_MESSAGE_SIZE, 0);
        long verb = property(m, PR_LAST_VERB_EXECUTED, 0);
        ItemState state = new ItemState(m.path("isRead").asBoolean(false),
                "flagged".equalsIgnoreCase(m.path("flag").path("flagStatus").asText("")),
                verb == VERB_REPLY_TO_SENDER || verb == VERB_REPLY_TO_ALL, verb == VERB_FORWARD,
                m.path("isDraft").asBoolean(false), false, categories(m));
        String sent = GraphHttp.text(m, "sentDateTime");
        String subject = GraphHttp.text(m, "subject");
        String messageId = GraphHttp.text(m, "internetMessageId");
        if (messageId != null && messageId.isBlank()) {
            messageId = null;
        }
        String digest = HeaderDigest.of(sent, recipient(m.path("from")), recipients(m.path("toRecipients")),
                recipients(m.path("ccRecipients")), subject, size);
        return ItemRef.message(id, 0, size, instant(GraphHttp.text(m, "receivedDateTime")), state, messageId, digest,
                subject, instant(sent));
    }

    private static Set<String> categories(JsonNode m) {
        if (m.path("categories").isEmpty()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        m.path("categories").forEach(c -> out.add(c.asText()));
        return out;
    }

    /**
     * The value of the MAPI property {@code tag} among the message's single-value extended properties, or {@code none}.
     * Graph names them in its own spelling ("Integer 0xe08"), so the tag is compared as a number.
     */
    static long property(JsonNode m, int tag, long none) {
        for (JsonNode p : m.path("singleValueExtendedProperties")) {
            String id = p.path("id").asText("");
            int x = id.toLowerCase(Locale.ROOT).lastIndexOf("0x");
            if (x < 0) {
                continue;
            }
            try {
                if (Integer.parseInt(id.substring(x + 2).trim(), 16) == tag) {
                    return Long.parseLong(p.path("value").asText().trim());
                }
            } catch (NumberFormatException e) {
                // not a number: not one of ours
            }
        }
        return none;
    }

    private static String recipient(JsonNode r) {
        JsonNode a = r.path("emailAddress");
        if (a.isMissingNode()) {
            return null;
        }
        String name = a.path("name").asText("");
        String address = a.path("address").asText("");
        return name.isEmpty() || name.equalsIgnoreCase(address) ? address : name + " <" + address + ">";
    }

    private static String recipients(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(r -> {
            String s = recipient(r);
            if (s != null) {
                out.add(s);
            }
        });
        return out.isEmpty() ? null : String.join(", ", out);
    }

    static Instant instant(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
