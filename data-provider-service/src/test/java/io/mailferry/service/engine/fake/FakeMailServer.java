package io.mailferry.service.engine.fake;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ContentHash;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One in-memory mailbox on a pretend IMAP server: folders with UIDVALIDITY/UIDNEXT (and, when switched on, CONDSTORE
 * mod-sequences), special-use types, optional case-insensitive names, per-call latency (watched by an optional
 * {@link CallMeter}), and a {@link Hook} through which tests inject failures (throttle, dropped connection, refused
 * login) or crashes (an {@link Error}) at any named point. It speaks the engine's ports the way the IMAP connector
 * does: an item's id is "UIDVALIDITY:UID" and its order the UID, a folder's id its path joined by "/" and its handle
 * its full name, epoch = UIDVALIDITY, change token "UIDVALIDITY:UIDNEXT:HIGHESTMODSEQ" (CONDSTORE only), write mark
 * "UIDVALIDITY:UIDNEXT". Messages keep IMAP flags; {@link FakeFlags} converts. Thread-safe.
 */
public final class FakeMailServer {
    /**
     * Called at each named point; may throw a MailboxException (a failure) or an Error (a crash). Points: "open";
     * "folders", "state", "list" (both sides); "listStates" (both sides: ids, sizes and flags only); "changes", "fetch", "delete" (source); "ensureFolder", "appendBatch",
     * "append", "appended", "setState", "delete" and, while reconciling interrupted writes, "state", "listFrom" and
     * one "hash" per message hashed (target). The folder is its "/"-joined path, null where there is none.
     */
    @FunctionalInterface
    public interface Hook {
        void on(String point, String folder) throws MailboxException;
    }

    /** A stored message. */
    public record Stored(long uid, byte[] bytes, Set<String> flags, Instant internalDate) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    static final class Folder {
        final List<String> path;
        final FolderType type;
        final boolean selectable;
        long uidValidity;
        long uidNext = 1;
        final TreeMap<Long, Stored> messages = new TreeMap<>();
        /** CONDSTORE: the folder's HIGHESTMODSEQ and each message's mod-sequence. */
        long highestModSeq = 1;
        final Map<Long, Long> modSeqs = new java.util.HashMap<>();

        void put(Stored s) {
            messages.put(s.uid(), s);
            modSeqs.put(s.uid(), ++highestModSeq);
        }

        Folder(List<String> path, FolderType type, boolean selectable, long uidValidity) {
            this.path = List.copyOf(path);
            this.type = type;
            this.selectable = selectable;
            this.uidValidity = uidValidity;
        }

        MailFolder view() {
            return new MailFolder(String.join("/", path), String.join(".", path), path, '.', type, selectable);
        }
    }

    private static final AtomicLong VALIDITY = new AtomicLong(1000);

    private final String side;
    private final Map<String, Folder> folders = new LinkedHashMap<>();
    private final boolean caseSensitive;
    private volatile Hook hook = (p, f) -> { };
    private volatile long latencyMillis;
    private volatile boolean unmeasured;
    private volatile boolean uncounted;
    private volatile int sessionsPerMailbox = Integer.MAX_VALUE;
    private volatile CallMeter meter;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong opens = new AtomicLong();
    private volatile String refuseLogin;
    private volatile java.util.function.Predicate<String> reject = m -> false;
    private volatile boolean uidPlus = true;
    private volatile boolean condstore;
    private volatile boolean rebuilding;
    private volatile boolean emptyFirstPage;
    private volatile boolean batchedWrites;
    private volatile boolean statesApart = true;
    private volatile boolean undescribed;
    private volatile int dropWritesAbove = Integer.MAX_VALUE;
    private final Set<String> unreadable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FakeMailServer(String side, boolean caseSensitive) {
        this.side = side;
        this.caseSensitive = caseSensitive;
        addFolder(FolderType.INBOX, "INBOX");
    }

    /**
     * A hook point as a listing: verification lists a folder by ids, sizes and states first ("listStates"), which
     * counts as the folder's listing ("list") — a second listing of it would be one too many.
     */
    public static String asListing(String point) {
        return point.equals("listStates") ? "list" : point;
    }

