package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemState;
import io.mailferry.service.engine.port.TargetMailbox;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.FolderCheckpoint;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.Page;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.model.report.ItemOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a pass (DESIGN step 6): re-lists both sides per mapped folder — listings only, never bodies — and reconciles
 * item by item. A selected source item (same filters as the copy) is on the target when the ledger holds it as DONE,
 * MATCHED or MOVED and the target folder still has that item by its id, or, when the id is unknown or belongs to
 * another id space (the target renumbered the folder), an unclaimed item with its dedup key — and, unless Mailferry
 * wrote it and finds it by id, that item is the same message: the same size and header digest where the target stores
 * items byte for byte, our identity stamp, or the same Message-ID, subject and Date, where it rebuilds them. A pre-existing item
 * matched by Message-ID that differs is skipped (duplicate policy), not on the target. Move mode collects only items
 * proven the same message. Everything else is counted as skipped (with the filter's reason), failed (the ledger's
 * reason) or missing, and reported item by item; the ledger rows of items proven deleted on the target ({@link
 * TargetMailbox#provenGone}, or for an id of another id space a full byte-for-byte listing without their Message-ID)
 * are dropped, so the next pass copies them again. Each source id is checked once: a listing paged by offset may list
 * one again on a later page. Items found by id whose target state
 * differs from the source's get the source's ({@link StateSync}): this is how every pass, delta included, carries
 * state changes made on the source after the first copy, without listing anything more. A folder that the source's
 * and the target's change tokens prove unchanged since the last pass that found it exact is not listed: it counts what
 * that pass found ({@link CheckpointGate#provenUnchanged}, ADR 0027). Where a side lists ids, sizes and states apart,
 * its folders are listed so first, and with their header fields only where rows need them (ADR 0039).
 */
final class Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);
    /** Source pages listed ahead, after the first, while a target folder of several pages is listed. */
    static final int PAGES_AHEAD = 3;
    /** Rows held for a full target listing at most ({@link #settle}): the rest of the folder is checked against it. */
    static final int WAITING_MAX = 1000;
    static final String DIFFERS = "Not copied: the target already has an item with the same Message-ID that differs in "
            + "size or headers (duplicate policy SKIP; a job with the policy \"create duplicates\" from its first pass "
            + "copies such items).";
    static final String KEPT_DIFFERS = "Kept on the source: the target's item with the same Message-ID differs in size "
            + "or headers, so it was not deleted (duplicate policy SKIP did not copy it).";
    static final String KEPT_UNPROVEN = "Kept on the source: its copy could not be found on the target by its id, and "
            + "the target's item with the same Message-ID differs in size or headers, so it was not deleted.";
    private final PassContext ctx;
    private final IssueLog issues;
    private final Map<String, java.util.Set<String>> sentNew;

    /**
     * @param issues  where this verification's per-item findings go (not the pass's own issue log)
     * @param sentNew by source folder that shares its target folder with others: the items the copy step sent to be
     *                written that the ledger had no row of (FolderTally#sentNew), where it copied any
     */
    Verifier(PassContext ctx, IssueLog issues, Map<String, java.util.Set<String>> sentNew) {
        this.ctx = ctx;
        this.issues = issues;
        this.sentNew = sentNew;
    }

    /** One listed target item: what verification compares and claims. */
    private static final class Listed {
        final String id;
        final ItemState state;
        final long size;
        final long digest;
        final String key;
        final String stamp;
        final String messageId;
        final String subject;
        final java.time.Instant sentDate;
        boolean claimed;

        /**
         * @param headers keep Message-ID, subject and date (targets that rebuild items; others compare the digest)
         * @param light   the item was listed without its header fields: no digest and no dedup key either
         */
        Listed(ItemRef item, boolean headers, boolean light) {
            messageId = headers && !light ? item.messageId() : null;
            subject = headers && !light ? item.subject() : null;
            sentDate = headers && !light ? item.sentDate() : null;
            id = item.id();
            state = item.state();
            size = item.size();
            digest = light ? 0 : digestBits(item.headerDigest());
            key = light ? null : item.dedupKey();
            stamp = item.stamp();
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

    /** A claimed target item, and whether the row named it by its id. */
    private record Claim(Listed item, boolean byId) {
    }

    /**
     * The target folder's items as one full listing found them: every listed id (claimed or not) and, per dedup key,
     * the ids not claimed yet. Each target item proves one source item only. Where the target lists ids, sizes and
     * states apart ({@link TargetMailbox#listsStatesApart}) the listing starts light — without header fields, so
     * without dedup keys — which proves every row that names a listed item by its id (most of them: the items
     * Mailferry wrote); rows it cannot settle ({@link #needsHeaders}) wait until the folder is listed again in full
     * ({@link #fuller}, {@link #adopt}), the items claimed until then staying claimed.
     */
    private static final class TargetListing {
        /** The connection the listing was (last) read on: a retry reopens it. */
        TargetMailbox target;
        final MailFolder folder;
        final FolderState before;
        final boolean byteIdentical;
        final Map<String, Listed> ids = new HashMap<>();
        /** Stamped items by stamp (targets that keep stamps): our copies, whatever the ledger knows of their ids. */
        final Map<String, String> byStamp = new HashMap<>();
        final Map<String, List<String>> unclaimed = new HashMap<>();
        /** Listed without header fields: ids, sizes, states and stamps only. */
        boolean light;
        /** The ids claimed while the listing was light, claimed again as the full listing lists them. */
        private java.util.Set<String> claimedBefore = java.util.Set.of();

        TargetListing(TargetMailbox target, MailFolder folder, FolderState before, boolean light) {
            this.target = target;
            this.folder = folder;
            this.before = before;
            this.byteIdentical = target.capabilities(folder).byteIdentical();
            this.light = light;
        }

        void add(ItemRef item) {
            Listed l = new Listed(item, !byteIdentical, light);
            ids.put(item.id(), l);
            if (item.stamp() != null) {
                byStamp.putIfAbsent(item.stamp(), item.id());
            }
            if (claimedBefore.contains(item.id())) {
                l.claimed = true;
            } else if (!light) {
                unclaimed.computeIfAbsent(l.key, k -> new ArrayList<>(1)).add(item.id());
            }
        }

        /**
         * True when this listing cannot settle the row because it is light: the row would be matched by its dedup key
         * (its id not listed, and not proven gone; no stamp found) or compared by its header fields (a MATCHED row,
         * unless the stamp proves it). Mirrors {@link #claim} and {@link #sameAs}.
         */
        boolean needsHeaders(LedgerEntry e, String stamp) {
            if (!light) {
                return false;
            }
            String id = direct(e, stamp);
            return id == null ? !provenAbsent(e) : !ids.get(id).claimed && !stampProves(e, ids.get(id), stamp);
        }

        /**
         * True when the row's item is on the target by its id or stamp alone — unclaimed, and Mailferry's own copy or
         * proven the same by its stamp — so neither side's header fields are needed to check it.
         */
        boolean provesById(LedgerEntry e, String stamp) {
            String id = direct(e, stamp);
            return id != null && !ids.get(id).claimed && stampProves(e, ids.get(id), stamp);
        }

        /** The listed item the row names by its id, else an unclaimed one with its stamp; null when neither. */
        private String direct(LedgerEntry e, String stamp) {
            if (e.targetItem() != null && ids.containsKey(e.targetItem())) {
                return e.targetItem();
            }
            String byIts = stamp == null ? null : byStamp.get(stamp);
            return byIts != null && !ids.get(byIts).claimed ? byIts : null;
        }

        /** Not a MATCHED row (an item Mailferry wrote), or one the stamp proves: no header fields to compare. */
        private static boolean stampProves(LedgerEntry e, Listed l, String stamp) {
            return e.state() != LedgerState.MATCHED || (stamp != null && stamp.equals(l.stamp));
        }

        /** An empty full listing of the same folder and state, with this one's claimed items to be claimed again. */
        TargetListing fuller() {
            TargetListing full = new TargetListing(target, folder, before, false);
            java.util.Set<String> claimed = new java.util.HashSet<>(claimedBefore);
            ids.forEach((id, l) -> {
                if (l.claimed) {
                    claimed.add(id);
                }
            });
            full.claimedBefore = claimed;
            return full;
        }

        /** Takes the items of {@code full}, listed whole ({@link #fuller}): this listing is full from now on. */
        void adopt(TargetListing full) {
            target = full.target;
            ids.clear();
            ids.putAll(full.ids);
            byStamp.clear();
            byStamp.putAll(full.byStamp);
            unclaimed.clear();
            unclaimed.putAll(full.unclaimed);
            claimedBefore = full.claimedBefore;
            light = false;
            subjectsAndDates = null;
        }

        /**
         * True when the item the row names by id is proven gone: the whole listing does not hold it and the target
         * says its absence proves a removal (same id space).
         */
        boolean provenAbsent(LedgerEntry e) {
            return unlisted(e) && target.provenGone(before.mark(), e.targetItem());
        }

        /** The row names a target item by its id, and this listing does not hold it. */
        private boolean unlisted(LedgerEntry e) {
            return e.targetItem() != null && !ids.containsKey(e.targetItem());
        }

        /**
         * True when the row's id is not listed and proves nothing by itself ({@link TargetMailbox#provenGone} false:
         * IMAP, a UID of an earlier UIDVALIDITY — the folder was deleted and made again, or its index rebuilt), and this
         * full listing holds no unclaimed item with the row's Message-ID: the copy is not in the folder any more. Were
         * it still there under a new id, it would carry the same Message-ID and {@link #claim} would have taken it.
         * Only a key made of the Message-ID: a key made of other header fields may be computed from other fields on the
         * source's side (Graph, EWS) than on the target's. A target that rebuilds messages (Exchange Online's IMAP) may
         * give an unusual Message-ID back in another form, so there no item of the folder may have the source item's
         * subject and Date either.
         */
        boolean goneWithItsIdSpace(LedgerEntry e, ItemRef source) {
            return !light && unlisted(e) && !target.provenGone(before.mark(), e.targetItem())
                    && e.dedupKey() != null
                    && e.dedupKey().startsWith(ItemRef.MESSAGE_ID_KEY)
                    && unclaimed.getOrDefault(e.dedupKey(), List.of()).isEmpty()
                    && (byteIdentical || !subjectsAndDates().contains(subjectAndDate(source.subject(),
                            source.sentDate())));
        }

        private java.util.Set<String> subjectsAndDates;

        /** Every listed item's subject and Date (targets that rebuild messages), made once when first asked for. */
        private java.util.Set<String> subjectsAndDates() {
            if (subjectsAndDates == null) {
                subjectsAndDates = new java.util.HashSet<>();
                ids.values().forEach(l -> subjectsAndDates.add(subjectAndDate(l.subject, l.sentDate)));
            }
            return subjectsAndDates;
        }

        private static String subjectAndDate(String subject, java.time.Instant date) {
            return subject + "\n" + date;
        }

        /**
         * The same message as {@code source}: our identity stamp; else, where the target stores items byte for byte,
         * the same size and header digest; where it rebuilds them (sizes differ), the same Message-ID, subject and
         * Date header.
         */
        boolean sameAs(Listed l, ItemRef source, String stamp) {
            if (stamp != null && stamp.equals(l.stamp)) {
                return true;
            }
            if (byteIdentical) {
                return l.size == source.size() && l.digest == digestBits(source.headerDigest());
            }
            return l.messageId != null && l.messageId.equals(source.messageId())
                    && java.util.Objects.equals(l.subject, source.subject())
                    && java.util.Objects.equals(l.sentDate, source.sentDate());
        }

        /**
         * Claims the item the row names: by id when listed, else (unless the id is proven gone) an unclaimed item
         * with the row's dedup key, one that is the same message as {@code source} first. Null when there is none.
         */
        Claim claim(LedgerEntry e, ItemRef source, String stamp) {
            boolean byId = e.targetItem() != null && ids.containsKey(e.targetItem());
            String id = direct(e, stamp); // else our copy, found by its stamp (its id unknown to the ledger, or changed)
            if (id == null && provenAbsent(e)) {
                return null;
            } else if (id == null) {
                List<String> candidates = unclaimed.getOrDefault(e.dedupKey(), List.of());
                id = candidates.stream().filter(c -> sameAs(ids.get(c), source, stamp)).findFirst()
                        .orElse(candidates.isEmpty() ? null : candidates.get(0));
            }
            Listed l = id == null ? null : ids.get(id);
            if (l == null || l.claimed) {
                return null;
            }
            l.claimed = true;
            List<String> same = light ? null : unclaimed.get(l.key);
            if (same != null) {
                same.remove(id);
                if (same.isEmpty()) {
                    unclaimed.remove(l.key);
                }
            }
            return new Claim(l, byId);
        }
    }

    /**
     * Checks the folders, grouped by target folder (a merged target folder is listed once), the groups spread over
     * the pass's workers — the connections the copy used — so verification takes one worker's share of the round
     * trips, not all of them.
     *
     * @param early           the target states read beside the source's, before the copy step
     * @param collectVerified keep the rows of items confirmed on the target (move mode)
     * @param onFolder        receives each folder's result as soon as it is known, on the worker that checked it
     *                        (so from several threads at once)
     */
    void verify(Workers workers, Map<FolderMapping, MailFolder> folders, Map<FolderMapping, FolderState> copiedBy,
            KnownStates.Early early, boolean collectVerified, FolderResultSink onFolder) throws MailboxException {
        Map<String, List<FolderMapping>> byTarget = new LinkedHashMap<>();
        folders.forEach((m, t) -> byTarget.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(m));
        KnownStates known = KnownStates.read(ctx, workers, Math.min(workers.size(), byTarget.size()),
                byTarget.values(), folders, copiedBy, early);
        // as many workers as folders to list (the copy step may have needed fewer), as the copy step counts them
        long toList = byTarget.values().stream().filter(g -> proof(g, folders, collectVerified, known) == null
                && !known.empty(g, folders.get(g.get(0)))).count();
        // while helpers wait (many passes running, ADR 0041) the workers that have sessions verify alone
        int count = (int) Math.max(1, Math.min(workers.helpersNow() ? Math.max(workers.size(),
                WorkerCount.of(ctx.options().connectionsPerServer(), 1, ctx.task())) : workers.size(), toList));
        SourcePageAhead.Runner ahead = SourcePageAhead.helpers(ctx.pairId(), "verify");
        // the longest listings first (target folders by their item count), as the copy step takes its folders
        Map<List<FolderMapping>, Long> items = new HashMap<>();
        for (List<FolderMapping> g : byTarget.values()) {
            FolderState t = known.target(folders.get(g.get(0)));
            items.put(g, t == null || proof(g, folders, collectVerified, known) != null ? 0
                    : Math.max(0, t.messageCount()));
        }
        List<List<FolderMapping>> ordered = new ArrayList<>(byTarget.values());
        ordered.sort(java.util.Comparator.comparingLong(items::get).reversed());
        List<List<FolderMapping>> alone = new ArrayList<>();
        List<List<FolderMapping>> small = new ArrayList<>();
        Map<List<FolderMapping>, Long> smallItems = new HashMap<>(); // read once: the states may go stale
        for (List<FolderMapping> g : ordered) {
            long n = small(g, folders, collectVerified, known);
            (n > 0 ? small : alone).add(g);
            if (n > 0) {
                smallItems.put(g, n);
            }
        }
        List<List<List<FolderMapping>>> work = new ArrayList<>();
        alone.forEach(g -> work.add(List.of(g)));
        // one bundle per worker left free by the folders listed alone (the largest, taken first; those proven
        // unchanged or empty list nothing)
        long aloneBusy = alone.stream().filter(g -> proof(g, folders, collectVerified, known) == null
                && !known.empty(g, folders.get(g.get(0)))).count();
        work.addAll(Bundles.of(small, smallItems::get, (int) Math.max(1, count - aloneBusy)));
        workers.drain(count, false, new ConcurrentLinkedQueue<>(work),
                (sessions, bundle) -> verifyBundle(sessions, folders, bundle, collectVerified, onFolder, known,
                        ahead));
    }

    /**
     * The states a bundle's folders were listed by, the pages listed (null: list the folder alone), and whether each
     * side was listed by ids, sizes and states ({@code light}, {@code lightSource}: the group goes on the same way).
     */
    private record Prelisted(FolderState targetState, Page<ItemRef> targetPage, FolderState sourceState,
            Page<ItemRef> sourcePage, boolean light, boolean lightSource) {
    }

    /**
     * The items (both sides) of the group when it is one small folder to list on both sides, else 0: one source
     * folder, not proven unchanged, both states known, 1 to a page of items on the source and at most a page on the
     * target — listed whole with other such folders, one call per side ({@link
     * io.mailferry.service.engine.port.Mailbox#listWhole}: one round trip on IMAP) instead of a round trip each.
     */
    private long small(List<FolderMapping> group, Map<FolderMapping, MailFolder> folders, boolean collectVerified,
            KnownStates known) {
        if (group.size() != 1 || proof(group, folders, collectVerified, known) != null) {
            return 0;
        }
        FolderState t = known.target(folders.get(group.get(0)));
        FolderState s = known.source(group.get(0));
        int page = ctx.settings().pageSize();
        boolean small = t != null && s != null && t.messageCount() >= 0 && t.messageCount() <= page
                && s.messageCount() > 0 && s.messageCount() <= page;
        return small ? t.messageCount() + s.messageCount() : 0;
    }

    /**
     * Verifies a bundle of groups: one group as it comes; small folders listed whole first, all of the bundle's on
     * each side at once, each side beside the other ({@link BothSides}), then checked one by one from those pages.
     */
    private void verifyBundle(Sessions sessions, Map<FolderMapping, MailFolder> folders,
            List<List<FolderMapping>> bundle, boolean collectVerified, FolderResultSink onFolder, KnownStates known,
            SourcePageAhead.Runner ahead) throws MailboxException {
        // states gone stale since the bundle was made (a long verification): those folders are verified alone
        List<List<FolderMapping>> alone = bundle.stream().filter(g -> known.target(folders.get(g.get(0))) == null
                || known.source(g.get(0)) == null).toList();
        for (List<FolderMapping> g : alone) {
            verifyGroup(sessions, folders, g, collectVerified, onFolder, known, ahead, null);
        }
        List<List<FolderMapping>> listed = bundle.stream().filter(g -> !alone.contains(g)).toList();
        if (listed.size() == 1) {
            verifyGroup(sessions, folders, listed.get(0), collectVerified, onFolder, known, ahead, null);
        }
        if (listed.size() <= 1) {
            return;
        }
        verifyListed(sessions, folders, listed, collectVerified, onFolder, known, ahead);
    }

    /** The bundle's folders listed whole on both sides at once, then each checked from its pages. */
    private void verifyListed(Sessions sessions, Map<FolderMapping, MailFolder> folders,
            List<List<FolderMapping>> bundle, boolean collectVerified, FolderResultSink onFolder, KnownStates known,
            SourcePageAhead.Runner ahead) throws MailboxException {
        List<FolderMapping> mappings = bundle.stream().map(g -> g.get(0)).toList();
        List<MailFolder> targets = mappings.stream().map(folders::get).toList();
        List<MailFolder> sources = mappings.stream().map(FolderMapping::source).toList();
        List<FolderState> targetStates = targets.stream().map(known::target).toList();
        List<FolderState> sourceStates = mappings.stream().map(known::source).toList();
        int limit = ctx.settings().pageSize();
        boolean light = sessions.target().listsStatesApart();
        boolean lightSource = lightSource(sessions);
        boolean[] tried = {false};
        BothSides.Read<List<Page<ItemRef>>, List<Page<ItemRef>>> pages = ctx.retrier().call(sessions, (s, t) -> {
            if (tried[0]) { // a retry (a lost connection): each folder listed alone, in pages that halve (Walk)
                List<Page<ItemRef>> none = java.util.Collections.nCopies(bundle.size(), null);
                return new BothSides.Read<>(none, none);
            }
            tried[0] = true;
            return BothSides.read(s, t, sm -> lightSource ? sm.listWholeStates(sources, limit, sourceStates)
                    : sm.listWhole(sources, limit, sourceStates),
                    tm -> light ? tm.listWholeStates(targets, limit, targetStates)
                            : tm.listWhole(targets, limit, targetStates));
        });
        for (int i = 0; i < bundle.size(); i++) {
            verifyGroup(sessions, folders, bundle.get(i), collectVerified, onFolder, known, ahead,
                    new Prelisted(targetStates.get(i), pages.target().get(i), sourceStates.get(i),
                            pages.source().get(i), light, lightSource));
        }
    }

    /** True when the target folder's state speaks for this one source folder only (ADR 0027). */
    private static boolean alone(List<FolderMapping> group, boolean collectVerified) {
        return group.size() == 1 && !collectVerified;
    }

    /** The checkpoint proving the group's folder unchanged by the state read at the start, or null: it is listed. */
    private FolderCheckpoint proof(List<FolderMapping> group, Map<FolderMapping, MailFolder> folders,
            boolean collectVerified, KnownStates known) {
        FolderState before = known.target(folders.get(group.get(0)));
        return before != null && alone(group, collectVerified)
                ? ctx.checkpoints().provenUnchanged(group.get(0), before) : null;
    }

    /** @param pre what a bundle listed of this group's folder (its only folder), or null */
    private void verifyGroup(Sessions sessions, Map<FolderMapping, MailFolder> folders, List<FolderMapping> group,
            boolean collectVerified, FolderResultSink onFolder, KnownStates known, SourcePageAhead.Runner ahead,
            Prelisted pre) throws MailboxException {
        MailFolder target = folders.get(group.get(0));
        FolderState read = pre != null && pre.targetState() != null ? pre.targetState() : known.target(target);
        FolderState before = read != null ? read : ctx.retrier().call(sessions, (s, t) -> t.state(target));
        boolean alone = alone(group, collectVerified);
        FolderCheckpoint proof = alone ? ctx.checkpoints().provenUnchanged(group.get(0), before) : null;
        if (proof != null) {
            FolderMapping m = group.get(0);
            LOG.debug("Pair {}: folder {} unchanged on both sides since the last verified pass; not listed",
                    ctx.pairId(), m.source().displayPath());
            onFolder.accept(sessions, m, FolderCheck.fromCheckpoint(m.source().displayPath(), proof));
            return;
        }
        // one source folder with a known state (as a rule): its first page is listed beside the target's listing,
        // unless its bundle listed it already
        FolderState aheadState = pre != null ? pre.sourceState() : group.size() == 1 ? known.source(group.get(0)) : null;
        int limit = ctx.settings().pageSize();
        boolean lightSource = pre != null ? pre.lightSource() : lightSource(sessions);
        SourcePageAhead first = pre != null && pre.sourcePage() != null && aheadState != null
                ? SourcePageAhead.listed(group.get(0).source(), limit, aheadState, pre.sourcePage())
                : aheadState != null && aheadState.messageCount() > 0
                        ? new SourcePageAhead(ahead, group.get(0).source(), limit, aheadState, PAGES_AHEAD,
                                lightSource) : null;
        // ids, sizes and states first where the target lists them apart (as the bundle's listing was made)
        boolean light = pre != null ? pre.light() : sessions.target().listsStatesApart();
        TargetListing listing = new TargetListing(sessions.target(), target, before, light);
        // a retry after a lost connection goes on with the listing where it stopped
        Listings.Walk walk = new Listings.Walk(target, limit, before, listing::add, light);
        if (pre != null && pre.targetPage() != null && before == pre.targetState()) {
            walk.listed(pre.targetPage()); // listed by that state, with the bundle's other folders
        }
        ctx.retrier().call(sessions, (s, t) -> first != null
                ? first.readBeside(s, t, tm -> list(tm, listing, walk)) : list(t, listing, walk), walk::pages);
        // a target folder of several source folders that this pass copied into: a move between them may have left
        // an earlier copy (MovedCopies); never in move mode, whose own deletions take items out of the source
        boolean merged = group.size() > 1 && !ctx.options().deletionSync() && !collectVerified
                && group.stream().anyMatch(m -> sentNew.containsKey(m.source().id()));
        Map<FolderMapping, FolderCheck> checks = new LinkedHashMap<>();
        for (FolderMapping m : group) {
            FolderCheck check;
            try {
                StateSync flags = new StateSync(sessions.target()::keptAs, sessions.target()::held);
                // what the listing leaves out counts as gone when merged: its state read right before it
                FolderState sourceState = first != null ? aheadState : merged ? null : known.source(m);
                check = check(sessions, m.source(), sourceState, listing, collectVerified, flags, first, lightSource,
                        merged);
                check.targetBefore = alone ? before : null;
                syncStates(sessions, target, check, flags);
                dropVanished(sessions, m, target, listing, check);
                syncDeletions(sessions, m.source(), target, listing, check);
            } catch (MailboxException e) {
                if (e.kind() != MailboxException.Kind.ITEM) {
                    throw e;
                }
                check = new FolderCheck(m.source().displayPath());
                check.unreadable = e.getMessage();
                issues.add(m.source().displayPath(), null, ItemOutcome.MISSING, "Folder not verified: " + e.getMessage());
            }
            if (merged) {
                checks.put(m, check); // told once the moves' copies are dealt with
            } else {
                onFolder.accept(sessions, m, check);
            }
        }
        if (merged) {
            removeMovedCopies(sessions, target, listing, checks);
            for (Map.Entry<FolderMapping, FolderCheck> c : checks.entrySet()) {
                onFolder.accept(sessions, c.getKey(), c.getValue());
            }
        }
    }

    /**
     * Without deletion sync, in a target folder several source folders share and this pass copied into: removes the
     * copies a move between those folders made redundant ({@link MovedCopies}) — matched only to copies this pass
     * wrote of items new to their folder, as a moved message is (not a retried failure, a row taken over or settled
     * after a crash) — with their rows, counted as deleted on the target for the folder they were copied from; and
     * the rows of items gone from both sides (nothing is left to copy or delete). An ITEM failure keeps the copies and
     * is logged; any other ends the pass, as anywhere else. A pass that ends before this step leaves the duplicate,
     * as before this clean-up existed: its copy is no longer new to the next pass.
     */
    private void removeMovedCopies(Sessions sessions, MailFolder target, TargetListing listing,
            Map<FolderMapping, FolderCheck> checks) throws MailboxException {
        List<LedgerEntry> gone = checks.values().stream().flatMap(c -> c.goneUnsynced.stream()).toList();
        if (gone.isEmpty()) {
            return;
        }
        // as deletion sync's: a source item gone and a copy this listing lacks leave nothing to copy or delete
        List<LedgerEntry> bothGone = gone.stream().filter(e -> !listing.ids.containsKey(e.targetItem())).toList();
        if (!bothGone.isEmpty()) {
            ctx.ledger().remove(bothGone);
        }
        List<LedgerEntry> written = new ArrayList<>();
        for (FolderMapping m : checks.keySet()) {
            java.util.Set<String> ids = sentNew.get(m.source().id());
            if (ids != null) {
                written.addAll(ctx.ledger().entries(ctx.pairId(), m.source().id(), ids).values());
            }
        }
        List<LedgerEntry> redundant = MovedCopies.redundant(gone, written, id -> {
            Listed l = listing.ids.get(id);
            return l == null ? null : new MovedCopies.Copy(l.size, l.state, l.claimed);
        }, listing.byteIdentical);
        if (redundant.isEmpty()) {
            return;
        }
        java.util.Set<String> from = redundant.stream().map(LedgerEntry::sourceFolder)
                .collect(java.util.stream.Collectors.toSet());
        for (Map.Entry<FolderMapping, FolderCheck> c : checks.entrySet()) {
            MailFolder source = c.getKey().source();
            if (from.contains(source.id()) && renumberedSince(sessions, source, c.getValue())) {
                return;
            }
        }
        try {
            if (!deleteCopies(sessions, target, listing, redundant)) {
                return;
            }
        } catch (MailboxException e) {
            if (e.kind() != MailboxException.Kind.ITEM) {
                throw e; // as everywhere in a pass: only an item's or a folder's own failure lets it go on
            }
            LOG.warn("Pair {}: {} earlier copies in target folder {} of messages moved on the source to another folder "
                    + "copied into it too were kept: {}", ctx.pairId(), redundant.size(), target.displayPath(),
                    e.getMessage());
            return;
        }
        for (LedgerEntry e : redundant) {
            checks.entrySet().stream().filter(c -> c.getKey().source().id().equals(e.sourceFolder())).findFirst()
                    .ifPresent(c -> c.getValue().deletedOnTarget++);
        }
        LOG.info("Pair {}: removed {} earlier copies in target folder {} of messages moved on the source to another"
                + " folder copied into it too (the source holds each once)", ctx.pairId(), redundant.size(),
                target.displayPath());
    }

    /**
     * Lets the next pass copy again the items this check proved deleted on the target: drops their ledger rows, after
     * making sure the target folder still has the listing's epoch (so the ids meant the same items) and after
     * forgetting the folder's checkpoint (so the next pass lists the source folder even when nothing changed there).
     * A crash in between leaves the rows, which the next verification finds missing again. Only rows named by an id
     * are dropped: a row without one cannot be proven gone, and dropping a row whose copy is still there would make
     * the next pass copy it twice.
     */
    private void dropVanished(Sessions sessions, FolderMapping mapping, MailFolder target, TargetListing listing,
            FolderCheck check) throws MailboxException {
        if (check.vanished.isEmpty()) {
            return;
        }
        FolderState now = ctx.retrier().call(sessions, (s, t) -> t.state(target));
        if (!java.util.Objects.equals(now.epoch(), listing.before.epoch())) {
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

    /** Lists the target folder into {@code listing} on {@code target} (the connection of this try). */
    private static TargetListing list(TargetMailbox target, TargetListing listing, Listings.Walk walk)
            throws MailboxException {
        listing.target = target;
        if (listing.before.messageCount() != 0) {
            walk.run(target); // an empty folder takes no listing round trips (a count of -1: not known, listed)
        }
        return listing;
    }

    /**
     * Brings the target's states up to date (one {@link TargetMailbox#setState} per distinct state). A refusal is
     * reported on the folder and keeps its checkpoint from moving, so the next pass tries again; it fails nothing else.
     */
    private void syncStates(Sessions sessions, MailFolder target, FolderCheck check, StateSync states)
            throws MailboxException {
        if (states.count() == 0) {
            return;
        }
        try {
            for (Map.Entry<ItemState, List<String>> u : states.updates().entrySet()) {
                ctx.retrier().call(sessions, (s, t) -> {
                    t.setState(target, u.getKey(), u.getValue());
                    return null;
                });
                check.flagsUpdated += u.getValue().size();
            }
        } catch (MailboxException e) {
            if (e.kind() != MailboxException.Kind.ITEM) {
                throw e;
            }
            check.flagsRefused = e.getMessage();
            LOG.warn("Pair {}: states of {} items in target folder {} could not be updated: {}", ctx.pairId(),
                    states.count() - check.flagsUpdated, target.displayPath(), e.getMessage());
        }
    }

    /**
     * @param sourceState the source folder's state to verify by ({@link KnownStates#source}), or null: read it now
     * @param firstPage   the source folder's first page, listed beside the target's listing by that state, or null
     * @param lightSource the source is listed by ids, sizes and states ({@link #lightSource}): a page with an item
     *                    that needs its header fields — one reported, or matched or compared by them — is listed
     *                    again in full before its items are checked
     */
    private FolderCheck check(Sessions sessions, MailFolder source, FolderState sourceState, TargetListing listing,
            boolean collectVerified, StateSync flags, SourcePageAhead firstPage, boolean lightSource, boolean merged)
            throws MailboxException {
        String path = source.displayPath();
        FolderCheck check = new FolderCheck(path);
        FolderState state = sourceState != null ? sourceState
                : ctx.retrier().call(sessions, (s, t) -> s.state(source));
        boolean deletionSync = ctx.options().deletionSync();
        // every source id listed: an item listed again (a listing paged by offset while mail arrived) is checked once,
        // and deletion sync takes what was not listed for deleted on the source
        java.util.Set<String> listedSource = new java.util.HashSet<>();
        long unsettledListed = 0;
        if (state.messageCount() == 0) {
            forgetFailuresOfTheGone(source, state, listedSource, 0);
            if (deletionSync || merged) {
                goneFromSource(check, source, state, listedSource, listing.folder.id(), deletionSync);
            }
            return check; // an empty source folder has nothing else to verify
        }
        ItemFilter filter = ctx.filter(source, sessions.target().capabilities(listing.folder));
        List<Waiting> waiting = new ArrayList<>();
        String cursor = null;
        do {
            String from = cursor;
            SourcePageAhead.Again sourcePage = () -> ctx.retrier().call(sessions, (s, t) -> lightSource
                    ? s.listStates(source, from, ctx.settings().pageSize(), state)
                    : s.list(source, from, ctx.settings().pageSize(), state));
            Page<ItemRef> page = firstPage == null ? sourcePage.list()
                    : from == null ? firstPage.page(sourcePage) : firstPage.after(from, sourcePage);
            if (page.items().isEmpty()) {
                // only a null cursor ends the listing (a Graph delta page may hold no items and a next link):
                // deletion sync takes whatever was not listed for deleted on the source
                if (page.nextCursor() != null && page.nextCursor().equals(from)) {
                    throw new MailboxException(MailboxException.Kind.FATAL, "The source listing of folder " + path
                            + " did not move on past an empty page, so the folder could not be verified.");
                }
                cursor = page.nextCursor();
                continue;
            }
            List<ItemRef> items = page.items().stream().filter(i -> listedSource.add(i.id())).toList();
            Map<String, LedgerEntry> known = ctx.ledger().entries(ctx.pairId(), source.id(),
                    items.stream().map(ItemRef::id).toList());
            for (LedgerEntry e : known.values()) {
                if (e.state() == LedgerState.FAILED || e.state() == LedgerState.PENDING) {
                    unsettledListed++;
                }
            }
            List<ItemFilter.Decision> decisions = new ArrayList<>(items.size());
            for (ItemRef item : items) {
                decisions.add(filter.decide(item)); // once per item, in listing order: the filter counts them
            }
            if (lightSource && needsHeaders(source, items, decisions, known, listing)) {
                items = withHeaders(sessions, source, from, state, items);
            }
            for (int i = 0; i < items.size(); i++) {
                ItemRef item = items.get(i);
                ItemFilter.Decision d = decisions.get(i);
                if (d.kind() == ItemFilter.Decision.Kind.NOT_SELECTED) {
                    continue;
                }
                check.selected++;
                LedgerEntry e = known.get(item.id());
                if (e != null && e.onTarget()) {
                    String stamp = ctx.stamps().of(listing.target, listing.folder, source.id(), item.id());
                    if (listing.needsHeaders(e, stamp)) {
                        waiting.add(new Waiting(item, e));
                    } else {
                        onTarget(check, source, item, e, stamp, listing, collectVerified, flags);
                    }
                } else if (d.kind() == ItemFilter.Decision.Kind.SKIP) {
                    check.skipped(d.cause(), item.size());
                    issues.add(path, item, ItemOutcome.SKIPPED, d.reason());
                } else if (e != null && e.state() == LedgerState.FAILED) {
                    check.failed++;
                    check.bytesFailed += Math.max(0, item.size());
                    issues.add(path, item, ItemOutcome.FAILED, e.reason());
                } else {
                    if (e != null) {
                        check.missingKnown++;
                    } else {
                        check.missingUnknown(item.id());
                    }
                    missing(check, path, item, "Not copied to the target.");
                }
            }
            if (waiting.size() >= WAITING_MAX) {
                settle(sessions, check, source, listing, waiting, collectVerified, flags);
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        settle(sessions, check, source, listing, waiting, collectVerified, flags);
        forgetFailuresOfTheGone(source, state, listedSource, unsettledListed);
        if (deletionSync || merged) {
            goneFromSource(check, source, state, listedSource, listing.folder.id(), deletionSync);
        }
        return check;
    }

    /**
     * Removes the FAILED rows, under the folder's current epoch, of items the source said were gone when their bodies
     * were read ({@link BatchCopier#GONE}: deleted or moved while their batch was copied) and that the complete
     * listing just read no longer holds either. Nothing is left to retry, and a row kept would keep the folder from its
     * checkpoint for good (every delta would list it in full). Should such an item come back under its id, it has no
     * row and is copied as new. Any other failure stays, whatever the listing shows. The folder's rows are read only
     * when it has an unsettled row the listing did not name ({@code unsettledListed}: those it named).
     */
    private void forgetFailuresOfTheGone(MailFolder source, FolderState state, java.util.Set<String> listed,
            long unsettledListed) {
        if (ctx.ledger().unsettled(ctx.pairId(), source.id()) <= unsettledListed) {
            return;
        }
        List<LedgerEntry> gone = ctx.ledger().entriesOf(ctx.pairId(), source.id()).stream()
                .filter(e -> e.state() == LedgerState.FAILED && BatchCopier.GONE.equals(e.reason())
                        && !listed.contains(e.sourceItem()) && java.util.Objects.equals(e.sourceEpoch(), state.epoch()))
                .toList();
        if (!gone.isEmpty()) {
            ctx.ledger().remove(gone);
            LOG.info("Pair {}: source folder {}: {} deleted or moved on the source while copying, no longer there; "
                    + "{} forgotten", ctx.pairId(), source.displayPath(), Sizes.items(gone.size(), "item"),
                    gone.size() == 1 ? "its failure" : "their failures");
        }
    }

    /**
     * True when the source is listed by ids, sizes and states first: where the source lists them apart and the job's
     * selection does not look at dates (a light listing has none).
     */
    private boolean lightSource(Sessions sessions) {
        return sessions.source().listsStatesApart() && !ctx.filter().usesDates();
    }

    /**
     * True when an item of a light source page needs its header fields: a selected item that is not simply on the
     * target by its id or stamp ({@link TargetListing#provesById}) is reported, or matched or compared by them.
     */
    private boolean needsHeaders(MailFolder source, List<ItemRef> items, List<ItemFilter.Decision> decisions,
            Map<String, LedgerEntry> known, TargetListing listing) {
        for (int i = 0; i < items.size(); i++) {
            if (decisions.get(i).kind() == ItemFilter.Decision.Kind.NOT_SELECTED) {
                continue;
            }
            LedgerEntry e = known.get(items.get(i).id());
            if (e == null || !e.onTarget() || !listing.provesById(e,
                    ctx.stamps().of(listing.target, listing.folder, source.id(), items.get(i).id()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The page's items with their header fields: the page listed again in full from the same cursor, each item taken
     * from it by id; one it no longer holds (deleted on the source in between) stays as first listed.
     */
    private List<ItemRef> withHeaders(Sessions sessions, MailFolder source, String from, FolderState state,
            List<ItemRef> light) throws MailboxException {
        Page<ItemRef> full = ctx.retrier().call(sessions,
                (s, t) -> s.list(source, from, ctx.settings().pageSize(), state));
        Map<String, ItemRef> byId = new HashMap<>();
        full.items().forEach(i -> byId.put(i.id(), i));
        return light.stream().map(i -> byId.getOrDefault(i.id(), i)).toList();
    }

    /** A row a light listing could not settle, with its source item, waiting for the full listing. */
    private record Waiting(ItemRef item, LedgerEntry entry) {
    }

    /**
     * Settles the rows that waited for the target's header fields: lists the target folder again in full (once; the
     * claims made so far stay), then checks each row against it as it would have been checked in turn.
     */
    private void settle(Sessions sessions, FolderCheck check, MailFolder source, TargetListing listing,
            List<Waiting> waiting, boolean collectVerified, StateSync flags) throws MailboxException {
        if (waiting.isEmpty()) {
            return;
        }
        if (listing.light) {
            listHeaders(sessions, listing); // the same listing, full from now on
        }
        for (Waiting w : waiting) {
            String stamp = ctx.stamps().of(listing.target, listing.folder, source.id(), w.item().id());
            onTarget(check, source, w.item(), w.entry(), stamp, listing, collectVerified, flags);
        }
        waiting.clear();
    }

    /**
     * Lists a light listing's folder again, with header fields. Its ids must still mean the same items: a folder
     * renumbered since the first listing is not verified this pass (the next one lists it again).
     */
    private void listHeaders(Sessions sessions, TargetListing listing) throws MailboxException {
        MailFolder folder = listing.folder;
        FolderState now = ctx.retrier().call(sessions, (s, t) -> t.state(folder));
        if (!java.util.Objects.equals(now.epoch(), listing.before.epoch())) {
            throw new MailboxException(MailboxException.Kind.ITEM, "Target folder " + folder.displayPath()
                    + " was renumbered by the server while it was being verified; the next pass verifies it again.");
        }
        LOG.debug("Pair {}: target folder {} listed again with header fields for rows its ids could not settle",
                ctx.pairId(), folder.displayPath());
        // listed aside and taken only once whole: a listing that failed half-way must not pass for a full one
        TargetListing full = listing.fuller();
        Listings.Walk walk = new Listings.Walk(folder, ctx.settings().pageSize(), now, full::add);
        ctx.retrier().call(sessions, (s, t) -> {
            full.target = t;
            if (now.messageCount() != 0) {
                walk.run(t);
            }
            return null;
        }, walk::pages);
        listing.adopt(full);
    }

    /**
     * The rows of items Mailferry copied (DONE) under the source folder's current epoch whose item the complete listing
     * just read no longer holds. Under the same epoch an id is never reused (IMAP: UIDVALIDITY and UID; Graph:
     * immutable ids), so its absence proves the item was deleted (or moved away) on the source. Rows of items Mailferry
     * itself moved (MOVED, from an earlier pass in move mode) are left out. With deletion sync they go to {@link
     * FolderCheck#goneFromSource} (and rows of items on the target that Mailferry did not copy are counted kept);
     * without it, to {@link FolderCheck#goneUnsynced}, for a target folder shared with other source folders.
     */
    private void goneFromSource(FolderCheck check, MailFolder source, FolderState state, java.util.Set<String> listed,
            String targetFolder, boolean deletionSync) {
        // mail only: deleting a copied meeting on the target would send its attendees a cancellation, and calendar,
        // contact and task items carry no flags that tell a copy changed by its user
        deletionSync &= source.folderClass() == io.mailferry.model.job.FolderClass.MAIL;
        check.goneUnderEpoch = state.epoch();
        for (LedgerEntry e : ctx.ledger().entriesOf(ctx.pairId(), source.id())) {
            if (listed.contains(e.sourceItem()) || !java.util.Objects.equals(e.sourceEpoch(), state.epoch())
                    || e.state() == LedgerState.MOVED || !targetFolder.equals(e.targetFolder())) {
                // a MOVED item left the source because Mailferry moved it: nothing to sync or count; a row of another
                // target folder (an earlier mapping) names an id of that folder, which this listing cannot tell of
                continue;
            }
            if (e.state() == LedgerState.DONE && e.targetItem() != null) {
                (deletionSync ? check.goneFromSource : check.goneUnsynced).add(e);
            } else if (deletionSync && e.onTarget()) {
                check.keptOnTarget++; // on the target before Mailferry (MATCHED), or its copy's id is unknown
            }
        }
    }

    /**
     * Deletion sync (off by default): deletes on the target the copies of items deleted on the source, only where
     * the target proves the item is Mailferry's copy and unchanged: listed under the id Mailferry wrote (same id
     * space as the listing, re-checked before deleting), not claimed by another source item, of the size it was
     * written with where the target stores items byte for byte (IMAP content never changes under a UID), and without a
     * flag, answer, forward or draft mark (the ledger keeps no flags, so a mark set on the target cannot be told from
     * one carried from the source: such items are kept). Their ledger rows go with them, and so do the rows of items
     * gone from both sides (deleted on the target too, or by a deletion a crash kept from removing its row): nothing
     * is left to copy or delete, and a row kept would keep the folder from its checkpoint for good. Everything else is
     * kept and counted. Deletion sync is for mail folders only ({@link #goneFromSource}).
     */
    private void syncDeletions(Sessions sessions, MailFolder source, MailFolder target, TargetListing listing,
            FolderCheck check) throws MailboxException {
        if (check.goneFromSource.isEmpty()) {
            return;
        }
        List<LedgerEntry> delete = new ArrayList<>();
        List<LedgerEntry> bothGone = new ArrayList<>();
        for (LedgerEntry e : check.goneFromSource) {
            Listed l = listing.ids.get(e.targetItem());
            if (l == null) {
                bothGone.add(e);
                continue;
            }
            boolean unchanged = !l.claimed && (!listing.byteIdentical || l.size == e.size())
                    && !l.state.flagged() && !l.state.answered() && !l.state.forwarded() && !l.state.draft();
            if (unchanged) {
                delete.add(e);
            } else {
                check.keptOnTarget++;
            }
        }
        if (!bothGone.isEmpty()) {
            ctx.ledger().remove(bothGone);
            check.goneFromSource.removeAll(bothGone);
        }
        if (delete.isEmpty()) {
            return;
        }
        if (renumberedSince(sessions, source, check) || !deleteCopies(sessions, target, listing, delete)) {
            check.keptOnTarget += delete.size();
            return;
        }
        check.deletedOnTarget += delete.size();
        LOG.info("Pair {}: deletion sync deleted {} items in target folder {} that were deleted on the source",
                ctx.pairId(), delete.size(), target.displayPath());
    }

    /**
     * True when source folder {@code source} has another epoch now than the one its rows gone from the source were
     * found under ({@link FolderCheck#goneUnderEpoch}): renumbered while it was listed, it listed every item under a
     * new id, and every row of the old epoch only looked deleted. Nothing is deleted on the target then.
     */
    private boolean renumberedSince(Sessions sessions, MailFolder source, FolderCheck check) throws MailboxException {
        FolderState now = ctx.retrier().call(sessions, (s, t) -> s.state(source));
        if (java.util.Objects.equals(now.epoch(), check.goneUnderEpoch)) {
            return false;
        }
        LOG.info("Pair {}: source folder {} was renumbered while it was verified; nothing is deleted on the target for "
                + "it in this pass", ctx.pairId(), source.displayPath());
        return true;
    }

    /**
     * Deletes the rows' copies on the target, then the rows, unless the target folder was renumbered while being
     * verified (the listing's ids mean nothing any more): then nothing is deleted and false is returned. A crash in
     * between leaves rows whose copies are gone, which the next verification finds gone from both sides.
     */
    private boolean deleteCopies(Sessions sessions, MailFolder target, TargetListing listing, List<LedgerEntry> rows)
            throws MailboxException {
        FolderState now = ctx.retrier().call(sessions, (s, t) -> t.state(target));
        if (!java.util.Objects.equals(now.epoch(), listing.before.epoch())) {
            return false;
        }
        List<String> ids = rows.stream().map(LedgerEntry::targetItem).toList();
        ctx.retrier().call(sessions, (s, t) -> {
            t.delete(target, ids);
            return null;
        });
        ctx.ledger().remove(rows);
        return true;
    }

    /**
     * An item the ledger holds as on the target. Items Mailferry wrote (DONE, found by their id) are its own; any other
     * target item — a pre-existing one matched by duplicate policy SKIP, or a copy found only by its dedup key — is
     * the same message only when {@link TargetListing#sameAs} says so. A matched item that is not counts as skipped,
     * never as on the target, and move mode deletes from the source only items proven the same.
     */
    private void onTarget(FolderCheck check, MailFolder source, ItemRef item, LedgerEntry e, String stamp,
            TargetListing listing, boolean collectVerified, StateSync states) {
        String path = source.displayPath();
        Claim c = listing.claim(e, item, stamp);
        if (c == null) {
            if (listing.provenAbsent(e) || listing.goneWithItsIdSpace(e, item)) {
                check.vanished.add(e);
                missing(check, path, item, "Copied earlier but no longer in target folder "
                        + listing.folder.displayPath() + " (deleted or moved on the target); the next pass copies "
                        + "it again.");
            } else {
                missing(check, path, item, "Copied earlier but not found where it was written in target folder "
                        + listing.folder.displayPath() + " (deleted or moved on the target, or the folder was "
                        + "renumbered and its copy could not be told apart; it is not copied again, to make no "
                        + "duplicate).");
            }
            return;
        }
        boolean same = (e.state() != LedgerState.MATCHED && c.byId()) || listing.sameAs(c.item(), item, stamp);
        if (!same && e.state() == LedgerState.MATCHED) {
            check.differs++;
            check.bytesSkipped += Math.max(0, item.size());
            if (collectVerified) {
                check.kept++;
                issues.add(path, item, ItemOutcome.SKIPPED, KEPT_DIFFERS);
            } else {
                issues.add(path, item, ItemOutcome.SKIPPED, DIFFERS);
            }
            return;
        }
        if (c.byId()) {
            // in move mode, or for a row of an earlier move, a source item's \Deleted may be Mailferry's own, from a
            // delete that did not finish: it is never carried onto the copy, which is (about to be) the only one
            boolean moved = collectVerified || e.state() == LedgerState.MOVED;
            states.compare(c.item().id, moved ? item.state().withDeleted(false) : item.state(), c.item().state);
        }
        check.onTarget++;
        check.bytesOnTarget += item.size();
        // a MOVED row whose item is still listed: its delete did not finish (the row is written first); again
        if (collectVerified) {
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
