package io.mailferry.service.engine;

import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.report.DurationText;
import io.mailferry.model.report.FolderReport;
import io.mailferry.model.report.ItemIssue;
import io.mailferry.model.report.MailboxReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a pass's tallies and (when it ran) the verification into the {@link MailboxReport}. After verification each
 * folder report holds selected = copied + already there + skipped + failed + missing, counts from the verification
 * (for a folder proven unchanged on both sides, from the checkpoint of the pass that last verified it), the sizes of
 * the skipped and failed items beside them, and the bytes the pass copied. Every report carries the time the pass
 * waited for throttling servers so far.
 */
final class ReportBuilder {
    private final MailboxTask task;
    private final long startedMillis;
    private final ProgressTracker progress;

    ReportBuilder(MailboxTask task, long startedMillis, ProgressTracker progress) {
        this.task = task;
        this.startedMillis = startedMillis;
        this.progress = progress;
    }

    MailboxReport unverified(MailboxState state, String verdict, String error, List<FolderMapping> plan,
            Map<FolderMapping, FolderTally> tallies, List<ItemIssue> issues, long endedMillis) {
        List<FolderReport> folders = new ArrayList<>();
        for (FolderMapping m : plan) {
            FolderTally t = tallies.get(m);
            if (t != null) {
                folders.add(t.report());
            }
        }
        return build(state, false, verdict, error, folders, issues, endedMillis);
    }

    MailboxReport verified(List<FolderMapping> plan, Map<FolderMapping, FolderTally> tallies,
            Map<FolderMapping, FolderCheck> checks, int refusedFolders, List<ItemIssue> issues, long omitted,
            long endedMillis) {
        List<FolderReport> folders = new ArrayList<>();
        long selected = 0;
        long onTarget = 0;
        long tooLarge = 0;
        long trial = 0;
        long otherKind = 0;
        long failed = 0;
        long missing = 0;
        long differs = 0;
        long kept = 0;
        long moved = 0;
        long flagsUpdated = 0;
        long deletedOnTarget = 0;
        long keptOnTarget = 0;
        long unchanged = 0;
        boolean unreadable = false;
        for (FolderMapping m : plan) {
            FolderTally t = tallies.getOrDefault(m, new FolderTally(m.source().displayPath(), m.targetDisplayPath()));
            FolderCheck c = checks.get(m);
            if (c == null) {
                continue;
            }
            unreadable |= c.unreadable != null;
            selected += c.selected;
            onTarget += c.onTarget;
            tooLarge += c.tooLarge;
            trial += c.trialLimit;
            otherKind += c.otherKind;
            failed += c.failed;
            missing += c.missing;
            differs += c.differs;
            kept += c.kept;
            moved += c.movedOffSource;
            flagsUpdated += c.flagsUpdated;
            deletedOnTarget += c.deletedOnTarget;
            keptOnTarget += c.keptOnTarget;
            unchanged += c.fromCheckpoint ? 1 : 0;
            // copied as verified: a copy deleted on the target before verification (or a folder not verified) must not
            // count as on the target, or a job's sums would say all is there while the folder misses items
            long copied = Math.min(t.copied, c.onTarget);
            folders.add(new FolderReport(t.sourceFolder, t.targetFolder, c.selected, copied, c.onTarget - copied,
                    c.skipped(), c.failed, t.bytesCopied, c.bytesSkipped, c.bytesFailed, c.flagsUpdated));
        }
        String verdict = VerdictText.of(selected, onTarget, "", VerdictText.parts(tooLarge, "skipped (too large)",
                trial, "not copied (trial limit)", otherKind, "not copied (calendar, contact or task items the target cannot hold)", differs, "skipped (another message with the same Message-ID is on "
                + "the target)", failed, "failed", missing, "missing"));
        if (moved > 0) {
            verdict += " " + Sizes.items(moved, "item") + (moved == 1 ? " was" : " were") + " deleted from the source "
                    + "after " + (moved == 1 ? "its copy was" : "their copies were") + " verified (move mode).";
        }
        if (kept > 0) {
            verdict += " " + Sizes.items(kept, "item") + (kept == 1 ? " was" : " were") + " kept on the source: "
                    + (kept == 1 ? "its copy" : "their copies") + " on the target could not be proven the same "
                    + "message (see the report).";
        }
        if (unchanged > 0) {
            verdict += " " + Sizes.items(unchanged, "folder") + (unchanged == 1 ? " was" : " were") + " unchanged on "
                    + "both sides since the last verified pass and " + (unchanged == 1 ? "was" : "were")
                    + " not listed again.";
        }
        if (flagsUpdated > 0) {
            verdict += " Flags brought up to date on " + Sizes.items(flagsUpdated, "item") + ".";
        }
        if (deletedOnTarget > 0) {
            verdict += " " + Sizes.items(deletedOnTarget, "item") + " deleted or moved "
                    + "on the source since the last pass "
                    + (deletedOnTarget == 1 ? "was" : "were") + " deleted on the target.";
        }
        if (keptOnTarget > 0) {
            verdict += " " + Sizes.items(keptOnTarget, "item") + " deleted or moved on the source "
                    + (keptOnTarget == 1 ? "was" : "were") + " kept on the target: not copied by Mailferry, or "
                    + "changed there.";
        }
        if (unreadable) {
            verdict += " Some folders could not be verified (see the report).";
        }
        if (omitted > 0) {
            verdict += " The report names " + Sizes.items(issues.size(), "item") + " with issues (failed and missing "
                    + "ones first); " + Sizes.count(omitted) + " more are in the counts but not named.";
        }
        if (refusedFolders > 0) {
            verdict += " " + Sizes.items(refusedFolders, "source folder") + (refusedFolders == 1 ? " was" : " were")
                    + " not copied: the target refused to create " + refusedNames(issues, refusedFolders)
                    + " (see the report).";
        }
        long throttledMillis = progress.throttledMillis();
        if (throttledMillis >= 1000) {
            verdict += " Servers throttled the copy for " + DurationText.of(throttledMillis) + ".";
        }
        int reconnects = progress.reconnects();
        if (reconnects > 0) {
            verdict += " Connections were lost " + times(reconnects) + "; Mailferry reconnected and went on.";
        }
        boolean complete = onTarget >= selected && !unreadable && refusedFolders == 0;
        MailboxReport r = build(complete ? MailboxState.COMPLETED : MailboxState.COMPLETED_WITH_ISSUES, complete,
                verdict, null, folders, issues, endedMillis);
        return new MailboxReport(r.pairId(), r.sourceMailbox(), r.targetMailbox(), r.state(), r.startedAt(),
                r.endedAt(), r.durationMillis(), r.itemsPerSecond(), r.bytesPerSecond(), r.verified(), r.verdict(),
                r.error(), r.folders(), r.issues(), r.throttledMillis(), r.reconnects(), deletedOnTarget, keptOnTarget);
    }

