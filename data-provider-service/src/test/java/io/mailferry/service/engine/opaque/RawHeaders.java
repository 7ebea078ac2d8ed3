package io.mailferry.service.engine.opaque;

import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The identifying headers of a raw message, unfolded, as a store that parses what it keeps would read them. */
final class RawHeaders {
    private RawHeaders() {
    }

    static Map<String, String> of(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        Map<String, String> h = new HashMap<>();
        String name = null;
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                h.put(name, h.get(name) + " " + line.trim());
            } else if (line.indexOf(':') > 0) {
                name = line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                h.putIfAbsent(name, line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return h;
    }

    /** The listing of a stored item: id, no order, the stored size and the headers read from the stored bytes. */
    static ItemRef ref(String id, byte[] stored, ItemState state, Instant received, String stamp) {
        Map<String, String> h = of(stored);
        return new ItemRef(id, 0, ItemKind.MESSAGE, stored.length, received, state, h.get("message-id"),
                HeaderDigest.of(h.get("date"), h.get("from"), h.get("to"), h.get("cc"), h.get("subject"),
                        stored.length), h.get("subject"), date(h.get("date")), stamp);
    }

    private static Instant date(String date) {
        if (date == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