    public static FakeMailServer source() {
        return new FakeMailServer("Source", true);
    }

    public static FakeMailServer target() {
        return new FakeMailServer("Target", false);
    }

    public String side() {
        return side;
    }

    public boolean caseSensitive() {
        return caseSensitive;
    }

    public FakeMailServer hook(Hook h) {
        this.hook = h;
        return this;
    }

    /** How many sessions its access says it lets be open at once ({@code MailboxAccess#sessionsPerMailbox}). */
    public FakeMailServer sessionsPerMailbox(int n) {
        this.sessionsPerMailbox = n;
        return this;
    }

    public int sessionsPerMailbox() {
        return sessionsPerMailbox;
    }

    /** Its sessions cannot time a round trip ({@code roundTrip} answers -1, as Graph's and EWS's do). */
    public FakeMailServer unmeasured() {
        this.unmeasured = true;
        return this;
    }

    boolean measured() {
        return !unmeasured;
    }

    /** Its folder states carry no message count (-1, as Graph's calendar, contact and task folders do). */
    public FakeMailServer uncounted() {
        this.uncounted = true;
        return this;
    }

    public FakeMailServer latency(long millis) {
        this.latencyMillis = millis;
        return this;
    }

    /** Reports every call with latency to {@code m} while it is in progress. */
    public FakeMailServer meter(CallMeter m) {
        this.meter = m;
        return this;
    }

    /** Every later login fails with FATAL and this reason. */
    public FakeMailServer refuseLogin(String reason) {
        this.refuseLogin = reason;
        return this;
    }

    /** The target refuses messages whose text matches. */
    public FakeMailServer reject(java.util.function.Predicate<String> test) {
        this.reject = test;
        return this;
    }

    /** False: writes report no target id (no APPENDUID). */
    public FakeMailServer uidPlus(boolean on) {
        this.uidPlus = on;
        return this;
    }

    /** True: folder states carry a change token and {@code changes} answers (CONDSTORE); off by default. */
    public FakeMailServer condstore(boolean on) {
        this.condstore = on;
        return this;
    }

    /**
     * True: a listing from the start first answers a page without items that carries a cursor, as a Graph delta
     * query may; the next page goes on from the start.
     */
    public FakeMailServer emptyFirstPage(boolean on) {
        this.emptyFirstPage = on;
        return this;
    }

    /** As a target, say that a batch is written in one exchange (as IMAP does); else item by item. */
    public FakeMailServer batchedWrites(boolean on) {
        this.batchedWrites = on;
        return this;
    }

    /**
     * As a target, drop the connection on every write of more than {@code items} items before storing any of them (an
     * atomic MULTIAPPEND through a link that cannot carry more between two drops).
     */
    public FakeMailServer dropWritesAbove(int items) {
        this.dropWritesAbove = items;
        return this;
    }

    int dropWritesAbove() {
        return dropWritesAbove;
    }

    boolean batchedWrites() {
        return batchedWrites;
    }

    /**
     * List ids, sizes and flags apart from the header fields (as IMAP does, a "listStates" call; the default), or only
     * in full.
     */
    public FakeMailServer statesApart(boolean on) {
        this.statesApart = on;
        return this;
    }

    boolean statesApart() {
        return statesApart;
    }

    /**
     * Lists a copy's pages undescribed, as IMAP does ({@code listUndescribed}: a "listUndescribed" call), its bodies
     * describing the items except those over 1 MB (a "describe" call tells those, as IMAP's large bodies); off by
     * default, where the copy's pages are listed in full.
     */
    public FakeMailServer undescribedListings(boolean on) {
        this.undescribed = on;
        return this;
    }

    boolean undescribedListings() {
        return undescribed;
    }

    /** The item {@code uid} names as the full listing gives it, or null when it is gone. */
    synchronized ItemRef item(MailFolder folder, long uid) throws MailboxException {
        Folder f = require(folder);
        Stored s = f.messages.get(uid);
        return s == null ? null : ref(f, s);
    }

    boolean emptyFirstPage() {
        return emptyFirstPage;
    }

    boolean condstore() {
        return condstore;
    }

