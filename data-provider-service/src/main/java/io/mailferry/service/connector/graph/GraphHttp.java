package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microsoft Graph over the JDK's HTTP client, for one mailbox (or the directory): every request carries a fresh bearer
 * token from the {@link TokenSource} and {@code Prefer: IdType="ImmutableId"} (learn.microsoft.com/graph/outlook-immutable-id),
 * at most {@code maxConcurrent} requests run at once (Outlook allows 4 concurrent requests per app and mailbox), paging
 * follows {@code @odata.nextLink} as an opaque URL but only to Graph's own host (the token never goes anywhere else),
 * and every failure becomes a {@link MailboxException} of the kind the engine acts on, in one sentence naming the side:
 * 429/503/504 THROTTLED with the server's Retry-After, 401 one forced token refresh then FATAL, 403 FATAL naming the
 * permission the call needs, 404 {@link NotFound} (ITEM), 410 {@link Gone} (an expired delta link), network trouble
 * CONNECTION. Messages never carry the token or an exception's class name. Thread-safe.
 */
final class GraphHttp {
    private static final Logger LOG = LoggerFactory.getLogger(GraphHttp.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** Until the response headers arrive; Graph itself gives up on a request after about 100 s. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    static final String IMMUTABLE_ID = "IdType=\"ImmutableId\"";
    /** learn.microsoft.com/graph/json-batching: at most 20 requests per batch. */
    static final int BATCH_LIMIT = 20;
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    /** Application permissions, as the admin sees them in the app registration. */
    static final String MAIL_READ = "Mail.Read";
    static final String MAIL_READ_WRITE = "Mail.ReadWrite";
    static final String USER_READ_ALL = "User.Read.All";
    static final String MAILBOX_SETTINGS_READ = "MailboxSettings.Read";

    /**
     * What a request is for, in the words of the messages: {@code action} ("listing folder \"Inbox\""), the application
     * permission it needs, and {@code subject}, what no longer exists when Graph answers 404 ("folder \"Inbox\"").
     */
    record Call(String action, String permission, String subject) {
    }

    /** Graph answered 404: the folder, message or mailbox the call named does not exist (any more). */
    static final class NotFound extends MailboxException {
        final String code;

        NotFound(String message, String code) {
            super(Kind.ITEM, message);
            this.code = code;
        }
    }

    /**
     * Graph answered 429, 503 or 504: slow down. 429 means the request was not carried out; after a 503 or 504 (a
     * gateway may answer them after the request went through) it may have been, so a write that met one must be looked
     * for before it is sent again.
     */
    static final class Throttled extends MailboxException {
        final int status;

        Throttled(int status, String who, String message, Duration retryAfter) {
            super(Kind.THROTTLED, message, null, retryAfter, who);
            this.status = status;
        }

        /**
         * True when Graph certainly did not carry the request out: 429 is Graph's own refusal; a 503 or 504 may come
         * from a gateway after the request went through.
         */
        boolean notCarriedOut() {
            return status == 429;
        }
    }

    /**
     * Graph refused one item's write (400 a message it cannot take, 409 a folder that exists, 413 a request too
     * large, 422): that item's failure, never the mailbox's. {@code code} is Graph's error code ("" when none).
     */
    static final class Refused extends Answered {
        Refused(int status, String code, String words, String message) {
            super(Kind.ITEM, status, code, words, message);
        }
    }

    /** A failure Graph answered: its HTTP status, its error code ("" when none), its words as messages quote them. */
    abstract static class Answered extends MailboxException {
        final int status;
        final String code;
        final String words;

        Answered(Kind kind, int status, String code, String words, String message) {
            super(kind, message);
            this.status = status;
            this.code = code;
            this.words = words;
        }
    }

    /** Graph answered 403: the app lacks the permission the call needs (or the mailbox is outside its scope). */
    static final class Forbidden extends MailboxException {
        Forbidden(String message) {
            super(Kind.FATAL, message);
        }
    }

    /** Graph answered 410 Gone: the delta link expired (SyncStateNotFound); the folder must be listed again. */
    static final class Gone extends MailboxException {
        Gone(String message) {
            super(Kind.ITEM, message);
        }
    }

    /** Reads a successful response's body; runs while the request still holds its concurrency permit. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException, MailboxException;
    }

    /** One response of a {@code $batch}, matched to its request by position. */
    record BatchResponse(int status, Map<String, String> headers, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The inner response's Retry-After header (case-insensitive name), null when absent. */
        Duration retryAfter() {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase("Retry-After")) {
                    return GraphHttp.retryAfter(h.getValue());
                }
            }
            return null;
        }
    }

    private final GraphClients clients;
    private final URI base;
    private final String scope;
    private final TokenSource tokens;
    private final String who;
    private final Semaphore permits;

    /**
     * @param who           the side, starting a sentence: "Source Microsoft 365 mailbox anna@example.com"
     * @param maxConcurrent requests in flight at once (across every session sharing this instance)
     */
    GraphHttp(GraphClients clients, GraphCloud cloud, TokenSource tokens, String who, int maxConcurrent) {
        this.clients = clients;
        this.base = cloud.graphBase();
        this.scope = cloud.graphScope();
        this.tokens = tokens;
        this.who = who;
        this.permits = new Semaphore(Math.max(1, maxConcurrent), true);
    }

    /**
     * An HTTP client for {@code cloud}: never follows redirects (a redirect would carry the token to whoever sent it);
     * HTTP/2 where Graph offers it (plain-HTTP test doubles get HTTP/1.1).
     */
    static HttpClient newClient(GraphCloud cloud) {
        boolean tls = "https".equalsIgnoreCase(cloud.graphBase().getScheme());
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1).build();
    }

    String who() {
        return who;
    }

    /** GETs {@code target} (a path below Graph's version root, or a next/delta link Graph gave) as JSON. */
    JsonNode get(String target, Call call, String... prefer) throws MailboxException {
        return exchange("GET", resolve(target, call), null, call, prefer, GraphHttp::readJson);
    }

    /** GETs a collection and every further page through {@code @odata.nextLink}; returns the items of all pages. */
    List<JsonNode> getAll(String path, Call call, String... prefer) throws MailboxException {
        List<JsonNode> all = new ArrayList<>();
        String link = path;
        while (link != null) {
            JsonNode page = get(link, call, prefer);
            page.path("value").forEach(all::add);
            link = text(page, "@odata.nextLink");
        }
        return all;
    }

    /**
     * Exchange's error codes about one item's own content, answered to a read of it with HTTP 500 or 400 whatever the
     * retries (the EWS connector knows them as the same ServiceError names).
     */
    private static final java.util.Set<String> ITEM_CONTENT = java.util.Set.of("ErrorMimeContentConversionFailed",
            "ErrorContentConversionFailed", "ErrorCorruptData", "ErrorItemCorrupt");

    /**
     * GETs {@code path} as a stream (a message's {@code $value}) and hands the body to {@code reader}. Exchange's
     * answer that it cannot give this item's content ({@link #ITEM_CONTENT}) is the item's failure (ITEM): the same on
     * every try, it must not fail the mailbox.
     */
    <T> T stream(String path, Call call, BodyReader<T> reader) throws MailboxException {
        try {
            return exchange("GET", resolve(path, call), null, call, new String[0], reader);
        } catch (Answered a) {
            if (!ITEM_CONTENT.contains(a.code)) {
                throw a;
            }
            throw new MailboxException(Kind.ITEM, who + " could not give " + call.subject() + " (HTTP " + a.status
                    + ")" + a.words + ": Exchange cannot convert this item; the rest of the mailbox is copied.");
        }
    }

    /** HTTP 500 or 502: the server's failure, with Exchange's code (CONNECTION: retried). */
    static final class ServerFailure extends Answered {
        ServerFailure(int status, String code, String words, String message) {
            super(Kind.CONNECTION, status, code, words, message);
        }
    }

    void delete(String path, Call call) throws MailboxException {
        exchange("DELETE", resolve(path, call), null, call, new String[0], in -> null);
    }

    /**
     * POSTs one item's JSON ({@code body}) to {@code path} and reads the answer: a message or folder created. A refusal
     * of the item (400, 409, 413, 422) is a {@link Refused}, not the mailbox's failure.
     */
    JsonNode post(String path, byte[] body, Call call) throws MailboxException {
        return write("POST", path, body, call);
    }

    /** PATCHes one item with {@code body} (JSON); refusals as {@link #post}. */
    JsonNode patch(String path, byte[] body, Call call) throws MailboxException {
        return write("PATCH", path, body, call);
    }

    private JsonNode write(String method, String path, byte[] body, Call call) throws MailboxException {
        try {
            return exchange(method, resolve(path, call), body, call, new String[0], GraphHttp::readJsonOrEmpty);
        } catch (MailboxException e) {
            if (e instanceof RefusedStatus r) {
                throw new Refused(r.status, r.code, r.words, r.getMessage());
            }
            throw e;
        }
    }

    /**
     * Sends up to {@value #BATCH_LIMIT} GETs as one {@code $batch} (learn.microsoft.com/graph/json-batching); returns
     * the inner responses in the order of {@code paths}. The batch succeeds as a whole while inner requests may fail on
     * their own (a throttled one answers 429 with its own Retry-After): the caller decides, {@link #failure} words it.
     */
    List<BatchResponse> batchGet(List<String> paths, Call call) throws MailboxException {
        if (paths.size() > BATCH_LIMIT) {
            throw new IllegalArgumentException("a batch holds at most " + BATCH_LIMIT + " requests");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (int i = 0; i < paths.size(); i++) {
            ObjectNode r = requests.addObject();
            r.put("id", Integer.toString(i + 1));
            r.put("method", "GET");
            r.put("url", paths.get(i));
            // inner requests carry their own headers: the outer Prefer does not reach them
            r.putObject("headers").put("Prefer", IMMUTABLE_ID);
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a batch request", e);
        }
        JsonNode answer = exchange("POST", resolve("/$batch", call), bytes, call, new String[0], GraphHttp::readJson);
        BatchResponse[] out = new BatchResponse[paths.size()];
        for (JsonNode r : answer.path("responses")) {
            int index;
            try {
                index = Integer.parseInt(r.path("id").asText()) - 1;
            } catch (NumberFormatException e) {
                continue;
            }
            if (index < 0 || index >= out.length) {
                continue;
            }
            Map<String, String> headers = new HashMap<>();
            r.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
            out[index] = new BatchResponse(r.path("status").asInt(), headers, r.path("body"));
        }
        List<BatchResponse> list = new ArrayList<>(out.length);
        for (BatchResponse r : out) {
            // a response the batch left out is retried like a throttled one
            list.add(r != null ? r : new BatchResponse(429, Map.of(), JSON.createObjectNode()));
        }
        return list;
    }

    /** The failure an inner batch response stands for, worded as a direct response would be. */
    MailboxException failure(BatchResponse r, Call call) {
        return failure(r.status(), r.retryAfter(), r.body(), call, null);
    }

    /** True when {@code link} is an absolute URL on Graph's own host (scheme, host and port as the cloud's). */
    boolean isGraphLink(String link) {
        if (link == null) {
            return false;
        }
        try {
            URI u = new URI(link);
            return u.isAbsolute() && sameOrigin(u);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private boolean sameOrigin(URI u) {
        return base.getScheme().equalsIgnoreCase(u.getScheme()) && u.getHost() != null
                && base.getHost().equalsIgnoreCase(u.getHost()) && port(base) == port(u);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** A path below the version root ("/users/..."), or an absolute link Graph handed out, checked to stay on Graph. */
    private URI resolve(String target, Call call) throws MailboxException {
        if (target.startsWith("/")) {
            return URI.create(base.toString() + target);
        }
        URI u;
        try {
            u = new URI(target);
        } catch (java.net.URISyntaxException e) {
            throw new MailboxException(Kind.FATAL, who + " answered a next-page link that is no valid address while "
                    + call.action() + ".");
        }
        if (!u.isAbsolute() || !sameOrigin(u)) {
            throw new MailboxException(Kind.FATAL, who + " answered a next-page link to another host ("
                    + (u.getHost() == null ? "none" : u.getHost()) + ") while " + call.action()
                    + "; it was not followed, so the app's token goes to Microsoft Graph only.");
        }
        return u;
    }

    private <T> T exchange(String method, URI uri, byte[] body, Call call, String[] prefer, BodyReader<T> reader)
            throws MailboxException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(Kind.FATAL, who + ": interrupted while " + call.action() + ".");
        }
        String token = null;
        HttpClient client = clients.current();
        try {
            token = tokens.token(scope, false);
            HttpResponse<InputStream> r = send(client, method, uri, body, prefer, token, call);
            if (r.statusCode() == 401) {
                discard(r);
                LOG.debug("{}: 401 while {}; asking for a fresh token", who, call.action());
                token = tokens.token(scope, true);
                r = send(client, method, uri, body, prefer, token, call);
                if (r.statusCode() == 401) {
                    JsonNode error = readError(r);
                    throw new MailboxException(Kind.FATAL, "Microsoft 365 refused the app's token (even a fresh one) "
                            + "for " + lowerFirst(who) + " while " + call.action() + errorWords(error, token)
                            + ": check the tenant, the application (client) id and its secret or certificate.");
                }
            }
            int status = r.statusCode();
            if (status >= 200 && status < 300) {
                try (InputStream in = new NetworkStream(r.body())) {
                    return reader.read(in);
                } catch (NetworkFailure e) {
                    if (e.getCause() instanceof java.net.SocketTimeoutException) { // the body went quiet
                        clients.renew(client);
                    }
                    throw connectionFailure(call, e.getCause());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new MailboxException(Kind.CONNECTION, who + " sent an incomplete or unreadable answer while "
                            + call.action() + ".", e);
                } catch (IOException e) {
                    // the reader's own trouble (NetworkFailure is the network's): the temporary file it writes
                    throw new MailboxException(Kind.FATAL, FailureText.temporaryFile(e,
                            FailureText.temporaryDirectory()), e);
                }
            }
            Duration wait = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
            JsonNode error = readError(r);
            LOG.debug("{}: HTTP {} while {} (request id {})", who, status, call.action(),
                    r.request().headers().firstValue("client-request-id").orElse("?"));
            throw failure(status, wait, error, call, token);
        } finally {
            permits.release();
        }
    }

    private HttpResponse<InputStream> send(HttpClient client, String method, URI uri, byte[] body, String[] prefer,
            String token, Call call) throws MailboxException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Prefer", IMMUTABLE_ID)
                .header("client-request-id", UUID.randomUUID().toString())
                .header("Accept", "application/json, */*");
        for (String p : prefer) {
            b.header("Prefer", p);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(Kind.FATAL, who + ": interrupted while " + call.action() + ".");
        } catch (IOException e) {
            if (e instanceof java.net.http.HttpTimeoutException) { // no answer's headers in time
                clients.renew(client);
            }
            throw connectionFailure(call, e);
        }
    }

    /** The failure HTTP {@code status} stands for, in one sentence; {@code token} is scrubbed from Graph's words. */
    MailboxException failure(int status, Duration retryAfter, JsonNode error, Call call, String token) {
        String code = error == null ? "" : error.path("code").asText("");
        String words = errorWords(error, token);
        if (status == 400 && code.equals("ErrorInvalidIdMalformed")) {
            status = 404; // an id Exchange cannot read names nothing that exists: the item's failure, not the mailbox's
        }
        return switch (status) {
            case 429, 503, 504 -> new Throttled(status, who, who + " asks to slow down while "
                    + call.action() + " (HTTP " + status + (retryAfter == null ? ""
                    : ", retry after " + retryAfter.toSeconds() + " s") + ")" + words + ".", retryAfter);
            case 409, 413, 422 -> new RefusedStatus(status, code, words, who + " refused " + call.action() + " (HTTP "
                    + status + ")" + words + ".");
            case 401 -> new MailboxException(Kind.FATAL, "Microsoft 365 refused the app's token for " + lowerFirst(who)
                    + " while " + call.action() + words
                    + ": check the tenant, the application (client) id and its secret or certificate.");
            case 403 -> new Forbidden(who + " was denied " + call.action() + words
                    + ": the app needs the application permission " + call.permission()
                    + ", which an admin must grant with admin consent" + (call.permission().startsWith("Mail")
                    ? " (or the mailbox is outside the app's access scope)." : "."));
            case 404 -> new NotFound(who + ": " + call.subject() + " no longer exists (" + call.action() + ").", code);
            case 410 -> new Gone(who + ": the change link of " + call.subject() + " expired" + words + ".");
            case 500, 502 -> new ServerFailure(status, code, words, who + " failed while " + call.action()
                    + " (HTTP " + status + ")" + words + ".");
            case 400 -> new RefusedStatus(status, code, words, who + " refused " + call.action() + " (HTTP 400)"
                    + words + ".");
            default -> new MailboxException(Kind.FATAL, who + " refused " + call.action() + " (HTTP " + status + ")"
                    + words + ".");
        };
    }

    /**
     * A refusal of the request itself (400, 409, 413, 422): FATAL where it comes from a read (the connector asked
     * something Graph does not take), turned into a {@link Refused} of the item by {@link #post} and {@link #patch}.
     */
    static final class RefusedStatus extends Answered {
        RefusedStatus(int status, String code, String words, String message) {
            super(Kind.FATAL, status, code, words, message);
        }
    }

    /** " (ErrorAccessDenied: Access is denied.)", or "" when Graph said nothing; the token scrubbed. */
    private static String errorWords(JsonNode error, String token) {
        if (error == null) {
            return "";
        }
        String code = error.path("code").asText("");
        String message = error.path("message").asText("").replaceAll("\\s+", " ").trim();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        String words = code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message;
        if (token != null && token.length() >= 8) {
            words = words.replace(token, "***");
        }
        return words.isEmpty() ? "" : " (" + words + ")";
    }

    private MailboxException connectionFailure(Call call, Throwable e) {
        return new MailboxException(Kind.CONNECTION, who + " " + FailureText.connectionTrouble(e) + " while "
                + call.action() + ".", e);
    }

    /** Seconds (Graph's form) or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }

    /** A body that may be empty (204 No Content after a PATCH with {@code Prefer: return=minimal}). */
    private static JsonNode readJsonOrEmpty(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    private static JsonNode readJson(InputStream in) throws IOException {
        JsonNode n = JSON.readTree(in);
        return n == null ? JSON.createObjectNode() : n;
    }

    /** The {@code error} object of a failed response ({"error":{"code":...,"message":...}}), or null. */
    private static JsonNode readError(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            byte[] bytes = in.readNBytes(ERROR_BODY_LIMIT);
            if (bytes.length == 0) {
                return null;
            }
            JsonNode n = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            return n != null && n.has("error") ? n.get("error") : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void discard(HttpResponse<InputStream> r) {
        try (InputStream in = r.body()) {
            in.readNBytes(ERROR_BODY_LIMIT);
        } catch (IOException ignored) {
            // the connection is dropped instead of reused
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** Percent-encodes one path segment (a mailbox address, a folder or message id). */
    static String segment(String s) {
        return encode(s, "-._~@!$'()*,;=:");
    }

    /** Percent-encodes a query parameter's value ($select lists, $filter expressions). */
    static String query(String s) {
        return encode(s, "-._~!$'()*,;:@/?");
    }

    private static String encode(String s, String keep) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            // '+' is always encoded: some servers read it as a space even in a path
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 0x80 && c != '+' && keep.indexOf(c) >= 0)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return sb.toString();
    }

    /** IOExceptions of the network stream, told apart from those of whoever writes what it reads (a temp file). */
    private static final class NetworkFailure extends IOException {
        NetworkFailure(IOException cause) {
            super(cause);
        }
    }

    /**
     * A response body whose network trouble reads as such ({@link NetworkFailure}), and which {@link StalledBodies}
     * ends when no data came for its limit: then its reader hears "did not answer in time", never an early end.
     */
    private static final class NetworkStream extends FilterInputStream implements StalledBodies.Watched {
        private volatile long lastData = System.nanoTime();
        private volatile boolean stalled;
        private final java.io.Closeable watch;

        NetworkStream(InputStream in) {
            super(in);
            watch = StalledBodies.watch(this);
        }

        @Override
        public int read() throws IOException {
            try {
                return arrived(super.read());
            } catch (IOException e) {
                throw failure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return arrived(super.read(b, off, len));
            } catch (IOException e) {
                throw failure(e);
            }
        }

        private int arrived(int n) throws IOException {
            if (stalled) {
                throw failure(null);
            }
            lastData = System.nanoTime();
            return n;
        }

        private NetworkFailure failure(IOException e) {
            return new NetworkFailure(stalled ? new java.net.SocketTimeoutException("no data for "
                    + StalledBodies.limit.toSeconds() + " s") : e);
        }

        @Override
        public long lastData() {
            return lastData;
        }

        @Override
        public void stall() throws IOException {
            stalled = true;
            in.close();
        }

        @Override
        public void close() throws IOException {
            watch.close();
            super.close();
        }
    }
}
