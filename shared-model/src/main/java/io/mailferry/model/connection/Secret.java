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

    @Override
    public String toString() {
        return "Secret[***]";
    }
}
