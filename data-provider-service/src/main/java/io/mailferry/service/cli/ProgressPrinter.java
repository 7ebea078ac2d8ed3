package io.mailferry.service.cli;

import io.mailferry.model.mailbox.MailboxPair;
import io.mailferry.model.mailbox.MailboxState;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.DurationText;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints one progress line per running mailbox whenever its progress changed, about once a second:
 * {@code anna@old.example  INBOX  12/40 items  5.1 items/s  ETA 6 s}, ending in {@code  throttled 1 min 05 s} once
 * a server has made the pass wait.
 */
final class ProgressPrinter {
    /** Waits about a second; true once the job is idle. */
    @FunctionalInterface
    interface IdleCheck {
        boolean awaitIdle() throws InterruptedException;
    }

    private final PrintWriter out;
    private final Map<String, String> last = new HashMap<>();

    ProgressPrinter(PrintWriter out) {
        this.out = out;
    }

    /** Prints until {@code idle} says the job ended. */
    void follow(Supplier<List<MailboxPair>> pairs, IdleCheck idle) throws InterruptedException {
        boolean done;
        do {
            done = idle.awaitIdle();
            if (!done) {
                print(pairs.get());
            }
        } while (!done);
    }

    void print(List<MailboxPair> pairs) {
        for (MailboxPair p : pairs) {
            boolean paused = p.pause() != null && p.state() == MailboxState.STOPPED;
            if (p.state() != MailboxState.RUNNING && p.state() != MailboxState.STOPPING && !paused) {
                continue;
            }
            String line = paused ? p.sourceMailbox() + "  " + paused(p) : line(p);
            if (!line.equals(last.put(p.id(), line))) {
                out.println(line);
            }
        }
        out.flush();
    }

    static String line(MailboxPair p) {
        Progress g = p.progress();
        String folder = g.currentFolder() == null ? "-" : g.currentFolder();
        String eta = g.etaSeconds() < 0 ? "" : "  ETA " + g.etaSeconds() + " s";
        return String.format(Locale.ROOT, "%s  %s  %d/%d items  %.1f items/s%s%s", p.sourceMailbox(), folder,
                g.itemsDone() + g.itemsSkipped() + g.itemsFailed(), g.itemsTotal(), g.itemsPerSecond(), eta,
                throttled(g));
    }

    /** "Paused by Google's daily limit — resumes at 14:05", read in this machine's time zone. */
    static String paused(MailboxPair p) {
        return p.pause().words(ZoneId.systemDefault(), Instant.now());
    }

    /** "  throttled 1 min 05 s", or nothing for a pass no server slowed down. */
    static String throttled(Progress g) {
        return g.throttledMillis() > 0 ? "  throttled " + DurationText.of(g.throttledMillis()) : "";
    }
}
