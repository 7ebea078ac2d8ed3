package io.mailferry.service.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailferry.model.api.ApiProblem;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.InstalledService;
import io.mailferry.service.ServiceMain;
import io.mailferry.service.api.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The CLI's way to a running service: base URL from {@code DATA_DIR/service.url}, token from
 * {@code DATA_DIR/api-token}, java.net.http underneath. Error answers become a {@link CliException} carrying the
 * service's own sentence: exit 2 for values the service refused as invalid (400), else 1.
 */
final class ServiceClient {
    static final int NOT_RUNNING = 3;
    static final int FAILED = 1;
    /** The service refused the values given as invalid (HTTP 400): the command line's mistake, like a bad option. */
    static final int INVALID = 2;
    /** Elements of a paged list asked for at a time (the service's largest page). */
    private static final int PAGE = 1000;

    final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String token;

    private ServiceClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A client for a service this process started itself (the demo). */
    static ServiceClient of(URI base, String token) {
        return new ServiceClient(base, token);
    }

    static ServiceClient connect(Path dataDir) {
        Path urlFile = dataDir.resolve(ServiceMain.SERVICE_URL_FILE);
        Path tokenFile = dataDir.resolve(ServiceMain.API_TOKEN_FILE);
        if (!Files.exists(urlFile)) {
            throw new CliException(NOT_RUNNING, "The Mailferry service is not running (no " + urlFile
                    + "). " + InstalledService.startHint(dataDir));
        }
        try {
            return new ServiceClient(URI.create(Files.readString(urlFile).strip()),
                    Files.readString(tokenFile).strip());
        } catch (java.nio.file.AccessDeniedException e) {
            throw new CliException(NOT_RUNNING, "Cannot read the service's address or token in " + dataDir + ": this"
                    + " user may not read " + e.getFile() + " (run as the service's user or a member of its group).");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException(NOT_RUNNING, "Cannot read the service's address or token in " + dataDir + ": "
                    + e.getFile() + " is missing. " + InstalledService.startHint(dataDir));
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(NOT_RUNNING, "Cannot read the service's address or token in " + dataDir + ": "
                    + (e instanceof IllegalArgumentException ? "the address in " + ServiceMain.SERVICE_URL_FILE
                            + " is not a URL." : "the files cannot be read."));
        }
    }

    /** Sends a request and returns the body as {@code type} (null for 204); error answers throw. */
    <T> T send(String method, String path, Object body, Class<T> type) {
        return body == null ? read(exchange(method, path, null, null), type)
                : read(exchange(method, path, "application/json", jsonBytes(body)), type);
    }

    /** Sends {@code text} with {@code contentType} (e.g. a CSV upload); the answer as {@code type}. */
    <T> T sendText(String method, String path, String contentType, String text, Class<T> type) {
        return read(exchange(method, path, contentType, text.getBytes(StandardCharsets.UTF_8)), type);
    }

    private <T> T read(byte[] answer, Class<T> type) {
        try {
            return answer == null || type == Void.class ? null : json.readValue(answer, type);
        } catch (IOException e) {
            throw new CliException(FAILED, "The Mailferry service at " + base + " answered something this command"
                    + " cannot read; are the command and the service the same version?");
        }
    }

    /** The mailboxes of a connection's directory, sorted by address; a kind without one is refused (exit 1). */
    List<DirectoryMailbox> directory(String connectionId) {
        return List.of(send("GET", "/api/v1/connections/" + ServiceCommand.segment(connectionId, "connection") + "/directory", null,
                DirectoryMailbox[].class));
    }

    /**
     * Every element of a paged list ({@code ?offset=&limit=}, its length in {@code X-Total-Count}), read a page at a
     * time; a service without paging (no such header) answers the whole list at once.
     */
    <T> List<T> all(String path, Class<T[]> type) {
        List<T> all = new java.util.ArrayList<>();
        while (true) {
            HttpResponse<byte[]> answer = response("GET", path + "?offset=" + all.size() + "&limit=" + PAGE, null,
                    null);
            T[] page = read(answer.body(), type);
            all.addAll(List.of(page));
            java.util.OptionalLong total = answer.headers().firstValueAsLong("X-Total-Count");
            if (total.isEmpty() || page.length == 0 || all.size() >= total.getAsLong()) {
                return all;
            }
        }
    }

    /** A GET whose answer is text (CSV, HTML). */
    String text(String path) {
        byte[] answer = exchange("GET", path, null, null);
        return answer == null ? "" : new String(answer, StandardCharsets.UTF_8);
    }

    private byte[] jsonBytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new CliException(FAILED, "Cannot write the request as JSON (an internal error).");
        }
    }

    /** The answer's body, null for 204; error answers throw. */
    private byte[] exchange(String method, String path, String contentType, byte[] body) {
        HttpResponse<byte[]> response = response(method, path, contentType, body);
        return response.statusCode() == 204 ? null : response.body();
    }

    /** The answer; error answers throw. */
    private HttpResponse<byte[]> response(String method, String path, String contentType, byte[] body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", contentType)
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 400) {
                throw new CliException(response.statusCode() == 400 ? INVALID : FAILED, problemText(response));
            }
            return response;
        } catch (ConnectException e) {
            throw new CliException(NOT_RUNNING, "The Mailferry service at " + base + " does not answer (it may have "
                    + "stopped without removing service.url). Start it with: mailferry serve");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new CliException(FAILED, "The Mailferry service at " + base + " did not answer in time; it may be"
                    + " overloaded or stuck. Try again, and restart it if it keeps happening.");
        } catch (IOException e) {
            // the JDK's words here are often null or a class name: say what happened instead
            throw new CliException(FAILED, "The connection to the Mailferry service at " + base + " broke off before"
                    + " it answered; check that the service still runs and try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(FAILED, "Interrupted.");
        }
    }

    private String problemText(HttpResponse<byte[]> response) {
        try {
            ApiProblem problem = json.readValue(response.body(), ApiProblem.class);
            if (problem.detail() != null) {
                return problem.detail();
            }
        } catch (IOException ignored) {
            // not a problem document: fall through to the status line
        }
        return "The service answered HTTP " + response.statusCode() + ".";
    }
}
