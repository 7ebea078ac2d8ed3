package io.mailferry.model.connection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A credential whose {@code toString()} cannot leak into a log or an exception message.
 * Serialises as its plain value: it travels in requests to the service; the only answer that carries one is the
 * parse-only {@code POST /api/v1/csv/pairs}, which hands the caller back the file it just sent.
 */
public record Secret(String value) {
    @JsonCreator
    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    @JsonValue
    public String value() {
        return value;
    }

    public boolean isBlank() {
        return value == null || value.isBlank();
    }

    /**
     * {@code text} with this secret replaced by "***": as a whole, and each of its lines of six characters or more (a
     * certificate secret holds several, and an error message may quote one of them).
     */
    public String redact(String text) {
        if (text == null || isBlank()) {
            return text;
        }
        String s = text;
        for (String line : value.split("\\r?\\n")) {
            if (line.trim().length() >= 6) {
                s = s.replace(line.trim(), "***");
            }
        }
        return s.replace(value, "***");
    }

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
