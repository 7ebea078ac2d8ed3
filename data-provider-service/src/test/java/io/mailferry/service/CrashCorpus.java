package io.mailferry.service;

import io.mailferry.service.testing.ImapMailboxes.Seed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.ArrayList;

/**
 * Deterministic mailboxes for the crash tests: nested and non-ASCII folder names, every 17th message without a
 * Message-ID, a pair of byte-identical messages (with a Message-ID) and another pair without one, every 20th message
 * large (150–350 KB, so a batch takes real time), varied flags and keywords, INTERNALDATEs unlike the Date headers.
 */
final class CrashCorpus {
    private static final String[] WORDS = {"migration", "mailbox", "folder", "ledger", "pending", "resume",
        "quarterly", "invoice", "meeting", "the", "and", "of", "to", "a", "über", "naïve", "日本"};

    private CrashCorpus() {
    }

    /** Folder name → count; parents are listed before their children. */
    static Map<String, Integer> mainLayout() {
        Map<String, Integer> layout = new LinkedHashMap<>();
        layout.put("INBOX", 400);
        layout.put("Projects", 150);
        layout.put("Projects/2024 Q1", 300);
        layout.put("Archiv/Grüße & Co", 250);
        layout.put("日本語/メール", 100);
        return layout;
    }

    /** Messages {@code first..first+count-1} of each folder in {@code layout}; {@code tag} keeps runs apart. */
    static Map<String, List<Seed>> build(Map<String, Integer> layout, int first, String tag) {
        Map<String, List<Seed>> out = new LinkedHashMap<>();
        int folderNo = 0;
        for (Map.Entry<String, Integer> e : layout.entrySet()) {
            folderNo++;
            List<Seed> seeds = new ArrayList<>();
            for (int i = first; i < first + e.getValue(); i++) {
                seeds.add(seed(tag, folderNo, i));
            }
            if (first == 0 && folderNo == 1) {
                seeds.set(2, seeds.get(1)); // two byte-identical messages with one Message-ID
            }
            if (first == 0 && folderNo == 2) {
                seeds.set(4, seeds.get(17)); // two byte-identical messages without a Message-ID
            }
            out.put(e.getKey(), seeds);
        }
        return out;
    }

    /**
     * {@code folders} without the large messages (every 20th): for links cut every few dozen kilobytes, where no
     * client could carry a message of several hundred.
     */
    static Map<String, List<Seed>> smallOnly(Map<String, List<Seed>> folders) {
        Map<String, List<Seed>> out = new LinkedHashMap<>();
        folders.forEach((folder, seeds) -> out.put(folder, seeds.stream().filter(s -> s.raw().length < 100_000)
                .toList()));
        return out;
    }

    static int count(Map<String, List<Seed>> folders) {
        return folders.values().stream().mapToInt(List::size).sum();
    }

    private static Seed seed(String tag, int folderNo, int i) {
        Random r = new Random(folderNo * 1_000_003L + i);
        int size = i % 20 == 19 ? 150_000 + r.nextInt(200_000) : 800 + r.nextInt(5_000);
        StringBuilder sb = new StringBuilder(size + 400);
        if (i % 17 != 0) {
            sb.append("Message-ID: <").append(tag).append('-').append(folderNo).append('-').append(i)
                    .append("@crash.mailferry.test>\r\n");
        }
        sb.append("Date: Tue, 2 Feb 2021 10:").append(String.format("%02d", i % 60)).append(":00 +0100\r\n")
                .append("From: Sender ").append(i % 23).append(" <s").append(i % 23).append("@example.org>\r\n")
                .append("To: owner@example.net\r\n")
                .append("Subject: ").append(tag).append(" folder ").append(folderNo).append(" message ").append(i)
                .append("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n")
                .append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        int line = 0;
        while (sb.length() < size) {
            String w = WORDS[r.nextInt(WORDS.length)];
            sb.append(w);
            line += w.length() + 1;
            if (line > 70) {
                sb.append("\r\n");
                line = 0;
            } else {
                sb.append(' ');
            }
        }
        sb.append("\r\n");
        Set<String> flags = new TreeSet<>();
        if (i % 3 == 0) {
            flags.add("\\Seen");
        }
        if (i % 10 == 0) {
            flags.add("\\Flagged");
        }
        if (i % 15 == 0) {
            flags.add("\\Answered");
        }
        if (i % 50 == 7) {
            flags.add("\\Draft");
        }
        if (i % 40 == 0) {
            flags.add("$Forwarded");
        }
        Instant internalDate = Instant.parse("2021-03-01T00:00:00Z").plusSeconds(i * 3_571L + folderNo * 86_400L);
        return new Seed(sb.toString().getBytes(StandardCharsets.UTF_8), flags, internalDate);
    }
}