    /**
     * True: the server says it does not keep items byte for byte (as Exchange Online's IMAP, which rebuilds them), so
     * verification compares Message-ID, subject and Date instead of sizes; it still stores what it is sent.
     */
    public FakeMailServer rebuilding(boolean on) {
        this.rebuilding = on;
        return this;
    }

    boolean rebuilding() {
        return rebuilding;
    }

    /** Replaces a message's flags, as a user's client would (a new mod-sequence, as CONDSTORE requires). */
    public synchronized void setFlags(String folder, long uid, String... flags) {
        Folder f = require(folder);
        Stored s = f.messages.get(uid);
        f.put(new Stored(uid, s.bytes(), Set.of(flags), s.internalDate()));
    }

    /** The source cannot deliver this message's body (ITEM error). */
    public FakeMailServer unreadable(String folder, long uid) {
        unreadable.add(folder + "/" + uid);
        return this;
    }

    boolean rejects(String message) {
        return reject.test(message);
    }

    boolean uidPlus() {
        return uidPlus;
    }

    boolean unreadable(MailFolder folder, long uid) {
        return unreadable.contains(folder.displayPath() + "/" + uid);
    }

    /** The folder's current UIDVALIDITY (the epoch of its item ids). */
    public synchronized long uidValidity(String folder) {
        return require(folder).uidValidity;
    }

    /** The engine's id of a message: "UIDVALIDITY:UID". */
    public synchronized String id(String folder, long uid) {
        return require(folder).uidValidity + ":" + uid;
    }

    public long calls() {
        return calls.get();
    }

    public long opens() {
        return opens.get();
    }

    void opened() throws MailboxException {
        opens.incrementAndGet();
        if (refuseLogin != null) {
            throw new MailboxException(MailboxException.Kind.FATAL, side + " refused the login: " + refuseLogin);
        }
        point("open", null);
    }

    // ---- set-up and inspection (tests) ----

    public synchronized FakeMailServer addFolder(FolderType type, String... path) {
        return addFolder(type, true, path);
    }

    public synchronized FakeMailServer addFolder(FolderType type, boolean selectable, String... path) {
        folders.put(key(List.of(path)), new Folder(List.of(path), type, selectable, VALIDITY.incrementAndGet()));
        return this;
    }

    public synchronized FakeMailServer addFolder(String... path) {
        return addFolder(FolderType.OTHER, path);
    }

    /** Adds a message and returns its UID. */
    public synchronized long add(String folder, byte[] bytes, Instant internalDate, String... flags) {
        Folder f = require(folder);
        long uid = f.uidNext++;
        f.put(new Stored(uid, bytes.clone(), Set.of(flags), internalDate));
        return uid;
    }

    /** Adds a message to the folder at {@code path} (segments, which may hold "/") and returns its UID. */
    public synchronized long add(List<String> path, byte[] bytes, Instant internalDate, Set<String> flags) {
        Folder f = folders.get(key(path));
        if (f == null) {
            throw new IllegalArgumentException("no folder " + path);
        }
        long uid = f.uidNext++;
        f.put(new Stored(uid, bytes.clone(), Set.copyOf(flags), internalDate));
        return uid;
    }

    public long add(String folder, String message) {
        return add(folder, message.getBytes(StandardCharsets.UTF_8), Instant.parse("2024-01-01T00:00:00Z"));
    }

    public synchronized List<Stored> messages(String folder) {
        Folder f = folders.get(key(List.of(folder.split("/"))));
        return f == null ? List.of() : List.copyOf(f.messages.values());
    }

    /** True when the folder at {@code path} (segments) exists (case-insensitively on a case-insensitive server). */
    public synchronized boolean folderExists(List<String> path) {
        return folders.containsKey(key(path));
    }

    /** The messages of the folder at {@code path} (segments, which may hold "/"), in UID order. */
    public synchronized List<Stored> messages(List<String> path) {
        Folder f = folders.get(key(path));
        return f == null ? List.of() : List.copyOf(f.messages.values());
    }

    /** Replaces a message's flags in the folder at {@code path}, as a user's client would. */
    public synchronized void setFlags(List<String> path, long uid, Set<String> flags) {
        Folder f = folders.get(key(path));
        Stored s = f == null ? null : f.messages.get(uid);
        if (s == null) {
            throw new IllegalArgumentException("no message " + uid + " in " + path);
        }
        f.put(new Stored(uid, s.bytes(), Set.copyOf(flags), s.internalDate()));
    }

