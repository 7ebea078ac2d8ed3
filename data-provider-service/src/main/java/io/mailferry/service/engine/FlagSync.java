package io.mailferry.service.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Brings the flags of messages already on the target up to date with the source, from the listings verification makes
 * anyway (no extra round trips to find them). Per message, the target should hold the source's system flags and
 * keywords; "\\Recent" is session state and never compared or set; "\\Deleted" is set when the source has it, but
 * never removed from a target message that has it (a deletion pending on the target is the target user's business).
 * Messages needing the same flag set are grouped, so a folder costs one {@link TargetMailbox#setFlags} per distinct
 * set. Flags compare case-insensitively (RFC 3501 flag names are). Keywords that are no IMAP atom (spaces, brackets)
 * cannot be stored by a target and are left out of the comparison, so they do not cause an update on every pass.
 * Not thread-safe: one instance per verified source folder.
 */
final class FlagSync {
    static final String DELETED = "\\Deleted";
    private static final Set<String> SYSTEM = Set.of("\\seen", "\\answered", "\\flagged", "\\draft", "\\deleted");

    private final Map<Set<String>, List<Long>> wanted = new LinkedHashMap<>();
    private long count;

    /**
     * The flags the target message should get, or null when it already has them.
     *
     * @param source the source message's flags as listed
     * @param target the target message's flags as listed
     */
    static Set<String> wanted(Set<String> source, Set<String> target) {
        Set<String> want = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        source.stream().filter(FlagSync::syncable).forEach(want::add);
        Set<String> have = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        target.stream().filter(FlagSync::syncable).forEach(have::add);
        if (have.contains(DELETED)) {
            want.add(DELETED); // \Deleted on the target only is the target user's business
        }
        return want.equals(have) ? null : Set.copyOf(new LinkedHashSet<>(want));
    }

    /** A flag the comparison looks at: the five system flags and keywords that are IMAP atoms. */
    static boolean syncable(String flag) {
        if (flag == null || flag.isEmpty()) {
            return false;
        }
        if (flag.startsWith("\\")) {
            return SYSTEM.contains(flag.toLowerCase(Locale.ROOT));
        }
        for (char c : flag.toCharArray()) {
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Compares one message's flags and remembers the target UID when they differ. */
    void compare(long targetUid, Set<String> source, Set<String> target) {
        Set<String> want = wanted(source, target);
        if (want != null) {
            wanted.computeIfAbsent(want, k -> new ArrayList<>()).add(targetUid);
            count++;
        }
    }

    /** Messages whose flags differ so far. */
    long count() {
        return count;
    }

    /** The updates to make: one entry per distinct flag set, with the target UIDs that need it. */
    Map<Set<String>, List<Long>> updates() {
        return wanted;
    }
}
