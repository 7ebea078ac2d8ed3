package io.mailferry.service.connector.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** IMAP sequence-set syntax for UIDs: sorted and compressed into ranges ("1:5,7,9:12") to keep command lines short. */
final class UidSet {
    private UidSet() {
    }

    /** The shortest set naming {@code uids}, in any order and repeated or not: "3:5,9" for 9, 3, 4, 5, 4. */
    static String of(Collection<Long> uids) {
        long[] all = new long[uids.size()];
        int n = 0;
        for (long uid : uids) {
            all[n++] = uid;
        }
        long[] sorted = ascending(all, n);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) {
                j++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(sorted[i]);
            if (j > i) {
                sb.append(':').append(sorted[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    /**
     * The first {@code count} of {@code values} ascending, each once; sorts {@code values} in place. Not a stream's
     * {@code distinct}, which boxed every UID (docs/performance.md, issue 10 part 34).
     */
    static long[] ascending(long[] values, int count) {
        Arrays.sort(values, 0, count);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (kept == 0 || values[i] != values[kept - 1]) {
                values[kept++] = values[i];
            }
        }
        return kept == values.length ? values : Arrays.copyOf(values, kept);
    }

    /**
     * The UIDs of a set without "*", such as an APPENDUID answer's: "3:5,9" is 3, 4, 5, 9, in the set's order; a range
     * counts up whichever end comes first ("5:3" is 3, 4, 5).
     *
     * @throws IllegalArgumentException when a part of the set is no number
     */
    static List<Long> parse(String set) {
        List<Long> uids = new ArrayList<>();
        for (String part : set.split(",")) {
            String[] range = part.split(":");
            long a = number(range[0], set);
            long b = range.length > 1 ? number(range[1], set) : a;
            for (long u = Math.min(a, b); u <= Math.max(a, b); u++) {
                uids.add(u);
            }
        }
        return uids;
    }

    private static long number(String text, String set) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + set + "\" is not a UID set", e);
        }
    }
}
