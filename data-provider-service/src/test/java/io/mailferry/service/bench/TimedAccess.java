package io.mailferry.service.bench;

import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.PendingWrite;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a {@link MailboxAccess} and adds up, per port operation, the time the engine's workers spend waiting in it
 * (summed over all workers), so the bench can say where a migration's time goes without a profiler.
 */
final class TimedAccess implements MailboxAccess {
    @FunctionalInterface
    private interface Call<T> {
        T run() throws MailboxException;
    }

    /** With BENCH_TIMELINE set, every port call is printed: "TL start-ms duration-ms thread side op". */
    private static final boolean TIMELINE = System.getenv("BENCH_TIMELINE") != null;
    private static final long T0 = System.nanoTime();
    private final MailboxAccess inner;
    private final String side;
    private final Map<String, LongAdder> nanos;
    private final Map<String, LongAdder> calls;

    TimedAccess(MailboxAccess inner, String side) {
        this.inner = inner;
        this.side = side;
        this.nanos = new ConcurrentHashMap<>();
        this.calls = new ConcurrentHashMap<>();
    }

    /** Times {@code other} into this instance's counters (the job runner opens a new access per pass). */
    TimedAccess sharing(MailboxAccess other) {
        return new TimedAccess(other, this);
    }

    private TimedAccess(MailboxAccess inner, TimedAccess counters) {
        this.inner = inner;
        this.side = counters.side;
        this.nanos = counters.nanos;
        this.calls = counters.calls;
    }

    private <T> T time(String op, Call<T> call) throws MailboxException {
        long start = System.nanoTime();
        try {
            return call.run();
        } finally {
            if (TIMELINE) {
                System.err.printf("TL %d %d %s %s %s%n", (start - T0) / 1_000_000,
                        (System.nanoTime() - start) / 1_000_000, Thread.currentThread().getName(), side, op);
            }
            nanos.computeIfAbsent(op, k -> new LongAdder()).add(System.nanoTime() - start);
            calls.computeIfAbsent(op, k -> new LongAdder()).increment();
        }
    }

    /** "source: fetch 12.3 s (240 calls), list ..." and resets the counters. */
    String drain() {
        StringBuilder sb = new StringBuilder(side).append(':');
        new TreeMap<>(nanos).forEach((op, n) -> sb.append(String.format(Locale.ROOT, " %s %.1f s (%d)", op,
                n.sum() / 1e9, calls.get(op).sum())));
        nanos.clear();
        calls.clear();
        return sb.toString();
    }

    /**
     * Every port method is delegated, the defaults too: a wrapper that inherited {@link SourceMailbox#changes} would
     * answer UNKNOWN and quietly turn every delta into a full listing.
     */
    @Override
    public SourceMailbox openSource(Login login) throws MailboxException {
        SourceMailbox s = time("open", () -> inner.openSource(login));
        return new SourceMailbox() {
            @Override
            public List<MailFolder> folders() throws MailboxException {
                return time("folders", s::folders);
            }

            @Override
            public FolderState state(MailFolder folder) throws MailboxException {
                return time("state", () -> s.state(folder));
            }

            @Override
            public List<FolderState> states(List<MailFolder> folders) throws MailboxException {
                return time("states", () -> s.states(folders));
            }

            @Override
            public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
                return time("list", () -> s.list(folder, cursor, limit));
            }

            @Override
            public Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known)
                    throws MailboxException {
                return time("list", () -> s.list(folder, cursor, limit, known));
            }

            @Override
            public long roundTrip() throws MailboxException {
                return time("roundTrip", s::roundTrip);
            }

            @Override
            public List<Page<ItemRef>> listWhole(List<MailFolder> folders, int limit, List<FolderState> known)
                    throws MailboxException {
                return time("listWhole", () -> s.listWhole(folders, limit, known));
            }

            @Override
            public boolean listsStatesApart() {
                return s.listsStatesApart();
            }

            @Override
            public Page<ItemRef> listStates(MailFolder folder, String cursor, int limit, FolderState known)
                    throws MailboxException {
                return time("listStates", () -> s.listStates(folder, cursor, limit, known));
            }

            @Override
            public List<Page<ItemRef>> listWholeStates(List<MailFolder> folders, int limit, List<FolderState> known)
                    throws MailboxException {
                return time("listWholeStates", () -> s.listWholeStates(folders, limit, known));
            }

