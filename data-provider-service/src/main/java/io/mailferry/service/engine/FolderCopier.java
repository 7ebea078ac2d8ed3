package io.mailferry.service.engine;

import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.SourceMailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One folder's pass (DESIGN "The engine", steps 2–4): list the source in pages — or, when the source's change token
 * tells what changed since the last verified pass, only those items ({@link CheckpointGate}) — filter, compare each
 * page with the ledger and decide per item — already on the target (DONE, MATCHED, MOVED: counts as done; this is
 * what makes a delta cheap), FAILED (retry), SKIPPED (decided again), or new: written by an earlier pass before the
 * source folder was renumbered (the old numbering's row of the same dedup key names the copy: {@link RenumberedRows}),
 * written by an earlier pass whose ledger row is lost (the target holds its identity stamp: recorded DONE, not written again), or checked against the target
 * folder's pre-existing items (duplicate policy; the index is built only when the first new item shows up) — and copy
 * what needs copying in batches of {@code batchItems} items or {@link EngineSettings#batchBytes(int)} bytes (times
 * the pass's {@link BatchScale} where the target writes a batch at once), each fetched ahead while the one before is
 * written ({@link Prefetcher}). Stops between batches when the pass is halted: the batch in flight is finished, the one
 * fetched ahead is dropped.
 */
final class FolderCopier {
    private static final Logger LOG = LoggerFactory.getLogger(FolderCopier.class);

    private final PassContext ctx;
    private final BatchCopier batchCopier;
    private final SourcePageAhead.Runner ahead;
    private final long batchBytes;
    private final int scale;

    /**
     * @param ahead   where a folder's first page is listed while the target folder's state is read
     * @param workers how many workers copy the mailbox (they share its budget of batch bytes)
     * @param scale   how many times the settings' batch bounds a batch holds ({@link BatchScale}: slow links)
     */
    FolderCopier(PassContext ctx, SourcePageAhead.Runner ahead, int workers, int scale) {
        this.ctx = ctx;
        this.batchCopier = new BatchCopier(ctx);
        this.ahead = ahead;
        this.batchBytes = ctx.settings().batchBytes(workers);
        this.scale = scale;
    }

    /** Where the pages of the copy step come from: the full listing, or the changes since the last verified pass. */
    @FunctionalInterface
    private interface Pages {
        Page<ItemRef> next(String cursor) throws MailboxException;
    }

    /**
     * Copies the folder, counting into {@code tally} (which keeps what was counted when this throws).
     *
     * @param state the source folder's state read before the pass started copying (its count is in the progress
     *              totals already), or null to read it now
     * @return the source folder's state the copy went by
     */
    FolderState copy(Sessions sessions, FolderMapping mapping, MailFolder target, FolderTally tally, FolderState state)
            throws MailboxException {
        MailFolder source = mapping.source();
        FolderState ss = state != null ? state : ctx.retrier().call(sessions, (s, t) -> s.state(source));
        if (state == null) {
            ctx.progress().expect(source.id(), ss.messageCount(), ss.bytes());
        }
        if (ss.messageCount() == 0) {
            dropRenumberedRows(source, RenumberedRows.load(ctx.ledger(), ctx.pairId(), source, ss.epoch(), target),
                    ss.epoch());
            ctx.progress().settle(source.id());
            return ss; // nothing to list: saves the listing's round trips for the many empty folders
        }
        CheckpointGate.Plan plan = ctx.checkpoints().plan(sessions, mapping, target, ss, tally);
        if (plan.skip()) {
            ctx.progress().settle(source.id()); // no listing: the renumbered rows below would serve none
            return ss;
        }
        RenumberedRows renumbered = RenumberedRows.load(ctx.ledger(), ctx.pairId(), source, ss.epoch(), target);
        int pageSize = ctx.settings().pageSize();
        // Before its body, an item's Message-ID and header fields serve only to match it with what the target folder
        // held before (duplicate policy) or with the pair's rows of a renumbered folder: without either, the pages
        // are listed undescribed and the bodies describe the items (ADR 0052) — a first pass into an empty folder.
        boolean dated = ctx.filter().usesDates();
        boolean mayGoUndescribed = plan.changes() == null && renumbered.oldEpochs().isEmpty();
        SourcePageAhead.Lister lister = mayGoUndescribed
                ? (s, f, c, l, st) -> s.listUndescribed(f, c, l, st, dated) : SourceMailbox::list;
        // the duplicate check needs the target folder's state before anything is written to it: read beside the
        // source's first page (the listing the copy starts with), not after it
        SourcePageAhead first = plan.changes() == null && checksDuplicates(sessions, target)
                ? new SourcePageAhead(ahead, source, pageSize, ss, 0, lister) : null;
        FolderState targetBefore = first == null ? null
                : ctx.retrier().call(sessions, (s, t) -> first.readBeside(s, t, tm -> tm.state(target)));
        boolean undescribed = mayGoUndescribed && (first == null || targetBefore.messageCount() == 0);
        SourcePageAhead.Lister pageLister = undescribed ? lister : SourceMailbox::list;
        Pages pages = plan.changes() != null ? cursor -> new Page<>(plan.changes(), null) : cursor -> {
            SourcePageAhead.Again listing = () -> ctx.retrier().call(sessions,
                    (s, t) -> pageLister.list(s, source, cursor, pageSize, ss));
            if (cursor == null && first != null) {
                Page<ItemRef> page = first.page(listing);
                // listed undescribed beside a target folder that turned out to hold items: described now
                return undescribed || page.items().stream().allMatch(ItemRef::described) ? page
                        : new Page<>(ctx.retrier().call(sessions, (s, t) -> s.describe(source, page.items())),
                                page.nextCursor(), page.token());
            }
            return listing.list();
        };
        try (Prefetcher batches = new Prefetcher(ctx, batchCopier, sessions, source, ss.epoch(), target, tally)) {
            copyPages(sessions, mapping, target, tally, ss, pages, batches, renumbered, targetBefore);
        }
        if (!ctx.halted()) {
            dropRenumberedRows(source, renumbered, ss.epoch());
            ctx.progress().settle(source.id()); // items the count promised and the listing did not select
        }
        return ss;
    }

    /**
     * Walks the pages and hands what needs copying to {@code batches}, which fetches each batch ahead while the one
     * before is written; between two batches the source session is free for the listing.
     */
    private void copyPages(Sessions sessions, FolderMapping mapping, MailFolder target, FolderTally tally,
            FolderState ss, Pages pages, Prefetcher batches, RenumberedRows renumbered, FolderState targetBefore)
            throws MailboxException {
        MailFolder source = mapping.source();
        String path = source.displayPath();
        ItemFilter filter = ctx.filter(source, sessions.target().capabilities(target));
        DuplicatePolicy policy = ctx.options().duplicatePolicy();
        boolean stamps = sessions.target().capabilities(target).stamps();
        boolean checksDuplicates = checksDuplicates(sessions, target);
        boolean atOnce = sessions.target().writesBatchesAtOnce(target);
        int times = atOnce ? scale : 1; // a target that writes item by item gains nothing from larger batches
        int batchItems = ctx.settings().batchItems(atOnce) * times;
        long batchBytes = this.batchBytes * times;
        DuplicateIndex dups = null;
        String cursor = null;
        do {
            if (ctx.halted()) {
                break;
            }
            Page<ItemRef> page = pages.next(cursor);
            if (page.token() != null) {
                ctx.checkpoints().listed(source, page.token());
            }
            if (page.items().isEmpty()) {
                break;
            }
            Map<String, LedgerEntry> known = ctx.ledger().entries(ctx.pairId(), source.id(),
                    page.items().stream().map(ItemRef::id).toList());
            List<LedgerEntry> recorded = new ArrayList<>();
            List<Skipped> skippedUndescribed = new ArrayList<>();
            List<CopyItem> batch = new ArrayList<>();
            long bytes = 0;
            for (ItemRef item : page.items()) {
                LedgerEntry e = known.get(item.id());
                if (e != null && e.state() == LedgerState.PENDING || batches.fetchedAhead(item.id())) {
                    // listed again on a later page (a listing paged by offset while mail arrived): this pass copies
                    // it already — a PENDING row now is this pass's, the pass began by reconciling every earlier one
                    continue;
                }
                ItemFilter.Decision d = filter.decide(item);
                if (d.kind() == ItemFilter.Decision.Kind.NOT_SELECTED) {
                    continue;
                }
                tally.selected++;
                ctx.progress().selected(source.id(), item.size());
                if (e != null && e.onTarget()) {
                    alreadyThere(item, tally);
                    continue;
                }
                if (d.kind() == ItemFilter.Decision.Kind.SKIP) {
                    boolean row = d.cause() == ItemFilter.Decision.Cause.TOO_LARGE
                            && (e == null || !d.reason().equals(e.reason()));
                    if (item.described()) {
                        skip(path, item, d.reason(), tally);
                        if (row) {
                            recorded.add(row(source, ss, item, target, null, LedgerState.SKIPPED, d.reason()));
                        }
                    } else {
                        skippedUndescribed.add(new Skipped(item, d.reason(), row));
                    }
                    continue;
                }
                LedgerEntry mine = e == null ? renumbered.takeOver(item, ss.epoch(), ctx.now()) : null;
                if (mine != null) {
                    recorded.add(mine); // the pair's own copy, written before the folder was renumbered
                    alreadyThere(item, tally);
                    continue;
                }
                String overwrite = null;
                boolean retry = e != null && e.state() == LedgerState.FAILED;
                if (!retry && checksDuplicates) {
                    if (dups == null) {
                        if (targetBefore == null || targetBefore.messageCount() != 0) {
                            // what the target folder holds is listed (unless it is known to be empty: a count of -1
                            // is none), and the worker's copies still waiting for their DONE rows (this folder's, or
                            // an earlier one's into the same target folder) are the pair's own: the index must find
                            // them in the ledger
                            batchCopier.flush();
                        }
                        DuplicateIndex.Build build = new DuplicateIndex.Build(target, targetBefore, ctx.ledger(),
                                ctx.pairId(), ctx.settings().pageSize());
                        dups = ctx.retrier().call(sessions, (s, t) -> build.on(t), build::pages);
                    }
                    String ours = stamps ? dups.takeStamp(ctx.stamps().of(source.id(), item.id())) : null;
                    if (ours != null) {
                        LOG.info("Pair {}: {} item {} is on the target already, written by an earlier pass "
                                + "(identity stamp); recorded, not written again", ctx.pairId(), path, item.id());
                        recorded.add(row(source, ss, item, target, ours, LedgerState.DONE, null));
                        alreadyThere(item, tally);
                        continue;
                    }
                    String existing = policy == DuplicatePolicy.CREATE_DUPLICATE ? null : dups.take(item.dedupKey());
                    if (existing != null && policy == DuplicatePolicy.SKIP) {
                        recorded.add(row(source, ss, item, target, existing, LedgerState.MATCHED,
                                "already on the target"));
                        alreadyThere(item, tally);
                        continue;
                    }
                    overwrite = existing;
                }
                if (e == null) {
                    tally.sentNew(item.id());
                }
                batch.add(new CopyItem(item, overwrite));
                bytes += item.size();
                if (batch.size() >= batchItems || bytes >= batchBytes) {
                    skipDescribed(sessions, source, ss, target, skippedUndescribed, recorded, tally);
                    batches.copy(batch);
                    batch = new ArrayList<>();
                    bytes = 0;
                    if (ctx.halted()) {
                        break;
                    }
                }
            }
            skipDescribed(sessions, source, ss, target, skippedUndescribed, recorded, tally);
            ctx.ledger().put(recorded);
            if (!batch.isEmpty()) {
                batches.copy(batch);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        if (!ctx.halted()) {
            batches.finish(); // when halted, the batch fetched ahead is dropped by close(): no row was written for it
        }
    }

    /** An item the filter skips that was listed undescribed, kept to be described with the others of its page. */
    private record Skipped(ItemRef item, String reason, boolean row) {
    }

    /**
     * Counts and reports the undescribed items the filter skipped since the last call, described first in one call
     * (the report names them, their rows keep their dedup key; one the source no longer holds is reported as listed):
     * before each batch, so that a batch that fails leaves none uncounted, and at the page's end.
     */
    private void skipDescribed(Sessions sessions, MailFolder source, FolderState ss, MailFolder target,
            List<Skipped> skipped, List<LedgerEntry> recorded, FolderTally tally) throws MailboxException {
        if (skipped.isEmpty()) {
            return;
        }
        List<ItemRef> described = ctx.retrier().call(sessions, (s, t) -> s.describe(source,
                skipped.stream().map(Skipped::item).toList()));
        for (int i = 0; i < described.size(); i++) {
            Skipped k = skipped.get(i);
            skip(source.displayPath(), described.get(i), k.reason(), tally);
            if (k.row()) {
                recorded.add(row(source, ss, described.get(i), target, null, LedgerState.SKIPPED, k.reason()));
            }
        }
        skipped.clear();
    }

    /** True when new items are checked against the target folder's items (stamps, or a duplicate policy). */
    private boolean checksDuplicates(Sessions sessions, MailFolder target) {
        return sessions.target().capabilities(target).stamps()
                || ctx.options().duplicatePolicy() != DuplicatePolicy.CREATE_DUPLICATE;
    }

    private LedgerEntry row(MailFolder source, FolderState ss, ItemRef item, MailFolder target, String targetItem,
            LedgerState state, String reason) {
        return new LedgerEntry(ctx.pairId(), source.id(), ss.epoch(), item.id(), item.order(), target.id(), null,
                targetItem, item.dedupKey(), item.size(), null, state, reason, ctx.now());
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

    /**
     * A source folder whose epoch changed (IMAP: new UIDVALIDITY) was renumbered: once its items have taken over the
     * old rows that named the pair's own copies ({@link RenumberedRows}), the old rows go.
     */
    private void dropRenumberedRows(MailFolder folder, RenumberedRows renumbered, String epoch) {
        for (String old : renumbered.oldEpochs()) {
            int n = ctx.ledger().removeEpoch(ctx.pairId(), folder.id(), old);
            LOG.warn("Pair {}: source folder {} was renumbered ({} -> {}); its items were found on the target by the"
                    + " {} rows of the old numbering, which were then removed", ctx.pairId(), folder.displayPath(), old,
                    epoch, n);
        }
    }

    /** Writes the outcomes of the last batch this worker copied ({@link BatchCopier#flush}). */
    void flush() {
        batchCopier.flush();
    }
}
