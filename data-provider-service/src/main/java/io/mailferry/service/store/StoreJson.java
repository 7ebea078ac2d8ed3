package io.mailferry.service.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Collection;

/**
 * JSON columns of the store (options, progress, reports): ISO-8601 instants, unknown fields ignored so that a row
 * written by a newer build still reads. Thread-safe.
 */
final class StoreJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StoreJson() {
    }

    static String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * {@code values} as a JSON array of strings (RFC 8259 §7: a quotation mark, a backslash and the control characters
     * escaped, everything else as it is), written without the object mapper: a pass asks the ledger for each page of
     * ids in this form ({@code json_each}), and the mapper took about 65 ms of a twenty-mailbox run's CPU writing them
     * (docs/performance.md, issue 10 part 31).
     */
    static String strings(Collection<String> values) {
        StringBuilder out = new StringBuilder(values.size() * 16 + 2).append('[');
        for (String v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"');
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        }
        return out.append(']').toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** The value of a JSON column, null for SQL NULL. */
    static <T> T read(String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored " + type.getSimpleName() + " is not readable: "
                    + e.getOriginalMessage(), e);
        }
    }
}
