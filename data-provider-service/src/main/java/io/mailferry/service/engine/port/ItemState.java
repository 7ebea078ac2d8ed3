package io.mailferry.service.engine.port;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state of an item a user sees, in no protocol's words; each connector maps it to its own (IMAP: \Seen,
 * \Flagged, \Answered, $Forwarded, \Draft, \Deleted and keywords; Graph: isRead, flag, categories and extended
 * properties). Keywords compare case-insensitively and are kept in a sorted, case-insensitive set.
 *
 * @param read      the user has read it
 * @param flagged   flagged for follow-up
 * @param answered  replied to
 * @param forwarded forwarded
 * @param draft     an unsent draft
 * @param deleted   marked for deletion but still there (IMAP \Deleted); protocols without it never set it
 * @param keywords  user keywords, labels or categories, as the user named them
 */
public record ItemState(boolean read, boolean flagged, boolean answered, boolean forwarded, boolean draft,
        boolean deleted, Set<String> keywords) {
    // before NONE: static fields initialise in order, and NONE's constructor uses it
    private static final java.util.SortedSet<String> EMPTY = java.util.Collections.unmodifiableSortedSet(
            new TreeSet<>(String.CASE_INSENSITIVE_ORDER));

    public static final ItemState NONE = new ItemState(false, false, false, false, false, false, Set.of());

    public ItemState {
        if (keywords == null || keywords.isEmpty()) {
            keywords = EMPTY; // the common case, listed once per item: no set built
        } else {
            TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            keywords.stream().filter(s -> s != null && !s.isBlank()).forEach(k::add);
            keywords = k.isEmpty() ? EMPTY : java.util.Collections.unmodifiableSortedSet(k);
        }
    }

    /** The same state with only the keywords {@code keep} accepts (what a target can hold). */
    public ItemState keywordsOnly(java.util.function.Predicate<String> keep) {
        return keywordsAs(k -> keep.test(k) ? k : null);
    }

    /**
     * The same state with each keyword under the name {@code as} gives it, and without those it gives null for (how a
     * target keeps them: {@link TargetMailbox#keptAs}).
     */
    public ItemState keywordsAs(java.util.function.Function<String, String> as) {
        if (keywords.stream().allMatch(k -> k.equals(as.apply(k)))) {
            return this;
        }
        Set<String> out = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String k : keywords) {
            String named = as.apply(k);
            if (named != null) {
                out.add(named);
            }
        }
        return new ItemState(read, flagged, answered, forwarded, draft, deleted, out);
    }

    /** The same state with {@code deleted} set as given. */
    public ItemState withDeleted(boolean d) {
        if (d == deleted) {
            return this;
        }
        return new ItemState(read, flagged, answered, forwarded, draft, d, keywords);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ItemState s)) {
            return false;
        }
        return read == s.read && flagged == s.flagged && answered == s.answered && forwarded == s.forwarded
                && draft == s.draft && deleted == s.deleted && keywords.size() == s.keywords.size()
                && (keywords.isEmpty() || lower(keywords).equals(lower(s.keywords)));
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(read, flagged, answered, forwarded, draft, deleted,
                keywords.isEmpty() ? Set.of() : lower(keywords));
    }

    private static Set<String> lower(Set<String> s) {
        Set<String> out = new TreeSet<>();
        s.forEach(k -> out.add(k.toLowerCase(Locale.ROOT)));
        return out;
    }
}