            @Override
            public Changes changes(MailFolder folder, String token) throws MailboxException {
                return time("changes", () -> s.changes(folder, token));
            }

            @Override
            public Page<ItemRef> listUndescribed(MailFolder folder, String cursor, int limit, FolderState known,
                    boolean dated) throws MailboxException {
                return time("listUndescribed", () -> s.listUndescribed(folder, cursor, limit, known, dated));
            }

            @Override
            public List<ItemRef> describe(MailFolder folder, List<ItemRef> items) throws MailboxException {
                return time("describe", () -> s.describe(folder, items));
            }

            @Override
            public void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
                time("fetch", () -> {
                    s.fetch(folder, items, handler);
                    return null;
                });
            }

            @Override
            public void delete(MailFolder folder, List<String> ids) throws MailboxException {
                time("delete", () -> {
                    s.delete(folder, ids);
                    return null;
                });
            }

            @Override
            public Capabilities capabilities() {
                return s.capabilities();
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    @Override
    public TargetMailbox openTarget(Login login) throws MailboxException {
        TargetMailbox t = time("open", () -> inner.openTarget(login));
        return new TargetMailbox() {
            @Override
            public List<MailFolder> folders() throws MailboxException {
                return time("folders", t::folders);
            }

            @Override
            public MailFolder ensureFolder(List<String> path) throws MailboxException {
                return time("ensureFolder", () -> t.ensureFolder(path));
            }

            @Override
            public boolean writesBatchesAtOnce(MailFolder folder) {
                return t.writesBatchesAtOnce(folder);
            }

            @Override
            public void prepareFolders(List<List<String>> paths) throws MailboxException {
                time("prepareFolders", () -> {
                    t.prepareFolders(paths);
                    return null;
                });
            }

            @Override
            public FolderState state(MailFolder folder) throws MailboxException {
                return time("state", () -> t.state(folder));
            }

            @Override
            public List<FolderState> states(List<MailFolder> folders) throws MailboxException {
                return time("states", () -> t.states(folders));
            }

            @Override
            public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
                return time("list", () -> t.list(folder, cursor, limit));
            }

            @Override
            public Page<ItemRef> list(MailFolder folder, String cursor, int limit, FolderState known)
                    throws MailboxException {
                return time("list", () -> t.list(folder, cursor, limit, known));
            }

            @Override
            public long roundTrip() throws MailboxException {
                return time("roundTrip", t::roundTrip);
            }

            @Override
            public List<Page<ItemRef>> listWhole(List<MailFolder> folders, int limit, List<FolderState> known)
                    throws MailboxException {
                return time("listWhole", () -> t.listWhole(folders, limit, known));
            }

            @Override
            public boolean listsStatesApart() {
                return t.listsStatesApart();
            }

            @Override
            public Page<ItemRef> listStates(MailFolder folder, String cursor, int limit, FolderState known)
                    throws MailboxException {
                return time("listStates", () -> t.listStates(folder, cursor, limit, known));
            }

            @Override
            public List<Page<ItemRef>> listWholeStates(List<MailFolder> folders, int limit, List<FolderState> known)
                    throws MailboxException {
                return time("listWholeStates", () -> t.listWholeStates(folders, limit, known));
            }

            @Override
            public String writeMark(MailFolder folder) throws MailboxException {
                return time("writeMark", () -> t.writeMark(folder));
            }

            @Override
            public List<WriteResult> write(MailFolder folder, List<WriteRequest> items) throws MailboxException {
                return time("write", () -> t.write(folder, items));
            }

            @Override
            public List<String> arrived(MailFolder folder, List<PendingWrite> pending, Set<String> own)
                    throws MailboxException {
                return time("arrived", () -> t.arrived(folder, pending, own));
            }

            @Override
            public void setState(MailFolder folder, ItemState state, List<String> ids) throws MailboxException {
                time("setState", () -> {
                    t.setState(folder, state, ids);
                    return null;
                });
            }

            @Override
            public void delete(MailFolder folder, List<String> ids) throws MailboxException {
                time("delete", () -> {
                    t.delete(folder, ids);
                    return null;
                });
            }

            @Override
            public boolean provenGone(String mark, String id) {
                return t.provenGone(mark, id);
            }

            @Override
            public Capabilities capabilities() {
                return t.capabilities();
            }

            @Override
            public void close() {
                t.close();
            }
        };
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public int sessionsPerMailbox() {
        return inner.sessionsPerMailbox();
    }
}
