package io.mailferry.service.connector.ews.doubles;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mailferry.service.engine.port.ItemState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A stateful on-premises Exchange on loopback that answers the EWS requests ews-java-api sends, in the request and
 * response shapes of Microsoft's EWS reference (learn.microsoft.com/exchange/client-developer/web-service-reference/):
 * GetFolder, FindFolder (Deep and Shallow traversal, IndexedPageFolderView paging; getfolder-operation,
 * findfolder-operation), CreateFolder (createfolder-operation, ErrorFolderExists), FindItem (IndexedPageItemView with
 * offset and IncludesLastItemInRange, SortOrder on DateTimeReceived, an IsEqualTo restriction; finditem-operation),
 * GetItem with MimeContent and extended properties (getitem-operation), SyncFolderItems with SyncState,
 * MaxChangesReturned, Create/Update/Delete/ReadFlagChange changes and ErrorInvalidSyncStateData once states are
 * expired (syncfolderitems-operation), CreateItem with MessageDisposition SaveOnly, MimeContent and extended
 * properties — a message stored without PR_MESSAGE_FLAGS is an unsent draft, and one larger than the server's limit
 * is refused with ErrorMessageSizeExceeded (createitem-operation, how-to-import-items-by-using-ews-in-exchange),
 * UpdateItem (updateitem-operation), DeleteItem (deleteitem-operation) and ResolveNames (at most 100 candidates,
 * IncludesLastItemInRange; resolvenames-operation). A service account signs in with HTTP Basic; it impersonates
 * mailboxes through ExchangeImpersonation/ConnectingSID/SmtpAddress (impersonation-and-ews-in-exchange), refused with
 * ErrorImpersonateUserDenied for the mailboxes {@link #denyImpersonation} names; throttling answers ErrorServerBusy
 * with BackOffMilliseconds (ews-throttling-in-exchange). Items are kept with an item class and a field map, so
 * calendar, contact and task items can be stored too ({@link #seedItem}). Every request is recorded. Thread-safe.
 */
public final class EwsDouble implements AutoCloseable {
    /** English names of a new mailbox's distinguished folders, as Exchange creates them. */
    public static final Map<String, String> ENGLISH = names("inbox", "Inbox", "sentitems", "Sent Items", "drafts",
            "Drafts", "deleteditems", "Deleted Items", "junkemail", "Junk Email", "outbox", "Outbox", "calendar",
            "Calendar", "contacts", "Contacts", "tasks", "Tasks");

    /** One request as the double saw it. */
    public record Seen(String operation, String impersonated, String anchorMailbox, String version, int status) {
    }

    /** A stored item, for assertions. */
    public record Stored(String id, String mailbox, List<String> folder, String itemClass, String messageId,
            String subject, boolean read, boolean draft, boolean flagged, Instant received, Instant sent,
            Set<String> categories, String stamp, byte[] mime, Map<String, String> fields) {
    }

    private static final class Throttle {
        int left;
        final long backOffMillis;
        final String operation;

        Throttle(int left, long backOffMillis, String operation) {
            this.left = left;
            this.backOffMillis = backOffMillis;
            this.operation = operation;
        }
    }

    static {
        System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
    }

    /** Holds requests of one operation after some have passed, until released: a pass stopped mid-way. */
    private static final class Gate {
        final String operation;
        final java.util.concurrent.atomic.AtomicInteger left;
        final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);

        Gate(String operation, int passes) {
            this.operation = operation;
            this.left = new java.util.concurrent.atomic.AtomicInteger(passes);
        }
    }

    private volatile Gate gate;
    private final HttpServer server;
    private volatile boolean compress;
    private final ExecutorService pool;
    final Map<String, DoubleMailbox> mailboxes = new LinkedHashMap<>();
    private final Set<String> denied = new HashSet<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Throttle> throttles = new ArrayList<>();
    private final String user;
    private final String password;
    private final DoubleItemOps items = new DoubleItemOps(this);
    private long ids;
    long seq;
    long generation = 1;
    int pageCap = 1000;
    long maxItemBytes = 64L * 1024 * 1024;
    /** Items whose MIME Exchange cannot produce (GetItem with MimeContent answers ErrorMimeContentConversionFailed). */
    final java.util.Set<String> unconvertible = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Instant clock = Instant.parse("2024-01-01T00:00:00Z");

    private final boolean https;

    /** An Exchange on plain HTTP whose service account is {@code user} with {@code password}. */
    public EwsDouble(String user, String password) {
        this(user, password, null);
    }

    /** As above, on HTTPS with {@code tls} (its certificate issued for 127.0.0.1) when not null. */
    public EwsDouble(String user, String password, javax.net.ssl.SSLContext tls) {
        this.user = user;
        this.password = password;
        this.https = tls != null;
        try {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                server = HttpServer.create(loopback, 0);
            } else {
                com.sun.net.httpserver.HttpsServer s = com.sun.net.httpserver.HttpsServer.create(loopback, 0);
                s.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = s;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the EWS double", e);
        }
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ews-double");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/EWS/Exchange.asmx", this::handle);
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

    /** The EWS URL of this double. */
    public URI url() {
        return URI.create((https ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort()
                + "/EWS/Exchange.asmx");
    }

    /** A mailbox whose distinguished folders carry {@code names} (distinguished id to display name). */
    public synchronized void addMailbox(String address, String displayName, Map<String, String> names) {
        DoubleMailbox box = new DoubleMailbox(address, displayName);
        String root = newId("F");
        box.folders.put(root, new DoubleMailbox.Folder(root, null, "Top of Information Store", "IPF.Note",
                "msgfolderroot"));
        names.forEach((distinguished, name) -> {
            String id = newId("F");
            String cls = switch (distinguished) {
                case "calendar" -> "IPF.Appointment";
                case "contacts" -> "IPF.Contact";
                case "tasks" -> "IPF.Task";
                default -> "IPF.Note";
            };
            box.folders.put(id, new DoubleMailbox.Folder(id, root, name, cls, distinguished));
        });
        mailboxes.put(address.toLowerCase(Locale.ROOT), box);
    }

    public void addMailbox(String address, String displayName) {
        addMailbox(address, displayName, ENGLISH);
    }

    /** Creates the folders of {@code path} that are missing, as mail folders. Returns the last one's id. */
    public String createFolder(String mailbox, List<String> path) {
        return createFolder(mailbox, path, "IPF.Note");
    }

    /** As {@link #createFolder(String, List)} with the given folder class for the last segment. */
    public synchronized String createFolder(String mailbox, List<String> path, String folderClass) {
        DoubleMailbox box = box(mailbox);
        DoubleMailbox.Folder at = box.root();
        for (int i = 0; i < path.size(); i++) {
            DoubleMailbox.Folder next = box.at(path.subList(0, i + 1));
            if (next == null) {
                String id = newId("F");
                next = new DoubleMailbox.Folder(id, at.id, path.get(i), i == path.size() - 1 ? folderClass
                        : "IPF.Note", null);
                box.folders.put(id, next);
            }
            at = next;
        }
        return at.id;
    }

    /** The id of the folder at {@code path}. */
    public synchronized String folderId(String mailbox, List<String> path) {
        DoubleMailbox.Folder f = box(mailbox).at(path);
        return f == null ? null : f.id;
    }

    /** Stores a message (delivered mail: not a draft) with the given state and received time (null: now). */
    public synchronized String seed(String mailbox, List<String> path, byte[] mime, ItemState state,
            Instant received) {
        DoubleMailbox box = box(mailbox);
        DoubleMailbox.Folder f = box.at(path);
        if (f == null) {
            throw new IllegalArgumentException("no folder " + path);
        }
        DoubleItem item = new DoubleItem(newId("I"), f.id, "IPM.Note", mime);
        item.put(DoubleItem.FLAGS, "Integer", Long.toString((state.read() ? 1 : 0) | (state.draft() ? 8 : 0)));
        item.put(DoubleItem.DELIVERY, "SystemTime", Soap.time(received != null ? received : tick()));
        if (state.flagged()) {
            item.put(DoubleItem.tag(0x1090), "Integer", "2");
        }
        int verb = state.forwarded() ? 104 : state.answered() ? 102 : 0;
        if (verb != 0) {
            item.put(DoubleItem.tag(0x1081), "Integer", Integer.toString(verb));
        }
        item.categories.addAll(state.keywords());
        return store(box, item);
    }

    /**
     * Stores an item of any class with its fields by EWS element name (a calendar item's "Start", "End",
     * "Location" ...), as another client would.
     */
    public synchronized String seedItem(String mailbox, List<String> path, String itemClass,
            Map<String, String> fields) {
        DoubleMailbox box = box(mailbox);
        DoubleItem item = new DoubleItem(newId("I"), box.at(path).id, itemClass, null);
        item.fields.putAll(fields);
        item.put(DoubleItem.FLAGS, "Integer", "1");
        item.put(DoubleItem.DELIVERY, "SystemTime", Soap.time(tick()));
        return store(box, item);
    }

    /**
     * As {@link #seedItem(String, List, String, Map)} with nested parts too, each the XML of one element by its name
     * in the shape of Microsoft's GetItem responses ("RequiredAttendees", "Recurrence", "PhoneNumbers", "Body" ...).
     */
    public synchronized String seedItem(String mailbox, List<String> path, String itemClass,
            Map<String, String> fields, Map<String, String> parts) {
        String id = seedItem(mailbox, path, itemClass, fields);
        box(mailbox).items.get(id).parts.putAll(parts);
        return id;
    }

    String store(DoubleMailbox box, DoubleItem item) {
        item.created = ++seq;
        item.changed = item.created;
        item.changeKey = "CK" + item.changed;
        box.items.put(item.id, item);
        return item.id;
    }

    /** Marks the message with {@code messageId} read, as the user's client would. */
    public synchronized void markRead(String mailbox, String messageId) {
        for (DoubleItem i : box(mailbox).items.values()) {
            if (messageId.equals(i.fields.get("InternetMessageId"))) {
                i.read(true);
                touch(i, true);
            }
        }
    }

    /** Deletes the item as the user would. */
    public synchronized void delete(String mailbox, String id) {
        DoubleMailbox box = box(mailbox);
        DoubleItem i = box.items.remove(id);
        if (i != null) {
            box.deleted.add(new DoubleMailbox.Tombstone(i.id, i.folderId, i.created, ++seq));
        }
    }

    void touch(DoubleItem i, boolean readOnly) {
        boolean onlyReadSoFar = i.changed == i.created || i.readOnlyChange;
        i.changed = ++seq;
        i.changeKey = "CK" + i.changed;
        i.readOnlyChange = readOnly && onlyReadSoFar;
    }

    /** Every sync state handed out so far becomes invalid (ErrorInvalidSyncStateData). */
    public synchronized void expireSyncStates() {
        generation++;
    }

    /** Impersonating {@code mailbox} is refused with ErrorImpersonateUserDenied. */
    public synchronized void denyImpersonation(String mailbox) {
        denied.add(mailbox.toLowerCase(Locale.ROOT));
    }

    /** The next {@code count} requests of {@code operation} (null: any) answer ErrorServerBusy. */
    public synchronized void throttle(int count, long backOffMillis, String operation) {
        throttles.add(new Throttle(count, backOffMillis, operation));
    }

    /** Listings answer at most this many entries per page, whatever is asked. */
    public synchronized void pageCap(int cap) {
        pageCap = cap;
    }

    /** Messages larger than this are refused with ErrorMessageSizeExceeded. */
    /** From now on, answers are gzip-compressed for clients that accept it ({@code on}), or never. */
    public void compressAnswers(boolean on) {
        compress = on;
    }

    /**
     * From now on Exchange cannot turn item {@code id} into MIME: GetItem asking for its MimeContent answers the item's
     * ErrorMimeContentConversionFailed (learn.microsoft.com/exchange/client-developer/web-service-reference/
     * responsecode), as for a message whose stored content is damaged.
     */
    public void unconvertible(String id) {
        unconvertible.add(id);
    }

    public synchronized void maxItemBytes(long bytes) {
        maxItemBytes = bytes;
    }

    /** After {@code passes} more requests of {@code operation}, the next ones wait until {@link #release}. */
    public void holdAfter(String operation, int passes) {
        gate = new Gate(operation, passes);
    }

    /** True once a request is being held (waits at most {@code seconds}). */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        Gate g = gate;
        return g != null && g.held.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Lets held requests go on and holds nothing more. */
    public void release() {
        Gate g = gate;
        gate = null;
        if (g != null) {
            g.open.countDown();
        }
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Every item of the mailbox, for assertions. */
    public synchronized List<Stored> items(String mailbox) {
        DoubleMailbox box = box(mailbox);
        List<Stored> out = new ArrayList<>();
        for (DoubleItem i : box.items.values()) {
            out.add(new Stored(i.id, box.address, path(box, i.folderId), i.itemClass,
                    i.fields.get("InternetMessageId"), i.fields.get("Subject"), i.read(), i.draft(),
                    "2".equals(i.value(DoubleItem.tag(0x1090))), i.received(), i.sent(), Set.copyOf(i.categories),
                    i.value(DoubleItem.named(DoubleItemOps.STAMP_SET, "MailferryStamp")), i.mime,
                    Map.copyOf(i.fields)));
        }
        return out;
    }

    /** The nested parts of a stored item as XML by element name, for assertions. */
    public synchronized Map<String, String> parts(String mailbox, String id) {
        return Map.copyOf(box(mailbox).items.get(id).parts);
    }

    /** How a calendar item's CreateItem asked Exchange to send invitations (SendToNone ...), null when not created so. */
    public synchronized String invitations(String mailbox, String id) {
        return box(mailbox).items.get(id).invitations;
    }

    List<String> path(DoubleMailbox box, String folderId) {
        List<String> p = new ArrayList<>();
        for (DoubleMailbox.Folder f = box.folders.get(folderId); f != null && !"msgfolderroot".equals(
                f.distinguished); f = f.parentId == null ? null : box.folders.get(f.parentId)) {
            p.add(0, "inbox".equals(f.distinguished) ? "INBOX" : f.name);
        }
        return p;
    }

    DoubleMailbox box(String address) {
        DoubleMailbox b = mailboxes.get(address.toLowerCase(Locale.ROOT));
        if (b == null) {
            throw new IllegalArgumentException("no mailbox " + address);
        }
        return b;
    }

    String newId(String kind) {
        return "AAMk" + kind + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("mf-double-" + (++ids)).getBytes(StandardCharsets.US_ASCII));
    }

    Instant tick() {
        clock = clock.plusSeconds(60);
        return clock;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---------------------------------------------------------------- requests

    /** What one request is about: its body element, the mailbox it acts for. */
    record Request(Element operation, String impersonated, DoubleMailbox mailbox) {
    }

    /**
     * Answers one request; the request is recorded in {@link #seen} before its answer goes out, so a client that got
     * its answer finds it there.
     */
    private void handle(HttpExchange ex) throws IOException {
        String anchor = ex.getRequestHeaders().getFirst("X-AnchorMailbox");
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (!authorized(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mail.contoso.example\"");
                ex.getRequestBody().readAllBytes();
                seen.add(new Seen("?", null, anchor, null, 401));
                ex.sendResponseHeaders(401, -1);
                return;
            }
            Document doc;
            try {
                doc = Soap.parse(ex.getRequestBody());
            } catch (Exception e) {
                seen.add(new Seen("?", null, anchor, null, 400));
                reply(ex, 400, "text/plain", "not XML");
                return;
            }
            Element envelope = doc.getDocumentElement();
            Element header = Soap.child(envelope, "Header");
            Element op = Soap.child(Soap.child(envelope, "Body"), null);
            String operation = op.getLocalName();
            String impersonated = Soap.text(Soap.path(header, "ExchangeImpersonation", "ConnectingSID", "SmtpAddress"));
            Element v = Soap.child(header, "RequestServerVersion");
            String version = v == null ? null : v.getAttribute("Version");
            Gate g = gate;
            if (g != null && g.operation.equals(operation) && g.left.getAndDecrement() <= 0) {
                g.held.countDown();
                try {
                    g.open.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    seen.add(new Seen(operation, impersonated, anchor, version, 200));
                    return;
                }
            }
            String[] answer;
            synchronized (this) {
                answer = answer(op, impersonated);
            }
            int status = Integer.parseInt(answer[0]);
            seen.add(new Seen(operation, impersonated, anchor, version, status));
            reply(ex, status, "text/xml; charset=utf-8", answer[1]);
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        return pair.equals(user + ":" + password);
    }

    /**
     * Answers gzip-compressed when the client accepts it (as IIS does with dynamic compression on), once
     * {@link #compressAnswers} asked for it.
     */
    private void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        String accepts = ex.getRequestHeaders().getFirst("Accept-Encoding");
        if (compress && accepts != null && accepts.contains("gzip")) {
            java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
                gz.write(bytes);
            }
            bytes = zipped.toByteArray();
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Status and body for one request. */
    private String[] answer(Element op, String impersonated) {
        String name = op.getLocalName();
        for (Throttle t : throttles) {
            if (t.left > 0 && (t.operation == null || t.operation.equals(name))) {
                t.left--;
                return new String[] {"500", Soap.fault("ErrorServerBusy", "The server cannot service this request"
                        + " right now. Try again later.", Map.of("BackOffMilliseconds",
                        Long.toString(t.backOffMillis)))};
            }
        }
        DoubleMailbox box = null;
        if (impersonated != null) {
            box = mailboxes.get(impersonated.toLowerCase(Locale.ROOT));
            if (box == null) {
                return new String[] {"500", Soap.fault("ErrorNonExistentMailbox", "The SMTP address has no mailbox"
                        + " associated with it.", null)};
            }
            if (denied.contains(impersonated.toLowerCase(Locale.ROOT))) {
                return new String[] {"500", Soap.fault("ErrorImpersonateUserDenied", "The account does not have"
                        + " permission to impersonate the requested user.", null)};
            }
        }
        Request r = new Request(op, impersonated, box);
        String xml = switch (name) {
            case "GetFolder" -> DoubleFolderOps.getFolder(this, r);
            case "FindFolder" -> DoubleFolderOps.findFolder(this, r);
            case "CreateFolder" -> DoubleFolderOps.createFolder(this, r);
            case "ResolveNames" -> DoubleFolderOps.resolveNames(this, r);
            case "FindItem" -> items.findItem(r);
            case "GetItem" -> items.getItem(r);
            case "SyncFolderItems" -> items.syncFolderItems(r);
            case "CreateItem" -> items.createItem(r);
            case "UpdateItem" -> items.updateItem(r);
            case "DeleteItem" -> items.deleteItem(r);
            default -> null;
        };
        if (xml == null) {
            return new String[] {"500", Soap.fault("ErrorInvalidRequest", "The double does not know " + name + ".",
                    null)};
        }
        return new String[] {"200", xml};
    }

    /** The folder a FolderId or DistinguishedFolderId element names, with its mailbox; null when there is none. */
    Object[] folder(Element id, Request r) {
        if (id == null) {
            return null;
        }
        if ("DistinguishedFolderId".equals(id.getLocalName())) {
            String address = Soap.text(Soap.path(id, "Mailbox", "EmailAddress"));
            DoubleMailbox box = address != null ? mailboxes.get(address.toLowerCase(Locale.ROOT)) : r.mailbox();
            if (box == null) {
                return null;
            }
            DoubleMailbox.Folder f = box.distinguished(id.getAttribute("Id"));
            return f == null ? null : new Object[] {box, f};
        }
        String fid = id.getAttribute("Id");
        for (DoubleMailbox box : mailboxes.values()) {
            DoubleMailbox.Folder f = box.folders.get(fid);
            if (f != null) {
                return new Object[] {box, f};
            }
        }
        return null;
    }
}
