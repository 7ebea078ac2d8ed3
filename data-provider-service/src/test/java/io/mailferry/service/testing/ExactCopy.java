package io.mailferry.service.testing;

import io.mailferry.service.testing.ImapMailboxes.Stored;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares two mailboxes read by {@link ImapMailboxes#snapshot}: every source folder's messages must be in the target
 * folder of the same name as the same multiset of (SHA-256 of the full bytes, flags, INTERNALDATE) — nothing lost,
 * nothing twice, nothing changed — and folders only the target has must be empty.
 */
public final class ExactCopy {
    private ExactCopy() {
    }

    /** What differs, one plain line per folder; empty when the target is an exact copy of the source. */
    public static List<String> differences(Map<String, List<Stored>> source, Map<String, List<Stored>> target) {
        List<String> out = new ArrayList<>();
        source.forEach((folder, messages) -> {
            List<Stored> copies = target.get(folder);
            if (copies == null) {
                out.add(folder + ": missing on the target (" + messages.size() + " messages on the source)");
            } else if (copies.size() != messages.size()) {
                out.add(folder + ": " + copies.size() + " messages on the target, " + messages.size()
                        + " on the source");
            } else if (!copies.stream().map(Stored::sha256).toList()
                    .equals(messages.stream().map(Stored::sha256).toList())) {
                out.add(folder + ": the same number of messages, but not the same bytes");
            } else if (!copies.equals(messages)) {
                out.add(folder + ": the same bytes, but flags or INTERNALDATEs differ");
            }
        });
        target.forEach((folder, messages) -> {
            if (!source.containsKey(folder) && !messages.isEmpty()) {
                out.add(folder + ": " + messages.size() + " messages on the target only");
            }
        });
        return out;
    }

    /** Messages in all folders of a snapshot. */
    public static int count(Map<String, List<Stored>> mailbox) {
        return mailbox.values().stream().mapToInt(List::size).sum();
    }
}
