package io.mailferry.service.bench;

import io.mailferry.service.engine.port.ItemState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which corpus message lives in which mailbox and folder: message {@code i} belongs to mailbox {@code i % mailboxes};
 * inside a mailbox, the first 55% of its messages are in a big INBOX, then Sent (20%), Archive/2022 (15%) and
 * Projects/Alpha (10%) — one big folder and a few smaller ones, as real mailboxes look.
 */
final class BenchLayout {
    static final List<List<String>> FOLDERS = List.of(List.of("INBOX"), List.of("Sent"), List.of("Archive", "2022"),
            List.of("Projects", "Alpha"));
    private static final double[] UPTO = {0.55, 0.75, 0.90, 1.0};

    private final int messages;
    private final int mailboxes;

    BenchLayout(int messages, int mailboxes) {
        this.messages = messages;
        this.mailboxes = mailboxes;
    }

    int mailboxes() {
        return mailboxes;
    }

    /** Corpus indexes of one mailbox, by folder (every folder present, possibly empty), in corpus order. */
    Map<List<String>, List<Integer>> folders(int mailbox) {
        List<Integer> mine = new ArrayList<>();
        for (int i = mailbox; i < messages; i += mailboxes) {
            mine.add(i);
        }
        Map<List<String>, List<Integer>> byFolder = new LinkedHashMap<>();
        FOLDERS.forEach(f -> byFolder.put(f, new ArrayList<>()));
        for (int j = 0; j < mine.size(); j++) {
            double at = (j + 0.5) / mine.size();
            int f = 0;
            while (at > UPTO[f]) {
                f++;
            }
            byFolder.get(FOLDERS.get(f)).add(mine.get(j));
        }
        return byFolder;
    }

    /** The state a seeded message carries: most are read, some flagged or answered, a few carry a keyword. */
    static ItemState state(int i) {
        return new ItemState(i % 5 != 0, i % 17 == 0, i % 7 == 0, false, false, false,
                i % 23 == 0 ? Set.of("$Work") : Set.of());
    }
}
