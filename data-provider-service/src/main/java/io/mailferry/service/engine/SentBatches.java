package io.mailferry.service.engine;

import io.mailferry.service.engine.port.LedgerEntry;
import io.mailferry.service.engine.port.MailboxException;
import io.mailferry.service.engine.port.SentWrites;
import io.mailferry.service.engine.port.TargetMailbox;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's batches of one folder that went to the target and whose answers are not read yet, oldest first
 * (ADR 0034). A batch is sent before the answers to the one before it are read, so the target's round trip overlaps
 * the sending of the next batch instead of following it. Each sent batch's PENDING rows were durable before it was
 * sent, and its bodies stay open until its answers are read (a connector may send them again). Used by one worker.
 */
final class SentBatches implements AutoCloseable {
    /**
     * A sent batch: its items by source id, its PENDING rows in the order sent, its bodies, the session it went on
     * and the answers to come.
     */
    record Sent(Map<String, CopyItem> items, List<LedgerEntry> pending, BatchCopier.Bodies bodies, TargetMailbox on,
            SentWrites answers) {
    }

    /** Settles one sent batch by its answers (DONE and FAILED rows); throws when they cannot be read. */
    @FunctionalInterface
    interface Settle {
        void settle(Sent sent) throws MailboxException;
    }

    private final Deque<Sent> sent = new ArrayDeque<>();

    void add(Sent batch) {
        sent.add(batch);
    }

    boolean isEmpty() {
        return sent.isEmpty();
    }

    /**
     * True when a batch went on another session than {@code now}: the retrier reopened the sessions for another call
     * (a listing) since, and its answers are gone with the old connection.
     */
    boolean sentOnAnother(TargetMailbox now) {
        return sent.stream().anyMatch(s -> s.on() != now);
    }

    /**
     * Reads the answers of the oldest batches until at most {@code keep} are left unanswered. A batch leaves only once
     * settled: on a failure it stays, for {@link #takeBack}.
     */
    void answerAllBut(int keep, Settle settle) throws MailboxException {
        while (sent.size() > keep) {
            Sent oldest = sent.peekFirst();
            settle.settle(oldest);
            sent.removeFirst();
            oldest.bodies().close();
        }
    }

    /**
     * After a failure: the items of every unanswered batch go back in front of {@code todo}, in the order sent (their
     * PENDING rows are reconciled before anything is sent again), and their bodies are released.
     */
    void takeBack(Map<String, CopyItem> todo) {
        if (sent.isEmpty()) {
            return;
        }
        Map<String, CopyItem> all = new LinkedHashMap<>();
        sent.forEach(s -> all.putAll(s.items()));
        all.putAll(todo);
        todo.clear();
        todo.putAll(all);
        close();
    }

    /** Releases the bodies of unanswered batches (their PENDING rows stay: the next pass reconciles them). */
    @Override
    public void close() {
        sent.forEach(s -> s.bodies().close());
        sent.clear();
    }
}
