package io.mailferry.service.categories;

import io.mailferry.service.engine.port.ItemState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a keyword is named as an Outlook category: Thunderbird's five standard tags ({@code $label1} … {@code $label5})
 * by the names Thunderbird shows (Important, Work, Personal, To Do, Later); the keywords mail programs set for their
 * own bookkeeping (junk-filter verdicts, "MDN sent", Apple Mail's flag colour bits, RFC 5788's registered ones) never;
 * every other keyword, a label or a category from another Microsoft 365 mailbox, as it is. Each category name maps to
 * itself, so names compare the same on both sides of a state sync.
 */
final class CategoryNames {
    private static final Map<String, String> THUNDERBIRD = Map.of("$label1", "Important", "$label2", "Work",
            "$label3", "Personal", "$label4", "To Do", "$label5", "Later");
    private static final Set<String> BOOKKEEPING = Set.of("$forwarded", "$mdnsent", "$submitpending", "$submitted",
            "$junk", "$notjunk", "$phishing", "junk", "nonjunk", "notjunk", "$mailflagbit0", "$mailflagbit1",
            "$mailflagbit2");

    private CategoryNames() {
    }

    /** The category {@code keyword} becomes, or null when it becomes none. */
    static String of(String keyword) {
        if (keyword == null || keyword.isBlank() || keyword.startsWith("\\")) {
            return null; // system flags are read, flagged, answered, ... of the state, never categories
        }
        String k = keyword.strip().toLowerCase(Locale.ROOT);
        if (BOOKKEEPING.contains(k)) {
            return null;
        }
        return THUNDERBIRD.getOrDefault(k, keyword.strip());
    }

    /** The categories of {@code state}'s keywords, each once (case-insensitively), in name order. */
    static List<String> of(ItemState state) {
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String k : state.keywords()) {
            String name = of(k);
            if (name != null) {
                out.add(name);
            }
        }
        return new ArrayList<>(out);
    }
}
