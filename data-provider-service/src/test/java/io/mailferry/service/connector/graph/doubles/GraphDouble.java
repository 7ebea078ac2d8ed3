package io.mailferry.service.connector.graph.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mailferry.service.connector.graph.GraphCloud;
import io.mailferry.service.engine.port.ItemState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful Microsoft Graph on loopback that answers exactly the requests the Graph connector makes, in the shapes
 * Microsoft documents (each handler names its learn.microsoft.com page): users, their mailboxes with folder trees
 * (hidden folders, well-known names in any language), messages from raw MIME (parsed for Message-ID, subject and
 * Date, and rebuilt for {@code $value} so nothing reads back byte for byte), per-folder delta links that expire on
 * demand, {@code $batch}, paging through next links, the write side ({@link DoubleWrites}: folders and JSON messages
 * created, PATCH, {@code $filter} on an extended property or on {@code internetMessageId}) under Outlook's upload budget
 * ({@link UploadBudget}), a mailbox that mirrors a store written over IMAP ({@link #mirror}), and the
 * failures a tenant produces: expired tokens (401), missing permissions (403), throttling (429 with Retry-After, also
 * inside a batch), requests over the size limit (413). Every request is recorded. Thread-safe.
 */
public final class GraphDouble implements AutoCloseable {
    /** A reply header of the double's own (never sent): the body stalls half way ({@link #stallOnce}). */
    private static final String STALL = "X-Double-Stall";
    /** Subjects of the messages whose next download stalls ({@link #stallOnce}). */
    private final Set<String> stalling = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Subjects of the messages whose MIME Exchange cannot render ({@link #cannotConvert}). */
    private final Set<String> unconvertible = new java.util.HashSet<>();
    static final ObjectMapper JSON = new ObjectMapper();
    /** English display names of a new mailbox's well-known folders (Exchange Online's defaults). */
    public static final Map<String, String> ENGLISH = names("inbox", "Inbox", "drafts", "Drafts", "sentitems",
            "Sent Items", "deleteditems", "Deleted Items", "junkemail", "Junk Email", "archive", "Archive", "outbox",
            "Outbox", "conversationhistory", "Conversation History");
    /** The same in a German mailbox. */
    public static final Map<String, String> GERMAN = names("inbox", "Posteingang", "drafts", "Entwürfe", "sentitems",
            "Gesendete Elemente", "deleteditems", "Gelöschte Elemente", "junkemail", "Junk-E-Mail", "archive", "Archiv",
            "outbox", "Postausgang", "conversationhistory", "Unterhaltungsverlauf");

    public static final String MAIL_READ = "Mail.Read";
    public static final String MAIL_READ_WRITE = "Mail.ReadWrite";
    public static final String USER_READ_ALL = "User.Read.All";
    public static final String MAILBOX_SETTINGS_READ = "MailboxSettings.Read";

    /** One request as the double saw it. */
    public record Seen(String method, String path, String query, boolean authorized, boolean immutableId,
            List<String> prefer, int status, boolean inBatch) {
        /** Path and query, decoded, for assertions and failure messages. */
        public String target() {
            return path + (query == null ? "" : "?" + query);
        }
    }

    /** A message as stored, for assertions. */
    public record Stored(String id, String folderId, String internetMessageId, String subject, boolean read,
            byte[] value) {
    }

    record Reply(int status, Map<String, String> headers, byte[] body, boolean json) {
    }

    private static final class User {
        final String id;
        final String displayName;
        final String mail;
        final String upn;
        final String purpose;
        final DoubleMailbox mailbox;

        User(String id, String displayName, String mail, String upn, String purpose, DoubleMailbox mailbox) {
            this.id = id;
            this.displayName = displayName;
            this.mail = mail;
            this.upn = upn;
            this.purpose = purpose;
            this.mailbox = mailbox;
        }
    }

    private static final class Throttle {
        int left;
        final int seconds;
        final Predicate<String> which;

        Throttle(int left, int seconds, Predicate<String> which) {
            this.left = left;
            this.seconds = seconds;
            this.which = which;
        }
    }

    static {
        // Without it the JDK server sends a response's headers and body as two small writes that Nagle's algorithm
        // and the client's delayed ACK hold up ~40 ms each. Read once per JVM, when the first HttpServer starts: best
        // effort when another test started one before (the surefire configuration can set it for the whole JVM).
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    /** Calendars, contacts and To Do lists (guarded by this double's lock, as the mailboxes are). */
    private final DoublePim pim = new DoublePim();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile java.util.function.BiConsumer<String, String> beforeAnswer = (path, query) -> { };
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxInFlight = new ConcurrentHashMap<>();
    private volatile ConcurrencyGate concurrencyGate;
    private final List<Throttle> throttles = new ArrayList<>();
    private final List<Throttle> batchThrottles = new ArrayList<>();
    private int tokenNumber = 1;
    private volatile String token = "graph-token-1-" + Long.toHexString(System.nanoTime());
    private long seq;
    private long generation = 1;
    private long idCounter;
    private int pageCap = 1000;
    private volatile String linkBase;
    private volatile long latencyMillis;
    private Instant clock = Instant.parse("2024-01-01T00:00:00Z");
    private final DoubleWrites writes = new DoubleWrites(this);
    private final Map<String, Mirror> mirrors = new ConcurrentHashMap<>();
    private final Map<String, Integer> mirrored = new ConcurrentHashMap<>();
    private UploadBudget budget;
    private long requestLimit = 4L * 1024 * 1024;

    public GraphDouble() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Graph double", e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "graph-double");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    private static Map<String, String> names(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    // ---------------------------------------------------------------- set-up and control

    /** Graph's version root on this double: http://127.0.0.1:port/v1.0 */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0");
    }

    /** A cloud whose Graph is this double (sign-in is not the double's business). */
    public GraphCloud cloud() {
        return new GraphCloud("double", URI.create("https://login.invalid/"), base(), "127.0.0.1", 993);
    }

    /** The only bearer token accepted now. */
    public String token() {
        return token;
    }

    /** The current token expires (401 InvalidAuthenticationToken from now on) and a new one is the valid one. */
    public synchronized void expireToken() {
        token = "graph-token-" + (++tokenNumber) + "-" + Long.toHexString(System.nanoTime());
    }

    /** A user with a mailbox in English; returns the user's id. */
    public String addUser(String mail, String displayName) {
        return addUser(mail, displayName, "user", ENGLISH);
    }

    /** A shared mailbox (mailboxSettings.userPurpose "shared"). */
    public String addSharedMailbox(String mail, String displayName) {
        return addUser(mail, displayName, "shared", ENGLISH);
    }

    /**
     * A user whose mailbox has the well-known folders {@code names} (well-known name to display name).
     *
     * @param purpose mailboxSettings.userPurpose: user, shared, room, equipment
     */
    public synchronized String addUser(String mail, String displayName, String purpose, Map<String, String> names) {
        String id = String.format(Locale.ROOT, "%08x-4a3d-4e5f-9a2b-%012x", mail.toLowerCase(Locale.ROOT).hashCode(),
                ++idCounter);
        users.put(id, new User(id, displayName, mail, mail, purpose, new DoubleMailbox(names, this::folderId)));
        return id;
    }

    /** A directory user without a mail address and without a mailbox. */
    public synchronized String addUserWithoutMail(String upn, String displayName) {
        String id = String.format(Locale.ROOT, "%08x-0000-4e5f-9a2b-%012x", upn.hashCode(), ++idCounter);
        users.put(id, new User(id, displayName, null, upn, "user", null));
        return id;
    }

    /** Creates the folder at {@code path} (display names; "INBOX" first is the inbox) with missing parents. */
    public synchronized String createFolder(String mailbox, List<String> path) {
        return mailbox(mailbox).ensure(path, false, this::folderId).id;
    }

    /** Creates a hidden folder ({@code isHidden}: listed only with includeHiddenFolders=true). */
    public synchronized String createHiddenFolder(String mailbox, List<String> path) {
        return mailbox(mailbox).ensure(path, true, this::folderId).id;
    }

    /** Renames the folder at {@code path} (its id, and so its messages' identity, stays), as a user would. */
    public synchronized void renameFolder(String mailbox, List<String> path, String newName) {
        DoubleMailbox box = mailbox(mailbox);
        box.folders.get(folderId(mailbox, path)).displayName = newName;
    }

    /**
     * Deletes the folder at {@code path} as its user would in Outlook: it moves, with its id and messages, into Deleted
     * Items (learn.microsoft.com/graph/api/mailfolder-move shows a folder keeping its id when moved).
     */
    public synchronized void deleteFolderAsUser(String mailbox, List<String> path) {
        DoubleMailbox box = mailbox(mailbox);
        box.folders.get(folderId(mailbox, path)).parentId = box.wellKnown.get("deleteditems");
    }

    /**
     * The next {@code $value} of the message with this subject sends its headers and half its body, then nothing until
     * the double closes: a connection that went quiet in the middle of a download.
     */
    public synchronized void stallOnce(String subject) {
        stalling.add(subject);
    }

    /** From now on the MIME of messages with this subject cannot be had: {@code $value} answers HTTP 500. */
    public synchronized void cannotConvert(String subject) {
        unconvertible.add(subject);
    }

    /** The id of the folder at {@code path}, or null. */
    public synchronized String folderId(String mailbox, List<String> path) {
        DoubleMailbox box = mailbox(mailbox);
        DoubleMailbox.Folder at = box.folders.get(box.rootId);
        for (int i = 0; i < path.size() && at != null; i++) {
            String name = path.get(i);
            if (i == 0 && name.equalsIgnoreCase("INBOX")) {
                at = box.folder("inbox");
                continue;
            }
            DoubleMailbox.Folder next = null;
            for (DoubleMailbox.Folder c : box.children(at.id, true)) {
                if (c.displayName.equalsIgnoreCase(name)) {
                    next = c;
                }
            }
            at = next;
        }
        return at == null ? null : at.id;
    }

    /**
     * Delivers a message into the folder at {@code path} (created when missing). The state maps to Exchange's: read,
     * follow-up flag, categories, draft, and one last verb — forwarded wins over answered, as Exchange keeps only the
     * last verb executed. Without a received date the message arrives "now" on the double's clock.
     */
    public synchronized String seed(String mailbox, List<String> path, byte[] raw, ItemState state, Instant received) {
        DoubleMailbox box = mailbox(mailbox);
        DoubleMailbox.Folder f = box.ensure(path, false, this::folderId);
        clock = clock.plusSeconds(1);
        DoubleMessage m = new DoubleMessage(messageId(), f.id, raw, received != null ? received : clock, ++seq);
        apply(m, state == null ? ItemState.NONE : state);
        m.changed = seq;
        box.messages.put(m.id, m);
        return m.id;
    }

    private static void apply(DoubleMessage m, ItemState s) {
        m.read = s.read();
        m.flagStatus = s.flagged() ? "flagged" : "notFlagged";
        m.categories = new java.util.LinkedHashSet<>(s.keywords());
        m.draft = s.draft();
        m.lastVerb = s.forwarded() ? 104 : s.answered() ? 102 : 0;
    }

    /** Changes a message's state as another client would (delta reports it as changed). */
    public synchronized void setState(String mailbox, String id, ItemState state) {
        DoubleMessage m = mailbox(mailbox).messages.get(id);
        apply(m, state);
        m.changed = ++seq;
    }

    /** Marks every message with this Message-ID read. */
    public synchronized void markRead(String mailbox, String internetMessageId) {
        for (DoubleMessage m : mailbox(mailbox).messages.values()) {
            if (internetMessageId.equals(m.internetMessageId)) {
                m.read = true;
                m.changed = ++seq;
            }
        }
    }

    /**
     * Moves a message to another folder as Outlook does (learn.microsoft.com/graph/api/message-move): its immutable id
     * stays, its {@code parentFolderId} changes, the old folder's delta reports it {@code @removed}.
     */
    public synchronized void move(String mailbox, String id, List<String> path) {
        DoubleMailbox box = mailbox(mailbox);
        DoubleMessage m = box.messages.get(id);
        box.folders.get(m.folderId).tombstones.put(id, ++seq);
        m.folderId = box.ensure(path, false, this::folderId).id;
        m.changed = ++seq;
    }

    /** Deletes a message as another client would (delta reports it {@code @removed}). */
    public synchronized void remove(String mailbox, String id) {
        DoubleMailbox box = mailbox(mailbox);
        DoubleMessage m = box.messages.remove(id);
        if (m != null) {
            box.folders.get(m.folderId).tombstones.put(id, ++seq);
        }
    }

    /** The messages of the folder at {@code path}, newest first. */
    public synchronized List<Stored> messages(String mailbox, List<String> path) {
        String folder = folderId(mailbox, path);
        if (folder == null) {
            return List.of();
        }
        return mailbox(mailbox).in(folder).stream().map(m -> new Stored(m.id, m.folderId, m.internetMessageId,
                m.subject, m.read, m.valueCopy())).toList();
    }

    /** True when {@code link} is a delta link of this double ({@code @odata.deltaLink}). */
    public boolean isDeltaLink(String link) {
        return link != null && link.startsWith(base().toString()) && link.contains("/messages/delta?")
                && link.contains("deltatoken=");
    }

    /** Every delta and skip token handed out so far answers 410 Gone (SyncStateNotFound) from now on. */
    public synchronized void expireDeltaTokens() {
        generation++;
    }

    /** The next {@code n} requests answer 429 with {@code Retry-After: seconds}. */
    public void throttle(int n, int seconds) {
        throttle(n, seconds, p -> true);
    }

    /** The next {@code n} requests whose path {@code which} accepts answer 429 with {@code Retry-After: seconds}. */
    public synchronized void throttle(int n, int seconds, Predicate<String> which) {
        throttles.add(new Throttle(n, seconds, which));
    }

    /** The next {@code n} requests inside {@code $batch}es answer 429 there (the batch itself succeeds). */
    public synchronized void throttleInBatch(int n, int seconds) {
        batchThrottles.add(new Throttle(n, seconds, p -> true));
    }

    /**
     * From now on each mailbox may upload {@code bytes} of POST, PATCH and PUT bodies per sliding {@code window}
     * (Outlook: 150 MB per 5 minutes); a request past it answers 429 with the Retry-After that lets it fit.
     */
    public synchronized void uploadBudget(long bytes, java.time.Duration window) {
        uploadBudget(bytes, window, System::nanoTime);
    }

    /**
     * As {@link #uploadBudget(long, java.time.Duration)}, the window aged by {@code nanoClock} instead of the system's:
     * a test that advances it only when the client waits knows exactly which requests fit, whatever the machine's
     * speed.
     */
    public synchronized void uploadBudget(long bytes, java.time.Duration window, LongSupplier nanoClock) {
        budget = new UploadBudget(bytes, window, nanoClock);
    }

    /** Request bodies the mailbox's upload budget accepted so far, in bytes (0 without a budget). */
    public synchronized long uploaded(String mailbox) {
        return budget == null ? 0 : budget.accepted(mailbox.toLowerCase(Locale.ROOT));
    }

    /** Requests the upload budget answered with 429 so far. */
    public synchronized long budgetRefusals() {
        return budget == null ? 0 : budget.refused();
    }

    /** A message create whose body passes {@code bytes} answers 413 (Graph: about 4 MB, the default). */
    public synchronized void requestLimit(long bytes) {
        requestLimit = bytes;
    }

    /** A message created through Graph as the double keeps it, for assertions. */
    public record Written(String id, String folderId, String subject, boolean draft, boolean read, String flagStatus,
            Set<String> categories, Instant received, Instant sent, String bodyType, List<String> attachments,
            Map<String, String> properties, Map<String, String> customHeaders, String internetMessageId) {
    }

    /** Every message of the mailbox created through Graph's JSON create, in creation order. */
    public synchronized List<Written> written(String mailbox) {
        List<Written> out = new ArrayList<>();
        List<DoubleMessage> all = new ArrayList<>(mailbox(mailbox).messages.values());
        all.sort((a, b) -> Long.compare(a.arrival, b.arrival));
        for (DoubleMessage m : all) {
            if (m.bodyType == null) {
                continue;
            }
            Map<String, String> props = new LinkedHashMap<>();
            m.props.values().forEach(p -> props.put(p[0], p[1]));
            Map<String, String> headers = new LinkedHashMap<>();
            m.customHeaders.forEach(h -> headers.put(h[0], h[1]));
            out.add(new Written(m.id, m.folderId, m.subject, m.draft, m.read, m.flagStatus,
                    Set.copyOf(m.categories), m.received, m.sent, m.bodyType,
                    m.attachments.stream().map(a -> a[0] + " (" + a[1] + ")").toList(), props, headers,
                    m.internetMessageId));
        }
        return out;
    }

    /**
     * Where a mailbox's messages arrive some other way than through Graph: Exchange Online IMAP, played in tests by
     * another store. Asked before each request for that mailbox; returns each folder's raw messages in arrival order.
     */
    @FunctionalInterface
    public interface Mirror {
        Map<List<String>, List<byte[]>> folders() throws Exception;
    }

    /**
     * The mailbox shows what {@code mirror} holds, as Exchange shows over Graph what arrived over IMAP: before each
     * request for it, missing folders are created and messages not seen yet (by their position in their folder: the
     * other store only appends) are delivered, unread and without categories.
     */
    public void mirror(String mailbox, Mirror mirror) {
        mirrors.put(mailbox.toLowerCase(Locale.ROOT), mirror);
    }

    private void pull(String mailboxKey) {
        Mirror m = mailboxKey == null ? null : mirrors.get(mailboxKey);
        if (m == null) {
            return;
        }
        Map<List<String>, List<byte[]>> folders;
        try {
            folders = m.folders();
        } catch (Exception e) {
            throw new IllegalStateException("the mirrored store cannot be read", e);
        }
        folders.forEach((path, raws) -> {
            String key = mailboxKey + "\u0000" + String.join("\u0000", path).toLowerCase(Locale.ROOT);
            createFolder(mailboxKey, path);
            int seenSoFar = mirrored.getOrDefault(key, 0);
            for (int i = seenSoFar; i < raws.size(); i++) {
                seed(mailboxKey, path, raws.get(i), ItemState.NONE, null);
            }
            mirrored.put(key, Math.max(seenSoFar, raws.size()));
        });
    }

    /**
     * The categories of every message of the folder at {@code path}, by Internet-Message-ID, as a client would see them
     * now (a mirrored mailbox is brought up to date first, as for any request).
     */
    public synchronized Map<String, Set<String>> categories(String mailbox, List<String> path) {
        pull(mailbox.toLowerCase(Locale.ROOT));
        String folder = folderId(mailbox, path);
        Map<String, Set<String>> out = new LinkedHashMap<>();
        if (folder != null) {
            mailbox(mailbox).in(folder).forEach(m -> out.put(m.internetMessageId, Set.copyOf(m.categories)));
        }
        return out;
    }

    /** The users' calendars, contact folders and To Do lists, for assertions. */
    public DoublePim pim() {
        return pim;
    }

    /** Requests needing {@code permission} answer 403 (the admin did not grant it). */
    public void deny(String permission) {
        denied.add(permission);
    }

    public void allow(String permission) {
        denied.remove(permission);
    }

    /** The server's largest page, whatever $top or odata.maxpagesize ask (Graph caps pages too). */
    public synchronized void pageCap(int n) {
        pageCap = n;
    }

    /** Next and delta links point at {@code base} (a version root) instead of this double. */
    public void linkBase(URI base) {
        linkBase = base.toString();
    }

    /**
     * Called with each authorised request's path and decoded query before it is answered (under the double's lock, so
     * it may change the mailboxes: mail arriving between two pages of a listing).
     */
    public void beforeAnswer(java.util.function.BiConsumer<String, String> hook) {
        beforeAnswer = hook;
    }

    /** Each request takes this long (concurrency shows). */
    public void latency(long millis) {
        latencyMillis = millis;
    }

    /** Every request so far. */
    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    public long count(Predicate<Seen> which) {
        return seen.stream().filter(which).count();
    }

    public void clearRequests() {
        seen.clear();
    }

    /** Requests of {@code mailbox} held in flight until {@code n} are in flight at once (see {@link #holdUntilInFlight}). */
    private record ConcurrencyGate(String mailbox, int n, long timeoutNanos, CountDownLatch open) {
    }

    /**
     * From now on, each request of {@code mailbox} waits, once counted in flight, until {@code n} of them are in flight
     * at once; then every request goes through. A test thus proves that a client runs {@code n} requests concurrently
     * by construction rather than by luck inside a latency window. A client that never gets there is not hung: after
     * {@code timeout} the gate opens all the same, and {@link #maxInFlight} shows the shortfall.
     */
    public void holdUntilInFlight(String mailbox, int n, java.time.Duration timeout) {
        concurrencyGate = new ConcurrencyGate(mailbox.toLowerCase(Locale.ROOT), n, timeout.toNanos(),
                new CountDownLatch(1));
    }

    private void passConcurrencyGate(String mailboxKey, int inFlightNow) throws InterruptedException {
        ConcurrencyGate g = concurrencyGate;
        if (g == null || !g.mailbox().equals(mailboxKey)) {
            return;
        }
        if (inFlightNow >= g.n() || !g.open().await(g.timeoutNanos(), TimeUnit.NANOSECONDS)) {
            g.open().countDown();
        }
    }

    /** The most requests for one mailbox (as the path named it) that were in flight at once. */
    public int maxInFlight(String mailbox) {
        return maxInFlight.getOrDefault(mailbox.toLowerCase(Locale.ROOT), 0);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** The next change sequence (what delta compares). */
    long nextSeq() {
        return ++seq;
    }

    /** The double's clock, one second on per call: when a message without a delivery time arrives. */
    Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    String folderId() {
        return "AQMkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAuAAAD" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(++idCounter * 7919).getBytes(StandardCharsets.US_ASCII)) + "AAAA==";
    }

    String messageId() {
        return "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(++idCounter * 104729).getBytes(StandardCharsets.US_ASCII)) + "AAA=";
    }

    private DoubleMailbox mailbox(String mailbox) {
        User u = user(mailbox);
        if (u == null || u.mailbox == null) {
            throw new IllegalArgumentException("no mailbox " + mailbox + " on the double");
        }
        return u.mailbox;
    }

    private User user(String ref) {
        for (User u : users.values()) {
            if (u.id.equalsIgnoreCase(ref) || ref.equalsIgnoreCase(u.mail) || ref.equalsIgnoreCase(u.upn)) {
                return u;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange ex) {
        try {
            String rawPath = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            byte[] body = ex.getRequestBody().readAllBytes();
            Headers h = ex.getRequestHeaders();
            List<String> segments = segments(rawPath);
            String mailboxKey = segments.size() > 1 && segments.get(0).equals("users")
                    ? segments.get(1).toLowerCase(Locale.ROOT) : null;
            AtomicInteger count = mailboxKey == null ? null : inFlight.computeIfAbsent(mailboxKey,
                    k -> new AtomicInteger());
            Reply reply;
            try {
                if (count != null) {
                    int now = count.incrementAndGet();
                    maxInFlight.merge(mailboxKey, now, Math::max);
                    passConcurrencyGate(mailboxKey, now);
                }
                if (latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
                synchronized (this) {
                    pull(mailboxKey);
                }
                List<String> prefer = h.getOrDefault("Prefer", List.of());
                reply = top(ex.getRequestMethod(), rawPath, rawQuery, h.getFirst("Authorization"), prefer, body);
            } finally {
                if (count != null) {
                    count.decrementAndGet();
                }
            }
            boolean stall = reply.headers().containsKey(STALL);
            reply.headers().forEach((k, v) -> {
                if (!k.equals(STALL)) {
                    ex.getResponseHeaders().add(k, v);
                }
            });
            if (stall) {
                // half the body, then a connection that says nothing more (dropped silently on the way)
                ex.sendResponseHeaders(reply.status(), reply.body().length);
                OutputStream out = ex.getResponseBody();
                out.write(reply.body(), 0, reply.body().length / 2);
                out.flush();
                Thread.sleep(600_000); // until the double closes (its threads are interrupted)
                return;
            }
            if (reply.json()) {
                ex.getResponseHeaders().add("Content-Type",
                        "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;"
                                + "charset=utf-8");
            }
            boolean empty = reply.body() == null || reply.body().length == 0;
            ex.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
            if (!empty) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (Exception e) {
            try {
                ex.sendResponseHeaders(500, -1);
            } catch (IOException ignored) {
                // the client went away
            }
        } finally {
            ex.close();
        }
    }

    /** A request from outside: authentication, throttling, then the route. */
    private synchronized Reply top(String method, String rawPath, String rawQuery, String authorization,
            List<String> prefer, byte[] body) {
        if (!rawPath.startsWith("/v1.0/")) {
            return record(method, rawPath, rawQuery, false, prefer, false,
                    error(404, "BadRequest", "Resource not found for the segment '" + rawPath + "'."));
        }
        String path = rawPath.substring("/v1.0".length());
        boolean authorized = authorization != null && authorization.equals("Bearer " + token);
        if (!authorized) {
            // learn.microsoft.com/graph/errors: 401 Unauthorized, InvalidAuthenticationToken
            Reply r = error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
            r.headers().put("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\", "
                    + "error_description=\"The access token has expired\"");
            return record(method, path, rawQuery, false, prefer, false, r);
        }
        beforeAnswer.accept(path, rawQuery == null ? null : decode(rawQuery));
        Throttle t = take(throttles, path);
        if (t != null) {
            return record(method, path, rawQuery, true, prefer, false, throttled(t.seconds));
        }
        if (path.equals("/$batch") && method.equals("POST")) {
            return record(method, path, rawQuery, true, prefer, false, batch(body));
        }
        List<String> s = segments(path);
        if (budget != null && !method.equals("GET") && !method.equals("DELETE") && s.size() > 1) {
            long wait = budget.admit(s.get(1).toLowerCase(Locale.ROOT), body.length);
            if (wait > 0) {
                Reply r = error(429, "ApplicationThrottled", "Application is over its upload limit for this mailbox.");
                r.headers().put("Retry-After", Long.toString(wait));
                return record(method, path, rawQuery, true, prefer, false, r);
            }
        }
        return record(method, path, rawQuery, true, prefer, false, route(method, path, rawQuery, prefer, body));
    }

    private static Throttle take(List<Throttle> list, String path) {
        for (Throttle t : list) {
            if (t.left > 0 && t.which.test(path)) {
                t.left--;
                return t;
            }
        }
        return null;
    }

    /**
     * learn.microsoft.com/graph/throttling (and throttling-limits, "Outlook service limits"): 429 Too Many Requests with
     * a Retry-After header in seconds.
     */
    private static Reply throttled(int seconds) {
        Reply r = error(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
        r.headers().put("Retry-After", Integer.toString(seconds));
        return r;
    }

    private Reply record(String method, String path, String rawQuery, boolean authorized, List<String> prefer,
            boolean inBatch, Reply reply) {
        boolean immutable = prefer.stream().anyMatch(p -> p.contains("IdType=\"ImmutableId\""));
        seen.add(new Seen(method, path, rawQuery == null ? null : decode(rawQuery), authorized, immutable,
                List.copyOf(prefer), reply.status(), inBatch));
        return reply;
    }

    /**
     * learn.microsoft.com/graph/json-batching: {"requests":[{id, method, url, headers}]} of at most 20 → 200
     * {"responses":[{id, status, headers, body}]}, in any order (here: reversed); each inner request is evaluated on its
     * own, a throttled one answers 429 with its own Retry-After while the batch succeeds.
     */
    private Reply batch(byte[] body) {
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            return error(400, "BadRequest", "Invalid batch payload format.");
        }
        JsonNode requests = req.path("requests");
        if (!requests.isArray() || requests.size() == 0) {
            return error(400, "BadRequest", "Invalid batch payload format.");
        }
        if (requests.size() > 20) {
            return error(400, "BadRequest", "Number of requests in batch exceeds 20.");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode r : requests) {
            String url = r.path("url").asText();
            String method = r.path("method").asText("GET");
            List<String> prefer = new ArrayList<>();
            r.path("headers").properties().forEach(e -> {
                if (e.getKey().equalsIgnoreCase("Prefer")) {
                    prefer.add(e.getValue().asText());
                }
            });
            int q = url.indexOf('?');
            String path = q < 0 ? url : url.substring(0, q);
            String rawQuery = q < 0 ? null : url.substring(q + 1);
            if (path.startsWith("/v1.0/")) {
                path = path.substring("/v1.0".length());
            }
            Throttle t = take(batchThrottles, path);
            Reply inner = t != null ? throttled(t.seconds) : route(method, path, rawQuery, prefer, new byte[0]);
            record(method, path, rawQuery, true, prefer, true, inner);
            ObjectNode o = JSON.createObjectNode();
            o.put("id", r.path("id").asText());
            o.put("status", inner.status());
            ObjectNode headers = o.putObject("headers");
            inner.headers().forEach(headers::put);
            if (inner.body() != null && inner.body().length > 0) {
                if (inner.json()) {
                    headers.put("Content-Type", "application/json");
                    try {
                        o.set("body", JSON.readTree(inner.body()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                } else {
                    o.put("body", Base64.getEncoder().encodeToString(inner.body()));
                }
            }
            out.add(o);
        }
        Collections.reverse(out);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode responses = answer.putArray("responses");
        out.forEach(responses::add);
        return json(200, answer);
    }

    private Reply route(String method, String path, String rawQuery, List<String> prefer, byte[] body) {
        List<String> s = segments(path);
        Map<String, String> q = params(rawQuery);
        if (s.size() == 1 && s.get(0).equals("users") && method.equals("GET")) {
            return denied(USER_READ_ALL) ? usersDenied() : listUsers(path, q);
        }
        if (s.size() < 3 || !s.get(0).equals("users")) {
            return error(400, "BadRequest", "The double does not know " + method + " " + path);
        }
        User u = user(s.get(1));
        if (u == null) {
            return error(404, "ErrorInvalidUser", "The requested user '" + s.get(1) + "' is invalid.");
        }
        String rest = String.join("/", s.subList(2, s.size()));
        if (rest.equals("mailboxSettings") && method.equals("GET")) {
            return denied(MAILBOX_SETTINGS_READ) ? accessDenied() : mailboxSettings(u, q);
        }
        if (u.mailbox == null) {
            return error(404, "MailboxNotEnabledForRESTAPI",
                    "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
        }
        Reply kinds = pim.route(u.id, method, path, s.subList(2, s.size()), q, body, this::denied, this::link);
        if (kinds != null) {
            return kinds;
        }
        boolean delete = method.equals("DELETE");
        if (denied(method.equals("GET") ? MAIL_READ : MAIL_READ_WRITE)) {
            return accessDenied();
        }
        DoubleMailbox box = u.mailbox;
        String user = s.get(1);
        if (s.get(2).equals("mailFolders") && method.equals("POST")) {
            DoubleMailbox.Folder f = s.size() == 3 ? box.folders.get(box.rootId) : box.folder(s.get(3));
            if (f == null) {
                return itemNotFound();
            }
            if (s.size() == 3 || (s.size() == 5 && s.get(4).equals("childFolders"))) {
                return writes.createFolder(box, f, body);
            }
            if (s.size() == 5 && s.get(4).equals("messages")) {
                return writes.createMessage(box, f, body, requestLimit);
            }
        }
        if (s.get(2).equals("messages") && s.size() == 4 && method.equals("PATCH")) {
            DoubleMessage m = box.messages.get(s.get(3));
            return m == null ? itemNotFound() : writes.patch(m, body);
        }
        if (s.get(2).equals("mailFolders") && method.equals("GET")) {
            if (s.size() == 3) {
                return listFolders(path, q, box, box.rootId, user);
            }
            DoubleMailbox.Folder f = box.folder(s.get(3));
            if (f == null) {
                return itemNotFound();
            }
            if (s.size() == 4) {
                return getFolder(box, f, q, user);
            }
            if (s.size() == 5 && s.get(4).equals("childFolders")) {
                return listFolders(path, q, box, f.id, user);
            }
            if (s.size() == 5 && s.get(4).equals("messages")) {
                return listMessages(path, q, box, f);
            }
            if (s.size() == 6 && s.get(4).equals("messages") && s.get(5).equals("delta")) {
                return delta(path, q, prefer, box, f);
            }
        }
        if (s.get(2).equals("messages") && s.size() >= 4) {
            DoubleMessage m = box.messages.get(s.get(3));
            if (s.size() == 4 && method.equals("GET")) {
                return m == null ? itemNotFound() : getMessage(m, q);
            }
            if (s.size() == 5 && s.get(4).equals("$value") && method.equals("GET")) {
                if (m != null && stalling.remove(m.subject)) {
                    return new Reply(200, new LinkedHashMap<>(Map.of("Content-Type", "text/plain", STALL, "1")),
                            m.valueCopy(), false);
                }
                if (m != null && unconvertible.contains(m.subject)) {
                    // what Exchange answers for an item it cannot render as MIME (an opaque-signed or encrypted
                    // message), on every try: github.com/LogicLabs-OU/OpenArchiver/issues/487
                    return error(500, "ErrorMimeContentConversionFailed",
                            "Content conversion failed because the message is corrupt or cannot be converted.");
                }
                // learn.microsoft.com/graph/outlook-get-mime-message: the MIME content, as Exchange renders it
                return m == null ? itemNotFound() : new Reply(200, new LinkedHashMap<>(Map.of("Content-Type",
                        "text/plain")), m.valueCopy(), false);
            }
            if (s.size() == 4 && delete) {
                // learn.microsoft.com/graph/api/message-delete: 204 No Content
                if (m == null) {
                    return itemNotFound();
                }
                remove(user, m.id);
                return new Reply(204, new LinkedHashMap<>(), null, false);
            }
        }
        return error(400, "BadRequest", "The double does not know " + method + " " + path);
    }

    private boolean denied(String permission) {
        return denied.contains(permission);
    }

    /** learn.microsoft.com/graph/errors: 403 Forbidden from Exchange, ErrorAccessDenied. */
    private static Reply accessDenied() {
        return error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
    }

    /** learn.microsoft.com/graph/api/user-list: 403 from the directory without User.Read.All. */
    private static Reply usersDenied() {
        return error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }

    static Reply itemNotFound() {
        return error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
    }

    /**
     * learn.microsoft.com/graph/api/user-list: {"@odata.context", "value":[{id, displayName, mail,
     * userPrincipalName}], "@odata.nextLink"} ($top up to 999, next pages through $skiptoken).
     */
    private Reply listUsers(String path, Map<String, String> q) {
        int top = Math.min(pageCap, Math.min(999, intParam(q, "$top", 100)));
        int skip = q.containsKey("$skiptoken") ? Integer.parseInt(new String(Base64.getUrlDecoder()
                .decode(q.get("$skiptoken")), StandardCharsets.US_ASCII).substring("skip:".length())) : 0;
        List<User> all = new ArrayList<>(users.values());
        ObjectNode page = JSON.createObjectNode();
        page.put("@odata.context", base() + "/$metadata#users(" + q.getOrDefault("$select", "") + ")");
        ArrayNode value = page.putArray("value");
        Set<String> select = select(q);
        for (User u : all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + top))) {
            ObjectNode o = value.addObject();
            o.put("businessPhones", (String) null);
            o.put("displayName", u.displayName);
            o.put("givenName", (String) null);
            o.put("mail", u.mail);
            o.put("userPrincipalName", u.upn);
            o.put("id", u.id);
            if (select != null) {
                List<String> keep = new ArrayList<>(select);
                keep.add("id");
                o.retain(keep);
            }
        }
        if (skip + top < all.size()) {
            Map<String, String> next = new LinkedHashMap<>(q);
            next.remove("$skiptoken");
            next.put("$skiptoken", Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("skip:" + (skip + top)).getBytes(StandardCharsets.US_ASCII)));
            page.put("@odata.nextLink", link(path, next));
        }
        return json(200, page);
    }

    /** learn.microsoft.com/graph/api/user-get-mailboxsettings: {"@odata.context", "userPurpose": "shared"}. */
    private Reply mailboxSettings(User u, Map<String, String> q) {
        if (u.mailbox == null) {
            return error(404, "MailboxNotEnabledForRESTAPI",
                    "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("@odata.context", base() + "/$metadata#users('" + u.id + "')/mailboxSettings(userPurpose)");
        o.put("archiveFolder", u.mailbox.wellKnown.get("archive"));
        o.put("timeZone", "W. Europe Standard Time");
        o.put("userPurpose", u.purpose);
        Set<String> select = select(q);
        if (select != null) {
            List<String> keep = new ArrayList<>(select);
            keep.add("@odata.context");
            o.retain(keep);
        }
        return json(200, o);
    }

    /**
     * learn.microsoft.com/graph/api/user-list-mailfolders and mailfolder-list-childfolders: the direct children only,
     * hidden ones with includeHiddenFolders=true; {"value":[{id, displayName, parentFolderId, childFolderCount,
     * unreadItemCount, totalItemCount, sizeInBytes, isHidden}]}, default page 10, next pages through $skip.
     */
    private Reply listFolders(String path, Map<String, String> q, DoubleMailbox box, String parent, String user) {
        boolean hidden = "true".equalsIgnoreCase(q.get("includeHiddenFolders"));
        List<DoubleMailbox.Folder> all = box.children(parent, hidden);
        int top = Math.min(pageCap, Math.min(1000, intParam(q, "$top", 10)));
        int skip = intParam(q, "$skip", 0);
        ObjectNode page = JSON.createObjectNode();
        page.put("@odata.context", base() + "/$metadata#users('" + user + "')/mailFolders");
        ArrayNode value = page.putArray("value");
        for (DoubleMailbox.Folder f : all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + top))) {
            value.add(folderJson(box, f, select(q)));
        }
        if (skip + top < all.size()) {
            Map<String, String> next = new LinkedHashMap<>(q);
            next.put("$skip", Integer.toString(skip + top));
            page.put("@odata.nextLink", link(path, next));
        }
        return json(200, page);
    }

    /** learn.microsoft.com/graph/api/mailfolder-get: one folder, by id or well-known name. */
    private Reply getFolder(DoubleMailbox box, DoubleMailbox.Folder f, Map<String, String> q, String user) {
        ObjectNode o = folderJson(box, f, select(q));
        ObjectNode withContext = JSON.createObjectNode();
        withContext.put("@odata.context", base() + "/$metadata#users('" + user + "')/mailFolders/$entity");
        withContext.setAll(o);
        return json(200, withContext);
    }

    ObjectNode folderJson(DoubleMailbox box, DoubleMailbox.Folder f, Set<String> select) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", f.id);
        o.put("displayName", f.displayName);
        o.put("parentFolderId", f.parentId);
        o.put("childFolderCount", box.childCount(f.id));
        List<DoubleMessage> in = box.in(f.id);
        o.put("unreadItemCount", in.stream().filter(m -> !m.read).count());
        o.put("totalItemCount", in.size());
        o.put("sizeInBytes", in.stream().mapToLong(m -> m.value.length).sum());
        o.put("isHidden", f.hidden);
        if (select != null) {
            List<String> keep = new ArrayList<>(select);
            keep.add("id");
            o.retain(keep);
        }
        return o;
    }

    /**
     * learn.microsoft.com/graph/api/user-list-messages and learn.microsoft.com/graph/paging: newest first, $top
     * (default 10) with $skip next links, $select and $expand=singleValueExtendedProperties($filter=id eq '...')
     * (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get).
     */
    private Reply listMessages(String path, Map<String, String> q, DoubleMailbox box, DoubleMailbox.Folder f) {
        List<DoubleMessage> all = DoubleWrites.filter(box.in(f.id), q.get("$filter"));
        if (all == null) {
            return error(400, "ErrorInvalidUrlQueryFilter", "The filter expression is not supported.");
        }
        int top = Math.min(pageCap, Math.min(1000, intParam(q, "$top", 10)));
        int skip = intParam(q, "$skip", 0);
        ObjectNode page = JSON.createObjectNode();
        page.put("@odata.context", base() + "/$metadata#users('...')/mailFolders('" + f.id + "')/messages");
        ArrayNode value = page.putArray("value");
        for (DoubleMessage m : all.subList(Math.min(skip, all.size()), Math.min(all.size(), skip + top))) {
            value.add(m.json(this, select(q), expand(q)));
        }
        if (skip + top < all.size()) {
            Map<String, String> next = new LinkedHashMap<>(q);
            next.put("$skip", Integer.toString(skip + top));
            page.put("@odata.nextLink", link(path, next));
        }
        return json(200, page);
    }

    /** learn.microsoft.com/graph/api/message-get: one message with $select and $expand. */
    private Reply getMessage(DoubleMessage m, Map<String, String> q) {
        ObjectNode o = JSON.createObjectNode();
        o.put("@odata.context", base() + "/$metadata#users('...')/messages/$entity");
        o.setAll(m.json(this, select(q), expand(q)));
        return json(200, o);
    }

    private static List<String> expand(Map<String, String> q) {
        return PropertyIds.expanded(q.get("$expand"));
    }

    /**
     * learn.microsoft.com/graph/api/message-delta (and learn.microsoft.com/graph/delta-query-overview): per folder;
     * a first round lists every message (id only with $select=id), pages through {@code @odata.nextLink}
     * ($skiptoken) sized by {@code Prefer: odata.maxpagesize}, and ends with an {@code @odata.deltaLink}
     * ($deltatoken); following that lists what was added or changed since, and deletions as
     * {"id":..., "@removed":{"reason":"deleted"}}. A token of an earlier generation answers 410 Gone with
     * SyncStateNotFound (the client must start over).
     */
    private Reply delta(String path, Map<String, String> q, List<String> prefer, DoubleMailbox box,
            DoubleMailbox.Folder f) {
        long since;
        long upTo;
        int offset;
        if (q.containsKey("$skiptoken") || q.containsKey("$deltatoken")) {
            String[] t = new String(Base64.getUrlDecoder().decode(q.containsKey("$skiptoken") ? q.get("$skiptoken")
                    : q.get("$deltatoken")), StandardCharsets.US_ASCII).split("\\|");
            if (!t[0].equals(f.id)) {
                return error(400, "ErrorInvalidSyncStateData", "The sync state does not belong to this folder.");
            }
            if (Long.parseLong(t[1]) != generation) {
                return error(410, "SyncStateNotFound", "The sync state of the delta token has expired or is not "
                        + "found. Start a full synchronization without a delta token.");
            }
            since = Long.parseLong(t[2]);
            if (q.containsKey("$skiptoken")) {
                upTo = Long.parseLong(t[3]);
                offset = Integer.parseInt(t[4]);
            } else {
                upTo = seq;
                offset = 0;
            }
        } else {
            since = 0;
            upTo = seq;
            offset = 0;
        }
        record Entry(String id, long at, boolean removed) {
        }
        List<Entry> entries = new ArrayList<>();
        for (DoubleMessage m : box.messages.values()) {
            if (m.folderId.equals(f.id) && m.changed > since && m.changed <= upTo) {
                entries.add(new Entry(m.id, m.changed, false));
            }
        }
        if (since > 0) {
            f.tombstones.forEach((id, at) -> {
                if (at > since && at <= upTo) {
                    entries.add(new Entry(id, at, true));
                }
            });
        }
        entries.sort((a, b) -> Long.compare(a.at(), b.at()));
        int size = Math.min(pageCap, maxPageSize(prefer, 10));
        ObjectNode page = JSON.createObjectNode();
        page.put("@odata.context", base() + "/$metadata#Collection(message)");
        ArrayNode value = page.putArray("value");
        for (Entry e : entries.subList(Math.min(offset, entries.size()), Math.min(entries.size(), offset + size))) {
            ObjectNode o = value.addObject();
            o.put("@odata.type", "#microsoft.graph.message");
            if (e.removed()) {
                o.put("id", e.id());
                o.putObject("@removed").put("reason", "deleted");
            } else {
                o.put("@odata.etag", "W/\"CQAAABYAAAD" + e.at() + "\"");
                o.put("id", e.id());
            }
        }
        Map<String, String> next = new LinkedHashMap<>();
        if (offset + size < entries.size()) {
            next.put("$skiptoken", token(f.id + "|" + generation + "|" + since + "|" + upTo + "|" + (offset + size)));
            page.put("@odata.nextLink", link(path, next));
        } else {
            next.put("$deltatoken", token(f.id + "|" + generation + "|" + upTo));
            page.put("@odata.deltaLink", link(path, next));
        }
        Reply r = json(200, page);
        r.headers().put("Preference-Applied", "odata.maxpagesize=" + size);
        return r;
    }

    private static String token(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static int maxPageSize(List<String> prefer, int otherwise) {
        for (String header : prefer) {
            for (String p : header.split(",")) {
                String t = p.trim();
                if (t.toLowerCase(Locale.ROOT).startsWith("odata.maxpagesize=")) {
                    return Integer.parseInt(t.substring(t.indexOf('=') + 1).trim());
                }
            }
        }
        return otherwise;
    }

    // ---------------------------------------------------------------- helpers

    private String link(String path, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(linkBase != null ? linkBase : base().toString()).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(percentDecode(s));
            }
        }
        if (!out.isEmpty() && out.get(0).equals("v1.0")) {
            out.remove(0);
        }
        return out;
    }

    /** Path segments: %XX only ('+' is a plus there). */
    private static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> q = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return q;
        }
        for (String p : rawQuery.split("&")) {
            int eq = p.indexOf('=');
            String k = decode(eq < 0 ? p : p.substring(0, eq));
            String v = eq < 0 ? "" : decode(p.substring(eq + 1));
            q.put(k, v);
        }
        return q;
    }

    private static Set<String> select(Map<String, String> q) {
        String s = q.get("$select");
        if (s == null) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (String f : s.split(",")) {
            if (!f.isBlank()) {
                out.add(f.trim());
            }
        }
        return out;
    }

    private static int intParam(Map<String, String> q, String name, int otherwise) {
        String v = q.get(name);
        return v == null ? otherwise : Integer.parseInt(v);
    }

    static Reply json(int status, JsonNode body) {
        try {
            return new Reply(status, new LinkedHashMap<>(), JSON.writeValueAsBytes(body), true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** learn.microsoft.com/graph/errors: {"error":{"code", "message", "innerError":{date, request-id}}}. */
    static Reply error(int status, String code, String message) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode e = o.putObject("error");
        e.put("code", code);
        e.put("message", message);
        e.putObject("innerError").put("date", Instant.now().toString()).put("request-id",
                java.util.UUID.randomUUID().toString());
        return json(status, o);
    }
}
