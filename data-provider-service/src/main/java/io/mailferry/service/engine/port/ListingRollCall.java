package io.mailferry.service.engine.port;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids a folder held when a listing began, checked off as the listing's pages name them. A listing paged by offset
 * (Graph's {@code $skip}, EWS's IndexedPageItemView) passes over an item each time mail above it goes away between two
 * of its pages; a connector whose listing starts with a round of ids (Graph's delta round, EWS's SyncFolderItems) adds
 * each of them here, {@linkplain #tick ticks} what its pages name, and on the last page reads by id what no page named
 * and is still there ({@link #unnamed}), so a listing names every item the folder held from its start to its end.
 * Keeps an 8-byte fingerprint per id (the first 8 bytes of its SHA-256), not the ids: an id the round gave twice counts
 * once; two ids sharing a fingerprint would count as one (odds about n² / 2^65 for a folder of n items, under one in
 * 10^7 for a million). Build it with {@link #add} until {@link #seal}; {@code tick} and the queries are thread-safe
 * after that, and idempotent.
 */
public final class ListingRollCall {
    private long[] prints = new long[64];
    private int size;
    private boolean sealed;
    private BitSet named;

    /** Adds an id of the round the listing starts with; before {@link #seal} only. */
    public void add(String id) {
        if (sealed) {
            throw new IllegalStateException("the roll call is sealed");
        }
        if (size == prints.length) {
            prints = Arrays.copyOf(prints, size * 2);
        }
        prints[size++] = print(id);
    }

    /** Ends the round: the ids are known. */
    public synchronized ListingRollCall seal() {
        if (!sealed) {
            Arrays.sort(prints, 0, size);
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (kept == 0 || prints[i] != prints[kept - 1]) {
                    prints[kept++] = prints[i];
                }
            }
            prints = Arrays.copyOf(prints, kept);
            size = kept;
            named = new BitSet(size);
            sealed = true;
        }
        return this;
    }

    /** A page named {@code id}; ids the round did not hold are ignored. */
    public synchronized void tick(String id) {
        int i = Arrays.binarySearch(prints, 0, size, print(id));
        if (i >= 0) {
            named.set(i);
        }
    }

    /** How many ids of the round no page has named yet. */
    public synchronized int unnamedCount() {
        return size - named.cardinality();
    }

    /**
     * How many ids of the round no page has named yet, leaving out {@code these}: what a last page that names them
     * has still to look for. Its ticks wait until it is delivered — a last page that fails after a tick (throttled
     * while it reads what the pages passed over) and is listed again after more mail went away above would otherwise
     * take the items it named the first time for named.
     */
    public synchronized int unnamedBesides(java.util.Collection<String> these) {
        java.util.Set<Integer> here = new java.util.HashSet<>();
        for (String id : these) {
            int i = Arrays.binarySearch(prints, 0, size, print(id));
            if (i >= 0 && !named.get(i)) {
                here.add(i);
            }
        }
        return unnamedCount() - here.size();
    }

    /** Whether {@code id} was in the round and no page has named it. */
    public synchronized boolean unnamed(String id) {
        int i = Arrays.binarySearch(prints, 0, size, print(id));
        return i >= 0 && !named.get(i);
    }

    /** The round's ids in all (each once). */
    public synchronized int size() {
        return size;
    }

    private static long print(String id) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
        long p = 0;
        for (int k = 0; k < 8; k++) {
            p = p << 8 | d[k] & 0xff;
        }
        return p;
    }

    /**
     * The roll calls of one mailbox's listings under way, by a number a connector writes into its cursors (so a
     * listing continued on another session of the mailbox finds its own). A connector keeps one once the listing's
     * first page is read and has a next page, and ends it with the last page delivered (or when it lets the listing go,
     * as a small folder listed whole that turned out to have more pages). The one used least recently is dropped past
     * {@value #KEPT} — four times the most connections a job may open to one server — (a listing abandoned half-way,
     * by a stopped pass or a failed folder, stays until then; one under way is used at each page). A listing
     * continued without its roll call cannot tell what its pages passed over: its connector fails the folder's listing
     * then (an ITEM failure of the folder, {@link #lost}), so the folder is
     * reported and listed again in full by the next pass rather than taken for complete. Thread-safe.
     */
    public static final class UnderWay {
        static final int KEPT = 64;
        /** Numbered from a different start in each process, so a cursor of an earlier one finds nothing. */
        private final AtomicLong numbers = new AtomicLong(System.nanoTime() & Long.MAX_VALUE >> 1);
        private final Map<String, ListingRollCall> calls = new LinkedHashMap<>(32, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ListingRollCall> eldest) {
                return size() > KEPT;
            }
        };

        /** Keeps the roll call of a listing of {@code folderId}, sealed; returns its number. */
        public synchronized long keep(String folderId, ListingRollCall call) {
            long n = numbers.incrementAndGet();
            calls.put(folderId + "#" + n, call.seal());
            return n;
        }

        /** The roll call of that number for that folder, or null when none is kept. */
        public synchronized ListingRollCall get(String folderId, long number) {
            return calls.get(folderId + "#" + number);
        }

        /** The listing ended. */
        public synchronized void end(String folderId, long number) {
            calls.remove(folderId + "#" + number);
        }

        /** The roll call of a listing continued from a cursor of {@code number}; when none is kept, {@link #lost}. */
        public ListingRollCall continued(String folderId, long number, String who, String folder)
                throws MailboxException {
            ListingRollCall roll = get(folderId, number);
            if (roll == null) {
                throw lost(who, folder);
            }
            return roll;
        }

        /**
         * A page that has a next one: ticks what it names off {@code roll}; returns the number its cursor carries
         * ({@code number}, or the roll call's, kept now, when this is the listing's first page: -1).
         */
        public long named(String folderId, long number, ListingRollCall roll, java.util.List<ItemRef> items) {
            items.forEach(i -> roll.tick(i.id()));
            return number >= 0 ? number : keep(folderId, roll);
        }

        /**
         * The listing's last page: its {@code items}, then what no page named and is still there — found by
         * {@code rounds} (the id round again, its ids read by id), leaving out what this page names itself, so a retry
         * of it after a failure names what its first attempt held — and the listing ends. Ticks nothing.
         */
        public java.util.List<ItemRef> last(String folderId, long number, ListingRollCall roll,
                java.util.List<ItemRef> items, Rounds rounds) throws MailboxException {
            java.util.Set<String> here = new java.util.HashSet<>();
            items.forEach(i -> here.add(i.id()));
            java.util.List<ItemRef> all = new java.util.ArrayList<>(items);
            if (roll.unnamedBesides(here) > 0) {
                java.util.Set<String> ids = new java.util.LinkedHashSet<>();
                rounds.round(id -> {
                    if (roll.unnamed(id) && !here.contains(id)) {
                        ids.add(id);
                    }
                });
                if (!ids.isEmpty()) {
                    all.addAll(rounds.read(ids));
                }
            }
            if (number >= 0) {
                end(folderId, number);
            }
            return all;
        }

        /** How a connector finds what a listing's pages passed over. */
        public interface Rounds {
            /** The listing's id round again, from no state to its end, each id handed to {@code ids}. */
            void round(java.util.function.Consumer<String> ids) throws MailboxException;

            /** The listings of these items, read by id; those gone are left out. Worth a line in the log when any is. */
            java.util.List<ItemRef> read(java.util.Collection<String> ids) throws MailboxException;
        }

        /**
         * Small folders listed whole one after the other ({@link Mailbox#eachWhole}) by a connector that keeps roll
         * calls: one that turns out to have a next page is listed alone later, so its roll call is let go now.
         *
         * @param number the roll call's number a cursor of the connector's carries
         */
        public java.util.List<Page<ItemRef>> eachWhole(java.util.List<MailFolder> folders, int limit,
                java.util.List<FolderState> known, Mailbox.Lister lister, CursorNumber number)
                throws MailboxException {
            return Mailbox.eachWhole(folders, limit, known, (f, c, l, k) -> {
                Page<ItemRef> page = lister.list(f, c, l, k);
                if (page.nextCursor() != null) {
                    end(f.id(), number.of(page.nextCursor()));
                }
                return page;
            });
        }

        /** The roll call's number in a connector's cursor. */
        @FunctionalInterface
        public interface CursorNumber {
            long of(String cursor) throws MailboxException;
        }

        /** The failure of a listing continued without its roll call: "{who}: {folder} could not be listed ...". */
        public static MailboxException lost(String who, String folder) {
            return new MailboxException(MailboxException.Kind.ITEM, who + ": " + folder + " could not be listed to the"
                    + " end in one go. Nothing is lost: what was copied stays copied, and the next pass lists the"
                    + " folder again.");
        }
    }
}
