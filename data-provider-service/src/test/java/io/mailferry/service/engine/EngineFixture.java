package io.mailferry.service.engine;

import io.mailferry.service.engine.port.MailboxAccess;
import io.mailferry.service.engine.port.LedgerState;
import io.mailferry.model.job.DuplicatePolicy;
import io.mailferry.model.job.FolderFilter;
import io.mailferry.model.job.JobOptions;
import io.mailferry.model.job.MigrationType;
import io.mailferry.model.job.RunKind;
import io.mailferry.model.mailbox.Progress;
import io.mailferry.model.report.FolderReport;
import io.mailferry.service.engine.fake.FakeAccess;
import io.mailferry.service.engine.fake.FakeMailServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A source and a target fake server, a ledger, and a way to run passes between them. */
final class EngineFixture {
    final FakeMailServer source = FakeMailServer.source();
    final FakeMailServer target = FakeMailServer.target();
    final InMemoryLedger ledger = new InMemoryLedger();
    final InMemoryCheckpoints checkpoints = new InMemoryCheckpoints();
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final List<Progress> progress = new CopyOnWriteArrayList<>();
    final List<String> folderEvents = new CopyOnWriteArrayList<>();
    // batches of the settings' size whatever the machine's speed (a slow first round trip would scale them)
    EngineSettings settings = EngineSettings.defaults().withSleeper(waits::add).withBatches(7, 3).withBatchScale(1);
    /** The pair's UserRoot, null for the whole source mailbox. */
    String sourceRoot;

    static JobOptions options() {
        return JobOptions.defaults();
    }

    static JobOptions options(DuplicatePolicy policy) {
        return new JobOptions(null, null, null, null, null, policy, null, null, 1, null);
    }

    static JobOptions options(FolderFilter filter, MigrationType type) {
        return new JobOptions(type, filter, null, null, null, null, null, null, null, null);
    }

    static JobOptions options(Instant after, Instant before, Long maxBytes, Integer cap) {
        return new JobOptions(null, null, after, before, maxBytes, null, null, null, null, cap);
    }

    static JobOptions moveOptions() {
        return new JobOptions(null, null, null, null, null, null, true, null, null, null);
    }

    /** @param n connections per server, null for the default (automatic) */
    static JobOptions workers(Integer n) {
        return new JobOptions(null, null, null, null, null, null, null, null, n, null);
    }

    /** Waits up to 10 s for the latch; false when it did not open (or the wait was interrupted). */
    static boolean awaited(java.util.concurrent.CountDownLatch latch) {
        try {
            return latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Holds the pass's first append on the target until {@code sessions} sessions are open on each side (10 s at
     * most), for tests that count the sessions a number of workers opens: a worker opens its sessions only while work
     * is left, and one-message folders of the fakes can all be copied by the first worker before another's thread
     * has started. Replaces the target's hook.
     */
    void holdFirstAppendUntilOpened(long sessions) {
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        target.hook((point, folder) -> {
            if (point.equals("append") && first.compareAndSet(true, false)) {
                long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
                while ((source.opens() < sessions || target.opens() < sessions) && System.nanoTime() < end) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        });
    }

    MailboxTask task(JobOptions options) {
        return new MailboxTask("pair-1", new FakeAccess(source), new MailboxAccess.Login("alice@old", "alice", null),
                new FakeAccess(target), new MailboxAccess.Login("alice@new", "alice", null), options, RunKind.FULL,
                "alice@old", "alice@new", sourceRoot);
    }

    MailboxOutcome run() {
        return run(options());
    }

    MailboxOutcome run(JobOptions options) {
        return run(options, new StopSignal());
    }

    MailboxOutcome run(JobOptions options, StopSignal stop) {
        return new MigrationEngine(ledger, checkpoints, settings).run(task(options), listener(), stop);
    }

    ProgressListener listener() {
        return new ProgressListener() {
            @Override
            public void progress(Progress p) {
                progress.add(p);
            }

            @Override
            public void folderStarted(String sourceFolder, String targetFolder) {
                folderEvents.add("start " + sourceFolder + " -> " + targetFolder);
            }

            @Override
            public void folderFinished(FolderReport report) {
                folderEvents.add("end " + report.sourceFolder());
            }
        };
    }

    /** Adds a simple message with this subject (its Message-ID made from it) to a source folder; returns its UID. */
    long addMessage(String folder, String subject, String... flags) {
        return source.add(folder, io.mailferry.service.engine.fake.Messages.message(subject, "<" + subject + "@x>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), Instant.parse("2024-01-01T00:00:00Z"), flags);
    }

    /** The message with this subject in a target folder. */
    FakeMailServer.Stored onTarget(String folder, String subject) {
        return target.messages(folder).stream().filter(m -> m.text().contains("Subject: " + subject + "\r\n"))
                .findFirst().orElseThrow();
    }

    /** Subjects of the messages in a target folder, in UID order. */
    List<String> targetSubjects(String folder) {
        return target.messages(folder).stream().map(m -> subject(m.text())).toList();
    }

    static String subject(String text) {
        for (String line : text.split("\r\n")) {
            if (line.startsWith("Subject: ")) {
                return line.substring(9);
            }
        }
        return null;
    }

    long ledgerCount(LedgerState state) {
        return ledger.counts("pair-1").getOrDefault(state, 0L);
    }
}
