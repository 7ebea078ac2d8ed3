package io.mailferry.service.engine;

import io.mailferry.model.job.JobOptions;
import io.mailferry.service.engine.port.Changes;
import io.mailferry.service.engine.port.Checkpoints;
import io.mailferry.service.engine.port.FolderCheckpoint;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides per source folder how much the copy step must read, from the source's change token and the folder's
 * checkpoint (the token and selection of the last pass that verified the folder clean), and records the checkpoint
 * once verification found the folder clean again. Only with a checkpoint of the same selection and no PENDING or
 * FAILED row left for the folder:
 * <ul>
 * <li>the token read now equals the checkpoint's: nothing changed at all, the copy step skips the folder;</li>
 * <li>else the source tells what changed since the checkpoint's token ({@link
 * io.mailferry.service.engine.port.SourceMailbox#changes}): when every changed item is on the target by the ledger's
 * account, only states changed (verification carries them) and the folder is skipped; otherwise, without a per-folder
 * item limit (which counts in listing order), the copy step reads only the changed items;</li>
 * <li>a token the source no longer knows (expired) or a source that cannot tell: a full listing, which the ledger
 * keeps from copying anything twice.</li>
 * </ul>
 * The checkpoint keeps the token read <em>before</em> the folder was listed (or the one the changes or the listing
 * handed out), so anything that happened during the pass shows up in the next one. With it goes the target folder's
 * state read before verification listed it, when that verification found the folder exact and wrote nothing there
 * ({@link FolderCheck#exact}); a later pass whose source token equals the checkpoint's and whose target state equals
 * the kept one has the folder proven unchanged on both sides and does not list it for verification either ({@link
 * #provenUnchanged}, ADR 0027). Thread-safe.
 */
final class CheckpointGate {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointGate.class);

    /** What the copy step reads: nothing ({@code skip}), only {@code changes}, or (both unset) the full listing. */
    record Plan(boolean skip, List<ItemRef> changes) {
        static final Plan SKIP = new Plan(true, null);
        static final Plan LIST = new Plan(false, null);
    }

    private final Checkpoints checkpoints;
    private final Ledger ledger;
    private final String pairId;
    private final JobOptions options;
    private final Retrier retrier;
    private final ProgressTracker progress;
    private final Map<String, String> startTokens = new ConcurrentHashMap<>();
    /**
     * What {@link #lookUp} or {@link #copiesNothing} found of each folder's checkpoint (empty: none usable), taken
     * once by the folder's {@link #plan}: nothing but the folder's own copy step writes its ledger rows, and nothing
     * before its verification its checkpoint, so reading them again would only cost the store two queries per folder.
     */
    private final Map<String, java.util.Optional<FolderCheckpoint>> lookedUp = new ConcurrentHashMap<>();
    /** Checkpoints of the source folders whose token, read in this pass, was the checkpoint's own. */
    private final Map<String, FolderCheckpoint> unchanged = new ConcurrentHashMap<>();
    /** The checkpoint each folder's copy step went by in this pass (its plan's), by source folder. */
    private final Map<String, FolderCheckpoint> wentBy = new ConcurrentHashMap<>();
    /** What {@link #anyCheckpoint} read, until {@link #lookUp} takes it. */
    private volatile Read read;

    CheckpointGate(Checkpoints checkpoints, Ledger ledger, String pairId, JobOptions options, Retrier retrier,
            ProgressTracker progress) {
        this.retrier = retrier;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.ledger = ledger;
        this.pairId = pairId;
        this.options = options;
    }

    /**
     * Remembers the token of {@code state} as the folder's token before its copy and decides what the copy step reads;
     * unless it reads everything, counts the items the checkpoint found on the target as already there.
     *
     * @param state the source folder's state, read just now
     */
    Plan plan(Sessions sessions, FolderMapping mapping, MailFolder target, FolderState state, FolderTally tally)
            throws MailboxException {
        MailFolder source = mapping.source();
        String id = source.id();
        if (state.token() != null) {
            startTokens.put(id, state.token());
        } else {
            startTokens.remove(id);
        }
        java.util.Optional<FolderCheckpoint> earlier = lookedUp.remove(id);
        FolderCheckpoint cp = earlier != null ? earlier.orElse(null) : usable(id, target);
        if (cp == null) {
            wentBy.remove(id);
            return Plan.LIST;
        }
        wentBy.put(id, cp);
        Plan plan = Plan.LIST;
        if (unchanged(cp, state)) {
            LOG.debug("Pair {}: source folder {} unchanged since the last verified pass; not listed for copying",
                    pairId, source.displayPath());
            plan = Plan.SKIP;
            unchanged.put(id, cp);
        } else if (sessions.source().capabilities().changeTokens()) {
            plan = changed(sessions, source, cp);
        }
        if (plan != Plan.LIST) {
            tally.selected += cp.items();
            tally.alreadyThere += cp.items();
            progress.alreadyThere(id, cp.items(), cp.bytes());
        }
        return plan;
    }

    /**
     * True when one of these source folders has a checkpoint: the copy step may then skip folders as unchanged. What it
     * read serves {@link #lookUp} (one read of each folder's checkpoint per pass).
     */
    boolean anyCheckpoint(List<MailFolder> sources) {
        List<String> ids = sources.stream().map(MailFolder::id).toList();
        Map<String, FolderCheckpoint> found = ids.isEmpty() ? Map.of() : checkpoints.get(pairId, ids);
        read = new Read(Set.copyOf(ids), found);
        return !found.isEmpty();
    }

    /** Checkpoints {@link #anyCheckpoint} read, for {@link #lookUp}. */
    private record Read(Set<String> folders, Map<String, FolderCheckpoint> found) {
    }

    /**
     * Reads the checkpoints of these folders, and for those that have one how many of their items are unsettled, in
     * one go each (a store: two queries, not two per folder); {@link #copiesNothing} and {@link #plan} then go by
     * what was read. Call it before the copy step begins.
     *
     * @param folders each source folder's mapping with its target folder
     */
    void lookUp(Map<FolderMapping, MailFolder> folders) {
        List<String> ids = folders.keySet().stream().map(m -> m.source().id()).toList();
        Read earlier = read;
        read = null;
        Map<String, FolderCheckpoint> found = earlier != null && earlier.folders().containsAll(ids) ? earlier.found()
                : checkpoints.get(pairId, ids);
        Map<String, Long> unsettled = found.isEmpty() ? Map.of() : ledger.unsettled(pairId, found.keySet());
        folders.forEach((m, target) -> {
            FolderCheckpoint cp = found.get(m.source().id());
            lookedUp.put(m.source().id(), java.util.Optional.ofNullable(
                    applies(cp, target, () -> unsettled.getOrDefault(m.source().id(), 0L)) ? cp : null));
        });
    }

    /**
     * True when {@link #plan} will skip the folder without a round trip: it is empty, or its source state carries the
     * token of its checkpoint (nothing changed since the last verified pass). Reads nothing but the ledger.
     */
    boolean copiesNothing(FolderMapping mapping, MailFolder target, FolderState state) {
        if (state.messageCount() == 0) {
            return true;
        }
        FolderCheckpoint cp = lookedUp.computeIfAbsent(mapping.source().id(),
                id -> java.util.Optional.ofNullable(usable(id, target))).orElse(null);
        return cp != null && unchanged(cp, state);
    }

    /** The folder's checkpoint when it still applies: same selection, and no item of the folder left unsettled. */
    private FolderCheckpoint usable(String id, MailFolder target) {
        FolderCheckpoint cp = checkpoints.get(pairId, id);
        return applies(cp, target, () -> ledger.unsettled(pairId, id)) ? cp : null;
    }

    /** A checkpoint applies when there is one, of the same selection, and its folder has no item unsettled. */
    private boolean applies(FolderCheckpoint cp, MailFolder target, java.util.function.LongSupplier unsettled) {
        return cp != null && cp.selection().equals(selection(target)) && unsettled.getAsLong() == 0;
    }

    private static boolean unchanged(FolderCheckpoint cp, FolderState state) {
        return state.token() != null && state.token().equals(cp.token());
    }

    private Plan changed(Sessions sessions, MailFolder source, FolderCheckpoint cp) throws MailboxException {
        Changes changes = retrier.call(sessions, (s, t) -> s.changes(source, cp.token()));
        switch (changes.outcome()) {
            case EXPIRED -> {
                LOG.info("Pair {}: the changes of source folder {} cannot be followed from its change token (expired,"
                        + " or more than the source reads one by one); listing the whole folder (the ledger keeps"
                        + " anything from being copied twice)", pairId, source.displayPath());
                return Plan.LIST;
            }
            case UNKNOWN -> {
                return Plan.LIST;
            }
            default -> {
                // the changes' own token covers them; else the state's token read before the call does
            }
        }
        if (changes.nextToken() != null) {
            startTokens.put(source.id(), changes.nextToken());
        }
        Map<String, LedgerEntry> known = ledger.entries(pairId, source.id(),
                changes.items().stream().map(ItemRef::id).toList());
        List<ItemRef> unknown = changes.items().stream()
                .filter(i -> known.get(i.id()) == null || !known.get(i.id()).onTarget()).toList();
        if (unknown.isEmpty()) {
            LOG.debug("Pair {}: source folder {} has no new item, {} changed states since the last verified pass; "
                    + "not listed for copying", pairId, source.displayPath(), changes.items().size());
            return Plan.SKIP;
        }
        if (options.maxItemsPerFolder() > 0 || !startTokens.containsKey(source.id())) {
            return Plan.LIST;
        }
        LOG.debug("Pair {}: source folder {}: copying the {} items changed since the last verified pass", pairId,
                source.displayPath(), unknown.size());
        return new Plan(false, unknown);
    }

    /** The token a full listing handed out (e.g. a delta link), when the folder state gave none. */
    void listed(MailFolder source, String token) {
        startTokens.putIfAbsent(source.id(), token);
    }

    /**
     * After verification found the folder clean: the token read before its copy becomes its checkpoint, with the
     * target folder's state read before verification listed it when the folder was exact and nothing was written.
     */
    void verifiedClean(FolderMapping mapping, MailFolder target, FolderCheck check, long now) {
        if (check.fromCheckpoint) {
            return; // proven unchanged on both sides: the checkpoint holds as it is
        }
        String id = mapping.source().id();
        String start = startTokens.get(id);
        if (start == null) {
            return; // not copied in this pass, or the source has no token: nothing safe to remember
        }
        String targetToken = check.exact() ? targetToken(check.targetBefore) : null;
        checkpoints.put(new FolderCheckpoint(pairId, id, start, selection(target), check.onTarget,
                check.bytesOnTarget, now, targetToken));
    }

    /** True when this pass's copy step skipped the folder because its source token was its checkpoint's. */
    boolean skippedAsUnchanged(FolderMapping mapping) {
        return unchanged.containsKey(mapping.source().id());
    }

    /**
     * The checkpoint proving the folder unchanged on both sides since the pass that wrote it, or null: this pass read
     * the checkpoint's source token (so the copy step skipped the folder), and {@code target}, the target folder's
     * state read now and before any listing, is the one the checkpoint kept.
     */
    FolderCheckpoint provenUnchanged(FolderMapping mapping, FolderState target) {
        FolderCheckpoint cp = unchanged.get(mapping.source().id());
        String now = targetToken(target);
        return cp != null && now != null && now.equals(cp.targetToken()) ? cp : null;
    }

    /**
     * A target folder's state as a checkpoint keeps it: its change token, guarded by its item count, and the
     * verification rule that changes what an exact folder means (deletion sync); null without a token.
     */
    private String targetToken(FolderState state) {
        return state == null || state.token() == null ? null
                : state.token() + "|count=" + state.messageCount() + "|deletionSync=" + options.deletionSync();
    }

    /**
     * True when the changes since the checkpoint this pass's copy step went by hold every item verification reported
     * missing without a ledger row ({@code missing}): mail that arrived after the copy step read the folder, which the
     * next delta's changes bring, so the checkpoint may stay. Otherwise (an item something passed over, which no change
     * will ever bring; a source that cannot tell changes; a token that expired; no checkpoint went by) false: the
     * folder must be listed in full next time. Asks the source once (for the changes since this pass's start token,
     * which are among those), and only when such items are missing and were all kept ({@code missing} null: too many);
     * an ITEM failure of that question answers false, any other ends the pass as it would anywhere else.
     */
    boolean bringsBack(Sessions sessions, FolderMapping mapping, java.util.Set<String> missing)
            throws MailboxException {
        if (missing != null && missing.isEmpty()) {
            return true;
        }
        if (missing == null) {
            return false;
        }
        MailFolder source = mapping.source();
        FolderCheckpoint cp = wentBy.get(source.id());
        if (cp == null || !sessions.source().capabilities().changeTokens()) {
            return false;
        }
        // the changes since this pass's own start are among those since the checkpoint, and fewer to read
        String since = startTokens.getOrDefault(source.id(), cp.token());
        try {
            Changes changes = retrier.call(sessions, (s, t) -> s.changes(source, since));
            if (changes.outcome() != Changes.Outcome.CHANGES) {
                return false;
            }
            java.util.Set<String> changed = new java.util.HashSet<>();
            changes.items().forEach(i -> changed.add(i.id()));
            return changed.containsAll(missing);
        } catch (MailboxException e) {
            if (e.kind() != MailboxException.Kind.ITEM) {
                throw e; // as everywhere in a pass: only an item's or a folder's own failure lets it go on
            }
            LOG.info("Pair {}: the changes of source folder {} could not be read to check what is missing ({}); it is"
                    + " listed in full next time", pairId, source.displayPath(), e.getMessage());
            return false;
        }
    }

    /**
     * Before the ledger rows of items found deleted on the target are dropped, and after a verification that found
     * items missing the ledger has rows of, or could not read the folder: the folder's checkpoint goes, so the next
     * pass lists the folder (and copies what is missing) even when nothing changed on the source.
     */
    void forget(FolderMapping mapping) {
        checkpoints.remove(pairId, mapping.source().id());
    }

    /** Everything that decides which items of the folder are selected and where they go. */
    private String selection(MailFolder target) {
        return "target=" + target.displayPath() + "|after=" + options.after() + "|before=" + options.before()
                + "|maxBytes=" + options.maxItemBytes() + "|maxItems=" + options.maxItemsPerFolder()
                + (options.folders().kinds().isEmpty() ? "" : "|kinds=" + new java.util.TreeSet<>(
                        options.folders().kinds()));
    }
}
