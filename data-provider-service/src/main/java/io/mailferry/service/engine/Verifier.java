package io.mailferry.service.engine;

import io.mailferry.model.report.ItemOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a pass (DESIGN step 6): re-lists both sides per mapped folder — listings only, never bodies — and reconciles
 * item by item. A selected source item (same filters as the copy) is on the target when the ledger holds it as DONE,
 * MATCHED or MOVED and the target folder still has that UID (same UIDVALIDITY), or, when the UID is unknown or the
 * target folder was renumbered, an unclaimed item with its dedup key — and, unless Mailferry appended it and finds it
 * by UID, that item has the source item's size and header digest: a pre-existing item matched by Message-ID that
 * differs is skipped (duplicate policy), not on the target. Move mode collects only items proven the same message.
 * Everything else is counted as skipped (with the filter's reason), failed (the ledger's reason) or missing, and
 * reported item by item; the ledger rows of items proven deleted on the target are dropped, so the next pass copies
 * them again. Items found by UID whose
 * target flags differ from the source's get the source's ({@link FlagSync}): this is how every pass, delta included,
 * carries flag changes made on the source after the first copy, without listing anything more.
 */
final class Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    static final String DIFFERS = "Not copied: the target already has an item with the same Message-ID that differs in "
            + "size or headers (duplicate policy SKIP; the policy \"create duplicates\" copies it).";
    static final String KEPT_DIFFERS = "Kept on the source: the target's item with the same Message-ID differs in size "
            + "or headers, so it was not deleted (duplicate policy SKIP did not copy it).";
    static final String KEPT_UNPROVEN = "Kept on the source: its copy could not be found on the target by UID, and "
            + "the target's item with the same Message-ID differs in size or headers, so it was not deleted.";
    private final PassContext ctx;
    private final IssueLog issues;

    /** @param issues where this verification's per-item findings go (not the pass's own issue log) */
    Verifier(PassContext ctx, IssueLog issues) {
        this.ctx = ctx;
        this.issues = issues;
    }

    /** One listed target item: what verification compares and claims. */
    private static final class Listed {
        final Set<String> flags;
        final long size;
        final long digest;
        final String key;
        boolean claimed;

        Listed(ItemRef item) {
            flags = item.flags();
            size = item.size();
            digest = digestBits(item.headerDigest());
            key = item.dedupKey();
        }

        /** Same size and, where both sides computed one, the same header digest as the source item. */
        boolean sameAs(ItemRef source) {
            return size == source.size() && digest == digestBits(source.headerDigest());
        }
    }

    /** 64 bits of the header digest (hex SHA-256), so a listing holds a number per item rather than a string. */
    static long digestBits(String digest) {
        if (digest == null) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(digest.substring(0, Math.min(16, digest.length())), 16);
        } catch (NumberFormatException e) {
            return digest.hashCode();
        }
    }

    /**
     * The target folder's items as one full listing found them: every listed UID (claimed or not) and, per dedup key,
     * the UIDs not claimed yet. Each target item proves one source item only.
     */
    private static final class TargetListing {
        final long uidValidity;
        final long uidNext;
        final Map<Long, Listed> uids = new HashMap<>();
        final Map<String, List<Long>> unclaimed = new HashMap<>();

        TargetListing(FolderState state) {
            this.uidValidity = state.uidValidity();
            this.uidNext = state.uidNext();
        }

        void add(ItemRef item) {
            Listed l = new Listed(item);
            uids.put(item.uid(), l);
            unclaimed.computeIfAbsent(l.key, k -> new ArrayList<>(1)).add(item.uid());
        }

        /** True when the row names its target item by a UID of this listing's UIDVALIDITY. */
        boolean byUid(LedgerEntry e) {
            return e.targetUid() > 0 && e.targetUidValidity() == uidValidity;
        }

        /**
         * True when the item the row names by UID is proven gone: the UID was assigned before the state read ahead of
         * this listing (below its UIDNEXT, same UIDVALIDITY) and the whole listing does not hold it. UIDs are never
         * reused within one UIDVALIDITY, so the message that had it was deleted (or moved away) on the target.
         */
        boolean provenAbsent(LedgerEntry e) {
            return byUid(e) && e.targetUid() < uidNext && !uids.containsKey(e.targetUid());
        }

        /**
         * Claims the item the row names: by UID when known, else an unclaimed item with the row's dedup key (one that
         * is the same message as {@code source} first). Null when there is none.
         */
        Listed claim(LedgerEntry e, ItemRef source) {
            Long uid;
            if (byUid(e)) {
                uid = e.targetUid();
            } else {
                List<Long> candidates = unclaimed.getOrDefault(e.dedupKey(), List.of());
                uid = candidates.stream().filter(u -> uids.get(u).sameAs(source)).findFirst()
                        .orElse(candidates.isEmpty() ? null : candidates.get(0));
            }
            Listed l = uid == null ? null : uids.get(uid);
            if (l == null || l.claimed) {
                return null;
            }
            l.claimed = true;
            List<Long> same = unclaimed.get(l.key);
            same.remove(uid);
            if (same.isEmpty()) {
                unclaimed.remove(l.key);
            }
            return l;
        }
    }

    /**
     * Checks the folders, grouped by target folder (a merged target folder is listed once), the groups spread over
     * the pass's workers — the connections the copy used — so verification takes one worker's share of the round
     * trips, not all of them.
     *
     * @param collectVerified keep the rows of items confirmed on the target (move mode)
     * @param onFolder        receives each folder's result as soon as it is known, on the worker that checked it
     *                        (so from several threads at once)
     */
    void verify(Workers workers, Map<FolderMapping, MailFolder> folders, boolean collectVerified,
            FolderResultSink onFolder) throws MailboxException {
        Map<String, List<FolderMapping>> byTarget = new LinkedHashMap<>();
        folders.forEach((m, t) -> byTarget.computeIfAbsent(t.displayPath(), k -> new ArrayList<>()).add(m));
        workers.drain(Math.min(workers.size(), byTarget.size()), false,
                new ConcurrentLinkedQueue<>(byTarget.values()),
                (sessions, group) -> verifyGroup(sessions, folders, group, collectVerified, onFolder));
    }

    private void verifyGroup(Sessions sessions, Map<FolderMapping, MailFolder> folders, List<FolderMapping> group,
            boolean collectVerified, FolderResultSink onFolder) throws MailboxException {
        MailFolder target = folders.get(group.get(0));
        TargetListing listing = ctx.retrier().call(sessions, (s, t) -> list(t, target));
        for (FolderMapping m : group) {
            FolderCheck check;
            try {
                FlagSync flags = new FlagSync();
                check = check(sessions, m.source(), listing, collectVerified, flags);
                syncFlags(sessions, target, check, flags);
                dropVanished(sessions, m, target, listing, check);
            } catch (MailboxException e) {
                if (e.kind() != MailboxException.Kind.ITEM) {
                    throw e;
                }
                check = new FolderCheck(m.source().displayPath());
                check.unreadable = e.getMessage();
                issues.add(m.source().displayPath(), null, ItemOutcome.MISSING, "Folder not verified: " + e.getMessage());
            }
            onFolder.accept(sessions, m, check);
        }
    }

    /**
     * Lets the next pass copy again the items this check proved deleted on the target: drops their ledger rows, after
     * making sure the target folder still has the listing's UIDVALIDITY (so the UIDs meant the same messages) and after
     * forgetting the folder's checkpoint (so the next pass lists the source folder even when nothing changed there).
     * A crash in between leaves the rows, which the next verification finds missing again. Only rows named by a UID
     * are dropped: a row without one cannot be proven gone, and dropping a row whose copy is still there would make
     * the next pass copy it twice.
     */
    private void dropVanished(Sessions sessions, FolderMapping mapping, MailFolder target, TargetListing listing,
            FolderCheck check) throws MailboxException {
        if (check.vanished.isEmpty()) {
            return;
        }
        FolderState now = ctx.retrier().call(sessions, (s, t) -> t.state(target));
        if (now.uidValidity() != listing.uidValidity) {
            check.vanished.clear();
            return; // renumbered while being verified: the listing proves nothing any more
        }
        ctx.checkpoints().forget(mapping);
        ctx.ledger().remove(List.copyOf(check.vanished));
        LOG.warn("Pair {}: {} items copied earlier are no longer in target folder {} (deleted there); the next pass "
                + "copies them again", ctx.pairId(), check.vanished.size(), target.displayPath());
    }

    /** Receives one folder's verification. */
    @FunctionalInterface
    interface FolderResultSink {
        void accept(Sessions sessions, FolderMapping mapping, FolderCheck check) throws MailboxException;
    }

    private TargetListing list(TargetMailbox target, MailFolder folder) throws MailboxException {
        FolderState state = target.state(folder);
        TargetListing listing = new TargetListing(state);
        if (state.messageCount() == 0) {
            return listing; // empty: no listing round trips
        }
        Listings.forEach(target, folder, ctx.settings().pageSize(), listing::add);
        return listing;
    }

    /**
     * Brings the target's flags up to date (one {@link TargetMailbox#setFlags} per distinct flag set). A refusal is
     * reported on the folder and keeps its checkpoint from moving, so the next pass tries again; it fails nothing else.
     */
    private void syncFlags(Sessions sessions, MailFolder target, FolderCheck check, FlagSync flags)
            throws MailboxException {
        if (flags.count() == 0) {
            return;
        }
        try {
            for (Map.Entry<Set<String>, List<Long>> u : flags.updates().entrySet()) {
                ctx.retrier().call(sessions, (s, t) -> {
                    t.setFlags(target, u.getKey(), u.getValue());
                    return null;
                });
                check.flagsUpdated += u.getValue().size();
            }
        } catch (MailboxException e) {
            if (e.kind() != MailboxException.Kind.ITEM) {
                throw e;
            }
            check.flagsRefused = e.getMessage();
            LOG.warn("Pair {}: flags of {} items in target folder {} could not be updated: {}", ctx.pairId(),
                    flags.count() - check.flagsUpdated, target.displayPath(), e.getMessage());
        }
    }

    private FolderCheck check(Sessions sessions, MailFolder source, TargetListing listing, boolean collectVerified,
            FlagSync flags) throws MailboxException {
        String path = source.displayPath();
        FolderCheck check = new FolderCheck(path);
        FolderState state = ctx.retrier().call(sessions, (s, t) -> s.state(source));
        long uidValidity = state.uidValidity();
        if (state.messageCount() == 0) {
            return check; // an empty source folder has nothing to verify
        }
        ItemFilter filter = ctx.filter().forFolder();
        String cursor = null;
        do {
            String from = cursor;
            Page<ItemRef> page = ctx.retrier().call(sessions, (s, t) -> s.list(source, from, ctx.settings().pageSize()));
            if (page.items().isEmpty()) {
                break;
            }
            Map<Long, LedgerEntry> known = ctx.ledger().entries(ctx.pairId(), path, uidValidity,
                    page.items().get(0).uid(), page.items().get(page.items().size() - 1).uid());
            for (ItemRef item : page.items()) {
                ItemFilter.Decision d = filter.decide(item);
                if (d.kind() == ItemFilter.Decision.Kind.NOT_SELECTED) {
                    continue;
                }
                check.selected++;
                LedgerEntry e = known.get(item.uid());
                if (e != null && DuplicateIndex.ON_TARGET.contains(e.state())) {
                    onTarget(check, path, item, e, listing, collectVerified, flags);
                } else if (d.kind() == ItemFilter.Decision.Kind.SKIP) {
                    if (d.reason().startsWith(ItemFilter.TOO_LARGE)) {
                        check.tooLarge++;
                    } else {
                        check.trialLimit++;
                    }
                    issues.add(path, item, ItemOutcome.SKIPPED, d.reason());
                } else if (e != null && e.state() == LedgerState.FAILED) {
                    check.failed++;
                    issues.add(path, item, ItemOutcome.FAILED, e.reason());
                } else {
                    missing(check, path, item, "Not copied to the target.");
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return check;
    }

    /**
     * An item the ledger holds as on the target. Items Mailferry appended (DONE, found by their UID) are its own bytes;
     * any other target item — a pre-existing one matched by duplicate policy SKIP, or a copy found only by its dedup
     * key — is the same message only when it has the source item's size and header digest. A matched item that is not
     * counts as skipped, never as on the target, and move mode deletes from the source only items proven the same.
     */
    private void onTarget(FolderCheck check, String path, ItemRef item, LedgerEntry e, TargetListing listing,
            boolean collectVerified, FlagSync flags) {
        Listed t = listing.claim(e, item);
        if (t == null) {
            if (listing.provenAbsent(e)) {
                check.vanished.add(e);
                missing(check, path, item, "Copied earlier but no longer in target folder " + e.targetFolder()
                        + " (deleted or moved on the target); the next pass copies it again.");
            } else {
                missing(check, path, item, "Copied earlier but no longer in target folder " + e.targetFolder()
                        + " (deleted or moved on the target).");
            }
            return;
        }
        boolean same = (e.state() != LedgerState.MATCHED && listing.byUid(e)) || t.sameAs(item);
        if (!same && e.state() == LedgerState.MATCHED) {
            check.differs++;
            if (collectVerified) {
                check.kept++;
                issues.add(path, item, ItemOutcome.SKIPPED, KEPT_DIFFERS);
            } else {
                issues.add(path, item, ItemOutcome.SKIPPED, DIFFERS);
            }
            return;
        }
        if (listing.byUid(e)) {
            flags.compare(e.targetUid(), item.flags(), t.flags);
        }
        check.onTarget++;
        check.bytesOnTarget += item.size();
        if (collectVerified && e.state() != LedgerState.MOVED) {
            if (same) {
                check.verified.add(e);
            } else {
                check.kept++;
                issues.add(path, item, ItemOutcome.SKIPPED, KEPT_UNPROVEN);
            }
        }
    }

    private void missing(FolderCheck check, String path, ItemRef item, String reason) {
        check.missing++;
        issues.add(path, item, ItemOutcome.MISSING, reason);
    }
}
