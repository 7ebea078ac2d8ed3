package io.mailferry.service.app;

import io.mailferry.model.connection.Connection;
import io.mailferry.model.connection.ConnectionFailure;
import io.mailferry.model.connection.ConnectionKind;
import io.mailferry.model.connection.ConnectionRequest;
import io.mailferry.model.connection.ConnectionTestResult;
import io.mailferry.model.connection.Secret;
import io.mailferry.model.mailbox.DirectoryMailbox;
import io.mailferry.service.engine.port.ConnectionProbe;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.store.ConnectionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Define, change, remove and test connections. Requests are validated with plain messages; "test" dispatches to the
 * {@link ConnectionProbe} of the connection's kind and never throws for a failed or unsupported test: the answer is a
 * {@link ConnectionTestResult}. Thread-safe.
 */
public final class ConnectionService {
    private static final Logger log = LoggerFactory.getLogger(ConnectionService.class);

    private final ConnectionStore store;
    private final Map<ConnectionKind, ConnectionProbe> probes = new EnumMap<>(ConnectionKind.class);
    private final DirectoryService directories;
    private final Clock clock;
    private final ConnectionValidator validator = new ConnectionValidator();

    /** A service that reads no directories ({@link #directory} answers "not supported"); for tests of the rest. */
    public ConnectionService(ConnectionStore store, List<ConnectionProbe> probes, Clock clock) {
        this(store, probes, new DirectoryService(store, List.of()), clock);
    }

    /**
     * @param probes      at most one per kind; kinds without a probe answer "not supported yet"
     * @param directories reads the directories of the kinds that have one
     */
    public ConnectionService(ConnectionStore store, List<ConnectionProbe> probes, DirectoryService directories,
            Clock clock) {
        this.store = store;
        this.directories = directories;
        this.clock = clock;
        for (ConnectionProbe probe : probes) {
            if (this.probes.putIfAbsent(probe.kind(), probe) != null) {
                throw new IllegalArgumentException("Two connection probes for " + probe.kind());
            }
        }
    }

    public List<Connection> list() {
        return store.list();
    }