    /** At most 3 refused folders by name ("Projects", "A", "B", "C" and 2 more), from their issues. */
    private static String refusedNames(List<ItemIssue> issues, int refusedFolders) {
        List<String> names = issues.stream().filter(i -> i.reason() != null
                && i.reason().startsWith(MigrationEngine.FOLDER_REFUSED)).map(ItemIssue::folder).distinct().toList();
        if (names.isEmpty()) {
            return refusedFolders == 1 ? "it" : "them";
        }
        List<String> shown = names.subList(0, Math.min(3, names.size())).stream().map(n -> "\"" + n + "\"").toList();
        int more = Math.max(refusedFolders, names.size()) - shown.size();
        return more > 0 ? String.join(", ", shown) + " and " + more + " more"
                : shown.size() == 1 ? shown.get(0)
                : String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.get(shown.size() - 1);
    }

    private MailboxReport build(MailboxState state, boolean verified, String verdict, String error,
            List<FolderReport> folders, List<ItemIssue> issues, long endedMillis) {
        long duration = Math.max(0, endedMillis - startedMillis);
        double seconds = Math.max(duration, 1) / 1000.0;
        long copied = folders.stream().mapToLong(FolderReport::itemsCopied).sum();
        long bytes = folders.stream().mapToLong(FolderReport::bytesCopied).sum();
        return new MailboxReport(task.pairId(), task.sourceMailbox(), task.targetMailbox(), state,
                Instant.ofEpochMilli(startedMillis), Instant.ofEpochMilli(endedMillis), duration, copied / seconds,
                bytes / seconds, verified, verdict, error, folders, issues, progress.throttledMillis(),
                progress.reconnects());
    }

    /** "once", "3 times", "1,204 times". */
    static String times(long n) {
        return n == 1 ? "once" : Sizes.count(n) + " times";
    }
}
