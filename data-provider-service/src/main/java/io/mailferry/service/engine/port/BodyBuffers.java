package io.mailferry.service.engine.port;

import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Arrays a connector reads message bodies into, used again once the body they held was written: a body in flight
 * (fetched, waiting for its batch's write) then lives in an array that has long been in the old generation, instead
 * of a fresh one that each young collection copies while it is in flight and that the JVM zeroes first (ADR 0053).
 *
 * <p>An array is handed out as a {@link Lease}; {@link Lease#release} gives it back once, however often it is called,
 * and a lease knows whether it still holds its array ({@link Lease#valid}): content that reads from a released
 * array notices and fails instead of writing another message's bytes ({@link BufferedContent}). Arrays come in sizes
 * four to an octave (at most a fifth unused), from {@link #MIN_POOLED} to {@link #MAX_POOLED}; smaller and larger
 * requests get plain arrays that are never kept. At most {@code capacityBytes} are kept for reuse.
 */
public final class BodyBuffers {
    /** Below this a body's array is plain: small bodies die young anyway and are most of the messages. */
    public static final int MIN_POOLED = 16 * 1024;
    /** Above this a body's array is plain (a connector buffers larger bodies elsewhere: IMAP spools beyond 4 MiB). */
    public static final int MAX_POOLED = 6 * 1024 * 1024;

    private static final int STEPS = 4; // sizes per octave
    /** Below this heap nothing is kept (a one-mailbox `migrate`'s 176 MB): arrays held there crowd the batches out. */
    static final long MIN_HEAP = 512L << 20;
    private static final BodyBuffers SHARED = new BodyBuffers(sharedCapacity(Runtime.getRuntime().maxMemory()));

    private final long capacityBytes;
    private final AtomicLong keptBytes = new AtomicLong();
    private final ArrayDeque<Slot>[] kept;

    /** Buffers that keep at most {@code capacityBytes} for reuse (0: none; every JVM has {@link #shared}). */
    @SuppressWarnings("unchecked")
    public BodyBuffers(long capacityBytes) {
        this.capacityBytes = capacityBytes;
        this.kept = new ArrayDeque[sizeClass(MAX_POOLED) + 1];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new ArrayDeque<>();
        }
    }

    /** The buffers of this JVM: a fifth of its heap at most is kept for reuse, nothing in a heap under 512 MB. */
    public static BodyBuffers shared() {
        return SHARED;
    }

    /** What a JVM of {@code maxHeap} bytes keeps: a fifth of it, or nothing below {@link #MIN_HEAP}. */
    static long sharedCapacity(long maxHeap) {
        return maxHeap < MIN_HEAP ? 0 : maxHeap / 5;
    }

    /** False when nothing is kept: a body is then better read into an array of its own, sized as Angus sizes it. */
    public boolean keeps() {
        return capacityBytes > 0;
    }

    /** True when an array of {@code size} bytes comes from the pool: {@link #MIN_POOLED} to {@link #MAX_POOLED}. */
    public static boolean pools(int size) {
        return size >= MIN_POOLED && size <= MAX_POOLED;
    }

    /** A lease of an array of at least {@code minSize} bytes (pooled only where {@link #pools}). */
    public Lease take(int minSize) {
        if (!pools(minSize)) {
            return new Lease(new Slot(new byte[minSize]), this, false);
        }
        int c = sizeClass(minSize);
        Slot slot;
        synchronized (kept[c]) {
            slot = kept[c].pollFirst();
        }
        if (slot != null) {
            keptBytes.addAndGet(-slot.bytes.length);
            return new Lease(slot, this, true);
        }
        return new Lease(new Slot(new byte[classSize(c)]), this, true);
    }

    /** Bytes kept for reuse now. */
    public long keptBytes() {
        return keptBytes.get();
    }

    /** Drops every kept array (e.g. when no migration runs: the collector may then return their memory). */
    public void clear() {
        for (ArrayDeque<Slot> q : kept) {
            synchronized (q) {
                for (Slot s : q) {
                    keptBytes.addAndGet(-s.bytes.length);
                }
                q.clear();
            }
        }
    }

    private void giveBack(Slot slot) {
        if (keptBytes.addAndGet(slot.bytes.length) > capacityBytes) {
            keptBytes.addAndGet(-slot.bytes.length); // full: this one is left to the collector
            return;
        }
        ArrayDeque<Slot> q = kept[sizeClass(slot.bytes.length)];
        synchronized (q) {
            q.addFirst(slot); // the most recently used first: its memory is the likeliest to be in a cache
        }
    }

    /** The smallest size class holding {@code size} bytes. */
    static int sizeClass(int size) {
        int c = 0;
        while (classSize(c) < size) {
            c++;
        }
        return c;
    }

    /** Bytes of size class {@code c}: MIN_POOLED times 2^(c / STEPS) times (1 + (c % STEPS) / STEPS). */
    static int classSize(int c) {
        int octave = MIN_POOLED << (c / STEPS);
        return octave + octave / STEPS * (c % STEPS);
    }

    /** One array and how many times it was given back (a lease holds it while the count is the one it took). */
    private static final class Slot {
        final byte[] bytes;
        final AtomicInteger returns = new AtomicInteger();

        Slot(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    /** One use of an array, from {@link #take} to {@link #release}. */
    public static final class Lease {
        private final Slot slot;
        private final BodyBuffers owner;
        private final boolean pooled;
        private final int generation;

        private Lease(Slot slot, BodyBuffers owner, boolean pooled) {
            this.slot = slot;
            this.owner = owner;
            this.pooled = pooled;
            this.generation = slot.returns.get();
        }

        /** The array; read or write it only while {@link #valid}. */
        public byte[] bytes() {
            return slot.bytes;
        }

        /** True until released: the array holds what its holder put there. */
        public boolean valid() {
            // the reads of the array before this call must not move past the look at the count (as a seqlock's)
            VarHandle.acquireFence();
            return slot.returns.get() == generation;
        }

        /** Gives the array back for reuse; the first call only (a second is harmless). */
        public void release() {
            if (slot.returns.compareAndSet(generation, generation + 1) && pooled) {
                owner.giveBack(slot);
            }
        }
    }
}
