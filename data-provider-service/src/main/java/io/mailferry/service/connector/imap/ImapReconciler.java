package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.PendingWrite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Tells which interrupted appends reached an IMAP folder. Writes recorded under another UIDVALIDITY did not (the
 * folder was recreated). For the others, the messages at or above the lowest recorded UIDNEXT are listed and hashed
 * (only those), and each write, in the order they were begun, takes the first unclaimed message with its SHA-256 and
 * a UID at or above its own UIDNEXT (a multiset match: two identical messages need two). A write no message matches by
 * hash may take an unclaimed message with its dedup key (Message-ID), for servers that rewrite messages on append.
 * Messages the ledger holds as copies already are never claimed.
 */
final class ImapReconciler {
    private final ImapItems items;
    private final ImapBodies bodies;

    ImapReconciler(ImapItems items, ImapBodies bodies) {
        this.items = items;
        this.bodies = bodies;
    }

    List<String> arrived(MailFolder folder, FolderState now, List<PendingWrite> pending, Set<String> own)
            throws MailboxException {
        String[] answer = new String[pending.size()];
        long uidValidity = Long.parseLong(now.epoch());
        List<Integer> current = new ArrayList<>();
        long from = Long.MAX_VALUE;
        for (int i = 0; i < pending.size(); i++) {
            long[] mark = ImapIds.numbers(pending.get(i).mark());
            if (mark != null && mark.length == 2 && mark[0] == uidValidity) {
                current.add(i);
                from = Math.min(from, Math.max(1, mark[1]));
            }
        }
        if (current.isEmpty()) {
            return Arrays.asList(answer);
        }
        List<ItemRef> candidates = new ArrayList<>();
        for (ItemRef item : items.listFrom(folder, from)) {
            if (!own.contains(item.id())) {
                candidates.add(item);
            }
        }
        candidates.sort(Comparator.comparingLong(ItemRef::order));
        List<String> hashes = new ArrayList<>(candidates.size());
        for (ItemRef c : candidates) {
            hashes.add(bodies.sha256(folder, c.order()));
        }
        boolean[] claimed = new boolean[candidates.size()];
        current.sort(Comparator.comparingLong(i -> ImapIds.numbers(pending.get(i).mark())[1]));
        List<Integer> unmatched = new ArrayList<>();
        for (int i : current) {
            PendingWrite w = pending.get(i);
            long minUid = ImapIds.numbers(w.mark())[1];
            int c = claim(candidates, claimed, minUid, k -> w.sha256() != null && w.sha256().equals(hashes.get(k)));
            if (c >= 0) {
                answer[i] = candidates.get(c).id();
            } else {
                unmatched.add(i);
            }
        }
        for (int i : unmatched) {
            PendingWrite w = pending.get(i);
            long minUid = ImapIds.numbers(w.mark())[1];
            int c = claim(candidates, claimed, minUid, k -> w.dedupKey().equals(candidates.get(k).dedupKey()));
            if (c >= 0) {
                answer[i] = candidates.get(c).id();
            }
        }
        return Arrays.asList(answer);
    }

    private static int claim(List<ItemRef> candidates, boolean[] claimed, long minUid, IntPredicate same) {
        for (int i = 0; i < candidates.size(); i++) {
            if (!claimed[i] && candidates.get(i).order() >= minUid && same.test(i)) {
                claimed[i] = true;
                return i;
            }
        }
        return -1;
    }
}
