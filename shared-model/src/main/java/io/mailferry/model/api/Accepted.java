package io.mailferry.model.api;

/** Answer of a command that starts long work (HTTP 202): poll {@code location} for progress. */
public record Accepted(String message, String location) {
}
