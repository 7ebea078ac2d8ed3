package io.mailferry.service.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.mailferry.model.api.ApiProblem;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One HTTP request as a handler sees it: path parameters, query parameters and the (already read) body. */
public final class Request {
    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final String contentType;
    private final byte[] body;
    private final ObjectMapper json;

    Request(String method, String path, Map<String, String> pathParams, String rawQuery, String contentType,
            byte[] body, ObjectMapper json) {
        this.method = method;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.query = parseQuery(rawQuery);
        this.contentType = contentType;
        this.body = body;
        this.json = json;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The value of {@code {name}} in the route's template. */
    public String param(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The route has no parameter {" + name + "}");
        }
        return value;
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The query parameter {@code name} as true or false ({@code otherwise} when absent); anything else is a 400. */
    public boolean queryFlag(String name, boolean otherwise) {
        Optional<String> text = query(name);
        if (text.isEmpty()) {
            return otherwise;
        }
        return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw malformed(name + " must be true or false, not \"" + text.get() + "\".");
        };
    }

    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    public byte[] bodyBytes() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The JSON body as {@code type}; an empty or malformed body is a 400 {@code malformed_request}. */
    public <T> T body(Class<T> type) {
        if (body.length == 0) {
            throw malformed("The request needs a JSON body.");
        }
        T value;
        try {
            value = json.readValue(body, type);
        } catch (MismatchedInputException e) {
            // the parser's message may quote the body (which can hold a password): name the field and what it takes
            String field = field(e);
            throw malformed(field == null || e.getTargetType() == null ? notTheJson(type)
                    : "In the request body, " + field + " must be " + kind(e.getTargetType()) + ".");
        } catch (JsonMappingException e) {
            // well-formed JSON the model cannot take: a number out of range, null where a value is needed
            String field = field(e);
            throw malformed(field == null ? notTheJson(type) : "In the request body, " + field + " cannot be taken "
                    + "there (a number out of range, or null where a value is needed).");
        } catch (IOException e) {
            // the parser's message may quote the body (which can hold a password): say where, not what
            throw malformed("The request body is not valid JSON.");
        }
        if (value == null) {
            throw malformed("The request needs a JSON body, not null.");
        }
        return value;
    }

    private static ProblemException malformed(String sentence) {
        return new ProblemException(ApiProblem.of(400, "malformed_request", "Malformed request", sentence));
    }

    private static String notTheJson(Class<?> type) {
        return "The request body is not " + (type.isArray() ? "a list in square brackets" : "an object in braces")
                + " of the fields this request takes.";
    }

    /** The JSON path of the value Jackson refused ("options.concurrentMailboxes", "pairs[2].sourceMailbox"). */
    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number (like 4, without quotes or a fraction)";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false (without quotes)";
        }
        if (type == String.class || type == io.mailferry.model.connection.Secret.class) {
            return "text in quotes";
        }
        if (type == java.time.Instant.class) {
            return "a date and time in quotes, like \"2025-01-31T00:00:00Z\"";
        }
        if (type.isEnum()) {
            StringBuilder names = new StringBuilder();
            for (Object constant : type.getEnumConstants()) {
                names.append(names.isEmpty() ? "" : ", ").append(((Enum<?>) constant).name());
            }
            return "one of " + names;
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list in square brackets";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object in braces";
    }

    /** The JSON body as {@code type}, empty when there is none (no bytes, only blanks, or {@code null}). */
    public <T> Optional<T> optionalBody(Class<T> type) {
        String text = bodyText().strip();
        if (text.isEmpty() || text.equals("null")) {
            return Optional.empty();
        }
        return Optional.of(body(type));
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            result.putIfAbsent(key, value);
        }
        return result;
    }

    /** A percent-encoded query part, decoded; a malformed escape ("%zz") is the client's mistake, a 400. */
    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ApiProblem.of(400, "malformed_request", "Malformed request",
                    "The query string has a malformed percent-escape in \"" + part.replaceAll("\\p{Cntrl}", "?")
                            + "\"; encode '%' as %25."));
        }
    }
}
