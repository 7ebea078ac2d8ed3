package io.mailferry.service.api;

import com.fasterxml.jackson.databind.ObjectMapper;
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
            throw new ProblemException(ApiProblem.of(400, "malformed_request", "Malformed request",
                    "The request needs a JSON body."));
        }
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            // the parser's message may quote the body (which can hold a password): say where, not what
            throw new ProblemException(ApiProblem.of(400, "malformed_request", "Malformed request",
                    "The request body is not valid JSON for " + type.getSimpleName() + "."));
        }
    }

    /** The JSON body as {@code type}, empty when there is none (no bytes, only blanks, or {@code null}). */
    public <T> Optional<T> optionalBody(Class<T> type) {
        if (bodyText().isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(body(type));
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.putIfAbsent(key, value);
        }
        return result;
    }
}
