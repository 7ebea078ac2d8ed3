package io.mailferry.service.engine;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.report.ItemOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder's pass (DESIGN "The engine", steps 2–4): list the source in pages, filter, compare each page with the
 * ledger and decide per item — already on the target (DONE, MATCHED, MOVED: counts as done; this is what makes a
 * delta cheap), FAILED (retry), SKIPPED (decided again), or new (duplicate check against the target folder's
 * pre-existing items, built only when the first new item shows up) — and copy what needs copying in batches of
 * {@code batchItems} messages or {@code batchBytes} bytes, each fetched ahead while the one before is appended
 * ({@link Prefetcher}). Stops between batches when the pass is halted: the batch in flight is finished, the one fetched
 * ahead is dropped.
 */
final class FolderCopier {
    private static final Logger LOG = LoggerFactory.getLogger(FolderCopier.class);

    private final PassContext ctx;
    private final BatchCopier batchCopier;

    FolderCopier(PassContext ctx) {
        this.ctx = ctx;
        this.batchCopier = new BatchCopier(ctx);
    }

    /** Copies the folder, counting into {@code tally} (which keeps what was counted when this throws). */
    void copy(Sessions sessions, FolderMapping mapping, MailFolder target, FolderTally tally) throws MailboxException {
        MailFolder source = mapping.source();
        String path = source.displayPath();
        FolderState ss = ctx.retrier().call(sessions, (s, t) -> s.state(source));
        ctx.progress().expect(ss.messageCount());
        dropRenumberedRows(path, ss.uidValidity());
        if (ss.messageCount() == 0 || ctx.checkpoints().unchanged(sessions, mapping, target, ss, tally)) {
            return; // nothing to list: saves the listing's round trips for the many empty or unchanged folders
        }
        try (Prefetcher batches = new Prefetcher(ctx, batchCopier, sessions, source, ss.uidValidity(), target, tally)) {
            copyPages(sessions, mapping, target, tally, ss, batches);
        }
    }

    /**
     * Lists the source folder page by page and hands what needs copying to {@code batches}, which fetches each batch
     * ahead while the one before is appended; between two batches the source session is free for the listing.
     */
    private void copyPages(Sessions sessions, FolderMapping mapping, MailFolder target, FolderTally tally,
            FolderState ss, Prefetcher batches) throws MailboxException {
        MailFolder source = mapping.source();
        String path = source.displayPath();
        ItemFilter filter = ctx.filter().forFolder();
        DuplicatePolicy policy = ctx.options().duplicatePolicy();
        DuplicateIndex dups = null;
        String cursor = null;
        do {
            if (ctx.halted()) {
                break;
            }
            String from = cursor;
            Page<ItemRef> page = ctx.retrier().call(sessions, (s, t) -> s.list(source, from, ctx.settings().pageSize()));
            if (page.items().isEmpty()) {
                break;
            }
            long lo = page.items().get(0).uid();
            long hi = page.items().get(page.items().size() - 1).uid();
            Map<Long, LedgerEntry> known = ctx.ledger().entries(ctx.pairId(), path, ss.uidValidity(), lo, hi);
            List<LedgerEntry> matched = new ArrayList<>();
            List<LedgerEntry> skippedRows = new ArrayList<>();
            List<CopyItem> batch = new ArrayList<>();
            long batchBytes = 0;
            for (ItemRef item : page.items()) {
                ItemFilter.Decision d = filter.decide(item);
                if (d.kind() == ItemFilter.Decision.Kind.NOT_SELECTED) {
                    continue;
                }
                tally.selected++;
                ctx.progress().selected(item.size());
                LedgerEntry e = known.get(item.uid());
                if (e != null && DuplicateIndex.ON_TARGET.contains(e.state())) {
                    alreadyThere(item, tally);
                    continue;
                }
                if (d.kind() == ItemFilter.Decision.Kind.SKIP) {
                    skip(path, item, d.reason(), tally);
                    if (d.reason().startsWith(ItemFilter.TOO_LARGE) && (e == null || !d.reason().equals(e.reason()))) {
                        skippedRows.add(new LedgerEntry(ctx.pairId(), path, ss.uidValidity(), item.uid(),
                                target.displayPath(), 0, 0, 0, item.dedupKey(), item.size(), null,
                                LedgerState.SKIPPED, d.reason(), ctx.now()));
                    }
                    continue;
                }
                long overwrite = 0;
                boolean retry = e != null && e.state() == LedgerState.FAILED;
                if (!retry && policy != DuplicatePolicy.CREATE_DUPLICATE) {
                    if (dups == null) {
                        dups = ctx.retrier().call(sessions, (s, t) -> DuplicateIndex.build(t, target, ctx.ledger(),
                                ctx.pairId(), ctx.settings().pageSize()));
                    }
                    long existing = dups.take(item.dedupKey());
                    if (existing >= 0 && policy == DuplicatePolicy.SKIP) {
                        matched.add(new LedgerEntry(ctx.pairId(), path, ss.uidValidity(), item.uid(),
                                target.displayPath(), dups.uidValidity(), 0, existing, item.dedupKey(), item.size(), null,
                                LedgerState.MATCHED, "already on the target", ctx.now()));
                        alreadyThere(item, tally);
                        continue;
                    }
                    overwrite = Math.max(existing, 0);
                }
                batch.add(new CopyItem(item, overwrite));
                batchBytes += item.size();
                if (batch.size() >= ctx.settings().batchItems() || batchBytes >= ctx.settings().batchBytes()) {
                    batches.copy(batch);
                    batch = new ArrayList<>();
                    batchBytes = 0;
                    if (ctx.halted()) {
                        break;
                    }
                }
            }
            ctx.ledger().put(matched);
            ctx.ledger().put(skippedRows);
            if (!batch.isEmpty()) {
                batches.copy(batch);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        if (!ctx.halted()) {
            batches.finish(); // when halted, the batch fetched ahead is dropped by close(): no row was written for it
        }
    }

    private void alreadyThere(ItemRef item, FolderTally tally) {
        tally.alreadyThere++;
        ctx.progress().done(item.size(), false);
    }

    private void skip(String folder, ItemRef item, String reason, FolderTally tally) {
        tally.skipped++;
        tally.bytesSkipped += item.size();
        ctx.progress().skipped();
        ctx.issues().add(folder, item, ItemOutcome.SKIPPED, reason);
    }

    /** A source folder whose UIDVALIDITY changed was renumbered: its old rows name other messages now. */
    private void dropRenumberedRows(String folder, long uidValidity) {
        Set<Long> known = ctx.ledger().sourceUidValidities(ctx.pairId(), folder);
        for (long old : known) {
            if (old != uidValidity) {
                List<LedgerEntry> stale = List.copyOf(
                        ctx.ledger().entries(ctx.pairId(), folder, old, 0, Long.MAX_VALUE).values());
                ctx.ledger().remove(stale);
                LOG.warn("Pair {}: source folder {} was renumbered (UIDVALIDITY {} -> {}); its {} old ledger rows no "
                        + "longer apply and were removed, so its items are matched against the target again",
                        ctx.pairId(), folder, old, uidValidity, stale.size());
            }
        }
    }
}
