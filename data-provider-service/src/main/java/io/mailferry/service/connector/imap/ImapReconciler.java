package io.mailferry.service.connector.imap;

import io.mailferry.service.engine.port.ArrivalMatcher;
import io.mailferry.service.engine.port.FolderState;
import io.mailferry.service.engine.port.ItemRef;
import io.mailferry.service.engine.port.MailFolder;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.PendingWrite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Tells which interrupted appends reached an IMAP folder. Writes recorded under another UIDVALIDITY did not (the
 * folder was recreated). For the others, the messages at or above the lowest recorded UIDNEXT are listed and hashed
 * (only those; never the ledger's own copies) and matched by {@link ArrivalMatcher}: content hash, then Message-ID,
 * each message at or above its write's UIDNEXT.
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
        long uidValidity = Long.parseLong(now.epoch());
        long[] minUid = new long[pending.size()];
        long from = Long.MAX_VALUE;
        for (int i = 0; i < pending.size(); i++) {
            long[] mark = ImapIds.numbers(pending.get(i).mark());
            minUid[i] = mark != null && mark.length == 2 && mark[0] == uidValidity ? Math.max(1, mark[1]) : -1;
            if (minUid[i] > 0) {
                from = Math.min(from, minUid[i]);
            }
        }
        if (from == Long.MAX_VALUE) {
            return Arrays.asList(new String[pending.size()]);
        }
        List<ItemRef> candidates = new ArrayList<>();
        for (ItemRef item : items.listFrom(folder, from)) {
            if (!own.contains(item.id())) {
                candidates.add(item);
            }
        }
        return ArrivalMatcher.match(pending, minUid, candidates, c -> bodies.contentHash(folder, c.order()));
    }
}
