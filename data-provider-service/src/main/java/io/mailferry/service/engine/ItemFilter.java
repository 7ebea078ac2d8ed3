package io.mailferry.service.engine;

import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.JobOptions;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.ItemKind;
import io.mailferry.service.engine.port.ItemRef;
import java.time.Instant;
import java.util.Set;

/**
 * Decides, for each listed item of a folder in listing order, whether it is selected and whether it may be copied. The
 * job's kinds (mail, calendar, contacts, tasks) and the date range (on INTERNALDATE, else the Date header; an item with
 * neither is selected) decide selection: an item outside them is not part of the job at all. Selected items beyond
 * {@code maxItemsPerFolder} (counted in listing order, so every pass picks the same ones), items of a kind the target
 * cannot hold (an event for an IMAP server) and items above {@code maxItemBytes} are selected but SKIPPED with a
 * reason. Not thread-safe: one instance per folder pass ({@link #forFolder()}).
 */
public final class ItemFilter {
    /** What to do with one listed item. {@code reason} and {@code cause} are set for SKIP. */
    public record Decision(Kind kind, String reason, Cause cause) {
        public enum Kind { NOT_SELECTED, SKIP, COPY }

        /** Why a selected item is not copied, so the verifier counts skipped items by cause. */
        public enum Cause { TOO_LARGE, TRIAL_LIMIT, KIND }

        static final Decision NOT_SELECTED = new Decision(Kind.NOT_SELECTED, null, null);
        static final Decision COPY = new Decision(Kind.COPY, null, null);

        static Decision skip(Cause cause, String reason) {
            return new Decision(Kind.SKIP, reason, cause);
        }
    }

    /** The reasons' fixed prefixes. */
    public static final String TOO_LARGE = "too large";
    public static final String TRIAL_LIMIT = "not copied: trial limit";

    private final Instant after;
    private final Instant before;
    private final long maxItemBytes;
    private final int maxItemsPerFolder;
    private final FolderFilter selection;
    /** The target in words ("target IMAP server imap.example.com:993"), for the reason of a kind it cannot hold. */
    private final String target;
    /** The item kinds the target holds; null = every kind. */
    private final Set<ItemKind> held;
    private long selectedInFolder;
    /**
     * With a per-folder limit, the ids counted within it: an item a listing paged by offset gives again (mail arrived
     * meanwhile) counts once. At most the limit's number of ids.
     */
    private final Set<String> counted = new java.util.HashSet<>();

    public ItemFilter(JobOptions options) {
        this(options, "target");
    }

    /** @param target the target in words, as {@code MailboxAccess#describe} gives it */
    public ItemFilter(JobOptions options, String target) {
        this(options.after(), options.before(), options.maxItemBytes(), options.maxItemsPerFolder(),
                options.folders(), target, null);
    }

    private ItemFilter(Instant after, Instant before, long maxItemBytes, int maxItemsPerFolder,
            FolderFilter selection, String target, Set<ItemKind> held) {
        this.after = after;
        this.before = before;
        this.maxItemBytes = maxItemBytes;
        this.maxItemsPerFolder = maxItemsPerFolder;
        this.selection = selection;
        this.target = target;
        this.held = held;
    }

    /** A fresh filter with the same rules and a zero item count, for the next folder. */
    public ItemFilter forFolder() {
        return new ItemFilter(after, before, maxItemBytes, maxItemsPerFolder, selection, target, held);
    }

    /**
     * A fresh filter for the next folder of a target that takes items up to {@code targetLimit} bytes (0 = any): the
     * smaller of that and the job's own limit applies.
     */
    public ItemFilter forFolder(long targetLimit) {
        long limit = targetLimit <= 0 ? maxItemBytes : maxItemBytes <= 0 ? targetLimit : Math.min(maxItemBytes,
                targetLimit);
        return new ItemFilter(after, before, limit, maxItemsPerFolder, selection, target, held);
    }

    /**
     * A fresh filter for the next folder of a target with these capabilities: its size limit as above, and items of a
     * kind it does not hold (an event for an IMAP target) skipped with a reason.
     */
    public ItemFilter forFolder(Capabilities capabilities) {
        ItemFilter f = forFolder(capabilities.maxItemBytes());
        return new ItemFilter(f.after, f.before, f.maxItemBytes, f.maxItemsPerFolder, selection, target,
                capabilities.kinds());
    }

    /** True when a per-folder item limit applies. */
    public boolean limitsItems() {
        return maxItemsPerFolder > 0;
    }

    /**
     * This filter with the items {@code ids} counted within the per-folder limit before any listed one (each once:
     * one of them listed again counts no second time).
     */
    public ItemFilter countingFirst(java.util.Collection<String> ids) {
        ItemFilter f = new ItemFilter(after, before, maxItemBytes, maxItemsPerFolder, selection, target, held);
        f.counted.addAll(ids);
        f.selectedInFolder = f.counted.size();
        return f;
    }

    /** "not copied: calendar items cannot be written to the target IMAP server imap.example.com:993". */
    public static String notHeld(ItemKind kind, String target) {
        return "not copied: " + kind.plural() + " cannot be written to the " + target;
    }

    /** True when selection looks at an item's dates (the job has a date range). */
    public boolean usesDates() {
        return after != null || before != null;
    }

    public Decision decide(ItemRef item) {
        if (!selection.selects(item.kind().folderClass())) {
            return Decision.NOT_SELECTED;
        }
        Instant date = item.received() != null ? item.received() : item.sentDate();
        if (date != null && ((after != null && date.isBefore(after)) || (before != null && !date.isBefore(before)))) {
            return Decision.NOT_SELECTED;
        }
        if (maxItemsPerFolder > 0 && !counted.contains(item.id())) {
            if (++selectedInFolder > maxItemsPerFolder) {
                return Decision.skip(Decision.Cause.TRIAL_LIMIT,
                        TRIAL_LIMIT + " of " + maxItemsPerFolder + " items per folder");
            }
            counted.add(item.id());
        }
        if (held != null && !held.contains(item.kind())) {
            return Decision.skip(Decision.Cause.KIND, notHeld(item.kind(), target));
        }
        if (maxItemBytes > 0 && item.size() > maxItemBytes) {
            return Decision.skip(Decision.Cause.TOO_LARGE,
                    TOO_LARGE + ": " + Sizes.text(item.size()) + " > limit " + Sizes.text(maxItemBytes));
        }
        return Decision.COPY;
    }
}
