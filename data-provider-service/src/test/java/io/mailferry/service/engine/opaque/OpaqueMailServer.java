package io.mailferry.service.engine.opaque;

import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.service.engine.port.HeaderDigest;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pretend mail store that is everything IMAP is not, to prove the engine neutral: item ids are opaque, random
 * strings with no order (listings go by id, so arrival order is lost); the store rewrites what it keeps (an added
 * header, so nothing reads back byte for byte) and keeps an identity stamp beside each item (like a Graph extended
 * property); folders have ids that survive a rename; folder names are case-insensitive and "Files" is reserved; change
 * tokens are handed out with listings (like Graph delta links) and expire when {@link #expireTokens} is called. One
 * server holds many mailboxes. Folders have a class (mail, calendar, contacts, tasks): items of the other classes are
 * kept as given (iCalendar or vCard) and listed with their kind, as Exchange keeps them. A {@link Hook} is called at every named point so tests can inject failures or crashes.
 * Thread-safe (one lock).
 */
public final class OpaqueMailServer {
    /** Called at each named point; may throw a MailboxException (a failure) or an Error (a crash). */
    @FunctionalInterface
    public interface Hook {
        void on(String point) throws MailboxException;
    }

    static final int MAX_ITEM_BYTES = 40 * 1024 * 1024;

    static final class Item {
        final String id;
        final byte[] stored;
        ItemState state;
        final Instant received;
        final String stamp;
        long changedAt;

        Item(String id, byte[] stored, ItemState state, Instant received, String stamp) {
            this.id = id;
            this.stored = stored;
            this.state = state;
            this.received = received;
            this.stamp = stamp;
        }
    }

    static final class Folder {
        final String id;
        List<String> path;
        final FolderType type;
        final FolderClass folderClass;
        final TreeMap<String, Item> items = new TreeMap<>();
        long seq;

        Folder(String id, List<String> path, FolderType type, FolderClass folderClass) {
            this.id = id;
            this.path = List.copyOf(path);
            this.type = type;
            this.folderClass = folderClass;
        }

        MailFolder view() {
            return new MailFolder(id, id, path, '/', type, true, folderClass);
        }

        /** The listing of one item: a message's headers as read from it; another kind by its kind and title. */
        ItemRef ref(Item i) {
            if (folderClass == FolderClass.MAIL) {
                return RawHeaders.ref(i.id, i.stored, i.state, i.received, i.stamp);
            }
            String text = new String(i.stored, StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(?:SUMMARY|FN):([^\\r\\n]*)").matcher(text);
            String title = m.find() ? m.group(1) : null;
            return new ItemRef(i.id, 0, ItemKind.of(folderClass), i.stored.length, i.received, i.state, null,
                    HeaderDigest.of(null, null, null, null, title, 0), title, null, i.stamp);
        }
    }

    private final Map<String, Map<String, Folder>> mailboxes = new LinkedHashMap<>();
    private final Random random;
    private final AtomicLong calls = new AtomicLong();
    private volatile Hook hook = p -> { };
    private long generation = 1;

    public OpaqueMailServer(long seed) {
        this.random = new Random(seed);
    }

    public OpaqueMailServer hook(Hook h) {
        this.hook = h;
        return this;
    }

    void point(String name) throws MailboxException {
        calls.incrementAndGet();
        hook.on(name);
    }

    public long calls() {
        return calls.get();
    }

    /** Every change token handed out so far is no longer valid (Graph 410 SyncStateNotFound). */
    public synchronized void expireTokens() {
        generation++;
    }

    private String newId(String prefix) {
        byte[] b = new byte[18];
        random.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The mailbox's folders, created with the well-known ones on first use. */
    synchronized Map<String, Folder> mailbox(String address) {
        return mailboxes.computeIfAbsent(address.toLowerCase(Locale.ROOT), a -> {
            Map<String, Folder> m = new LinkedHashMap<>();
            for (Map.Entry<String, FolderType> e : Map.of("INBOX", FolderType.INBOX, "Sent", FolderType.SENT,
                    "Drafts", FolderType.DRAFTS, "Trash", FolderType.TRASH, "Junk", FolderType.JUNK, "Archive",
                    FolderType.ARCHIVE).entrySet()) {
                Folder f = new Folder(newId("F"), List.of(e.getKey()), e.getValue(), FolderClass.MAIL);
                m.put(f.id, f);
            }
            return m;
        });
    }

    synchronized List<MailFolder> folders(String address) {
        List<Folder> all = new ArrayList<>(mailbox(address).values());
        all.sort((a, b) -> a.type == FolderType.INBOX ? -1 : b.type == FolderType.INBOX ? 1
                : String.join("/", a.path).compareTo(String.join("/", b.path)));
        return all.stream().map(Folder::view).toList();
    }

    synchronized Folder folder(String address, String id) throws MailboxException {
        Folder f = mailbox(address).get(id);
        if (f == null) {
            throw new MailboxException(MailboxException.Kind.ITEM, "The folder does not exist (any more).");
        }
        return f;
    }

    /** The folder at {@code path} (case-insensitive, as Exchange compares names), created with its parents. */
    public synchronized MailFolder ensure(String address, List<String> path) {
        return ensure(address, path, FolderClass.MAIL);
    }

    /** A top-level folder of {@code folderClass} and {@code type} (a mailbox's default calendar, say), made once. */
    public synchronized MailFolder ensure(String address, String name, FolderClass folderClass, FolderType type) {
        Map<String, Folder> m = mailbox(address);
        Folder found = find(m, List.of(name), folderClass);
        if (found == null) {
            found = new Folder(newId("F"), List.of(name), type, folderClass);
            m.put(found.id, found);
        }
        return found.view();
    }

    /** As {@link #ensure(String, List)} for a folder of {@code folderClass} (its parents too). */
    public synchronized MailFolder ensure(String address, List<String> path, FolderClass folderClass) {
        Map<String, Folder> m = mailbox(address);
        Folder found = null;
        for (int i = 1; i <= path.size(); i++) {
            List<String> prefix = path.subList(0, i);
            found = find(m, prefix, folderClass);
            if (found == null) {
                found = new Folder(newId("F"), prefix, FolderType.OTHER, folderClass);
                m.put(found.id, found);
            }
        }
        return found.view();
    }

    private static Folder find(Map<String, Folder> m, List<String> path) {
        return find(m, path, FolderClass.MAIL);
    }

    private static Folder find(Map<String, Folder> m, List<String> path, FolderClass folderClass) {
        for (Folder f : m.values()) {
            if (f.folderClass == folderClass && f.path.size() == path.size() && String.join("\u0000", f.path).toLowerCase(Locale.ROOT)
                    .equals(String.join("\u0000", path).toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    /** Renames a folder (and the paths of its subfolders); its id, and so its items' identity, stays. */
    public synchronized void rename(String address, List<String> from, List<String> to) {
        Folder f = find(mailbox(address), from);
        for (Folder g : mailbox(address).values()) {
            if (g.path.size() >= from.size() && g.path.subList(0, from.size()).equals(f.path) && g != f) {
                List<String> p = new ArrayList<>(to);
                p.addAll(g.path.subList(from.size(), g.path.size()));
                g.path = List.copyOf(p);
            }
        }
        f.path = List.copyOf(to);
    }

    /** Stores a message as the store keeps it: an added header (so it is not byte-identical), a new random id. */
    synchronized String store(String address, String folderId, byte[] raw, ItemState state, Instant received,
            String stamp) throws MailboxException {
        Folder f = folder(address, folderId);
        String id = newId("AAMk");
        byte[] stored = f.folderClass != FolderClass.MAIL ? raw.clone() : concat(("X-Opaque-Store: " + id + "\r\n").getBytes(StandardCharsets.US_ASCII), raw);
        Item item = new Item(id, stored, state, received, stamp);
        item.changedAt = ++f.seq;
        f.items.put(id, item);
        return id;
    }

    /** Seeds an item (iCalendar or vCard bytes) into the folder of {@code folderClass} at {@code path} (tests). */
    public String seed(String address, List<String> path, FolderClass folderClass, byte[] content) {
        try {
            return store(address, ensure(address, path, folderClass).id(), content, ItemState.NONE, null, null);
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored bytes of every item of the folder of {@code folderClass} at {@code path}, for assertions. */
    public synchronized List<byte[]> contents(String address, List<String> path, FolderClass folderClass) {
        Folder f = find(mailbox(address), path, folderClass);
        return f == null ? List.of() : f.items.values().stream().map(i -> i.stored.clone()).toList();
    }

    /** Seeds a message into the folder at {@code path} (tests). */
    public String seed(String address, List<String> path, byte[] raw, ItemState state, Instant received) {
        try {
            return store(address, ensure(address, path).id(), raw, state, received, null);
        } catch (MailboxException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized void setState(String address, String folderId, String itemId, ItemState state)
            throws MailboxException {
        Folder f = folder(address, folderId);
        Item item = f.items.get(itemId);
        if (item != null) {
            item.state = state;
            item.changedAt = ++f.seq;
        }
    }

    synchronized void delete(String address, String folderId, List<String> ids) throws MailboxException {
        Folder f = folder(address, folderId);
        ids.forEach(f.items::remove);
    }

    synchronized Item item(String address, String folderId, String itemId) throws MailboxException {
        return folder(address, folderId).items.get(itemId);
    }

    /** Items of the folder with an id above {@code after}, in id order (which is no arrival order), at most n. */
    synchronized List<ItemRef> list(String address, String folderId, String after, int n) throws MailboxException {
        Folder f = folder(address, folderId);
        var tail = after == null ? f.items : f.items.tailMap(after, false);
        return tail.values().stream().limit(n).map(f::ref).toList();
    }

    /** The folder's current change token. */
    synchronized String token(String address, String folderId) throws MailboxException {
        Folder f = folder(address, folderId);
        return "delta." + f.id + "." + generation + "." + f.seq;
    }

    /** Items added or changed since {@code token}, or null when the token expired or is not one of this folder's. */
    synchronized List<ItemRef> changedSince(String address, String folderId, String token) throws MailboxException {
        Folder f = folder(address, folderId);
        String[] t = token == null ? new String[0] : token.split("\\.");
        if (t.length != 4 || !t[0].equals("delta") || !t[1].equals(f.id)
                || !t[2].equals(Long.toString(generation))) {
            return null;
        }
        long since = Long.parseLong(t[3]);
        return f.items.values().stream().filter(i -> i.changedAt > since).map(f::ref).toList();
    }

    /** Every stored item of the mailbox's folder at {@code path}, for assertions. */
    public synchronized List<ItemRef> items(String address, List<String> path) {
        Folder f = find(mailbox(address), path);
        return f == null ? List.of() : f.items.values().stream().map(f::ref).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
