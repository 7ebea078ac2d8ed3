package io.mailferry.service.engine;

import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The folder states verification goes by without reading them one at a time: every target folder's and (unless
 * deletion sync is on) every source folder's state, read when verification starts, the folders dealt out to the
 * workers so each reads its share with one {@link io.mailferry.service.engine.port.Mailbox#states} call per side.
 *
 * <p>Read before any folder is listed for verification, which is all these states must be: a target state "before"
 * its listing (a change after it shows in the next pass's state), and a source state whose item count tells whether
 * the folder has anything to list. Deletion sync also takes the source state's epoch as the listing's, so with it on
 * the source state is read right before each listing instead (an early state could name items gone that came back
 * since: ids that stay with a message, as Graph's, or a folder emptied and refilled). Without deletion sync, a folder
 * whose copy step found it empty keeps that state: the copy took nothing from it. A state read more than
 * {@link MigrationEngine#STATE_REUSE_MILLIS} ago is read again on the folder's turn, as the copy step does (ADR 0022).
 *
 * <p>A pass whose copy step skipped every folder as unchanged (or found it empty) wrote nothing to the target: the target states read
 * beside the source's before it ({@link Early}) are then states "before the listing" as well, and verification goes by
 * them without reading again — a round trip less for a no-op delta (ADR 0047). Only when every target folder has one,
 * without deletion sync, and while they are fresh; else all are read here as before.
 */
final class KnownStates {
    /** Target states by target folder id, read at {@code readAt} beside the source's, before the copy step. */
    record Early(Map<String, FolderState> targets, long readAt) {
    }

    private final PassContext ctx;
    private final long readAt;
    private final Map<String, FolderState> targets = new ConcurrentHashMap<>();
    private final Map<FolderMapping, FolderState> sources = new ConcurrentHashMap<>();
    private final Map<FolderMapping, FolderState> copiedBy;

    private KnownStates(PassContext ctx, Map<FolderMapping, FolderState> copiedBy, long readAt) {
        this.ctx = ctx;
        this.readAt = readAt;
        this.copiedBy = copiedBy;
    }

    /**
     * @param groups   the folders to verify, grouped by target folder
     * @param copiedBy the source state each folder's copy went by
     * @param early    the target states read before the copy step (used only when it wrote nothing)
     */
    static KnownStates read(PassContext ctx, Workers workers, int count, Collection<List<FolderMapping>> groups,
            Map<FolderMapping, MailFolder> folders, Map<FolderMapping, FolderState> copiedBy, Early early)
            throws MailboxException {
        if (usable(ctx, groups, folders, copiedBy, early)) {
            KnownStates known = new KnownStates(ctx, copiedBy, early.readAt());
            groups.forEach(g -> {
                String id = folders.get(g.get(0)).id();
                known.targets.put(id, early.targets().get(id));
            });
            return known;
        }
        KnownStates known = new KnownStates(ctx, copiedBy, ctx.now());
        boolean sourcesToo = !ctx.options().deletionSync();
        workers.drain(count, false, new ConcurrentLinkedQueue<>(MigrationEngine.shares(groups, count)),
                (sessions, share) -> {
                    List<MailFolder> targets = share.stream().map(g -> folders.get(g.get(0))).toList();
                    List<FolderMapping> unknown = new ArrayList<>();
                    // a folder the copy step skipped as unchanged is, as a rule, proven unchanged by its target
                    // state and not listed: its source state would be read for nothing (else it is read on its turn)
                    share.forEach(g -> g.stream().filter(m -> sourcesToo && known.emptyAtCopy(m) == null
                            && !ctx.checkpoints().skippedAsUnchanged(m)).forEach(unknown::add));
                    List<MailFolder> sources = unknown.stream().map(FolderMapping::source).toList();
                    // both sides at once: two servers, one round trip's wait
                    BothSides.Read<List<FolderState>, List<FolderState>> read = ctx.retrier().call(sessions,
                            (sm, tm) -> BothSides.read(sm, tm, s -> sources.isEmpty() ? List.of() : s.states(sources),
                                    t -> t.states(targets)));
                    for (int i = 0; i < targets.size(); i++) {
                        putIfKnown(known.targets, targets.get(i).id(), read.target().get(i));
                    }
                    for (int i = 0; i < unknown.size(); i++) {
                        putIfKnown(known.sources, unknown.get(i), read.source().get(i));
                    }
                });
        return known;
    }

    /**
     * True when the early target states can stand for states read now: the copy step skipped every folder as unchanged
     * or found it empty (so it wrote nothing to any target folder, and no source state is needed), every target folder
     * has one, deletion sync is off, and they are fresh.
     */
    private static boolean usable(PassContext ctx, Collection<List<FolderMapping>> groups,
            Map<FolderMapping, MailFolder> folders, Map<FolderMapping, FolderState> copiedBy, Early early) {
        if (early == null || early.targets().isEmpty() || ctx.options().deletionSync()
                || ctx.now() - early.readAt() > MigrationEngine.STATE_REUSE_MILLIS) {
            return false;
        }
        for (List<FolderMapping> group : groups) {
            if (!early.targets().containsKey(folders.get(group.get(0)).id())
                    || !group.stream().allMatch(m -> ctx.checkpoints().skippedAsUnchanged(m)
                            || emptyAtCopy(copiedBy, m) != null)) {
                return false;
            }
        }
        return true;
    }

    private static <K> void putIfKnown(Map<K, FolderState> map, K key, FolderState state) {
        if (state != null) {
            map.put(key, state);
        }
    }

    /** The target folder's state read at the start, or null: read it now. */
    FolderState target(MailFolder target) {
        return fresh() ? targets.get(target.id()) : null;
    }

    /** The source folder's state to verify by, or null: read it now, right before the listing. */
    FolderState source(FolderMapping mapping) {
        if (ctx.options().deletionSync() || !fresh()) {
            return null;
        }
        FolderState empty = emptyAtCopy(mapping);
        return empty != null ? empty : sources.get(mapping);
    }

    /**
     * True when the group's target folder was empty at the start and its source folders were empty when copied:
     * verifying it lists nothing, so it needs no connection of its own (a guess for sizing only, never a verdict).
     */
    boolean empty(List<FolderMapping> group, MailFolder target) {
        FolderState t = targets.get(target.id());
        return t != null && t.messageCount() == 0 && group.stream().allMatch(m -> emptyAtCopy(m) != null);
    }

    private FolderState emptyAtCopy(FolderMapping mapping) {
        return emptyAtCopy(copiedBy, mapping);
    }

    /** The state the folder's copy went by when it found the folder empty, or null. */
    private static FolderState emptyAtCopy(Map<FolderMapping, FolderState> copiedBy, FolderMapping mapping) {
        FolderState s = copiedBy.get(mapping);
        return s != null && s.messageCount() == 0 ? s : null;
    }

    private boolean fresh() {
        return ctx.now() - readAt <= MigrationEngine.STATE_REUSE_MILLIS;
    }
}
