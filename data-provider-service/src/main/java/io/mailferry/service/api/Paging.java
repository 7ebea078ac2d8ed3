package io.mailferry.service.api;

import io.mailferry.model.api.ApiProblem;
import java.util.Optional;

/**
 * {@code ?offset=&limit=} of a list that pages: offset 0-based (default 0), limit 1 to {@link #MAX_LIMIT} (default
 * {@link #DEFAULT_LIMIT}). Anything else is the client's mistake: 400 {@code invalid_parameter} with a sentence.
 */
record Paging(int offset, int limit) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** The request's paging, empty when it has neither parameter (the caller then answers the whole list). */
    static Optional<Paging> of(Request request) {
        Optional<String> offset = request.query("offset");
        Optional<String> limit = request.query("limit");
        if (offset.isEmpty() && limit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Paging(number("offset", offset.orElse("0"), 0, Integer.MAX_VALUE),
                number("limit", limit.orElse(Integer.toString(DEFAULT_LIMIT)), 1, MAX_LIMIT)));
    }

    /** {@code text} as a whole number from {@code min} to {@code max}; else 400 {@code invalid_parameter}. */
    static int number(String name, String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            value = min - 1;
        }
        if (value < min || value > max) {
            String range = max == Integer.MAX_VALUE ? "a whole number from " + min + " up"
                    : "a whole number from " + min + " to " + max;
            throw new ProblemException(ApiProblem.of(400, "invalid_parameter", "Invalid parameter",
                    name + " must be " + range + ", not \"" + printable(text) + "\"."));
        }
        return value;
    }

    private static String printable(String text) {
        String shown = text.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }
}
