package io.mailferry.service.bench;

import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import io.mailferry.service.engine.port.ContentHandler;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
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
            public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
                return time("list", () -> s.list(folder, cursor, limit));
            }

            @Override
            public Map<Long, Set<String>> changedSince(MailFolder folder, long modSeq) throws MailboxException {
                return time("changedSince", () -> s.changedSince(folder, modSeq));
            }

            @Override
            public void fetch(MailFolder folder, List<ItemRef> items, ContentHandler handler) throws MailboxException {
                time("fetch", () -> {
                    s.fetch(folder, items, handler);
                    return null;
                });
            }

            @Override
            public void delete(MailFolder folder, List<Long> uids) throws MailboxException {
                s.delete(folder, uids);
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
            public FolderState state(MailFolder folder) throws MailboxException {
                return time("state", () -> t.state(folder));
            }

            @Override
            public Page<ItemRef> list(MailFolder folder, String cursor, int limit) throws MailboxException {
                return time("list", () -> t.list(folder, cursor, limit));
            }

            @Override
            public List<ItemRef> listFrom(MailFolder folder, long minUid) throws MailboxException {
                return time("listFrom", () -> t.listFrom(folder, minUid));
            }

            @Override
            public List<WriteResult> append(MailFolder folder, List<WriteRequest> messages) throws MailboxException {
                return time("append", () -> t.append(folder, messages));
            }

            @Override
            public void setFlags(MailFolder folder, Set<String> flags, List<Long> uids) throws MailboxException {
                time("setFlags", () -> {
                    t.setFlags(folder, flags, uids);
                    return null;
                });
            }

            @Override
            public String sha256(MailFolder folder, long uid) throws MailboxException {
                return time("sha256", () -> t.sha256(folder, uid));
            }

            @Override
            public void delete(MailFolder folder, List<Long> uids) throws MailboxException {
                t.delete(folder, uids);
            }

            @Override
            public boolean folderNamesCaseSensitive() {
                return t.folderNamesCaseSensitive();
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
}
