package io.mailferry.service.engine.port;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link TargetMailbox#arrived} for targets that keep the engine's identity stamp with each item (Graph, EWS): each
 * pending write is answered from what the session's last write knows of its stamp (the id it created, or
 * {@link #NOT_STORED} where the server certainly stored nothing), else by looking the stamp up on the server. Items in
 * {@code own} and items already answered are never answered again; a write without stamp cannot be told (null).
 */
public final class StampedArrivals {
    /** In a session's record of its last write: the server stored nothing for this stamp. */
    public static final String NOT_STORED = "";

    private StampedArrivals() {
    }

    /** Looks a stamp up on the server: the id of an item carrying it that is not in {@code taken}, or null. */
    @FunctionalInterface
    public interface Finder {
        String find(String stamp, Set<String> taken) throws MailboxException;
    }

    /** Begins a session's record of a write: every stamp of {@code items} as not stored yet. */
    public static void begin(Map<String, String> written, List<WriteRequest> items) {
        written.clear();
        items.forEach(r -> {
            if (r.stamp() != null) {
                written.put(r.stamp(), NOT_STORED);
            }
        });
    }

    /** Per pending write, in the same order, the id of the item that is that write, or null. */
    public static List<String> match(List<PendingWrite> pending, Set<String> own, Map<String, String> written,
            Finder finder) throws MailboxException {
        Set<String> taken = new HashSet<>(own);
        List<String> answer = new ArrayList<>(pending.size());
        for (PendingWrite w : pending) {
            String id = null;
            if (w.stamp() != null) {
                String known = written.get(w.stamp());
                if (known == null) {
                    id = finder.find(w.stamp(), taken);
                } else if (!known.equals(NOT_STORED) && !taken.contains(known)) {
                    id = known;
                }
            }
            if (id != null) {
                taken.add(id);
            }
            answer.add(id);
        }
        return answer;
    }
}
