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
    public static final ItemState NONE = new ItemState(false, false, false, false, false, false, Set.of());

    public ItemState {
        TreeSet<String> k = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        if (keywords != null) {
            keywords.stream().filter(s -> s != null && !s.isBlank()).forEach(k::add);
        }
        keywords = java.util.Collections.unmodifiableSortedSet(k);
    }

    /** The same state with only the keywords {@code keep} accepts (what a target can hold). */
    public ItemState keywordsOnly(java.util.function.Predicate<String> keep) {
        return new ItemState(read, flagged, answered, forwarded, draft, deleted,
                keywords.stream().filter(keep).collect(java.util.stream.Collectors.toSet()));
    }

    /** The same state with {@code deleted} set as given. */
    public ItemState withDeleted(boolean d) {
        return new ItemState(read, flagged, answered, forwarded, draft, d, keywords);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ItemState s)) {
            return false;
        }
        return read == s.read && flagged == s.flagged && answered == s.answered && forwarded == s.forwarded
                && draft == s.draft && deleted == s.deleted && lower(keywords).equals(lower(s.keywords));
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(read, flagged, answered, forwarded, draft, deleted, lower(keywords));
    }

    private static Set<String> lower(Set<String> s) {
        Set<String> out = new TreeSet<>();
        s.forEach(k -> out.add(k.toLowerCase(Locale.ROOT)));
        return out;
    }
}
