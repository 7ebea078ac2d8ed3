package io.mailferry.service.connector.imap;

import java.util.Collection;

/** IMAP sequence-set syntax for UIDs: sorted and compressed into ranges ("1:5,7,9:12") to keep command lines short. */
final class UidSet {
    private UidSet() {
    }

    static String of(Collection<Long> uids) {
        long[] sorted = uids.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
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
}
