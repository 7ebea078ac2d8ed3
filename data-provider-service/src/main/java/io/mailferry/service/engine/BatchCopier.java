package io.mailferry.service.engine;

import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.MessageContent;
import io.mailferry.service.engine.port.SourceMailbox;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.WriteRequest;
import io.mailferry.service.engine.port.WriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one batch of a folder: fetch the bodies (or take those {@link Prefetcher} fetched ahead), write PENDING rows
 * (with the target's write mark, the content hash, size and dedup key) durably, write to the target (with the identity
 * stamp where the target keeps one), then write DONE rows with the target ids — with the worker's next batch's PENDING
 * rows, of this folder or its next one, in one durable write, or when the worker's folders are copied ({@link
 * #flush}): a crash in between leaves them PENDING, which the next pass reconciles as any other (docs/performance.md,
 * issue 10 part 34). An unreadable body or a refused item
 * becomes FAILED with its reason and never fails the others. When a throttle or a dropped connection interrupts the
 * batch, the batch's PENDING rows are reconciled against the target before the rest is tried again, so nothing is
 * written twice; a failed fetch ahead counts as the first attempt's failure. After each dropped connection the rest
 * goes in pieces half as large as before (down to one item), so a link that cannot carry a whole batch between two
 * drops still moves, and the retrier's count of drops in a row starts afresh with each piece that gets through.
 * Runs on its worker's thread; only
 * {@link #fetch} may run on a fetch-ahead thread.
 */
final class BatchCopier {
    private static final Logger LOG = LoggerFactory.getLogger(BatchCopier.class);

    /**
     * Why an item is not written when the source said it is no longer there (or gave nothing for it): the reason its
     * FAILED row keeps, which verification forgets once a complete listing of the folder no longer holds the item.
     */
    static final String GONE = "Source no longer has this message (deleted while copying).";

    /** Why an item listed undescribed that nothing described is not written (tried again by the next pass). */
    static final String UNDESCRIBED = "Source did not give this message's header fields (it may have been deleted "
            + "while copying); the next pass tries it again.";

    private final PassContext ctx;
    private final PendingReconciler reconciler;
    /** The last batch's outcomes, written with the next batch's PENDING rows or by {@link #flush}. */
    private final List<LedgerEntry> unsettled = new ArrayList<>();

    BatchCopier(PassContext ctx) {
        this.ctx = ctx;
        this.reconciler = new PendingReconciler(ctx.ledger(), ctx.settings().clock(), ctx.stamps());
    }

    /**
     * A batch's bodies fetched on another thread while the batch before it was written ({@link Prefetcher}), and the
     * fetch of the next batch that may still run on the worker's source session.
     */
    interface FetchAhead {
        /** This batch's bodies fetched ahead (or that fetch's failure) on the first call; null later: fetch again. */
        Bodies take() throws MailboxException;

        /** Returns once no fetch runs on the worker's source session any more, so that a retry may reconnect it. */
        void quiesce();
    }

    /**
     * The bodies of one batch by source item id, why the others could not be read, and the items as the source
     * described them (those listed undescribed: by their bodies, else by {@code describe}). Closing releases them.
     */
    static final class Bodies implements AutoCloseable {
        private final Map<String, MessageContent> byId = new LinkedHashMap<>();
        private final Map<String, String> unreadable = new HashMap<>();
        private final Map<String, ItemRef> described = new HashMap<>();

        /** {@code ref} as its source described it, when it was listed undescribed; else {@code ref}. */
        ItemRef item(ItemRef ref) {
            return ref.described() ? ref : described.getOrDefault(ref.id(), ref);
        }

        @Override
        public void close() {
            byId.values().forEach(MessageContent::close);
            byId.clear();
        }
    }

    /**
     * Fetches the bodies of {@code items} on {@code src}. The connector buffered each body once (in memory, or spooled
     * beyond a size it sets) and hands it over; it is kept as it is. On a failure the bodies already taken are closed.
     */
    static Bodies fetch(SourceMailbox src, MailFolder source, Collection<CopyItem> items) throws MailboxException {
        Bodies bodies = new Bodies();
        try {
            src.fetch(source, items.stream().map(CopyItem::ref).toList(), (item, content, error) -> {
                if (item.described()) {
                    bodies.described.put(item.id(), item);
                }
                if (content == null) {
                    bodies.unreadable.put(item.id(), error == null ? "Source could not deliver the message."
                            : error.itemGone() ? GONE : error.getMessage());
                    return;
                }
                MessageContent before = bodies.byId.put(item.id(), content);
                if (before != null) {
                    before.close();
                }
            });
            // undescribed items whose bodies did not tell (not read, or too large to be read whole): one round trip
            List<ItemRef> left = items.stream().map(CopyItem::ref).filter(r -> !bodies.item(r).described()).toList();
            if (!left.isEmpty()) {
                for (ItemRef r : src.describe(source, left)) {
                    if (r.described()) {
                        bodies.described.put(r.id(), r);
                    }
                }
            }
            return bodies;
        } catch (MailboxException | RuntimeException | Error e) {
            bodies.close();
            throw e;
        }
    }

    /** Copies {@code batch}, whose bodies {@code ahead} may already hold; retries as the class comment says. */
    void copy(Sessions sessions, MailFolder source, String sourceEpoch, MailFolder target, List<CopyItem> batch,
            FolderTally tally, FetchAhead ahead) throws MailboxException {
        Map<String, CopyItem> todo = new LinkedHashMap<>();
        batch.forEach(i -> todo.put(i.ref().id(), i));
        int[] part = {todo.size()};
        ctx.retrier().call(sessions, (src, tgt) -> {
            try {
                while (!todo.isEmpty()) {
                    copyOnce(src, tgt, source, sourceEpoch, target, todo, part[0], tally, ahead);
                }
            } catch (MailboxException e) {
                if (e.kind() == MailboxException.Kind.CONNECTION) {
                    part[0] = Math.max(1, part[0] / 2); // a link that drops gets the rest in smaller pieces
                }
                ahead.quiesce(); // the retrier may reopen the sessions next: nothing may still read the source
                throw e;
            }
            return null;
        }, s -> settleInterrupted(s.target(), source, todo, tally));
    }

    /** Copies the first {@code part} items of {@code todo} (the whole batch the first time) and drops them from it. */
    private void copyOnce(SourceMailbox src, TargetMailbox tgt, MailFolder source, String sourceEpoch,
            MailFolder target, Map<String, CopyItem> todo, int part, FolderTally tally, FetchAhead ahead)
            throws MailboxException {
        if (todo.isEmpty()) {
            return;
        }
        List<CopyItem> items = todo.values().stream().limit(part).toList();
        String mark = tgt.writeMark(target);
        Bodies fetchedAhead = ahead.take();
        try (Bodies bodies = fetchedAhead != null ? fetchedAhead : fetch(src, source, items)) {
            long now = ctx.now();
            List<LedgerEntry> rows = new ArrayList<>();
            List<WriteRequest> requests = new ArrayList<>();
            List<LedgerEntry> pending = new ArrayList<>();
            List<String> overwrite = new ArrayList<>();
            for (CopyItem item : items) {
                ItemRef ref = bodies.item(item.ref());
                if (ref != item.ref()) {
                    todo.put(ref.id(), new CopyItem(ref, item.overwrite())); // the report names it as described
                }
                MessageContent body = bodies.byId.get(ref.id());
                if (body == null) {
                    String why = bodies.unreadable.getOrDefault(ref.id(), GONE);
                    rows.add(entry(source, sourceEpoch, target, mark, ref, null, LedgerState.FAILED, why, now));
                    continue;
                }
                if (!ref.described()) {
                    // listed without its header fields, and neither its body nor the source told them: never
                    // written without its dedup key and received date
                    rows.add(entry(source, sourceEpoch, target, mark, ref, null, LedgerState.FAILED, UNDESCRIBED,
                            now));
                    continue;
                }
                LedgerEntry row = entry(source, sourceEpoch, target, mark, ref, body, LedgerState.PENDING, null, now);
                rows.add(row);
                pending.add(row);
                requests.add(new WriteRequest(ref, body, ref.state(), ref.received(),
                        ctx.stamps().of(tgt, target, source.id(), ref.id())));
                if (item.overwrite() != null) {
                    overwrite.add(item.overwrite());
                }
            }
            ctx.ledger().settleAndPut(List.copyOf(unsettled), rows);
            unsettled.clear();
            if (!overwrite.isEmpty()) {
                tgt.delete(target, overwrite);
            }
            List<WriteResult> results = requests.isEmpty() ? List.of() : tgt.write(target, requests);
            if (results.size() != requests.size()) {
                throw new MailboxException(MailboxException.Kind.CONNECTION, "Target answered " + results.size()
                        + " of " + requests.size() + " writes; the rest will be checked and sent again.");
            }
            List<LedgerEntry> after = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                WriteResult r = results.get(i);
                LedgerEntry p = pending.get(i);
                after.add(r.ok() ? p.withState(LedgerState.DONE, r.targetId(), null, ctx.now())
                        : p.withState(LedgerState.FAILED, null, "Target refused the message: " + r.error(), ctx.now()));
            }
            unsettled.addAll(after);
            rows.stream().filter(e -> e.state() == LedgerState.FAILED).forEach(after::add);
            for (LedgerEntry e : after) {
                CopyItem item = todo.remove(e.sourceItem());
                record(source, item.ref(), e, tally);
            }
        }
    }

    /**
     * Writes the outcomes of the last batch copied, which wait for a next batch to go with its PENDING rows: called
     * when the workers are done, before verification reads the ledger, also when the copy step failed (not after a
     * JVM error). Kept when the write fails, for the next write to try again.
     */
    void flush() {
        if (!unsettled.isEmpty()) {
            ctx.ledger().settle(unsettled);
            unsettled.clear();
        }
    }

    /** After an interruption: settle this batch's PENDING rows and drop what is now settled from {@code todo}. */
    private void settleInterrupted(TargetMailbox tgt, MailFolder source, Map<String, CopyItem> todo, FolderTally tally)
            throws MailboxException {
        if (todo.isEmpty()) {
            return;
        }
        Map<String, LedgerEntry> rows = ctx.ledger().entries(ctx.pairId(), source.id(), todo.keySet());
        List<LedgerEntry> pending = rows.values().stream().filter(e -> e.state() == LedgerState.PENDING).toList();
        if (pending.isEmpty()) {
            return;
        }
        reconciler.reconcile(tgt, pending);
        Map<String, LedgerEntry> now = ctx.ledger().entries(ctx.pairId(), source.id(),
                pending.stream().map(LedgerEntry::sourceItem).toList());
        for (LedgerEntry p : pending) {
            LedgerEntry e = now.get(p.sourceItem());
            if (e != null && e.state() == LedgerState.DONE) {
                LOG.info("Source item {} of {} reached the target before the interruption", p.sourceItem(),
                        source.displayPath());
                record(source, todo.remove(p.sourceItem()).ref(), e, tally);
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
            LOG.warn("Pair {}: {} item {} failed: {}", ctx.pairId(), source.displayPath(), ref.id(), e.reason());
        }
    }

    private LedgerEntry entry(MailFolder source, String sourceEpoch, MailFolder target, String mark, ItemRef ref,
            MessageContent body, LedgerState state, String reason, long now) {
        return new LedgerEntry(ctx.pairId(), source.id(), sourceEpoch, ref.id(), ref.order(), target.id(), mark, null,
                ref.dedupKey(), body == null ? ref.size() : body.size(),
                body == null ? null : body.contentHash(), state,
                reason, now);
    }
}
