package io.mailferry.service.engine;

import io.mailferry.model.report.ItemOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one batch of a folder: fetch the bodies (or take those {@link Prefetcher} fetched ahead), write PENDING rows (with the target folder's UIDVALIDITY and UIDNEXT
 * before the append, the SHA-256, size and dedup key) durably, append, then write DONE rows with the target UIDs.
 * The UIDNEXT recorded only has to be a lower bound of the UIDs the append may produce (reconciliation looks at the
 * target items at or above it): after a batch whose every stored message came back with its UID and UIDVALIDITY
 * (IMAP APPENDUID), the next batch of the same target folder records "highest UID + 1" under that UIDVALIDITY — UIDs
 * only grow within one UIDVALIDITY — instead of asking the target (one STATUS round trip per batch saved); the first
 * batch, and any batch after an answer without UIDs, a different UIDVALIDITY or an interruption, asks the target. An
 * unreadable body or a refused message becomes FAILED with its reason and never fails the others. When a throttle or
 * a dropped connection interrupts the batch, the batch's PENDING rows are reconciled against the target before the
 * rest is tried again, so nothing is appended twice; a failed fetch ahead counts as the first attempt's failure.
 * Runs on its worker's thread; only {@link #fetch} may run on a fetch-ahead thread.
 */
final class BatchCopier {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCopier.class);

    private final PassContext ctx;
    private final PendingReconciler reconciler;
    /**
     * Per target folder: UIDVALIDITY and a UIDNEXT lower bound learnt from the previous batch's APPENDUIDs. Taken out
     * when a batch starts and put back only when its append answered with UIDs, so a failure forgets it.
     */
    private final Map<String, FolderState> learnt = new HashMap<>();

    BatchCopier(PassContext ctx) {
        this.ctx = ctx;
        this.reconciler = new PendingReconciler(ctx.ledger(), ctx.settings().clock());
    }

    /**
     * A batch's bodies fetched on another thread while the batch before it was appended ({@link Prefetcher}), and the
     * fetch of the next batch that may still run on the worker's source session.
     */
    interface FetchAhead {
        /** This batch's bodies fetched ahead (or that fetch's failure) on the first call; null later: fetch again. */
        Bodies take() throws MailboxException;

        /** Returns once no fetch runs on the worker's source session any more, so that a retry may reconnect it. */
        void quiesce();
    }

    /** The bodies of one batch by source UID, and why the others could not be read. Closing releases every body. */
    static final class Bodies implements AutoCloseable {
        private final Map<Long, MessageContent> byUid = new LinkedHashMap<>();
        private final Map<Long, String> unreadable = new HashMap<>();

        @Override
        public void close() {
            byUid.values().forEach(MessageContent::close);
            byUid.clear();
        }
    }

    /**
     * Fetches the bodies of {@code items} on {@code src}, each into our own buffer (the connector's is only valid
     * during its call; ours spools beyond 1 MB). On a failure the bodies already buffered are closed.
     */
    static Bodies fetch(SourceMailbox src, MailFolder source, Collection<CopyItem> items) throws MailboxException {
        Bodies bodies = new Bodies();
        try {
            src.fetch(source, items.stream().map(CopyItem::ref).toList(), (item, content, error) -> {
                if (content == null) {
                    bodies.unreadable.put(item.uid(),
                            error == null ? "Source could not deliver the message." : error.getMessage());
                    return;
                }
                try (InputStream in = content.open()) {
                    bodies.byUid.put(item.uid(), BufferedContent.read(in));
                } catch (IOException e) {
                    bodies.unreadable.put(item.uid(), "Source message could not be buffered: " + e.getMessage());
                }
            });
            return bodies;
        } catch (MailboxException | RuntimeException | Error e) {
            bodies.close();
            throw e;
        }
    }

    /** Copies {@code batch}, whose bodies {@code ahead} may already hold; retries as the class comment says. */
    void copy(Sessions sessions, MailFolder source, long sourceUidValidity, MailFolder target, List<CopyItem> batch,
            FolderTally tally, FetchAhead ahead) throws MailboxException {
        Map<Long, CopyItem> todo = new LinkedHashMap<>();
        batch.forEach(i -> todo.put(i.ref().uid(), i));
        ctx.retrier().call(sessions, (src, tgt) -> {
            try {
                copyOnce(src, tgt, source, sourceUidValidity, target, todo, tally, ahead);
            } catch (MailboxException e) {
                ahead.quiesce(); // the retrier may reopen the sessions next: nothing may still read the source
                throw e;
            }
            return null;
        }, s -> settleInterrupted(s.target(), source, sourceUidValidity, todo, tally));
    }

    private void copyOnce(SourceMailbox src, TargetMailbox tgt, MailFolder source, long sourceUidValidity,
            MailFolder target, Map<Long, CopyItem> todo, FolderTally tally, FetchAhead ahead) throws MailboxException {
        if (todo.isEmpty()) {
            return;
        }
        FolderState known = learnt.remove(target.displayPath());
        FolderState ts = known != null ? known : tgt.state(target);
        Bodies fetchedAhead = ahead.take();
        try (Bodies bodies = fetchedAhead != null ? fetchedAhead : fetch(src, source, todo.values())) {
            long now = ctx.now();
            List<LedgerEntry> rows = new ArrayList<>();
            List<AppendRequest> requests = new ArrayList<>();
            List<LedgerEntry> pending = new ArrayList<>();
            List<Long> overwrite = new ArrayList<>();
            for (CopyItem item : todo.values()) {
                ItemRef ref = item.ref();
                MessageContent body = bodies.byUid.get(ref.uid());
                if (body == null) {
                    String why = bodies.unreadable.getOrDefault(ref.uid(),
                            "Source no longer has this message (deleted while copying).");
                    rows.add(entry(source, sourceUidValidity, target, ts, ref, null, LedgerState.FAILED, why, now));
                    continue;
                }
                LedgerEntry row = entry(source, sourceUidValidity, target, ts, ref, body, LedgerState.PENDING, null, now);
                rows.add(row);
                pending.add(row);
                requests.add(new AppendRequest(ref, body, ref.flags(), ref.internalDate()));
                if (item.overwriteUid() > 0) {
                    overwrite.add(item.overwriteUid());
                }
            }
            ctx.ledger().put(rows);
            if (!overwrite.isEmpty()) {
                tgt.delete(target, overwrite);
            }
            List<AppendResult> results = requests.isEmpty() ? List.of() : tgt.append(target, requests);
            if (results.size() != requests.size()) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Target answered " + results.size()
                        + " of " + requests.size() + " appends; the rest will be checked and sent again.");
            }
            List<LedgerEntry> after = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                AppendResult r = results.get(i);
                LedgerEntry p = pending.get(i);
                after.add(r.ok() ? done(p, r)
                        : p.withState(LedgerState.FAILED, 0, "Target refused the message: " + r.error(), ctx.now()));
            }
            ctx.ledger().put(after);
            learn(target, ts, results);
            rows.stream().filter(e -> e.state() == LedgerState.FAILED).forEach(after::add);
            for (LedgerEntry e : after) {
                CopyItem item = todo.remove(e.sourceUid());
                record(source, item.ref(), e, tally);
            }
        }
    }

    /** A DONE row; when the append names another UID space than the one recorded (folder recreated), that one. */
    private LedgerEntry done(LedgerEntry p, AppendResult r) {
        LedgerEntry e = p.withState(LedgerState.DONE, r.targetUid(), null, ctx.now());
        if (r.targetUid() > 0 && r.uidValidity() != 0 && r.uidValidity() != p.targetUidValidity()) {
            e = new LedgerEntry(e.pairId(), e.sourceFolder(), e.sourceUidValidity(), e.sourceUid(), e.targetFolder(),
                    r.uidValidity(), e.targetUidNextBefore(), e.targetUid(), e.dedupKey(), e.size(), e.sha256(),
                    e.state(), e.reason(), e.updatedAtMillis());
        }
        return e;
    }

    /**
     * Keeps "highest appended UID + 1" as the next batch's UIDNEXT lower bound when every stored message of this
     * batch came back with a UID in the UID space recorded in its PENDING row; anything else and the next batch asks
     * the target.
     */
    private void learn(MailFolder target, FolderState before, List<AppendResult> results) {
        long highest = 0;
        for (AppendResult r : results) {
            if (!r.ok()) {
                continue;
            }
            if (r.targetUid() <= 0 || r.uidValidity() != before.uidValidity()) {
                return;
            }
            highest = Math.max(highest, r.targetUid());
        }
        if (highest > 0) {
            learnt.put(target.displayPath(), new FolderState(before.uidValidity(),
                    Math.max(before.uidNext(), highest + 1), 0));
        }
    }

    /** After an interruption: settle this batch's PENDING rows and drop what is now settled from {@code todo}. */
    private void settleInterrupted(TargetMailbox tgt, MailFolder source, long sourceUidValidity, Map<Long, CopyItem> todo,
            FolderTally tally) throws MailboxException {
        if (todo.isEmpty()) {
            return;
        }
        long from = todo.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
        long to = todo.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        Map<Long, LedgerEntry> rows = ctx.ledger().entries(ctx.pairId(), source.displayPath(), sourceUidValidity, from, to);
        List<LedgerEntry> pending = rows.values().stream()
                .filter(e -> todo.containsKey(e.sourceUid()) && e.state() == LedgerState.PENDING).toList();
        if (pending.isEmpty()) {
            return;
        }
        reconciler.reconcile(tgt, pending);
        Map<Long, LedgerEntry> now = ctx.ledger().entries(ctx.pairId(), source.displayPath(), sourceUidValidity, from, to);
        for (LedgerEntry p : pending) {
            LedgerEntry e = now.get(p.sourceUid());
            if (e != null && e.state() == LedgerState.DONE) {
                LOG.info("Source UID {} of {} reached the target before the interruption", p.sourceUid(), source.displayPath());
                record(source, todo.remove(p.sourceUid()).ref(), e, tally);
            }
        }
    }

    private void record(MailFolder source, ItemRef ref, LedgerEntry e, FolderTally tally) {
        if (e.state() == LedgerState.DONE) {
            tally.copied++;
            tally.bytesCopied += ref.size();
            ctx.progress().done(ref.size(), true);
        } else {
            tally.failed++;
            tally.bytesFailed += ref.size();
            ctx.progress().failed();
            ctx.issues().add(source.displayPath(), ref, ItemOutcome.FAILED, e.reason());
            LOG.warn("Pair {}: {} UID {} failed: {}", ctx.pairId(), source.displayPath(), ref.uid(), e.reason());
        }
    }

    private LedgerEntry entry(MailFolder source, long sourceUidValidity, MailFolder target, FolderState ts, ItemRef ref,
            MessageContent body, LedgerState state, String reason, long now) {
        return new LedgerEntry(ctx.pairId(), source.displayPath(), sourceUidValidity, ref.uid(), target.displayPath(),
                ts.uidValidity(), ts.uidNext(), 0, ref.dedupKey(), body == null ? ref.size() : body.size(),
                body == null ? null : body.sha256(), state, reason, now);
    }
}
