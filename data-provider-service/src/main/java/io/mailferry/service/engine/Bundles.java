package io.mailferry.service.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Verification's small folders dealt into bundles that a worker lists at once ({@link
 * io.mailferry.service.engine.port.Mailbox#listWhole}: one round trip per side on IMAP, ADR 0036).
 */
final class Bundles {
    /** The most listed items (references, never bodies) a bundle holds at once. */
    static final long MAX_ITEMS = 4_000;

    private Bundles() {
    }

    /**
     * {@code small}, in order, dealt into {@code count} bundles (at least one), or more where a bundle would hold more
     * than {@link #MAX_ITEMS} items by {@code items}.
     */
    static <T> List<List<T>> of(List<T> small, ToLongFunction<T> items, int count) {
        List<List<T>> bundles = new ArrayList<>();
        int per = (small.size() + Math.max(1, count) - 1) / Math.max(1, count);
        List<T> bundle = new ArrayList<>();
        long held = 0;
        for (T g : small) {
            long n = items.applyAsLong(g);
            if (!bundle.isEmpty() && (bundle.size() >= per || held + n > MAX_ITEMS)) {
                bundles.add(bundle);
                bundle = new ArrayList<>();
                held = 0;
            }
            bundle.add(g);
            held += n;
        }
        if (!bundle.isEmpty()) {
            bundles.add(bundle);
        }
        return bundles;
    }
}
