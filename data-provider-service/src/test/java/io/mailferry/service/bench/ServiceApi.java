package io.mailferry.service.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailferry.service.api.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The bench's HTTP calls to a {@link ServiceProcess}'s API: bearer token, JSON bodies, HTTP/1.1. */
final class ServiceApi {
    private static final ObjectMapper JSON = Json.mapper();

    private final ServiceProcess service;
    private final HttpClient http;

    ServiceApi(ServiceProcess service) {
        this.service = service;
        this.http = client();
    }

    /** One call; its JSON answer (null when empty). @throws IllegalStateException on an answer other than 2xx */
    JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = send(method, path, body);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": "
                    + abbreviated(new String(r.body(), StandardCharsets.UTF_8)));
        }
        return r.body().length == 0 ? null : JSON.readTree(r.body());
    }

    /** One call, its answer as it came (any status). */
    HttpResponse<byte[]> send(String method, String path, Object body) throws IOException, InterruptedException {
        return http.send(request(method, path, body), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String method, String path, Object body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + service.token());
        if (body == null) {
            return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    }

    private static String abbreviated(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
