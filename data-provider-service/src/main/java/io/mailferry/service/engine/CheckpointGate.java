package io.mailferry.service.engine;

import io.mailferry.model.job.JobOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides per source folder whether the copy step may skip its listing, and records the checkpoint once verification
 * found the folder clean. A folder is skipped only when all of these hold: the source reported a HIGHESTMODSEQ
 * (CONDSTORE), the folder's UIDVALIDITY and UIDNEXT equal those of its checkpoint, the selection rules are the same,
 * the ledger holds no PENDING or FAILED row for it (no work left from before), and either the HIGHESTMODSEQ is the
 * checkpoint's too (nothing changed at all) or it moved but {@code UID FETCH 1:* (FLAGS) (CHANGEDSINCE m)} shows only
 * messages below the checkpoint's UIDNEXT (flag changes of messages already copied — verification's {@link FlagSync}
 * carries them — and no arrival a stale UIDNEXT might hide). The checkpoint records the state read <em>before</em> the
 * folder was listed, so anything that happened during the pass moves the values and the next pass looks again.
 * Verification is never skipped. Thread-safe.
 */
final class CheckpointGate {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointGate.class);

    private final Checkpoints checkpoints;
    private final Ledger ledger;
    private final String pairId;
    private final JobOptions options;
    private final Retrier retrier;
    private final ProgressTracker progress;
    private final Map<String, FolderState> startStates = new ConcurrentHashMap<>();

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
     * Remembers {@code state} as the folder's state before its copy and answers whether the copy step may skip it;
     * when it may, counts the items the checkpoint found on the target as already there (tally and progress).
     *
     * @param state the source folder's state, read just now
     */
    boolean unchanged(Sessions sessions, FolderMapping mapping, MailFolder target, FolderState state, FolderTally tally)
            throws MailboxException {
        if (!skippable(sessions, mapping, target, state)) {
            return false;
        }
        FolderCheckpoint cp = checkpoints.get(pairId, mapping.source().displayPath());
        tally.selected += cp.items();
        tally.alreadyThere += cp.items();
        progress.alreadyThere(cp.items(), cp.bytes());
        return true;
    }

    private boolean skippable(Sessions sessions, FolderMapping mapping, MailFolder target, FolderState state)
            throws MailboxException {
        MailFolder source = mapping.source();
        String path = source.displayPath();
        startStates.put(path, state);
        FolderCheckpoint cp = state.highestModSeq() > 0 ? checkpoints.get(pairId, path) : null;
        if (cp == null || !cp.sameMessages(state, selection(target)) || ledger.unsettled(pairId, path) > 0) {
            return false;
        }
        if (state.highestModSeq() != cp.highestModSeq()) {
            Map<Long, Set<String>> changed = retrier.call(sessions, (s, t) -> s.changedSince(source,
                    cp.highestModSeq()));
            if (changed == null || changed.keySet().stream().anyMatch(uid -> uid >= cp.uidNext())) {
                return false;
            }
            LOG.debug("Pair {}: source folder {} has no new message, {} changed flags since the last verified pass; "
                    + "not listed for copying", pairId, path, changed.size());
            return true;
        }
        LOG.debug("Pair {}: source folder {} unchanged since the last verified pass (UIDNEXT {}, HIGHESTMODSEQ {}); "
                + "not listed for copying", pairId, path, state.uidNext(), state.highestModSeq());
        return true;
    }

    /** After verification found the folder clean: the state read before its copy becomes its checkpoint. */
    void verifiedClean(FolderMapping mapping, MailFolder target, FolderCheck check, long now) {
        String path = mapping.source().displayPath();
        FolderState start = startStates.get(path);
        if (start == null || start.highestModSeq() <= 0) {
            return; // not copied in this pass, or no CONDSTORE: nothing safe to remember
        }
        checkpoints.put(new FolderCheckpoint(pairId, path, start.uidValidity(), start.uidNext(), start.highestModSeq(),
                selection(target), check.onTarget, check.bytesOnTarget, now));
    }

    /**
     * Before the ledger rows of items found deleted on the target are dropped: the folder's checkpoint goes first, so
     * the next pass lists the folder (and copies them again) even when nothing changed on the source.
     */
    void forget(FolderMapping mapping) {
        checkpoints.remove(pairId, mapping.source().displayPath());
    }

    /** Everything that decides which items of the folder are selected and where they go. */
    private String selection(MailFolder target) {
        return "target=" + target.displayPath() + "|after=" + options.after() + "|before=" + options.before()
                + "|maxBytes=" + options.maxItemBytes() + "|maxItems=" + options.maxItemsPerFolder();
    }
}
