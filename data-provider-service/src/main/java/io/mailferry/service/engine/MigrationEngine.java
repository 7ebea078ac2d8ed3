package io.mailferry.service.engine;

import io.mailferry.model.job.FolderClass;
import io.mailferry.model.job.FolderType;
import io.mailferry.model.job.MigrationType;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemOutcome;
import io.mailferry.model.report.MailboxReport;
import io.mailferry.service.engine.port.BodyBuffers;
import io.mailferry.service.engine.port.Checkpoints;
import io.mailferry.service.engine.port.FailureText;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.Ledger;
import io.mailferry.service.engine.port.Mailbox;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pass (full or delta: the same algorithm) over one mailbox pair, as DESIGN "The engine" describes:
 * connect; settle PENDING rows a crash left; map folders; copy each selected folder through the ledger; verify item by
 * item; in move mode delete verified items from the source; report.
 *
 * <p>Guarantees: every message appended is first recorded PENDING in the ledger, so a crash at any instant neither
 * loses nor duplicates an item once the next pass has run; re-running a finished pass copies nothing; one bad item
 * never fails the mailbox (it is FAILED with a reason, retried by the next pass); the source is only written in move
 * mode, and only for items verification confirmed on the target. Memory stays flat: listings are paged, batches
 * bounded in bytes, and large bodies spooled (from a size each connector sets: 1 MB by default).
 *
 * <p>Threading: {@link #run} blocks its caller until the pass ends and is safe to call from several threads at once
 * for different pairs (never twice at once for the same pair). Inside a pass, {@code connectionsPerServer} workers,
 * each with its own source and target session, copy different target folders in parallel.
 */
public final class MigrationEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationEngine.class);
    /** How the report names a source folder the target refused to create; the target's sentence follows. */
    /** How long the copy step trusts a folder state read before copying began; after that it reads it again. */
    static final long STATE_REUSE_MILLIS = 60_000;
    static final String FOLDER_REFUSED = "Folder could not be created on the target, so its items were not copied: ";

    private final Ledger ledger;
    private final Checkpoints checkpoints;
    private final EngineSettings settings;
    /** The passes this engine runs at once: they share the larger batches of slow links and the helpers. */
    private final RunningPasses passes;
    /** The larger batches of passes over slow links, one budget for the passes this engine runs at once. */
    private final BatchScale batchScale;
    private final LinkRoundTrips links = new LinkRoundTrips();
    /** The passes over fast links that copy at once. */
    private final CopyTurns turns;

    /** Where the ledger is kept (a directory), for sentences about a disk that cannot take it; null in memory. */
    public String storeLocation() {
        return ledger.location();
    }

    /** @param checkpoints where the folder checkpoints of verified passes are kept (same lifetime as the ledger) */
    public MigrationEngine(Ledger ledger, Checkpoints checkpoints, EngineSettings settings) {
        this(ledger, checkpoints, settings, new RunningPasses(), new CopyTurns());
    }

    /**
     * @param passes counts the passes this engine runs (tests give one with a long look interval)
     * @param turns  how many passes over fast links copy at once
     */
    MigrationEngine(Ledger ledger, Checkpoints checkpoints, EngineSettings settings, RunningPasses passes,
            CopyTurns turns) {
        this.passes = passes;
        this.turns = turns;
        this.batchScale = new BatchScale(passes);
        this.ledger = ledger;
        this.checkpoints = checkpoints;
        this.settings = settings;
    }

    /**
     * Runs one pass and returns its outcome; never throws for mailbox trouble (a pass that cannot run comes back
     * FAILED with a plain message naming the side and the cause). A stop request returns STOPPED after the batches in
     * flight are recorded.
     */
    public MailboxOutcome run(MailboxTask task, ProgressListener listener, StopSignal stop) {
        long started = settings.clock().millis();
        ProgressTracker progress = new ProgressTracker(listener, settings.clock(), settings.progressInterval().toMillis());
        IssueLog passIssues = new IssueLog(task.sourceMailbox(), settings.maxIssues());
        Retrier retrier = new Retrier(settings, progress);
        PassContext ctx = new PassContext(task, ledger, settings, progress, passIssues, retrier, stop, new StopSignal(),
                new ItemFilter(task.options(), task.targetAccess().describe()),
                new CheckpointGate(checkpoints, ledger, task.pairId(), task.options(), retrier, progress),
                new Stamps(task.sourceAccess().describe(), task.sourceMailbox()));
        ReportBuilder reports = new ReportBuilder(task, started, progress);
        Map<FolderMapping, FolderTally> tallies = new ConcurrentHashMap<>();
        List<FolderMapping> plan = new ArrayList<>();
        LOG.info("Pair {}: {} pass from {} ({}) to {} ({})", task.pairId(), task.runKind(), task.sourceMailbox(),
                task.sourceAccess().describe(), task.targetMailbox(), task.targetAccess().describe());
        Sessions main = new Sessions(task);
        Workers workers = new Workers(ctx, main, passes);
        passes.began();
        try {
            retrier.call(main, (s, t) -> {
                main.open();
                return null;
            });
            retrier.call(main, (s, t) -> new PendingReconciler(ledger, settings.clock(), ctx.stamps()).reconcile(t,
                    ledger.pending(task.pairId())));
            Map<String, String> refusedFolders = new LinkedHashMap<>();
            List<FolderMapping> unheld = new ArrayList<>();
            Map<FolderMapping, FolderState> sourceStates = new HashMap<>();
            Map<String, FolderState> targetStates = new HashMap<>();
            long statesAt = ctx.now(); // no later than the source states are read (in mapFolders): their age's start
            Map<FolderMapping, MailFolder> folders = mapFolders(ctx, main, refusedFolders, unheld, sourceStates,
                    targetStates);
            plan.addAll(folders.keySet());
            if (task.options().migrationType() == MigrationType.FOLDERS_ONLY) {
                String verdict = "Folders only: " + Sizes.items(folders.size(), "selected folder")
                        + (folders.size() == 1 ? " is" : " are") + " on the target; no items were copied.";
                return outcome(reports.unverified(MailboxState.COMPLETED, verdict, null, List.of(), tallies, List.of(),
                        settings.clock().millis()), progress);
            }
            Map<FolderMapping, FolderState> copiedBy = runWorkers(ctx, workers, folders, sourceStates, statesAt,
                    tallies, listener);
            if (stop.stopRequested()) {
                long copied = tallies.values().stream().mapToLong(t -> t.copied).sum();
                String verdict = "Stopped before the end: " + Sizes.items(copied, "item") + " copied in this pass; "
                        + "the next pass continues where this one stopped.";
                return outcome(reports.unverified(MailboxState.STOPPED, verdict, null, plan, tallies,
                        passIssues.issues(), settings.clock().millis()), progress);
            }
            IssueLog verifyIssues = new IssueLog(task.sourceMailbox(), settings.maxIssues());
            refusedFolders.forEach((folder, why) -> verifyIssues.add(folder, null, ItemOutcome.FAILED,
                    FOLDER_REFUSED + why));
            Map<FolderMapping, FolderCheck> checks = new ConcurrentHashMap<>();
            boolean move = task.options().deleteFromSource();
            SourceDeleter deleter = new SourceDeleter(ctx);
            Map<String, java.util.Set<String>> sentNew = new HashMap<>();
            tallies.forEach((m, t) -> {
                if (t.copied > 0 && t.sentNew != null && !t.sentNew.isEmpty()) {
                    sentNew.put(m.source().id(), t.sentNew);
                }
            });
            new Verifier(ctx, verifyIssues, sentNew).verify(workers, folders, copiedBy,
                    new KnownStates.Early(targetStates, statesAt), move, (sessions, m, check) -> {
                checks.put(m, check);
                if (check.clean()) {
                    ctx.checkpoints().verifiedClean(m, folders.get(m), check, ctx.now());
                } else if (check.missingKnown > 0 || check.unreadable != null
                        || !ctx.checkpoints().bringsBack(sessions, m, check.missingUnknown)) {
                    // items the ledger knows missing, the folder unread, or an item without a row the changes since
                    // the checkpoint do not hold: the next pass lists it in full, whatever its source token says (mail
                    // that arrived after the copy step's listing is among those changes: it keeps the checkpoint)
                    ctx.checkpoints().forget(m);
                }
                check.missingUnknown = java.util.Set.of(); // asked about: the report counts, it never reads them
                if (move) {
                    // mail only: a meeting deleted on the source would mail its attendees a cancellation
                    if (m.source().folderClass() == io.mailferry.model.job.FolderClass.MAIL) {
                        check.movedOffSource = deleter.delete(sessions, m.source(), check.verified);
                    }
                    check.verified.clear(); // the report counts, it never reads them: a large folder's rows go now
                }
            });
            UnheldFolders notHeld = new UnheldFolders(ctx, verifyIssues);
            for (FolderMapping m : unheld) {
                checks.put(m, notHeld.check(main, m.source()));
            }
            plan.addAll(unheld);
            MailboxReport report = reports.verified(plan, tallies, checks, refusedFolders.size(),
                    verifyIssues.issues(), verifyIssues.dropped(), settings.clock().millis());
            LOG.info("Pair {}: {}", task.pairId(), report.verdict());
            return outcome(report, progress);
        } catch (PausedByLimit e) {
            LOG.warn("Pair {}: pass paused for {}: {}", task.pairId(), e.limit().after(), e.getMessage());
            MailboxOutcome out = throttledOut(reports, e.getMessage(), plan, tallies, passIssues, progress);
            return new MailboxOutcome(out.report(), out.progress(), e.limit());
        } catch (ThrottledTooLong e) {
            LOG.warn("Pair {}: pass stopped: {}", task.pairId(), e.getMessage());
            return throttledOut(reports, e.getMessage(), plan, tallies, passIssues, progress);
        } catch (MailboxException e) {
            LOG.warn("Pair {}: pass failed: {}", task.pairId(), e.getMessage());
            LOG.debug("Pair {}: failure detail", task.pairId(), e);
            return failed(reports, e.getMessage(), plan, tallies, passIssues, progress);
        } catch (RuntimeException e) {
            LOG.error("Pair {}: pass failed unexpectedly", task.pairId(), e);
            return failed(reports, FailureText.unexpected(e, ledger.location()), plan, tallies, passIssues, progress);
        } finally {
            passes.ended();
            workers.close(); // the main sessions with the workers', all at once
            if (passes.count() == 0) {
                BodyBuffers.shared().clear(); // the last pass: a service that migrates nothing keeps no body arrays
            }
        }
    }

    private MailboxOutcome failed(ReportBuilder reports, String message, List<FolderMapping> plan,
            Map<FolderMapping, FolderTally> tallies, IssueLog issues, ProgressTracker progress) {
        int reconnects = progress.reconnects();
        String verdict = "Failed: " + message + (reconnects == 0 ? "" : " Mailferry had tried to reconnect "
                + ReportBuilder.times(reconnects) + " in this pass.");
        return outcome(reports.unverified(MailboxState.FAILED, verdict, message, plan, tallies, issues.issues(),
                settings.clock().millis()), progress);
    }

    /**
     * Servers throttled the pass past its budget: it stops (not fails) with their sentence, saying how many items this
     * pass copied and how many it has not copied yet; the ledger keeps what was done, so the next pass goes on.
     */
    private MailboxOutcome throttledOut(ReportBuilder reports, String sentence, List<FolderMapping> plan,
            Map<FolderMapping, FolderTally> tallies, IssueLog issues, ProgressTracker progress) {
        long copied = tallies.values().stream().mapToLong(t -> t.copied).sum();
        long left = progress.itemsLeft();
        String verdict = sentence + " " + Sizes.items(copied, "item") + " copied in this pass"
                + (left > 0 ? ", " + Sizes.count(left) + " not copied yet." : ".");
        return outcome(reports.unverified(MailboxState.STOPPED, verdict, sentence, plan, tallies, issues.issues(),
                settings.clock().millis()), progress);
    }

    private static MailboxOutcome outcome(MailboxReport report, ProgressTracker progress) {
        return new MailboxOutcome(report, progress.finish());
    }

    /**
     * Maps the folders and makes sure each selected one exists on the target (parents are created with it). Where
     * either side's folder ids survive a rename ({@code stableFolderIds}), a source folder whose items were copied
     * before keeps the target folder it was copied to while that folder exists, even when its name changed on the
     * source or the target since: its items stay known and are not copied again (ADR 0058: not into the target's
     * deleted items, and not a folder of the target's own, such as its inbox, on the target's account alone). Between
     * IMAP servers folder ids are paths: a renamed folder is a new folder, and a changed rename rule moves where new
     * copies go, as before.
     */
    private Map<FolderMapping, MailFolder> mapFolders(PassContext ctx, Sessions main, Map<String, String> refused,
            List<FolderMapping> unheld, Map<FolderMapping, FolderState> sourceStates,
            Map<String, FolderState> targetStates) throws MailboxException {
        // both sides' folders and capabilities at once (IMAP probes whether names are case-sensitive: a round trip)
        BothSides.Read<List<MailFolder>, List<MailFolder>> listed = ctx.retrier().call(main, (s, t) ->
                BothSides.read(s, t, sm -> {
                    List<MailFolder> f = sm.folders();
                    sm.capabilities();
                    return f;
                }, tm -> {
                    List<MailFolder> f = tm.folders();
                    tm.capabilities();
                    return f;
                }));
        List<MailFolder> targetFolders = listed.target();
        List<MailFolder> sourceFolders = listed.source();
        // a UserRoot confines the listing to its subtree, named relative to it; mappings go back to the real folders
        SourceRoot root = new SourceRoot(ctx.task().sourceRoot());
        FolderPlan plan = new FolderMapper(ctx.options().folders()).map(root.confine(sourceFolders), targetFolders,
                main.target().capabilities().folderNames());
        plan.leftOut().forEach((folder, why) -> LOG.info("Pair {}: folder {} left out: {}", ctx.pairId(), folder, why));
        Map<String, MailFolder> targetById = new HashMap<>();
        targetFolders.forEach(f -> targetById.put(f.id(), f));
        MailFolder deletedItems = targetFolders.stream().filter(f -> f.type() == FolderType.TRASH).findFirst()
                .orElse(null);
        Map<FolderMapping, MailFolder> earlier = new LinkedHashMap<>(); // null: ensured on the target by its path
        for (FolderMapping relative : plan.mappings()) {
            MailFolder source = root.real(relative.source());
            if (!UnheldFolders.held(main, source)) {
                LOG.info("Pair {}: folder {} is not copied: the target cannot hold {}", ctx.pairId(),
                        source.displayPath(), io.mailferry.service.engine.port.ItemKind.of(source.folderClass())
                                .plural());
                unheld.add(new FolderMapping(source, List.of()));
                continue;
            }
            // a folder renamed since (on the source, or by the target's user) keeps its id where the side has stable
            // folder ids: the source folder goes on into the target folder its items were copied to
            MailFolder known = main.source().capabilities().stableFolderIds()
                    || main.target().capabilities().stableFolderIds()
                    ? earlierTarget(ctx, source, relative.targetPath(), main.source().capabilities().stableFolderIds(),
                    targetById, deletedItems) : null;
            earlier.put(new FolderMapping(source, known != null ? known.path() : relative.targetPath()), known);
        }
        List<List<String>> mail = earlier.entrySet().stream().filter(e -> e.getValue() == null
                && e.getKey().source().folderClass() == FolderClass.MAIL).map(e -> e.getKey().targetPath()).toList();
        // the source folders' states beside the target's preparing (copy step): two servers, one round trip's wait
        List<FolderMapping> mappings = ctx.options().migrationType() == MigrationType.FOLDERS_ONLY ? List.of()
                : List.copyOf(earlier.keySet());
        List<MailFolder> sources = mappings.stream().map(FolderMapping::source).toList();
        // a delta's (where a folder has a checkpoint), on a target whose states carry change tokens (only they prove a
        // folder unchanged): the states of the target folders that exist already, in the same wait (after any folders
        // it had to create); verification goes by them when the copy step then writes nothing (KnownStates.Early)
        List<MailFolder> existing = main.target().capabilities().changeTokens()
                && ctx.checkpoints().anyCheckpoint(sources) ? existingTargets(earlier, targetFolders) : List.of();
        if (!mail.isEmpty() || !sources.isEmpty() || !existing.isEmpty()) {
            BothSides.Read<List<FolderState>, List<FolderState>> read = ctx.retrier().call(main, (s, t) ->
                    BothSides.read(s, t, sm -> sources.isEmpty() ? List.of() : sm.states(sources), tm -> {
                        if (!mail.isEmpty()) {
                            tm.prepareFolders(mail); // one round trip where the target can, not one per folder below
                        }
                        return existing.isEmpty() ? List.of() : tm.states(existing);
                    }));
            for (int i = 0; i < mappings.size(); i++) {
                if (read.source().get(i) != null) {
                    sourceStates.put(mappings.get(i), read.source().get(i));
                }
            }
            for (int i = 0; i < read.target().size(); i++) {
                if (read.target().get(i) != null) {
                    targetStates.put(existing.get(i).id(), read.target().get(i));
                }
            }
        }
        Map<FolderMapping, MailFolder> resolved = new LinkedHashMap<>();
        for (Map.Entry<FolderMapping, MailFolder> e : earlier.entrySet()) {
            FolderMapping m = e.getKey();
            MailFolder target;
            try {
                target = e.getValue() != null ? e.getValue() : ctx.retrier().call(main,
                        (s, t) -> t.ensureFolder(m.targetPath(), m.source().folderClass()));
            } catch (MailboxException x) {
                if (x.kind() != MailboxException.Kind.ITEM) {
                    throw x;
                }
                // the target refused this folder alone: its items are not copied, the other folders go on
                LOG.warn("Pair {}: folder {} could not be created on the target: {}", ctx.pairId(),
                        m.source().displayPath(), x.getMessage());
                refused.put(m.source().displayPath(), x.getMessage());
                ctx.issues().add(m.source().displayPath(), null, ItemOutcome.FAILED, FOLDER_REFUSED + x.getMessage());
                continue;
            }
            LOG.info("Pair {}: folder {} -> {}", ctx.pairId(), m.source().displayPath(), target.displayPath());
            resolved.put(m, target);
        }
        return resolved;
    }

    /** The listed target folders the mappings name (by the earlier target's id, else by the exact path), once each. */
    private static List<MailFolder> existingTargets(Map<FolderMapping, MailFolder> earlier,
            List<MailFolder> targetFolders) {
        Map<List<String>, MailFolder> byPath = new HashMap<>();
        targetFolders.forEach(f -> byPath.putIfAbsent(f.path(), f));
        Map<String, MailFolder> named = new LinkedHashMap<>();
        earlier.forEach((m, known) -> {
            MailFolder f = known != null ? known : byPath.get(m.targetPath());
            if (f != null && f.selectable()) {
                named.putIfAbsent(f.id(), f);
            }
        });
        return List.copyOf(named.values());
    }

    /**
     * The one existing target folder the ledger's rows of {@code source} point at, or null: then the folder goes by
     * the rules' path ({@code mapped}). Null too when that folder now lies inside the target's deleted items (its user
     * deleted it) while the rules do not map there, and, where only the target's ids are stable, when it is a folder of
     * the target's own (inbox, sent items: never renamed by a user).
     */
    private static MailFolder earlierTarget(PassContext ctx, MailFolder source, List<String> mapped,
            boolean sourceIdsStable, Map<String, MailFolder> targetById, MailFolder deletedItems) {
        Set<String> ids = ctx.ledger().targetFolders(ctx.pairId(), source.id());
        if (ids.size() != 1) {
            return null;
        }
        MailFolder earlier = targetById.get(ids.iterator().next());
        if (earlier == null || earlier.path().equals(mapped)) {
            return earlier;
        }
        if (!sourceIdsStable && earlier.type() != null && earlier.type() != FolderType.OTHER) {
            // a folder of the target's own (its inbox, sent items) is never renamed by its user: the rules' path wins,
            // so an admin can still correct a rule that sent a folder there
            return null;
        }
        if (deletedItems != null && within(earlier.path(), deletedItems.path())
                && !within(mapped, deletedItems.path())) {
            LOG.info("Pair {}: target folder {}, where the items of source folder {} were copied, is in the target's"
                    + " deleted items now: the folder is made again", ctx.pairId(), earlier.displayPath(),
                    source.displayPath());
            return null;
        }
        LOG.info("Pair {}: source folder {} keeps going to target folder {}, where its items were copied before",
                ctx.pairId(), source.displayPath(), earlier.displayPath());
        return earlier;
    }

    /** True when {@code path} is {@code ancestor} or lies inside it. */
    private static boolean within(List<String> path, List<String> ancestor) {
        return path.size() >= ancestor.size() && path.subList(0, ancestor.size()).equals(ancestor);
    }

    /**
     * Copies the folders with up to {@code connectionsPerServer} workers ({@link WorkerCount}: automatic by default),
     * as many as there are target folders with something to copy (a pass where every folder is empty or unchanged
     * since its checkpoint opens no second connection). Folders sharing a target folder go to the same worker, one
     * after the other, so no two workers ever append to (or reconcile) one target folder at once. Every source
     * folder's state was read first, beside the target's preparing of its folders ({@code sourceStates}, read after
     * {@code countedAt}), so the progress totals hold the whole mailbox's count before the first item is copied; the
     * copy reuses those reads rather than asking again, unless its folder's turn comes more than {@link
     * #STATE_REUSE_MILLIS} later (a long pass): then it reads the state again so that the epoch it records is the one
     * of its listing, and the folder's count in the totals is replaced.
     *
     * @return the source state each folder's copy went by (folders whose copy failed are left out)
     */
    private Map<FolderMapping, FolderState> runWorkers(PassContext ctx, Workers workers,
            Map<FolderMapping, MailFolder> folders, Map<FolderMapping, FolderState> sourceStates, long countedAt,
            Map<FolderMapping, FolderTally> tallies, ProgressListener listener) throws MailboxException {
        Map<String, List<FolderMapping>> groups = new LinkedHashMap<>();
        folders.forEach((m, t) -> groups.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(m));
        Map<FolderMapping, FolderState> read = counted(ctx, folders.keySet(), sourceStates);
        ctx.checkpoints().lookUp(folders);
        // a state read long before its folder's turn is read again: its epoch must be the listing's (ADR 0022)
        Function<FolderMapping, FolderState> states = m -> ctx.now() - countedAt <= STATE_REUSE_MILLIS
                ? read.get(m) : null;
        // more workers (each a login per side) only for folders with something to copy; the others take no round trip
        long busy = groups.values().stream().filter(g -> g.stream().anyMatch(m -> read.get(m) == null
                || !ctx.checkpoints().copiesNothing(m, folders.get(m), read.get(m)))).count();
        // a pass with nothing to copy asks nothing more, and takes no copy turn
        Link link = busy == 0 ? new Link(1, false) : measureLinks(ctx, workers);
        int scale = link.scale();
        int count = (int) Math.max(1, Math.min(busy,
                WorkerCount.of(ctx.options().connectionsPerServer(), scale, ctx.task())));
        if (ctx.options().connectionsPerServer() == 0 && count > WorkerCount.FAST) {
            LOG.info("Pair {}: {} connections to each server (automatic: a slow link)", ctx.pairId(), count);
        }
        Queue<List<FolderMapping>> queue = new ConcurrentLinkedQueue<>(largestFirst(groups.values(), m ->
                read.get(m) == null || ctx.checkpoints().copiesNothing(m, folders.get(m), read.get(m)) ? null
                        : read.get(m)));
        Map<Sessions, FolderCopier> copiers = new ConcurrentHashMap<>();
        Map<FolderMapping, FolderState> copiedBy = new ConcurrentHashMap<>();
        // over links measured fast a turn among the passes copying at once (CopyTurns)
        CopyTurns.Turn turn = link.fast() ? turns.take(ctx.stop()::stopRequested) : null;
        if (link.fast() && turn == null) {
            return copiedBy; // asked to stop while it waited: nothing copied, the pass says so
        }
        try {
            ctx.retrier().turn(turn);
            SourcePageAhead.Runner ahead = SourcePageAhead.helpers(ctx.pairId(), "list");
            try {
                workers.drain(count, true, queue, (sessions, group) -> work(ctx, sessions,
                        copiers.computeIfAbsent(sessions, s -> new FolderCopier(ctx, ahead, count, scale)), group,
                        folders, states, tallies, listener, copiedBy));
            } catch (MailboxException | RuntimeException e) {
                // not after an Error (the JVM is in trouble: a crash's rows stay PENDING), nor when interrupted (the
                // workers may still run)
                if (!Thread.currentThread().isInterrupted()) {
                    flush(copiers.values(), e);
                }
                throw e;
            }
            flush(copiers.values(), null); // the workers' last batches' outcomes, before verification reads them
        } finally {
            ctx.retrier().turn(null);
            if (turn != null) {
                turn.close();
            }
        }
        return copiedBy;
    }

    /**
     * Writes the outcomes each worker's last batch left for a next one ({@link BatchCopier#flush}), once the workers
     * are done; every worker's, whatever another's write does. A write that fails is added to {@code failure} when there
     * is one (the pass's own failure is the one reported); otherwise the first is thrown, the others added to it.
     */
    private static void flush(Collection<FolderCopier> copiers, Throwable failure) {
        RuntimeException first = null;
        for (FolderCopier copier : copiers) {
            try {
                copier.flush();
            } catch (RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The pass's links, each side asked a round trip at once on the main connections: how many times the settings'
     * batch bounds its batches hold ({@link BatchScale}, ADR 0035), by the longer of the two, and whether it copies in a
     * turn ({@link CopyTurns}, ADR 0057).
     */
    private Link measureLinks(PassContext ctx, Workers workers) throws MailboxException {
        BothSides.Read<Long, Long> rt = ctx.retrier().call(workers.main(), (s, t) ->
                BothSides.read(s, t, Mailbox::roundTrip, Mailbox::roundTrip));
        // each side's link judged by the shortest round trip measured to its server lately, not this one alone: a
        // busy machine's pause must not pass for a slow link (LinkRoundTrips)
        long source = links.shortest(ctx.task().sourceAccess().describe(), rt.source());
        long target = links.shortest(ctx.task().targetAccess().describe(), rt.target());
        long slower = Math.max(source, target);
        workers.slowLink(BatchScale.slow(slower));
        int scale = batchScale.of(slower, ctx.settings().batchScale());
        if (scale > 1) {
            LOG.info("Pair {}: a slow link ({} ms a round trip): batches up to {} times as large", ctx.pairId(),
                    java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(slower), scale);
        }
        // fast: both measured and neither slow; a side that cannot time a round trip (-1: Graph, EWS) is not known fast
        return new Link(scale, source >= 0 && target >= 0 && !BatchScale.slow(slower));
    }

    /** What the copy step measured of a pass's links: its batches' scale, and whether it copies in a turn. */
    private record Link(int scale, boolean fast) {
    }

    /**
     * The state of every source folder, each counted into the progress totals: read with the target's preparing of its
     * folders ({@link #mapFolders}: one {@link io.mailferry.service.engine.port.Mailbox#states} call, one round trip
     * where the connector pipelines, beside the target's). A folder whose state could not be read then is left out:
     * its copy reads it again and reports the trouble as before.
     */
    private static Map<FolderMapping, FolderState> counted(PassContext ctx, Collection<FolderMapping> mappings,
            Map<FolderMapping, FolderState> read) {
        Map<FolderMapping, FolderState> states = new HashMap<>();
        for (FolderMapping m : mappings) {
            FolderState state = read.get(m);
            if (state != null) {
                ctx.progress().expect(m.source().id(), state.messageCount(), state.bytes());
                states.put(m, state);
            }
        }
        ctx.progress().counted();
        return states;
    }

    /**
     * The groups in the order the workers take them: the largest folders with something to copy first (their bytes,
     * else 64 KiB a message), so that a big folder met last does not leave one worker copying it while the others are
     * idle; equal ones keep their order.
     *
     * @param toCopy a folder's state when it has something to copy, else null (nothing to copy, or not known)
     */
    static List<List<FolderMapping>> largestFirst(Collection<List<FolderMapping>> groups,
            Function<FolderMapping, FolderState> toCopy) {
        List<List<FolderMapping>> ordered = new ArrayList<>(groups);
        ordered.sort(Comparator.comparingLong((List<FolderMapping> g) -> g.stream().map(toCopy)
                .filter(java.util.Objects::nonNull)
                .mapToLong(st -> st.bytes() >= 0 ? st.bytes() : Math.max(0, st.messageCount()) * 65_536L).sum())
                .reversed());
        return ordered;
    }

    /** {@code items} dealt round-robin into at most {@code count} non-empty shares. */
    static <T> List<List<T>> shares(Collection<T> items, int count) {
        List<List<T>> shares = new ArrayList<>();
        int i = 0;
        for (T item : items) {
            if (shares.size() < Math.max(1, count)) {
                shares.add(new ArrayList<>());
            }
            shares.get(i++ % shares.size()).add(item);
        }
        return shares;
    }

    private void work(PassContext ctx, Sessions sessions, FolderCopier copier, List<FolderMapping> group,
            Map<FolderMapping, MailFolder> folders, Function<FolderMapping, FolderState> states,
            Map<FolderMapping, FolderTally> tallies, ProgressListener listener,
            Map<FolderMapping, FolderState> copiedBy) throws MailboxException {
        for (FolderMapping m : group) {
            if (ctx.halted()) {
                break;
            }
            MailFolder target = folders.get(m);
            String path = m.source().displayPath();
            FolderTally tally = new FolderTally(path, target.displayPath());
            if (group.size() > 1) {
                tally.sentNew = new java.util.HashSet<>(); // folders sharing a target folder (MovedCopies)
            }
            tallies.put(m, tally);
            listener.folderStarted(path, target.displayPath());
            ctx.progress().folder(path);
            try {
                copiedBy.put(m, copier.copy(sessions, m, target, tally, states.apply(m)));
            } catch (MailboxException e) {
                if (e.kind() != MailboxException.Kind.ITEM) {
                    throw e;
                }
                LOG.warn("Pair {}: folder {} could not be copied: {}", ctx.pairId(), path, e.getMessage());
                ctx.issues().add(path, null, ItemOutcome.FAILED, "Folder could not be copied: " + e.getMessage());
            }
            FolderReport report = tally.report();
            listener.folderFinished(report);
        }
    }
}
