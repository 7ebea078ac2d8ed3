package io.mailferry.service.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.mailferry.model.api.ApiProblem;
import java.io.IOException;
import java.util.Map;

/**
 * What a handler answers. {@code body} is rendered by content type: {@code byte[]} and {@code String} as they are, a
 * {@link Streamed} body written as it is produced, anything else as JSON through the API's mapper; null means no body.
 */
public record Response(int status, String contentType, Object body, Map<String, String> headers) {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";

    /**
     * A JSON body written to the client while it is produced (a long list read page by page), so that it is never
     * held in memory whole. The status and headers are sent first: a failure while writing can only cut the answer
     * short, so do whatever may be refused (not found, invalid) before returning one.
     */
    @FunctionalInterface
    public interface Streamed {
        void write(JsonGenerator json) throws IOException;
    }

    public Response {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static Response ok(Object body) {
        return new Response(200, JSON, body, Map.of());
    }

    public static Response created(Object body, String location) {
        return new Response(201, JSON, body, Map.of("Location", location));
    }

    public static Response accepted(Object body) {
        return new Response(202, JSON, body, Map.of());
    }

    public static Response noContent() {
        return new Response(204, null, null, Map.of());
    }

    /** A non-JSON answer, e.g. {@code text/csv; charset=utf-8}. */
    public static Response of(int status, String contentType, Object body) {
        return new Response(status, contentType, body, Map.of());
    }

    public static Response problem(ApiProblem problem) {
        return new Response(problem.status(), PROBLEM_JSON, problem, Map.of());
    }
}
