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
 * Projects/Alpha (10%) — one big folder and a few smaller ones, as real mailboxes look. With more folders (e.g. 20),
 * INBOX keeps 35%, Sent 15%, and the rest is shared equally by Archive/2011… and Projects/P1… folders. With one,
 * INBOX holds them all.
 */
final class BenchLayout {
    private static final List<List<String>> FOUR = List.of(List.of("INBOX"), List.of("Sent"),
            List.of("Archive", "2022"), List.of("Projects", "Alpha"));
    private static final double[] FOUR_UPTO = {0.55, 0.75, 0.90, 1.0};

    private final int messages;
    private final int mailboxes;
    private final List<List<String>> folders;
    private final double[] upto;

    BenchLayout(int messages, int mailboxes) {
        this(messages, mailboxes, 4);
    }

    BenchLayout(int messages, int mailboxes, int folderCount) {
        this.messages = messages;
        this.mailboxes = mailboxes;
        if (folderCount == 4) {
            this.folders = FOUR;
            this.upto = FOUR_UPTO;
            return;
        }
        if (folderCount == 1) { // every message in INBOX: the largest folder a mailbox of this size can have
            this.folders = List.of(List.of("INBOX"));
            this.upto = new double[] {1.0};
            return;
        }
        if (folderCount < 3) {
            throw new IllegalArgumentException("--folders takes 1 (INBOX alone), 3 or more (4 is the classic layout)");
        }
        List<List<String>> names = new ArrayList<>(List.of(List.of("INBOX"), List.of("Sent")));
        double[] bounds = new double[folderCount];
        bounds[0] = 0.35;
        bounds[1] = 0.50;
        int rest = folderCount - 2;
        for (int k = 0; k < rest; k++) {
            names.add(k % 2 == 0 ? List.of("Archive", String.valueOf(2011 + k / 2))
                    : List.of("Projects", "P" + (k / 2 + 1)));
            bounds[2 + k] = 0.50 + 0.50 * (k + 1) / rest;
        }
        bounds[folderCount - 1] = 1.0;
        this.folders = List.copyOf(names);
        this.upto = bounds;
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
        folders.forEach(f -> byFolder.put(f, new ArrayList<>()));
        for (int j = 0; j < mine.size(); j++) {
            double at = (j + 0.5) / mine.size();
            int f = 0;
            while (at > upto[f]) {
                f++;
            }
            byFolder.get(folders.get(f)).add(mine.get(j));
        }
        return byFolder;
    }

    /** The state a seeded message carries: most are read, some flagged or answered, a few carry a keyword. */
    static ItemState state(int i) {
        return new ItemState(i % 5 != 0, i % 17 == 0, i % 7 == 0, false, false, false,
                i % 23 == 0 ? Set.of("$Work") : Set.of());
    }
}
