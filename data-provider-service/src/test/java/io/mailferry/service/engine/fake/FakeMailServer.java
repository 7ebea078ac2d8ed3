package io.mailferry.service.engine.fake;

import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.BufferedContent;
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
 * One in-memory mailbox on a pretend IMAP server: folders with UIDVALIDITY/UIDNEXT, special-use types, optional
 * case-insensitive names, per-call latency (watched by an optional {@link CallMeter}), and a {@link Hook} through
 * which tests inject failures (throttle, dropped connection, refused login) or crashes (an {@link Error}) at any
 * named point. Thread-safe.
 */
public final class FakeMailServer {
    /** Called at each named point; may throw a MailboxException (a failure) or an Error (a crash). */
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
            return new MailFolder(String.join(".", path), path, '.', type, selectable);
        }
    }

    private static final AtomicLong VALIDITY = new AtomicLong(1000);

    private final String side;
    private final Map<String, Folder> folders = new LinkedHashMap<>();
    private final boolean caseSensitive;
    private volatile Hook hook = (p, f) -> { };
    private volatile long latencyMillis;
    private volatile CallMeter meter;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong opens = new AtomicLong();
    private volatile String refuseLogin;
    private volatile java.util.function.Predicate<String> reject = m -> false;
    private volatile boolean uidPlus = true;
    private volatile boolean condstore;
    private final Set<String> unreadable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FakeMailServer(String side, boolean caseSensitive) {
        this.side = side;
        this.caseSensitive = caseSensitive;
        addFolder(FolderType.INBOX, "INBOX");
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

    /** False: appends report UID 0 (no APPENDUID). */
    public FakeMailServer uidPlus(boolean on) {
        this.uidPlus = on;
        return this;
    }

    /** True: folder states carry HIGHESTMODSEQ and {@code changedSince} answers (CONDSTORE); off by default. */
    public FakeMailServer condstore(boolean on) {
        this.condstore = on;
        return this;
    }

    boolean condstore() {
        return condstore;
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

    public long add(String folder, String message) {
        return add(folder, message.getBytes(StandardCharsets.UTF_8), Instant.parse("2024-01-01T00:00:00Z"));
    }

    public synchronized List<Stored> messages(String folder) {
        Folder f = folders.get(key(List.of(folder.split("/"))));
        return f == null ? List.of() : List.copyOf(f.messages.values());
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
        return new FolderState(f.uidValidity, f.uidNext, f.messages.size(), condstore ? f.highestModSeq : 0);
    }

    synchronized List<ItemRef> list(MailFolder folder, long afterUid, int limit) throws MailboxException {
        List<ItemRef> items = new ArrayList<>();
        for (Stored s : require(folder).messages.tailMap(afterUid, false).values()) {
            if (items.size() == limit) {
                break;
            }
            items.add(ref(s));
        }
        return items;
    }

    synchronized List<ItemRef> listFrom(MailFolder folder, long minUid) throws MailboxException {
        return require(folder).messages.tailMap(minUid, true).values().stream().map(FakeMailServer::ref).toList();
    }

    synchronized Stored get(MailFolder folder, long uid) throws MailboxException {
        return require(folder).messages.get(uid);
    }

    synchronized long store(MailFolder folder, byte[] bytes, Set<String> flags, Instant internalDate)
            throws MailboxException {
        Folder f = require(folder);
        long uid = f.uidNext++;
        f.put(new Stored(uid, bytes, flags, internalDate));
        return uid;
    }

    synchronized void delete(MailFolder folder, List<Long> uids) throws MailboxException {
        Folder f = require(folder);
        uids.forEach(f.messages::remove);
        f.highestModSeq++;
    }

    synchronized void setFlags(MailFolder folder, Set<String> flags, List<Long> uids) throws MailboxException {
        Folder f = require(folder);
        for (long uid : uids) {
            Stored s = f.messages.get(uid);
            if (s != null) {
                f.put(new Stored(uid, s.bytes(), Set.copyOf(flags), s.internalDate()));
            }
        }
    }

    /** UID → flags of the messages whose mod-sequence is above {@code modSeq}. */
    synchronized Map<Long, Set<String>> changedSince(MailFolder folder, long modSeq) throws MailboxException {
        Folder f = require(folder);
        Map<Long, Set<String>> changed = new TreeMap<>();
        f.messages.forEach((uid, s) -> {
            if (f.modSeqs.getOrDefault(uid, 0L) > modSeq) {
                changed.put(uid, s.flags());
            }
        });
        return changed;
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

    static ItemRef ref(Stored s) {
        Map<String, String> h = headers(s.bytes());
        Instant sent = null;
        return new ItemRef(s.uid(), s.bytes().length, s.internalDate(), s.flags(), h.get("message-id"),
                HeaderDigest.of(h.get("date"), h.get("from"), h.get("to"), h.get("cc"), h.get("subject"),
                        s.bytes().length), h.get("subject"), sent);
    }

    static String sha256(byte[] bytes) {
        try {
            return BufferedContent.sha256Of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers(byte[] bytes) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                h.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return h;
    }
}