    public synchronized List<String> folderPaths() {
        return folders.values().stream().map(f -> String.join("/", f.path)).toList();
    }

    public synchronized void removeMessage(String folder, long uid) {
        Folder f = require(folder);
        f.messages.remove(uid);
        f.highestModSeq++;
    }

    /** Renumbers a folder (new UIDVALIDITY, messages get new UIDs), as a server does after a rebuild. */
    public synchronized void renumber(String folder) {
        Folder f = require(folder);
        List<Stored> old = List.copyOf(f.messages.values());
        f.messages.clear();
        f.uidValidity = VALIDITY.incrementAndGet();
        f.uidNext = 1;
        for (Stored s : old) {
            long uid = f.uidNext++;
            f.put(new Stored(uid, s.bytes(), s.flags(), s.internalDate()));
        }
    }

    // ---- protocol side, used by the fake sessions ----

    void point(String point, String folder) throws MailboxException {
        calls.incrementAndGet();
        if (latencyMillis > 0 && !point.equals("appended")) { // "appended" is a hook point, not a round trip
            CallMeter m = meter;
            String call = side + " " + point;
            if (m != null) {
                m.enter(call);
            }
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (m != null) {
                    m.exit(call);
                }
            }
        }
        hook.on(point, folder);
    }

    synchronized List<MailFolder> listFolders() {
        return folders.values().stream().map(Folder::view).toList();
    }

    synchronized MailFolder ensure(List<String> path) {
        for (int n = 1; n <= path.size(); n++) {
            List<String> p = path.subList(0, n);
            folders.computeIfAbsent(key(p), k -> new Folder(p, FolderType.OTHER, true, VALIDITY.incrementAndGet()));
        }
        return folders.get(key(path)).view();
    }

    synchronized FolderState state(MailFolder folder) throws MailboxException {
        Folder f = require(folder);
        String token = condstore ? f.uidValidity + ":" + f.uidNext + ":" + f.highestModSeq : null;
        long bytes = f.messages.values().stream().mapToLong(m -> m.bytes().length).sum(); // like STATUS SIZE
        return new FolderState(String.valueOf(f.uidValidity), token, uncounted ? -1 : f.messages.size(), bytes,
                f.uidValidity + ":" + f.uidNext);
    }

    synchronized List<ItemRef> list(MailFolder folder, long afterUid, int limit) throws MailboxException {
        Folder f = require(folder);
        List<ItemRef> items = new ArrayList<>();
        for (Stored s : f.messages.tailMap(afterUid, false).values()) {
            if (items.size() == limit) {
                break;
            }
            items.add(ref(f, s));
        }
        return items;
    }

    /** Every message with UID >= minUid, ascending (what reconciliation looks at). */
    synchronized List<ItemRef> listFrom(MailFolder folder, long minUid) throws MailboxException {
        Folder f = require(folder);
        return f.messages.tailMap(minUid, true).values().stream().map(s -> ref(f, s)).toList();
    }

    /** The message {@code id} names, or null when it is gone or the id belongs to another UIDVALIDITY. */
    synchronized Stored get(MailFolder folder, String id) throws MailboxException {
        Folder f = require(folder);
        long uid = uid(id, f.uidValidity);
        return uid == 0 ? null : f.messages.get(uid);
    }

    synchronized Stored get(MailFolder folder, long uid) throws MailboxException {
        return require(folder).messages.get(uid);
    }

    /** Stores a message; returns its id "UIDVALIDITY:UID". */
    synchronized String store(MailFolder folder, byte[] bytes, Set<String> flags, Instant internalDate)
            throws MailboxException {
        Folder f = require(folder);
        long uid = f.uidNext++;
        f.put(new Stored(uid, bytes, Set.copyOf(flags), internalDate));
        return f.uidValidity + ":" + uid;
    }

    /** Removes the messages {@code ids} names; ids of another UIDVALIDITY name nothing any more. */
    synchronized void delete(MailFolder folder, List<String> ids) throws MailboxException {
        Folder f = require(folder);
        for (String id : ids) {
            long uid = uid(id, f.uidValidity);
            if (uid > 0) {
                f.messages.remove(uid);
            }
        }
        f.highestModSeq++;
    }

    synchronized void setFlags(MailFolder folder, Set<String> flags, List<String> ids) throws MailboxException {
        Folder f = require(folder);
        for (String id : ids) {
            long uid = uid(id, f.uidValidity);
            Stored s = uid == 0 ? null : f.messages.get(uid);
            if (s != null) {
                f.put(new Stored(uid, s.bytes(), Set.copyOf(flags), s.internalDate()));
            }
        }
    }

    /**
     * What changed since a change token (CONDSTORE's UID FETCH ... CHANGEDSINCE): the messages whose mod-sequence is
     * above the token's, as full listings. UNKNOWN without CONDSTORE; EXPIRED for a token of another UIDVALIDITY or one
     * that is no token of this server.
     */
    synchronized Changes changes(MailFolder folder, String token) throws MailboxException {
        if (!condstore) {
            return Changes.UNKNOWN;
        }
        Folder f = require(folder);
        long[] t = numbers(token);
        if (t == null || t.length != 3 || t[2] <= 0 || t[0] != f.uidValidity) {
            return Changes.EXPIRED;
        }
        List<ItemRef> changed = new ArrayList<>();
        for (Stored s : f.messages.values()) {
            if (f.modSeqs.getOrDefault(s.uid(), 0L) > t[2]) {
                changed.add(ref(f, s));
            }
        }
        return Changes.of(changed, null);
    }

    /** "V:N" or "V:N:M": the numbers, or null when {@code id} is not of this form. */
    static long[] numbers(String id) {
        if (id == null) {
            return null;
        }
        String[] parts = id.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            return null;
        }
        long[] n = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                n[i] = Long.parseLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return n;
    }

    /** The UID of an item id under {@code uidValidity}, or 0 when it belongs to another UID space (or is no id). */
    static long uid(String id, long uidValidity) {
        long[] n = numbers(id);
        return n != null && n.length == 2 && n[0] == uidValidity ? n[1] : 0;
    }

    private Folder require(MailFolder folder) throws MailboxException {
        Folder f = folders.get(key(folder.path()));
        if (f == null) {
            throw new MailboxException(MailboxException.Kind.ITEM, side + " has no folder " + folder.displayPath() + ".");
        }
        return f;
    }

    private Folder require(String path) {
        Folder f = folders.get(key(List.of(path.split("/"))));
        if (f == null) {
            throw new IllegalArgumentException("no folder " + path);
        }
        return f;
    }

    private String key(List<String> path) {
        List<String> k = new ArrayList<>(path);
        if (k.get(0).equalsIgnoreCase("INBOX")) {
            k.set(0, "INBOX");
        }
        String joined = String.join("\u0000", k);
        return caseSensitive ? joined : joined.toLowerCase(Locale.ROOT);
    }

    private static ItemRef ref(Folder f, Stored s) {
        Map<String, String> h = headers(s.bytes());
        return ItemRef.message(f.uidValidity + ":" + s.uid(), s.uid(), s.bytes().length, s.internalDate(),
                FakeFlags.toState(s.flags()), h.get("message-id"),
                HeaderDigest.of(h.get("date"), h.get("from"), h.get("to"), h.get("cc"), h.get("subject"),
                        s.bytes().length), h.get("subject"), sentDate(h.get("date")));
    }

    private static Instant sentDate(String date) {
        if (date == null) {
            return null;
        }
        try {
            return java.time.ZonedDateTime.parse(date.trim(), java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    static ContentHash.Computed contentHash(byte[] bytes) {
        try {
            return ContentHash.ofStored(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers(byte[] bytes) {
        Map<String, String> h = new LinkedHashMap<>();
        String name = null;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && name != null) {
                String key = name;
                h.computeIfPresent(key, (k, v) -> v + " " + line.trim()); // a folded header line continues
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (h.containsKey(name)) {
                    name = null; // only the first occurrence counts
                } else {
                    h.put(name, line.substring(colon + 1).trim());
                }
            }
        }
        return h;
    }
}
