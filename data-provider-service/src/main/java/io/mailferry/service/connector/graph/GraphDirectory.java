package io.mailferry.service.connector.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.engine.port.MailboxDirectory;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MailboxException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant's mailboxes for matching: {@code GET /users?$select=id,displayName,mail,userPrincipalName&$top=999},
 * paged (learn.microsoft.com/graph/api/user-list; needs User.Read.All); every user with a mail address is a mailbox.
 * Shared mailboxes are told apart by {@code mailboxSettings.userPurpose} ("shared"), read 20 users per {@code $batch}
 * (needs MailboxSettings.Read; without it every mailbox is listed as "user" and a log line says why). Throttled
 * requests, also inner ones of a batch, are waited out here (Retry-After, else a doubling wait) and tried again, a
 * few times. Thread-safe.
 */
public final class GraphDirectory implements MailboxDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(GraphDirectory.class);
    static final int ATTEMPTS = 6;
    static final Duration LONGEST_WAIT = Duration.ofSeconds(120);

    /** Waits between attempts; tests record instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    private final GraphHttp http;
    private final Pause pause;

    public GraphDirectory(GraphCloud cloud, TokenSource tokens) {
        this(cloud, tokens, d -> Thread.sleep(d.toMillis()));
    }

    GraphDirectory(GraphCloud cloud, TokenSource tokens, Pause pause) {
        this.http = new GraphHttp(GraphClients.of(cloud), cloud, tokens, "Microsoft 365 directory",
                GraphMailboxAccess.DEFAULT_MAX_CONCURRENT_REQUESTS);
        this.pause = pause;
    }

    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws MailboxException;
    }

    @Override
    public List<DirectoryMailbox> mailboxes() throws MailboxException {
        GraphHttp.Call call = new GraphHttp.Call("listing the tenant's users", GraphHttp.USER_READ_ALL,
                "the user list");
        List<JsonNode> users = new ArrayList<>();
        String link = "/users?$select=id,displayName,mail,userPrincipalName&$top=999";
        while (link != null) {
            String l = link;
            JsonNode page = retrying(() -> http.get(l, call));
            page.path("value").forEach(u -> {
                if (!u.path("mail").asText("").isBlank()) {
                    users.add(u);
                }
            });
            link = GraphHttp.text(page, "@odata.nextLink");
        }
        Map<String, String> kinds = kinds(users);
        List<DirectoryMailbox> out = new ArrayList<>(users.size());
        for (JsonNode u : users) {
            String mail = u.path("mail").asText();
            String name = u.path("displayName").asText("");
            out.add(new DirectoryMailbox(mail, name.isBlank() ? mail : name,
                    kinds.getOrDefault(u.path("id").asText(), "user")));
        }
        return out;
    }

    /** User id to "shared" or "user", from {@code mailboxSettings?$select=userPurpose} in batches of 20. */
    private Map<String, String> kinds(List<JsonNode> users) throws MailboxException {
        Map<String, String> kinds = new HashMap<>();
        GraphHttp.Call call = new GraphHttp.Call("reading mailbox settings", GraphHttp.MAILBOX_SETTINGS_READ,
                "a mailbox's settings");
        List<String> todo = users.stream().map(u -> u.path("id").asText()).filter(id -> !id.isEmpty()).toList();
        for (int i = 0; i < todo.size(); i += GraphHttp.BATCH_LIMIT) {
            List<String> chunk = new ArrayList<>(todo.subList(i, Math.min(todo.size(), i + GraphHttp.BATCH_LIMIT)));
            for (int attempt = 1; !chunk.isEmpty(); attempt++) {
                List<String> ids = chunk;
                List<GraphHttp.BatchResponse> answers = retrying(() -> http.batchGet(ids.stream()
                        .map(id -> "/users/" + GraphHttp.segment(id) + "/mailboxSettings?$select=userPurpose")
                        .toList(), call));
                List<String> again = new ArrayList<>();
                Duration wait = null;
                for (int k = 0; k < ids.size(); k++) {
                    GraphHttp.BatchResponse r = answers.get(k);
                    if (r.ok()) {
                        kinds.put(ids.get(k), "shared".equalsIgnoreCase(r.body().path("userPurpose").asText(""))
                                ? "shared" : "user");
                    } else if (r.status() == 403) {
                        LOG.warn("Microsoft 365 directory: the app may not read mailbox settings (the application "
                                + "permission {} is not granted with admin consent); shared mailboxes are listed as "
                                + "user mailboxes", GraphHttp.MAILBOX_SETTINGS_READ);
                        return kinds;
                    } else if (http.failure(r, call).kind() == Kind.THROTTLED && attempt < ATTEMPTS) {
                        again.add(ids.get(k));
                        Duration d = r.retryAfter();
                        if (d != null && (wait == null || d.compareTo(wait) > 0)) {
                            wait = d;
                        }
                    } else {
                        // no mailbox settings (no Exchange Online mailbox yet, or still throttled): an ordinary user
                        LOG.debug("Microsoft 365 directory: no mailbox settings for user {} (HTTP {})", ids.get(k),
                                r.status());
                    }
                }
                if (!again.isEmpty()) {
                    sleep(wait != null ? wait : backoff(attempt));
                }
                chunk = again;
            }
        }
        return kinds;
    }

    /** Runs {@code attempt}; a THROTTLED failure is waited out and tried again, up to {@value #ATTEMPTS} times. */
    private <T> T retrying(Attempt<T> attempt) throws MailboxException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (MailboxException e) {
                if (e.kind() != Kind.THROTTLED || n >= ATTEMPTS) {
                    throw e;
                }
                sleep(e.retryAfter() != null ? e.retryAfter() : backoff(n));
            }
        }
    }

    private static Duration backoff(int attempt) {
        return Duration.ofSeconds(1L << Math.min(attempt - 1, 6));
    }

    private void sleep(Duration d) throws MailboxException {
        try {
            pause.sleep(d.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailboxException(Kind.FATAL, "Microsoft 365 directory: interrupted while waiting out throttling.",
                    e);
        }
    }
}
