package io.mailferry.service.engine;

import io.mailferry.model.report.ItemOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Proves a pass (DESIGN step 6): re-lists both sides per mapped folder — listings only, never bodies — and reconciles
 * item by item. A selected source item (same filters as the copy) is on the target when the ledger holds it as DONE,
 * MATCHED or MOVED and the target folder still has that UID (same UIDVALIDITY), or, when the UID is unknown or the
 * target folder was renumbered, an unclaimed item with its dedup key. Everything else is counted as skipped (with the
 * filter's reason), failed (the ledger's reason) or missing, and reported item by item.
 */
final class Verifier {
    private final PassContext ctx;
    private final IssueLog issues;

    /** @param issues where this verification's per-item findings go (not the pass's own issue log) */
    Verifier(PassContext ctx, IssueLog issues) {
        this.ctx = ctx;
        this.issues = issues;
    }

    /** The target folder's items as listed: UIDs and a multiset of dedup keys. */
    private static final class TargetListing {
        final long uidValidity;
        final Set<Long> uids = new HashSet<>();
        final Map<String, Integer> keys = new HashMap<>();

        TargetListing(long uidValidity) {
            this.uidValidity = uidValidity;
        }

        /** Claims the item the row names; each target item proves one source item only. */
        boolean claim(LedgerEntry e) {
            if (e.targetUid() > 0 && e.targetUidValidity() == uidValidity) {
                if (!uids.remove(e.targetUid())) {
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
                check = check(sessions, m.source(), listing, collectVerified);
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
            listing.uids.add(item.uid());
            listing.keys.merge(item.dedupKey(), 1, Integer::sum);
        });
        return listing;
    }

    private FolderCheck check(Sessions sessions, MailFolder source, TargetListing listing, boolean collectVerified)
            throws MailboxException {
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
                    if (listing.claim(e)) {
                        check.onTarget++;
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
