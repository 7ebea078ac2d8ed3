package io.mailferry.service.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The closing sentence of a verification: "All 12,345 source items are on the target." or "11,990 of 12,345 source
 * items are on the target; 355 are not: 300 skipped (too large), 50 failed, 5 missing." Numbers with thousands
 * separators, singular and plural right.
 */
final class VerdictText {
    private VerdictText() {
    }

    /**
     * @param scope words after "source items", e.g. "" or " of 20 mailboxes"
     * @param notOnTarget the reasons, e.g. "300 skipped (too large)"; zero counts are left out by the caller
     */
    static String of(long selected, long onTarget, String scope, List<String> notOnTarget) {
        if (selected == 0) {
            return "The source has no items to copy" + scope + ".";
        }
        if (onTarget >= selected) {
            return selected == 1 ? "The 1 source item" + scope + " is on the target."
                    : "All " + Sizes.items(selected, "source item") + scope + " are on the target.";
        }
        long not = selected - onTarget;
        return Sizes.count(onTarget) + " of " + Sizes.items(selected, "source item") + scope
                + (onTarget == 1 || selected == 1 ? " is" : " are") + " on the target; " + Sizes.count(not)
                + (not == 1 ? " is" : " are") + " not: " + String.join(", ", notOnTarget) + ".";
    }

    /** The non-zero parts among pairs of (count, label). */
    static List<String> parts(Object... countLabel) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < countLabel.length; i += 2) {
            long n = (Long) countLabel[i];
            if (n > 0) {
                parts.add(Sizes.count(n) + " " + countLabel[i + 1]);
            }
        }
        return parts;
    }
}
