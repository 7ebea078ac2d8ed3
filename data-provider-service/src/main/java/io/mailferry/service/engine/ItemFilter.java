package io.mailferry.service.engine;

import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.model.job.JobOptions;
import io.mailferry.service.engine.port.Capabilities;
import io.mailferry.service.engine.port.ItemKind;
import java.time.Instant;
import java.util.Set;

/**
 * Decides, for each listed item of a folder in listing order, whether it is selected and whether it may be copied. The
 * date range (on INTERNALDATE, else the Date header; an item with neither is selected) decides selection: an item
 * outside it is not part of the job at all. Selected items beyond {@code maxItemsPerFolder} (counted in listing order, so
 * every pass picks the same ones) and items above {@code maxItemBytes} are selected but SKIPPED with a reason.
 * Not thread-safe: one instance per folder pass ({@link #forFolder()}).
 */
public final class ItemFilter {
    /** What to do with one listed item. {@code reason} is set for SKIP. */
    public record Decision(Kind kind, String reason) {
        public enum Kind { NOT_SELECTED, SKIP, COPY }

        static final Decision NOT_SELECTED = new Decision(Kind.NOT_SELECTED, null);
        static final Decision COPY = new Decision(Kind.COPY, null);
    }

    /** The reasons' fixed prefixes, so the verifier can count skipped items by cause. */
    public static final String TOO_LARGE = "too large";
    public static final String TRIAL_LIMIT = "not copied: trial limit";
    public static final String KIND = "not held by the target";

    private final Instant after;
    private final Instant before;
    private final long maxItemBytes;
    private final int maxItemsPerFolder;
    /** The item kinds the target holds; null = every kind. */
    private final Set<ItemKind> kinds;
    private long selectedInFolder;

    public ItemFilter(JobOptions options) {
        this(options.after(), options.before(), options.maxItemBytes(), options.maxItemsPerFolder());
    }

    private ItemFilter(Instant after, Instant before, long maxItemBytes, int maxItemsPerFolder) {
        this(after, before, maxItemBytes, maxItemsPerFolder, null);
    }

    private ItemFilter(Instant after, Instant before, long maxItemBytes, int maxItemsPerFolder, Set<ItemKind> kinds) {
        this.kinds = kinds;
        this.after = after;
        this.before = before;
        this.maxItemBytes = maxItemBytes;
        this.maxItemsPerFolder = maxItemsPerFolder;
    }

    /** A fresh filter with the same rules and a zero item count, for the next folder. */
    public ItemFilter forFolder() {
        return new ItemFilter(after, before, maxItemBytes, maxItemsPerFolder);
    }

    /**
     * A fresh filter for the next folder of a target that takes items up to {@code targetLimit} bytes (0 = any): the
     * smaller of that and the job's own limit applies.
     */
    public ItemFilter forFolder(long targetLimit) {
        long limit = targetLimit <= 0 ? maxItemBytes : maxItemBytes <= 0 ? targetLimit : Math.min(maxItemBytes,
                targetLimit);
        return new ItemFilter(after, before, limit, maxItemsPerFolder);
    }

    /**
     * A fresh filter for the next folder of a target with these capabilities: its size limit as above, and items of a
     * kind it does not hold (an event for an IMAP target) skipped with a reason.
     */
    public ItemFilter forFolder(Capabilities target) {
        ItemFilter f = forFolder(target.maxItemBytes());
        return new ItemFilter(f.after, f.before, f.maxItemBytes, f.maxItemsPerFolder, target.kinds());
    }

    public Decision decide(ItemRef item) {
        Instant date = item.received() != null ? item.received() : item.sentDate();
        if (date != null && ((after != null && date.isBefore(after)) || (before != null && !date.isBefore(before)))) {
            return Decision.NOT_SELECTED;
        }
        selectedInFolder++;
        if (maxItemsPerFolder > 0 && selectedInFolder > maxItemsPerFolder) {
            return new Decision(Decision.Kind.SKIP, TRIAL_LIMIT + " of " + maxItemsPerFolder + " items per folder");
        }
        if (kinds != null && !kinds.contains(item.kind())) {
            return new Decision(Decision.Kind.SKIP, KIND + ": the target cannot hold a "
                    + item.kind().name().toLowerCase(java.util.Locale.ROOT) + " item");
        }
        if (maxItemBytes > 0 && item.size() > maxItemBytes) {
            return new Decision(Decision.Kind.SKIP,
                    TOO_LARGE + ": " + Sizes.text(item.size()) + " > limit " + Sizes.text(maxItemBytes));
        }
        return Decision.COPY;
    }
}
