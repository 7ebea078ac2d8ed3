package io.mailferry.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailferry.service.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The real java.net.http client against a running service, for API tests. */
public final class ApiClient {
    public static final ObjectMapper JSON = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** An answer: status, body text, and the body parsed as JSON (null when empty). */
    public record Answer(int status, String contentType, String body,
            java.util.Map<String, java.util.List<String>> headers) {
        /** The first value of a response header, "" when absent. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse("");
        }

        public JsonNode json() {
            try {
                return body.isEmpty() ? null : JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }

        public <T> T as(Class<T> type) {
            try {
                return JSON.readValue(body, type);
            } catch (Exception e) {
                throw new AssertionError("Not a " + type.getSimpleName() + ": " + body, e);
            }
        }
    }

    public Answer send(String method, String path, Object body) {
        return send(method, path, body, Duration.ofSeconds(10));
    }

    /** A GET that may wait up to {@code timeout} for its answer. */
    public Answer get(String path, Duration timeout) {
        return send("GET", path, null, timeout);
    }

    private Answer send(String method, String path, Object body, Duration timeout) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                byte[] bytes = body instanceof String s ? s.getBytes() : JSON.writeValueAsBytes(body);
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().map());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    public Answer get(String path) {
        return send("GET", path, null);
    }

    /** Sends {@code text} as is with {@code contentType} (CSV imports). */
    public Answer sendText(String method, String path, String contentType, String text) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", contentType)
                    .method(method, HttpRequest.BodyPublishers.ofString(text, java.nio.charset.StandardCharsets.UTF_8));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().map());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    /** The service's base URL, e.g. {@code http://127.0.0.1:52731}. */
    public URI base() {
        return base;
    }
}