    public Connection get(String id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    public Connection create(ConnectionRequest request) {
        validate(request, true);
        Instant now = clock.instant();
        Connection c = toConnection(UUID.randomUUID().toString(), request, now, now);
        Connection saved = store.insert(c, blankToNull(request.secret()));
        log.info("Created {} connection {} ({})", saved.kind(), saved.id(), saved.name());
        return saved;
    }

    /** Replaces the settings; a null secret keeps the stored one. */
    public Connection update(String id, ConnectionRequest request) {
        Connection existing = get(id);
        validate(request, !existing.hasSecret());
        if (existing.gmail() != null && request.gmail() != null
                && existing.gmail().labelStrategy() != request.gmail().labelStrategy()
                && store.sourceOfAJobThatRan(id)) {
            // the places of labelled mail are the strategy's: a delta under the other one copies it again elsewhere
            throw new AppException(AppException.Kind.CONFLICT, "gmail_label_strategy_in_use", "The label strategy of "
                    + "connection '" + existing.name() + "' cannot change: a job has copied mail with it, and under "
                    + "the other strategy its next pass would copy labelled messages a second time into other "
                    + "folders. Keep the strategy, or use a new connection and a new job into an empty target.");
        }
        Connection c = toConnection(id, request, existing.createdAt(), clock.instant());
        Connection saved = store.update(c, blankToNull(request.secret())).orElseThrow(() -> notFound(id));
        log.info("Updated connection {} ({})", id, saved.name());
        return saved;
    }

    /**
     * As {@link #update}, but writes nothing when the request holds what is stored — name, settings and secret — so
     * that a command run again with the same arguments leaves the connection (and its last test) as it is.
     */
    public Connection updateIfChanged(String id, ConnectionRequest request) {
        Connection existing = get(id);
        Secret stored;
        try {
            stored = store.secret(id).orElse(null);
        } catch (IllegalStateException undecryptable) {
            return update(id, request); // what is stored cannot be compared: the request's replaces it
        }
        if (request.name() != null && existing.name().equals(request.name().strip())
                && sameSettings(request, requestOf(existing, stored))) {
            return existing;
        }
        return update(id, request);
    }

    public void delete(String id) {
        boolean deleted;
        try {
            deleted = store.delete(id);
        } catch (ConnectionStore.InUseException e) {
            // The admin knows connections by name (the panel shows the sentence as it is).
            String name = store.find(id).map(c -> "'" + c.name() + "'").orElse(id);
            throw new AppException(AppException.Kind.CONFLICT, "connection_in_use",
                    "Connection " + name + " is used by a job; delete the job first.");
        }
        if (!deleted) {
            throw notFound(id);
        }
        log.info("Deleted connection {}", id);
    }

    /**
     * The mailboxes of the connection's directory (Microsoft 365: the tenant's user and shared mailboxes), sorted by
     * address; read afresh with the stored secret on every call.
     *
     * @throws AppException 404 {@code connection_not_found}; see {@link DirectoryService#mailboxes} for the others
     */
    public List<DirectoryMailbox> directory(String id) {
        return directories.mailboxes(get(id));
    }

    /** Tests a stored connection with its stored secret and keeps the result as the connection's {@code lastTest}. */
    public ConnectionTestResult test(String id) {
        return test(id, null);
    }

    /**
     * Tests a stored connection, or other settings for it (the edit wizard tests before it saves). A null
     * {@code settings} means the stored settings; a null or blank secret in {@code settings} means the stored secret.
     * The result is kept as the connection's {@code lastTest} only when what was tested is what is stored (the name
     * does not count: it reaches no server), so a trial of unsaved settings never changes the dashboard.
     */
    public ConnectionTestResult test(String id, ConnectionRequest settings) {
        Connection c = get(id);
        Secret stored;
        try {
            stored = store.secret(id).orElse(null);
        } catch (IllegalStateException undecryptable) {
            // SecretCipher's sentence; a secret typed again is tested as it is (and saved by the edit after it)
            if (settings == null || blankToNull(settings.secret()) == null) {
                throw new AppException(AppException.Kind.UNPROCESSABLE, "connection_secret_unreadable",
                        "Connection '" + c.name() + "': " + undecryptable.getMessage());
            }
            stored = null;
        }
        ConnectionRequest storedRequest = requestOf(c, stored);
        ConnectionRequest tested = settings == null ? storedRequest
                : new ConnectionRequest(settings.name(), settings.role(), settings.kind(), settings.imap(),
                        settings.graph(), settings.ews(),
                        blankToNull(settings.secret()) == null ? stored : settings.secret(), settings.gmail());
        ConnectionTestResult result = test(tested);
        if (sameSettings(tested, storedRequest)) {
            store.saveLastTest(id, result);
        }
        return result;
    }

    private static ConnectionRequest requestOf(Connection c, Secret secret) {
        return new ConnectionRequest(c.name(), c.role(), c.kind(), c.imap(), c.graph(), c.ews(), secret, c.gmail());
    }

    private static boolean sameSettings(ConnectionRequest a, ConnectionRequest b) {
        return a.role() == b.role() && a.kind() == b.kind() && Objects.equals(a.imap(), b.imap())
                && Objects.equals(a.graph(), b.graph()) && Objects.equals(a.ews(), b.ews())
                && Objects.equals(a.gmail(), b.gmail()) && Objects.equals(a.secret(), b.secret());
    }

    /** What makes unsaved settings invalid, checked without contacting the server; empty when nothing does. */
    public static List<String> problems(ConnectionRequest request) {
        return new ConnectionValidator().problems(request, false);
    }

    /**
     * A service that only tests settings ({@link #test(ConnectionRequest)}): it has no store, so it may run before a
     * data directory is open (the CLI tests both servers while its database opens).
     */
    public static ConnectionService tester(List<ConnectionProbe> probes, Clock clock) {
        return new ConnectionService(null, probes, new DirectoryService(null, List.of()), clock);
    }

    /** Tests unsaved settings (the wizard's "Test" button); invalid settings answer a CONFIGURATION failure. */
    public ConnectionTestResult test(ConnectionRequest request) {
        return test(request, null);
    }

    /** As {@link #test(ConnectionRequest)}, logging in as the pass of {@code mailbox} will (null: as the settings say). */
    public ConnectionTestResult test(ConnectionRequest request, MailboxAccess.Login mailbox) {
        Instant start = clock.instant();
        List<String> problems = validator.problems(request, false);
        if (!problems.isEmpty()) {
            return ConnectionTestResult.failed(ConnectionFailure.CONFIGURATION, String.join(" ", problems), start, 0);
        }
        ConnectionProbe probe = probes.get(request.kind());
        if (probe == null) {
            return ConnectionTestResult.failed(ConnectionFailure.OTHER,
                    "Testing " + describe(request.kind()) + " connections is not supported yet.", start, 0);
        }
        try {
            ConnectionTestResult result = mailbox == null ? probe.test(request) : probe.test(request, mailbox);
            log.info("Tested {} connection '{}': {}", request.kind(), request.name(),
                    result.ok() ? "ok" : result.failure());
            return result;
        } catch (RuntimeException e) {
            // A probe must not throw; if one does, the admin still gets an answer and the log keeps the trace.
            log.error("The {} connection probe failed unexpectedly", request.kind(), e);
            return ConnectionTestResult.failed(ConnectionFailure.OTHER, "The connection test failed: "
                    + FailureText.unexpected(e), start, clock.millis() - start.toEpochMilli());
        }
    }

    private void validate(ConnectionRequest request, boolean secretRequired) {
        List<String> problems = validator.problems(request, secretRequired);
        if (!problems.isEmpty()) {
            throw AppException.invalid(problems);
        }
    }

    private static Connection toConnection(String id, ConnectionRequest r, Instant created, Instant updated) {
        return new Connection(id, r.name().strip(), r.role(), r.kind(), r.imap(), r.graph(), r.ews(), false,
                created, updated, null, r.gmail());
    }

    private static Secret blankToNull(Secret secret) {
        return secret == null || secret.isBlank() ? null : secret;
    }

    private static String describe(ConnectionKind kind) {
        return switch (kind) {
            case IMAP -> "IMAP";
            case MICROSOFT_365 -> "Microsoft 365";
            case EXCHANGE -> "Exchange";
            case GMAIL -> "Gmail";
        };
    }

    private static AppException notFound(String id) {
        return AppException.notFound("connection_not_found", "There is no connection with id " + id + ".");
    }
}
