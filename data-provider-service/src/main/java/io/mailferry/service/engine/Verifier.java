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
 * target folder was renumbered, an unclaimed item with its dedup key. Everything else is counted as skipped (with the
 * filter's reason), failed (the ledger's reason) or missing, and reported item by item. Items found by UID whose
 * target flags differ from the source's get the source's ({@link FlagSync}): this is how every pass, delta included,
 * carries flag changes made on the source after the first copy, without listing anything more.
 */
final class Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    private final PassContext ctx;
    private final IssueLog issues;

    /** @param issues where this verification's per-item findings go (not the pass's own issue log) */
    Verifier(PassContext ctx, IssueLog issues) {
        this.ctx = ctx;
        this.issues = issues;
    }

    /** The target folder's items as listed: UIDs with their flags and a multiset of dedup keys. */
    private static final class TargetListing {
        final long uidValidity;
        final Map<Long, Set<String>> uids = new HashMap<>();
        final Map<String, Integer> keys = new HashMap<>();

        TargetListing(long uidValidity) {
            this.uidValidity = uidValidity;
        }

        /** The flags of the target item the row names by UID, null when the UID is unknown or not listed. */
        Set<String> flagsOf(LedgerEntry e) {
            return e.targetUid() > 0 && e.targetUidValidity() == uidValidity ? uids.get(e.targetUid()) : null;
        }

        /** Claims the item the row names; each target item proves one source item only. */
        boolean claim(LedgerEntry e) {
            if (e.targetUid() > 0 && e.targetUidValidity() == uidValidity) {
                if (uids.remove(e.targetUid()) == null) {
                    return false;
                }
                takeKey(e.dedupKey());
                return true;
            }
            return takeKey(e.dedupKey());
        }

        private boolean takeKey(String key) {
            Integer n = keys.get(key);
            if (n == null) {
                return false;
            }
            if (n == 1) {
                keys.remove(key);
            } else {
                keys.put(key, n - 1);
            }
            return true;
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

    /** Receives one folder's verification. */
    @FunctionalInterface
    interface FolderResultSink {
        void accept(Sessions sessions, FolderMapping mapping, FolderCheck check) throws MailboxException;
    }

    private TargetListing list(TargetMailbox target, MailFolder folder) throws MailboxException {
        FolderState state = target.state(folder);
        TargetListing listing = new TargetListing(state.uidValidity());
        if (state.messageCount() == 0) {
            return listing; // empty: no listing round trips
        }
        Listings.forEach(target, folder, ctx.settings().pageSize(), item -> {
            listing.uids.put(item.uid(), item.flags());
            listing.keys.merge(item.dedupKey(), 1, Integer::sum);
        });
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
                    Set<String> targetFlags = listing.flagsOf(e);
                    if (listing.claim(e)) {
                        if (targetFlags != null) {
                            flags.compare(e.targetUid(), item.flags(), targetFlags);
                        }
                        check.onTarget++;
                        check.bytesOnTarget += item.size();
                        if (collectVerified && e.state() != LedgerState.MOVED) {
                            check.verified.add(e);
                        }
                    } else {
                        missing(check, path, item, "Copied earlier but no longer in target folder " + e.targetFolder()
                                + " (deleted or moved on the target).");
                    }
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

    private void missing(FolderCheck check, String path, ItemRef item, String reason) {
        check.missing++;
        issues.add(path, item, ItemOutcome.MISSING, reason);
    }
}
